"""Mobile service and devices: no service, coverage, data, roaming, batteries, defects, eSIM and voicemail."""

from __future__ import annotations

from frontline.demo.catalogue_base import DIGITAL, IN_STORE, MOBILE, SERVICE_DOWN, URGENT_CALL, problem

PROBLEMS = (
    problem(
        "mobile.no_service",
        products=MOBILE,
        category="Mobile network › No service",
        team="mobile",
        subjects=(
            "Phone shows SOS only since {when}",
            "No service on {phone_model}",
            "Cannot make or receive calls, no bars",
        ),
        descriptions=(
            "Customer's {phone_model} shows SOS only since {when}, at home in {neighbourhood}. Restarted the phone "
            "and toggled airplane mode; a family member's phone on another carrier works.",
            "No bars on the {phone_model} since {when}; calls and texts fail. The line shows active on the account "
            "and nothing is suspended.",
        ),
        resolutions=(
            (
                "activation_incomplete",
                "A SIM change made on the account on {day} had not completed in the network. Re-sent the SIM "
                "activation; the phone registered within minutes and a test call went through.",
            ),
            (
                "tower_outage",
                "Cell site serving {neighbourhood} was down (incident {ticket}). Site restored overnight; customer "
                "confirmed full bars the next morning.",
            ),
            (
                "device_settings",
                "Network mode was set to 3G only, which is shut down. Set it to 5G/LTE automatic; service returned "
                "immediately.",
            ),
        ),
        channels=URGENT_CALL,
        priorities=SERVICE_DOWN,
        frequency=4.0,
        contacts=(1, 3),
        handle_minutes=(8, 18),
        follow_ups={"billing.outage_credit": 0.08},
    ),
    problem(
        "mobile.indoor_coverage",
        products=MOBILE,
        category="Mobile network › Coverage",
        team="mobile",
        subjects=(
            "Calls drop inside the house",
            "Weak signal at home in {neighbourhood}",
            "One bar indoors, full bars outside",
        ),
        descriptions=(
            "Customer gets one bar inside the house in {neighbourhood} and calls drop in {room}. Outdoors the signal "
            "is fine. New energy-efficient windows were installed last year.",
            "Calls cut out at home and texts arrive late. Customer works from home and relies on the {phone_model}.",
        ),
        resolutions=(
            (
                "coverage_gap",
                "Indoor coverage gap confirmed on the map. Turned on Wi-Fi calling on the {phone_model} and tested a "
                "call over Wi-Fi; calls now clear at home.",
            ),
            (
                "coverage_gap",
                "Area is on the list for a new small cell. Logged the address ({ticket}), turned on Wi-Fi calling and "
                "explained the expected timeline.",
            ),
        ),
        frequency=3.5,
        contacts=(1, 2),
        handle_minutes=(8, 16),
    ),
    problem(
        "mobile.data_not_working",
        products=MOBILE,
        category="Mobile network › Mobile data",
        team="mobile",
        subjects=(
            "Mobile data not working, calls fine",
            "No mobile data on {phone_model}",
            "Cannot browse or use apps away from Wi-Fi",
        ),
        descriptions=(
            "Calls and texts work but there has been no mobile data on the {phone_model} since {when}.",
            "Customer has data left on the plan but apps will not load off Wi-Fi. Tested together: the LTE icon "
            "shows, pages time out.",
        ),
        resolutions=(
            (
                "device_settings",
                "A software update had reset the access point name (APN). Re-entered the Maplewave APN settings; "
                "browsing works off Wi-Fi.",
            ),
            (
                "provisioning_error",
                "The data feature was missing from the line after the last plan change. Re-added it; data works "
                "after a restart.",
            ),
            (
                "customer_knowledge",
                "Mobile data was switched off for most apps in the phone's settings. Walked the customer through "
                "turning it back on.",
            ),
        ),
        channels=DIGITAL,
        frequency=4.0,
        contacts=(1, 2),
        handle_minutes=(6, 15),
    ),
    problem(
        "mobile.roaming_not_working",
        products=MOBILE,
        category="Mobile network › Roaming",
        team="mobile",
        subjects=(
            "Phone not working in {country}",
            "No data while travelling in {country}",
            "Roaming pass added but no data abroad",
        ),
        descriptions=(
            "Customer is travelling in {country}; the {phone_model} shows bars but no data, and the roaming pass is "
            "on the account. Contacted us over hotel Wi-Fi.",
            "Data does not work abroad although texts arrive. Customer is in {country} for two weeks for work.",
        ),
        resolutions=(
            (
                "device_settings",
                "Data roaming was off in the phone's settings. Turned it on and selected the partner network "
                "manually; customer confirmed data works.",
            ),
            (
                "provisioning_error",
                "Roaming data was blocked on the line by an old spending control. Removed the block; data works on "
                "the partner network.",
            ),
        ),
        channels={"phone": 35, "chat": 45, "email": 20, "walk_in": 0},
        priorities=SERVICE_DOWN,
        frequency=1.8,
        contacts=(1, 2),
        handle_minutes=(8, 18),
        follow_ups={"billing.roaming_charges": 0.1},
    ),
    problem(
        "mobile.battery_drain",
        products=MOBILE,
        category="Equipment › Mobile devices",
        team="mobile",
        subjects=(
            "{phone_model} battery drains by noon",
            "Battery dies quickly on {phone_model}",
            "Phone gets hot and the battery drains",
        ),
        descriptions=(
            "Customer bought the {phone_model} from Maplewave {months_ago}. Battery drains from full by noon with "
            "light use; no damage to the phone.",
            "Battery on the {phone_model} drops 30% in an hour since {when_recently}, and the phone is warm to the "
            "touch.",
        ),
        resolutions=(
            (
                "device_defect",
                "Battery failed the diagnostic. Sent the {phone_model} for a warranty battery replacement (repair "
                "order {order}) and lent a loaner phone at the {city} store.",
            ),
            (
                "device_settings",
                "A background app was draining the battery. Removed it and updated the phone's software; battery "
                "life back to normal after a day of monitoring.",
            ),
        ),
        channels=IN_STORE,
        frequency=2.0,
        contacts=(1, 3),
        handle_minutes=(10, 22),
    ),
    problem(
        "mobile.device_defect",
        products=MOBILE,
        category="Equipment › Mobile devices",
        team="mobile",
        subjects=(
            "{phone_model} screen flickering",
            "Phone restarts by itself",
            "{phone_model} faulty, still under warranty",
        ),
        descriptions=(
            "The {phone_model} screen flickers and sometimes goes black. No drops or water damage; the device is "
            "within the manufacturer warranty.",
            "The {phone_model} restarts on its own several times a day. Bought from Maplewave {months_ago}; no damage.",
        ),
        resolutions=(
            (
                "device_defect",
                "Diagnostics failed. Sent the {phone_model} for warranty repair (repair order {order}) and lent a "
                "loaner phone at the {city} store.",
            ),
            (
                "device_defect",
                "Manufacturer confirmed the defect. Exchanged the {phone_model} in store and transferred the "
                "customer's data.",
            ),
        ),
        channels=IN_STORE,
        frequency=2.0,
        contacts=(1, 3),
        handle_minutes=(12, 28),
        follow_ups={"mobile.device_financing": 0.06},
    ),
    problem(
        "mobile.esim_activation",
        products=MOBILE,
        category="Orders › New service",
        team="mobile",
        subjects=(
            "eSIM QR code says it is no longer valid",
            "Cannot activate eSIM on {phone_model}",
            "eSIM not working on new phone",
        ),
        descriptions=(
            "Customer scanned the eSIM QR code on a new {phone_model} and got 'This code is no longer valid'. The "
            "code had been scanned once on another phone.",
            "Customer is moving the line to eSIM on a new {phone_model}; the activation fails at the last step.",
        ),
        resolutions=(
            (
                "process_not_followed",
                "An eSIM profile can be downloaded once and the old one had not been released. Issued a new profile "
                "after verification; the customer activated it and made a test call.",
            ),
            (
                "provisioning_error",
                "The eSIM profile was stuck in a pending state. Reset it and sent a fresh activation code; calls "
                "and data work.",
            ),
        ),
        channels=DIGITAL,
        frequency=2.0,
        contacts=(1, 2),
        handle_minutes=(8, 18),
    ),
    problem(
        "mobile.voicemail",
        products=MOBILE,
        category="Mobile network › Calls, texts and voicemail",
        team="mobile",
        subjects=(
            "Voicemail not working",
            "Voicemail full, callers cannot leave messages",
            "Cannot get into voicemail",
        ),
        descriptions=(
            "Callers hear a full-mailbox message and the customer gets no voicemail notifications.",
            "Customer forgot the voicemail password and cannot clear old messages; callers say the mailbox is full.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "Reset the voicemail password and helped the customer delete saved messages; mailbox has room and "
                "notifications arrive.",
            ),
            (
                "provisioning_error",
                "Voicemail storage was set to the smallest size after a plan change. Restored the plan's size and "
                "reset the password; test message received.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.8,
        contacts=(1, 1),
        handle_minutes=(5, 11),
    ),
    problem(
        "mobile.spam_calls",
        products=MOBILE,
        category="Mobile network › Calls, texts and voicemail",
        team="mobile",
        subjects=(
            "Getting many spam calls every day",
            "Scam texts and robocalls",
            "Robocalls claiming to be the tax agency",
        ),
        descriptions=(
            "Customer gets five to ten spam calls a day, many showing local {area_code} numbers, plus scam texts.",
            "Customer keeps getting robocalls and texts about a parcel with a link; did not click it. Wants them "
            "to stop.",
        ),
        resolutions=(
            (
                "phishing",
                "Turned on Maplewave Call Control and explained how to report spam texts by forwarding them to 7726; "
                "customer reports far fewer calls.",
            ),
            (
                "customer_knowledge",
                "Explained spoofed caller IDs, blocked the numbers shown and turned on the phone's setting to "
                "silence unknown callers.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.5,
        contacts=(1, 1),
        handle_minutes=(5, 10),
        follow_ups={"account.phishing_reported": 0.05},
    ),
    problem(
        "mobile.unlock",
        products=MOBILE,
        category="Equipment › Mobile devices",
        team="mobile",
        subjects=(
            "Request to unlock {phone_model}",
            "Phone rejects another carrier's SIM",
        ),
        descriptions=(
            "Customer is travelling to {country} and wants the {phone_model} unlocked to use a local SIM.",
            "Customer bought a used phone first sold by Maplewave; another carrier's SIM is rejected.",
        ),
        resolutions=(
            (
                "customer_request",
                "Submitted the unlock (phones are unlocked free of charge); the customer tested with a friend's SIM "
                "and it worked.",
            ),
            (
                "process_not_followed",
                "The phone had been sold unlocked but the lock was never cleared at sale. Cleared it and confirmed "
                "another SIM works.",
            ),
        ),
        channels=DIGITAL,
        frequency=0.8,
        contacts=(1, 2),
        handle_minutes=(5, 10),
    ),
)
