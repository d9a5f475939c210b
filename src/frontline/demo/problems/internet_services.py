"""Internet services beyond the connection: ports for games and cameras, and Maplewave e-mail."""

from __future__ import annotations

from frontline.demo.catalogue_base import BROADBAND, DIGITAL, INTERNET, problem

PROBLEMS = (
    problem(
        "internet.gaming_nat",
        products=INTERNET,
        category="Connectivity › Configuration",
        team="broadband",
        subjects=(
            "Game console shows strict NAT",
            "Voice chat fails in online games",
            "Cannot host online matches, NAT type strict",
        ),
        descriptions=(
            "Customer's console reports a strict NAT type and voice chat drops in online games. Asked whether "
            "Maplewave blocks ports.",
            "Teen in the household cannot join friends' game lobbies; the console's network test says NAT type "
            "strict on the {router}.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "Explained that Maplewave does not block game ports. Turned on UPnP on the {router} together; the "
                "console now reports an open NAT.",
            ),
            (
                "customer_equipment",
                "Double NAT: the customer's own gaming router sits behind the {router}. Put the Maplewave modem in "
                "bridge mode; NAT type now open.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.2,
        contacts=(1, 2),
        handle_minutes=(10, 20),
    ),
    problem(
        "internet.remote_access",
        products=INTERNET,
        category="Connectivity › Configuration",
        team="broadband",
        subjects=(
            "Cannot reach security cameras from outside",
            "Remote access to home recorder stopped working",
            "Port forwarding lost after modem replacement",
        ),
        descriptions=(
            "Since the {router} was replaced, the customer's camera app says the recorder at home is unreachable "
            "when away from home.",
            "Customer uses port forwarding to reach a home server; it stopped working after the modem swap on {day}.",
        ),
        resolutions=(
            (
                "process_not_followed",
                "The port forwarding rules were not carried over when the modem was replaced. Re-created them "
                "with the customer; remote access works again.",
            ),
            (
                "customer_equipment",
                "The customer's own router behind the new {router} caused double NAT. Put the Maplewave modem in "
                "bridge mode; remote access restored.",
            ),
        ),
        channels=DIGITAL,
        frequency=0.8,
        contacts=(1, 2),
        handle_minutes=(12, 25),
    ),
    problem(
        "internet.email_sending",
        products=BROADBAND,
        category="Connectivity › Configuration",
        team="broadband",
        subjects=(
            "Cannot send e-mail from Maplewave address",
            "Outgoing mail stuck in the outbox",
            "Maplewave e-mail keeps asking for the password",
        ),
        descriptions=(
            "Long-time customer still uses a maplewave.net address. Outgoing mail fails in the desktop mail "
            "program with error {mail_error}; receiving works.",
            "Messages sit in the outbox and the mail program asks for the password again and again; webmail "
            "works with the same password.",
        ),
        resolutions=(
            (
                "documentation_outdated",
                "The mail program used an old outgoing server and port from an outdated help article. Updated it to "
                "port 587 with TLS; test message sent.",
            ),
            (
                "customer_knowledge",
                "The mail program had an old saved password. Updated it together and sent a test message.",
            ),
        ),
        channels=DIGITAL,
        frequency=0.8,
        contacts=(1, 2),
        handle_minutes=(10, 25),
    ),
    problem(
        "internet.email_receiving",
        products=BROADBAND,
        category="Connectivity › Configuration",
        team="broadband",
        subjects=(
            "Not receiving e-mails in Maplewave webmail",
            "Family says e-mails to me bounce",
        ),
        descriptions=(
            "Customer says messages from family stopped arriving in the maplewave.net inbox about {when_recently}.",
            "Senders get a bounce message when writing to the customer's Maplewave address.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "Mailbox was full. Helped the customer archive old messages and empty the junk folder; new mail "
                "arriving again.",
            ),
            (
                "self_service_defect",
                "A filter created by the webmail's spam wizard was deleting mail from contacts. Removed the rule; "
                "test messages arrive.",
            ),
        ),
        channels=DIGITAL,
        frequency=0.6,
        contacts=(1, 2),
        handle_minutes=(8, 18),
    ),
)
