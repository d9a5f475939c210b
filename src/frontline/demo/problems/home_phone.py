"""Home phone: dial tone, line noise, call display and call forwarding."""

from __future__ import annotations

from frontline.demo.catalogue_base import DIGITAL, SERVICE_DOWN, URGENT_CALL, problem

PHONE = ("home-phone",)

PROBLEMS = (
    problem(
        "phone.no_dial_tone",
        products=PHONE,
        category="Home phone › Line faults",
        team="tv_phone",
        subjects=(
            "No dial tone on home phone",
            "Home phone dead since {when}",
            "Cannot make or receive calls on the landline",
        ),
        descriptions=(
            "Customer has had no dial tone on any handset since {when}. Elderly customer who relies on the "
            "landline and a medical alert device.",
            "Home phone dead on all handsets since {when}; the customer is reaching us from a cell phone.",
        ),
        resolutions=(
            (
                "inside_wiring",
                "A phone in {room} was off the hook. Hung it up; dial tone back on all phones.",
            ),
            (
                "drop_cable",
                "Technician found a cut line at the outside box. Replaced it and confirmed dial tone and a medical "
                "alert test.",
            ),
            (
                "provisioning_error",
                "The phone port on the modem was not set up after a modem swap. Re-provisioned it remotely; dial "
                "tone back.",
            ),
        ),
        channels=URGENT_CALL,
        priorities=SERVICE_DOWN,
        frequency=2.0,
        contacts=(1, 3),
        handle_minutes=(8, 18),
        follow_ups={"billing.outage_credit": 0.08},
    ),
    problem(
        "phone.line_noise",
        products=PHONE,
        category="Home phone › Line faults",
        team="tv_phone",
        subjects=(
            "Static and buzzing on the home phone",
            "Crackling on every call from the landline",
        ),
        descriptions=(
            "Customer hears static and buzzing on every call, worse when it rains.",
            "Callers complain of crackling on calls to the customer's home phone since {when_recently}.",
        ),
        resolutions=(
            (
                "inside_wiring",
                "Replaced a faulty cordless base station; the line was clean when tested at the jack.",
            ),
            (
                "drop_cable",
                "Wet splice outside the house. Technician re-spliced the line; static gone.",
            ),
        ),
        frequency=1.0,
        contacts=(1, 3),
        handle_minutes=(8, 15),
    ),
    problem(
        "phone.call_display",
        products=PHONE,
        category="Home phone › Calling features",
        team="tv_phone",
        subjects=(
            "Call display not showing names",
            "Call display shows 'unknown' for every call",
        ),
        descriptions=(
            "Call display shows 'unknown' for every incoming call since {when_recently}.",
            "Names and numbers stopped showing on the home phone's display; the customer pays for call display.",
        ),
        resolutions=(
            (
                "provisioning_error",
                "Call display was missing from the line after a package change. Re-added it; names show.",
            ),
            (
                "customer_equipment",
                "Call display was switched off in the cordless phone's settings. Turned it on together; names show.",
            ),
        ),
        channels=DIGITAL,
        frequency=0.6,
        contacts=(1, 1),
        handle_minutes=(5, 10),
    ),
    problem(
        "phone.call_forwarding",
        products=PHONE,
        category="Home phone › Calling features",
        team="tv_phone",
        subjects=(
            "Set up call forwarding to a cell phone",
            "Forward home calls while away",
        ),
        descriptions=(
            "Customer is away for {weeks} and wants home calls forwarded to a cell phone.",
            "Customer wants calls to the home number forwarded to a cell phone when nobody answers.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "Explained the star codes for call forwarding and set it up with the customer; a test call worked.",
            ),
            (
                "provisioning_error",
                "Call forwarding was missing from the line's features. Added it and tested it with the customer.",
            ),
        ),
        channels=DIGITAL,
        frequency=0.5,
        contacts=(1, 1),
        handle_minutes=(5, 10),
    ),
)
