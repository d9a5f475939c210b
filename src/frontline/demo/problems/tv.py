"""TV: picture and signal, channels and packages, recordings, remotes and the streaming app."""

from __future__ import annotations

from frontline.demo.catalogue_base import DIGITAL, SERVICE_DOWN, URGENT_CALL, problem

TV = ("tv",)

PROBLEMS = (
    problem(
        "tv.no_picture",
        products=TV,
        category="TV › Picture and signal",
        team="tv_phone",
        subjects=(
            "No picture on the TV since {when}",
            "TV shows a black screen on every channel",
            "All channels black since {when}",
        ),
        descriptions=(
            "The main TV shows a black screen or error {tv_error} on every channel since {when}; internet in the "
            "house works. Restarted the {tv_box} together, no change.",
            "No picture on the main TV since {when}; the second receiver in {room} works.",
        ),
        resolutions=(
            (
                "customer_equipment",
                "The HDMI cable had come loose when the TV was moved. Reseated it and set the TV to the right "
                "input; picture back.",
            ),
            (
                "modem_fault",
                "The {tv_box} failed its remote health check. Swapped it at the {city} store and paired the remote; "
                "all channels working.",
            ),
            (
                "provisioning_error",
                "The receiver lost its authorisation after the overnight update. Re-sent the authorisation; "
                "channels loaded within ten minutes.",
            ),
        ),
        channels=URGENT_CALL,
        priorities=SERVICE_DOWN,
        frequency=3.5,
        contacts=(1, 3),
        handle_minutes=(8, 18),
        follow_ups={"billing.outage_credit": 0.06},
    ),
    problem(
        "tv.channel_missing",
        products=TV,
        category="TV › Channels and packages",
        team="tv_phone",
        subjects=(
            "{tv_channel} missing from my package",
            "Channel says not subscribed",
            "Lost {tv_channel} after package change",
        ),
        descriptions=(
            "Customer pays for the {theme_pack} but {tv_channel} shows 'not subscribed' on the {tv_box} since "
            "{when_recently}.",
            "After switching to the {theme_pack} last month, {tv_channel} disappeared; the customer was told it "
            "would be included.",
        ),
        resolutions=(
            (
                "entitlement_mismatch",
                "The channel entitlement was missing on the receiver. Refreshed entitlements; {tv_channel} now plays.",
            ),
            (
                "misquoted",
                "{tv_channel} is not in the {theme_pack}, contrary to what the customer was told. Added it free for "
                "6 months as goodwill.",
            ),
        ),
        channels=DIGITAL,
        frequency=3.0,
        contacts=(1, 2),
        handle_minutes=(6, 14),
    ),
    problem(
        "tv.pixelation",
        products=TV,
        category="TV › Picture and signal",
        team="tv_phone",
        subjects=(
            "Picture freezing and pixelating",
            "TV picture breaks up during live sports",
            "Audio out of sync and picture freezes",
        ),
        descriptions=(
            "Picture freezes and breaks into blocks several times an hour, worst on {tv_channel}. Started "
            "{when_recently}.",
            "The {tv_box} in {room} connects over Wi-Fi; the picture breaks up most evenings, worst on {tv_channel}.",
        ),
        resolutions=(
            (
                "wifi_interference",
                "The receiver was on a weak Wi-Fi link. Connected it by cable through a powerline adapter; picture "
                "stable.",
            ),
            (
                "signal_source",
                "Feed problem at the broadcaster for {tv_channel} (ticket {ticket}) affecting all customers; fixed "
                "upstream the same evening.",
            ),
        ),
        frequency=2.5,
        contacts=(1, 2),
        handle_minutes=(8, 16),
    ),
    problem(
        "tv.recordings_failing",
        products=TV,
        category="TV › Recordings",
        team="tv_phone",
        subjects=(
            "Recordings failing on the PVR",
            "Series recording misses new episodes",
        ),
        descriptions=(
            "Scheduled recordings show 'failed' since {when_recently}; the customer missed the last two episodes of "
            "a series.",
            "The series recording skips new episodes although the guide shows them scheduled.",
        ),
        resolutions=(
            (
                "firmware_defect",
                "Known guide-data bug after the last update. Cleared the receiver's cache and re-created the series "
                "recording; a test recording succeeded.",
            ),
            (
                "customer_knowledge",
                "The series was set to record on one channel and time only, and the show moved. Set it to any "
                "channel and time.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.2,
        contacts=(1, 2),
        handle_minutes=(6, 14),
    ),
    problem(
        "tv.recording_space",
        products=TV,
        category="TV › Recordings",
        team="tv_phone",
        subjects=(
            "PVR full, recordings deleted",
            "Old recordings disappeared",
        ),
        descriptions=(
            "Customer says recordings were deleted without warning when the PVR filled up.",
            "Several saved movies vanished from the recordings list; the PVR shows it is almost full.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "Explained that the oldest recordings are removed when storage is full, and set favourites to keep "
                "until deleted.",
            ),
            (
                "customer_request",
                "Upgraded the customer to 300 hours of cloud recording; explained the monthly charge.",
            ),
        ),
        channels=DIGITAL,
        frequency=0.8,
        contacts=(1, 1),
        handle_minutes=(5, 11),
    ),
    problem(
        "tv.remote",
        products=TV,
        category="Equipment › TV receivers and remotes",
        team="tv_phone",
        subjects=(
            "Remote stopped working",
            "Voice remote not working with the {tv_box}",
            "Remote cannot turn on the TV",
        ),
        descriptions=(
            "The remote does nothing even with new batteries; the {tv_box} responds to the buttons on the front.",
            "After a new TV was installed, the Maplewave remote cannot turn it on or change the volume.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "Re-paired the remote with the {tv_box} and programmed it for the customer's TV brand.",
            ),
            (
                "modem_fault",
                "Remote is faulty. Mailed a replacement voice remote (order {order}).",
            ),
        ),
        channels=DIGITAL,
        frequency=1.5,
        contacts=(1, 1),
        handle_minutes=(5, 10),
    ),
    problem(
        "tv.app_sign_in",
        products=TV,
        category="TV › Apps and streaming",
        team="tv_phone",
        subjects=(
            "Cannot sign in to the Maplewave TV app",
            "Maplewave TV app will not stream on tablet",
            "Live TV will not play on the tablet",
        ),
        descriptions=(
            "Customer gets an error when signing in to the Maplewave TV app on a tablet; the same password works "
            "on the website.",
            "Live TV will not play in the app on the customer's tablet; it says the device cannot be added.",
        ),
        resolutions=(
            (
                "self_service_defect",
                "Known sign-in defect in app version {app_version}. The customer updated the app and signed in.",
            ),
            (
                "customer_knowledge",
                "The account had reached its device limit with old phones still registered. Removed them; the "
                "tablet now streams.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.8,
        contacts=(1, 2),
        handle_minutes=(5, 12),
    ),
    problem(
        "tv.blackout",
        products=TV,
        category="TV › Channels and packages",
        team="tv_phone",
        subjects=(
            "Game blacked out on {tv_channel}",
            "Sports game blocked in my region",
        ),
        descriptions=(
            "Customer tried to watch {sports_event} on {tv_channel} and got a blackout message.",
            "Customer pays for the {theme_pack} to see {sports_event} but the game was blocked.",
        ),
        resolutions=(
            (
                "rights_restriction",
                "Regional broadcast rights restriction for this game. Gave the local channel where it aired and a "
                "{credit} credit.",
            ),
            (
                "entitlement_mismatch",
                "The customer's postal code was mapped to the wrong region. Corrected it; the games are now available.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.0,
        contacts=(1, 1),
        handle_minutes=(5, 10),
    ),
)
