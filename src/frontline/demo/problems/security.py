"""Access and security: online account access, fraud, scams and lost or stolen phones."""

from __future__ import annotations

from frontline.demo.catalogue_base import ALL_PRODUCTS, BILLED, DIGITAL, IN_STORE, MOBILE, SECURITY, WRITTEN, problem

PROBLEMS = (
    problem(
        "account.online_locked",
        products=ALL_PRODUCTS,
        category="Account › Online account",
        team="billing",
        subjects=(
            "Locked out of MyMaplewave",
            "Password reset e-mail never arrives",
        ),
        descriptions=(
            "Customer is locked out of MyMaplewave after several wrong passwords; the reset e-mail never arrives.",
            "The MyMaplewave password reset link does not arrive, and the account is now locked.",
        ),
        resolutions=(
            (
                "self_service_defect",
                "Known issue with reset e-mails to some providers. Unlocked the profile and sent the reset by text "
                "instead; customer signed in.",
            ),
            (
                "customer_error",
                "The reset e-mails went to an old address the customer no longer uses. Verified identity, updated the "
                "address and unlocked the profile; customer signed in.",
            ),
        ),
        channels=DIGITAL,
        frequency=2.0,
        contacts=(1, 1),
        handle_minutes=(5, 10),
    ),
    problem(
        "account.verification_code",
        products=ALL_PRODUCTS,
        category="Account › Online account",
        team="billing",
        subjects=(
            "Verification code not arriving",
            "Two-step code goes to an old number",
        ),
        descriptions=(
            "The MyMaplewave two-step verification code goes to a phone number the customer no longer has.",
            "Customer cannot sign in because the verification text never arrives on the new phone.",
        ),
        resolutions=(
            (
                "customer_request",
                "Verified identity and updated the two-step verification number; customer signed in.",
            ),
            (
                "device_settings",
                "The new phone was blocking texts from short codes. Changed the setting; the code arrived and the "
                "customer signed in.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.0,
        contacts=(1, 1),
        handle_minutes=(5, 10),
    ),
    problem(
        "account.online_registration",
        products=ALL_PRODUCTS,
        category="Account › Online account",
        team="billing",
        subjects=(
            "Cannot register for MyMaplewave",
            "Registration says the account number is not valid",
        ),
        descriptions=(
            "The MyMaplewave registration page says the account number is not valid.",
            "New customer tries to register for MyMaplewave with the number on the first bill and gets an error.",
        ),
        resolutions=(
            (
                "customer_error",
                "The customer was entering the phone number instead of the account number. Registered together.",
            ),
            (
                "self_service_defect",
                "New accounts take 24 hours to reach the registration system; the message is misleading. Registered "
                "the customer manually.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.0,
        contacts=(1, 1),
        handle_minutes=(4, 9),
    ),
    problem(
        "account.sim_swap_fraud",
        products=MOBILE,
        category="Account › Security and fraud",
        team="loyalty",
        subjects=(
            "Phone lost service, bank says SIM was swapped",
            "Someone moved my number to another SIM",
            "Unauthorised SIM change on my line",
        ),
        descriptions=(
            "Customer's {phone_model} lost service at {when}; then the bank called about a suspicious transfer. The "
            "line shows a SIM change the customer did not make.",
            "Customer received a text that the SIM was changed, then lost service. Suspects fraud.",
        ),
        resolutions=(
            (
                "fraud_account_takeover",
                "Confirmed an unauthorised SIM change. Restored the line to a new SIM after an ID check, added a "
                "transfer and SIM-change lock, and referred it to the fraud team ({ticket}).",
            ),
            (
                "process_not_followed",
                "The fraudster passed weak verification at a store. Reversed the SIM change, secured the account with "
                "a new PIN and lock, and logged the store coaching item.",
            ),
        ),
        channels={"phone": 75, "chat": 5, "email": 0, "walk_in": 20},
        priorities=SECURITY,
        frequency=0.8,
        contacts=(2, 4),
        handle_minutes=(12, 30),
        follow_ups={"account.online_locked": 0.3},
    ),
    problem(
        "account.identity_fraud",
        products=BILLED,
        category="Account › Security and fraud",
        team="loyalty",
        subjects=(
            "Account opened in my name without consent",
            "Collection letter for an account I never opened",
        ),
        descriptions=(
            "Customer received a collection letter for a mobile account opened in their name at a store in another "
            "province. Never had service there.",
            "Customer's credit report shows a second Maplewave account they do not recognise.",
        ),
        resolutions=(
            (
                "fraud_identity",
                "Confirmed identity fraud with the police report number. Closed the fraudulent account, wrote off the "
                "balance and asked the credit bureaus to remove it.",
            ),
            (
                "process_not_followed",
                "The account was opened in a store without the required second piece of ID. Closed it, reversed all "
                "charges, flagged the customer's file for extra verification and logged the store coaching item.",
            ),
        ),
        channels=WRITTEN,
        priorities=SECURITY,
        frequency=0.6,
        contacts=(2, 4),
        handle_minutes=(12, 25),
    ),
    problem(
        "account.phishing_reported",
        products=ALL_PRODUCTS,
        category="Account › Security and fraud",
        team="loyalty",
        subjects=(
            "Text claims Maplewave owes me a refund",
            "Suspicious e-mail asking for card details",
        ),
        descriptions=(
            "Customer received a text saying Maplewave owes a refund of {amount}, with a link asking for card "
            "details; did not click it.",
            "Customer received an e-mail that looks like a Maplewave bill asking to update card details; did not "
            "respond.",
        ),
        resolutions=(
            (
                "phishing",
                "Confirmed the message is a scam. The customer shared no details; explained how to report it.",
            ),
            (
                "phishing",
                "Confirmed the scam, added the sender to the block list and reported it to the Canadian Anti-Fraud "
                "Centre.",
            ),
        ),
        channels=DIGITAL,
        priorities=SECURITY,
        frequency=0.8,
        contacts=(1, 1),
        handle_minutes=(5, 10),
    ),
    problem(
        "account.phishing_victim",
        products=ALL_PRODUCTS,
        category="Account › Security and fraud",
        team="loyalty",
        subjects=(
            "Clicked a link in a fake Maplewave message",
            "Entered my password on a fake Maplewave site",
        ),
        descriptions=(
            "Customer clicked a link in an e-mail that looked like a Maplewave bill and entered the MyMaplewave "
            "password and card details.",
            "Customer entered card details and the MyMaplewave password on a fake refund page from a text message.",
        ),
        resolutions=(
            (
                "phishing",
                "Reset the MyMaplewave password, signed out all sessions and advised the customer to call the bank "
                "about the card.",
            ),
            (
                "phishing",
                "Locked the online account, reset the password with the customer, checked that no changes were made "
                "to the services, and advised calling the bank.",
            ),
        ),
        channels=DIGITAL,
        priorities=SECURITY,
        frequency=0.5,
        contacts=(1, 2),
        handle_minutes=(8, 16),
        follow_ups={"account.online_locked": 0.15},
    ),
    problem(
        "mobile.lost_stolen",
        products=MOBILE,
        category="Account › Security and fraud",
        team="mobile",
        subjects=(
            "Phone stolen, suspend the line",
            "Lost {phone_model}, need to block it",
            "Stolen phone, worried about banking codes",
        ),
        descriptions=(
            "Customer's {phone_model} was lost or stolen {when_lost}. Asked to suspend the line and block the device; "
            "identity verified.",
            "Customer lost the {phone_model} and worries about banking apps and two-step codes going to that number.",
        ),
        resolutions=(
            (
                "customer_request",
                "Suspended the line, blocked the device (IMEI ending {imei_tail}) and issued a new SIM in store; line "
                "restored on the customer's spare phone.",
            ),
            (
                "customer_request",
                "Blocked the device and moved the number to a new eSIM on the customer's old phone so two-step codes "
                "arrive again.",
            ),
        ),
        channels=IN_STORE,
        priorities=SECURITY,
        frequency=2.0,
        contacts=(1, 2),
        handle_minutes=(8, 18),
        follow_ups={"mobile.device_financing": 0.25},
    ),
)
