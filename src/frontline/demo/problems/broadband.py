"""Home internet faults: outages, lost sync, speed, drops, Wi-Fi and modems."""

from __future__ import annotations

from frontline.demo.catalogue_base import BROADBAND, DIGITAL, INTERNET, SERVICE_DOWN, URGENT_CALL, problem

PROBLEMS = (
    problem(
        "internet.area_outage",
        products=INTERNET,
        category="Connectivity › Outage",
        team="broadband",
        subjects=(
            "No internet in {neighbourhood} since {when}",
            "Internet down, neighbours on the street are out too",
            "Total loss of internet service since {when}",
        ),
        descriptions=(
            "Customer in {neighbourhood} lost internet at {when}. The {router} shows {modem_light}. Neighbours on "
            "the same street report the same. Works from home and asked for a restoration estimate.",
            "Customer reports a full loss of service since {when}. Rebooted the {router} twice and tried a wired "
            "laptop, no change. Checked the outage map first and saw nothing for {neighbourhood}.",
            "No connection on any device since {when}. {router} shows {modem_light}. Remote test shows no signal "
            "on the line; several other modems on node {node} dropped at the same time.",
        ),
        resolutions=(
            (
                "fibre_cut",
                "Linked to incident {ticket}: cable cut by a contractor in {neighbourhood}. Splice crew repaired it; "
                "customer confirmed service is back and speeds test normal.",
            ),
            (
                "cabinet_power",
                "Linked to incident {ticket}: power failure at the street cabinet serving node {node}. Power "
                "restored, modem resynced remotely and customer confirmed the connection is stable.",
            ),
            (
                "storm_damage",
                "Storm damage to aerial cable in {neighbourhood} (incident {ticket}). Line crew replaced the span; "
                "customer confirmed service restored and was told about the outage credit.",
            ),
            (
                "planned_maintenance",
                "Planned maintenance on node {node} ran past its window. Apologised, confirmed the notice went out by "
                "e-mail on {day}; service returned shortly after and the customer confirmed it.",
            ),
        ),
        channels=URGENT_CALL,
        priorities=SERVICE_DOWN,
        frequency=6.0,
        contacts=(1, 3),
        handle_minutes=(4, 12),
        follow_ups={"billing.outage_credit": 0.35, "feedback.service_complaint": 0.04},
    ),
    problem(
        "internet.no_sync",
        products=INTERNET,
        category="Connectivity › Outage",
        team="broadband",
        subjects=(
            "Modem will not connect, only this home affected",
            "Internet out at home, no area outage",
            "{router} not getting a connection",
        ),
        descriptions=(
            "Customer's {router} shows {modem_light} since {when}. No outage on node {node}. Power cycled the "
            "modem with the customer and checked the cable at the wall jack; still no sync.",
            "Only this home is affected; neighbours are fine. Line test shows the modem offline since {when}. "
            "Customer mentioned recent renovation work in {room}.",
        ),
        resolutions=(
            (
                "modem_fault",
                "Modem failed a remote diagnostic. Shipped a replacement {router} (order {order}); customer set it "
                "up with the quick-start guide and confirmed the connection.",
            ),
            (
                "inside_wiring",
                "Technician found a damaged jack and a loose connector in {room}. Rewired the run to the modem; "
                "service tested clean at the jack and on Wi-Fi.",
            ),
            (
                "drop_cable",
                "Technician replaced the damaged line between the street and the house. Signal now normal and the "
                "modem synced at the provisioned speed.",
            ),
        ),
        priorities=SERVICE_DOWN,
        frequency=4.5,
        contacts=(2, 4),
        handle_minutes=(10, 25),
        follow_ups={"orders.missed_appointment": 0.06, "billing.outage_credit": 0.12},
    ),
    problem(
        "internet.slow_speeds",
        products=INTERNET,
        category="Connectivity › Slow speeds",
        team="broadband",
        subjects=(
            "Paying for {speed_plan} but getting {measured_speed}",
            "Internet very slow in the evenings",
            "Speeds far below the plan since {when_recently}",
        ),
        descriptions=(
            "Customer on {speed_plan} ran speed tests showing {measured_speed} on Wi-Fi, slowest in the evening "
            "during {activity}. Several devices connected; the {router} sits in {room}.",
            "Customer says the connection crawls from about 7 to 11 pm. Ran a test together: {measured_speed} on "
            "Wi-Fi. Customer has not tried a wired connection.",
            "Speed complaint on {speed_plan}: {measured_speed} on an older laptop, worst in the evening. Line "
            "statistics look clean.",
        ),
        resolutions=(
            (
                "wifi_interference",
                "Wired test gave full speed, so the line is fine. Moved the {router} to a central spot, switched the "
                "laptop to the 5 GHz band and changed the channel; Wi-Fi now tests near plan speed.",
            ),
            (
                "node_congestion",
                "Node {node} is over capacity at peak hours (ticket {ticket}). Traffic was rebalanced and a node "
                "split is booked for next month; evening speeds recovered.",
            ),
            (
                "customer_equipment",
                "The customer's laptop has an older 2.4 GHz-only Wi-Fi card well below the plan speed. Explained "
                "device limits; a newer phone tested at plan speed.",
            ),
            (
                "provisioning_error",
                "Modem was left on an older, slower speed profile after the last plan change. Corrected the profile "
                "and rebooted; wired test now matches the plan.",
            ),
        ),
        channels=DIGITAL,
        frequency=8.0,
        contacts=(1, 3),
        handle_minutes=(10, 22),
        follow_ups={"internet.wifi_coverage": 0.12, "orders.internet_upgrade": 0.08},
    ),
    problem(
        "internet.intermittent_drops",
        products=INTERNET,
        category="Connectivity › Intermittent drops",
        team="broadband",
        subjects=(
            "Internet keeps dropping several times a day",
            "Connection cuts out for a minute at a time",
            "Drops during video calls since {when_recently}",
        ),
        descriptions=(
            "Customer loses the connection several times a day for 1-2 minutes, worst during {activity}. The "
            "{router} log shows repeated resyncs.",
            "Intermittent drops reported for the third week. Modem uptime resets every few hours. Customer works "
            "from home and missed two meetings because of it.",
        ),
        resolutions=(
            (
                "firmware_defect",
                "Known firmware issue on the {router} causing resyncs. Pushed firmware {firmware} remotely; no drops "
                "in the 48-hour monitoring window and the customer confirmed it is stable.",
            ),
            (
                "inside_wiring",
                "Technician found a damaged cable and a loose connector in {room} causing line errors. Replaced them; "
                "error counters clean after the visit.",
            ),
            (
                "drop_cable",
                "Water in the outside connection box. Technician replaced the connector and resealed the box; line "
                "stable since.",
            ),
            (
                "modem_fault",
                "Modem overheating and rebooting. Replaced the {router} and advised keeping it out of the cabinet; "
                "uptime now stable.",
            ),
        ),
        frequency=5.0,
        contacts=(2, 4),
        handle_minutes=(12, 25),
        follow_ups={"billing.outage_credit": 0.1, "feedback.service_complaint": 0.05},
    ),
    problem(
        "internet.wifi_coverage",
        products=BROADBAND,
        category="Connectivity › Wi-Fi and home network",
        team="broadband",
        subjects=(
            "No Wi-Fi signal in {room}",
            "Wi-Fi dead zones in the house",
            "Weak Wi-Fi in {room}, fine next to the modem",
        ),
        descriptions=(
            "Customer has good speed beside the {router} but almost no signal in {room}. Two-storey house with "
            "the modem in a corner of the main floor.",
            "Wi-Fi drops out in {room}, where the kids do their homework. Customer asked whether a better modem "
            "or a booster would help.",
        ),
        resolutions=(
            (
                "wifi_interference",
                "Walked the customer through moving the {router} to a central shelf, away from the microwave; signal "
                "in {room} improved to usable.",
            ),
            (
                "customer_equipment",
                "House too large for a single access point. Added two Maplewave Pods at no charge under the Wi-Fi "
                "guarantee (order {order}); customer confirmed coverage in {room}.",
            ),
        ),
        channels=DIGITAL,
        frequency=5.0,
        contacts=(1, 2),
        handle_minutes=(8, 18),
        follow_ups={"orders.equipment_delivery": 0.1},
    ),
    problem(
        "internet.wifi_password",
        products=BROADBAND,
        category="Connectivity › Wi-Fi and home network",
        team="broadband",
        subjects=(
            "Forgot Wi-Fi password",
            "Needs the Wi-Fi password reset",
            "New devices cannot join the Wi-Fi",
        ),
        descriptions=(
            "Customer no longer has the Wi-Fi password; the sticker on the {router} does not match since a "
            "technician changed it. Verified the account holder with the PIN.",
            "The card with the Wi-Fi password left with a roommate who moved out, and a new laptop cannot join. "
            "Customer is not comfortable using the modem's settings page.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "Showed the customer how to see and change the Wi-Fi password in the Maplewave app. New password "
                "set; all devices reconnected.",
            ),
            (
                "customer_request",
                "Set a new Wi-Fi password remotely after verification and stayed with the customer while the laptop "
                "and phones reconnected.",
            ),
        ),
        channels=DIGITAL,
        frequency=3.5,
        contacts=(1, 1),
        handle_minutes=(4, 9),
    ),
    problem(
        "internet.modem_dead",
        products=INTERNET,
        category="Equipment › Modems and routers",
        team="broadband",
        subjects=(
            "Modem dead after the power cut",
            "{router} will not power on",
            "Modem lights off, no internet",
        ),
        descriptions=(
            "After a power cut in {neighbourhood} the {router} does not power on at all. No lights with the "
            "original adapter or a spare one.",
            "The {router} has had no lights since {when}; customer tried another outlet. The unit is about four "
            "years old.",
        ),
        resolutions=(
            (
                "modem_fault",
                "Hardware failure confirmed. Shipped a replacement {router} by courier (order {order}) with a "
                "prepaid return label for the old unit; customer confirmed setup.",
            ),
            (
                "modem_fault",
                "Customer picked up a replacement modem at the {city} store the same day; activated it at the "
                "counter and the customer confirmed service at home.",
            ),
        ),
        channels=DIGITAL,
        priorities=SERVICE_DOWN,
        frequency=3.0,
        contacts=(1, 3),
        handle_minutes=(8, 16),
        follow_ups={"billing.equipment_fee": 0.12, "orders.equipment_delivery": 0.08},
    ),
    problem(
        "internet.dsl_line_noise",
        products=("dsl",),
        category="Connectivity › Intermittent drops",
        team="broadband",
        subjects=(
            "DSL drops and the phone line crackles",
            "Noise on the line and internet keeps dropping",
            "DSL unstable, static on the home phone",
        ),
        descriptions=(
            "DSL loses sync several times a day and the customer hears crackling on the home phone. Line test "
            "shows the noise margin swinging since {when_recently}.",
            "Internet unstable with errors on the line and speeds dropping to {measured_speed}. The home phone on "
            "the same line has static.",
        ),
        resolutions=(
            (
                "inside_wiring",
                "Found two phones plugged in without DSL filters. Installed filters on every jack; line stable and "
                "the crackle is gone.",
            ),
            (
                "drop_cable",
                "Wet splice in the pedestal down the street. Technician re-spliced the pair; noise gone and sync "
                "restored at the plan rate.",
            ),
        ),
        frequency=2.0,
        contacts=(2, 3),
        handle_minutes=(10, 20),
        follow_ups={"billing.outage_credit": 0.08},
    ),
)
