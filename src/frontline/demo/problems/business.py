"""Business customers: dedicated internet, static addresses, service-level credits and upgrades."""

from __future__ import annotations

from frontline.demo.catalogue_base import MONEY, SERVICE_DOWN, URGENT_CALL, problem

BUSINESS = ("business-internet",)
ACCOUNT_MANAGED = {"phone": 50, "chat": 5, "email": 45, "walk_in": 0}

PROBLEMS = (
    problem(
        "business.internet_outage",
        products=BUSINESS,
        category="Connectivity › Outage",
        team="business",
        subjects=(
            "Business internet down, store cannot take card payments",
            "Office offline since {when}, urgent",
            "Business circuit down at the {neighbourhood} location",
        ),
        descriptions=(
            "Owner reports the office has been offline since {when}; the payment terminals and phones run over "
            "this connection. Asked for the four-hour repair commitment under the business agreement.",
            "Business circuit down at the {neighbourhood} site. The {router} shows {modem_light}. Staff are using "
            "phone hotspots and cannot take card payments.",
        ),
        resolutions=(
            (
                "fibre_cut",
                "Fibre damaged during road work near the site (incident {ticket}). Priority splice completed; circuit "
                "up and the customer confirmed the payment terminals work.",
            ),
            (
                "modem_fault",
                "Business gateway failed. Technician replaced it on site within the repair commitment and restored "
                "the static IP settings; all services confirmed.",
            ),
            (
                "cabinet_power",
                "Power failure at the serving cabinet (incident {ticket}). Generator deployed and service restored; "
                "customer confirmed the terminals and phones work.",
            ),
        ),
        channels=URGENT_CALL,
        priorities={"low": 0, "normal": 10, "high": 45, "urgent": 45},
        frequency=2.0,
        contacts=(2, 4),
        handle_minutes=(8, 20),
        follow_ups={"business.sla_credit": 0.45, "business.backup_connection": 0.08},
    ),
    problem(
        "business.static_ip_routing",
        products=BUSINESS,
        category="Connectivity › Configuration",
        team="business",
        subjects=(
            "Static IP not routing after gateway swap",
            "Office VPN unreachable from outside",
            "Mail server on static IP cannot be reached",
        ),
        descriptions=(
            "Business customer's static IP stopped routing after the gateway was replaced on {day}; staff cannot "
            "reach the office VPN from home.",
            "The customer's IT contractor reports the mail server on the static IP has been unreachable from "
            "outside since {when_recently}.",
        ),
        resolutions=(
            (
                "provisioning_error",
                "The static IP was not re-bound to the new gateway. Updated the binding; VPN and mail server "
                "reachable again.",
            ),
            (
                "customer_equipment",
                "The customer's firewall still pointed at the old gateway address. Corrected it with their IT "
                "contractor; services reachable.",
            ),
        ),
        channels=ACCOUNT_MANAGED,
        priorities=SERVICE_DOWN,
        frequency=0.8,
        contacts=(1, 3),
        handle_minutes=(12, 30),
    ),
    problem(
        "business.ip_block",
        products=BUSINESS,
        category="Orders › Plan changes",
        team="business",
        subjects=(
            "Request for a block of five static IPs",
            "Needs reverse DNS for the mail server",
        ),
        descriptions=(
            "The customer's IT contractor requests a block of five static IPs for a new firewall, with reverse DNS "
            "for the mail server.",
            "Business is moving its mail server in-house and needs static addresses with reverse DNS so mail is not "
            "marked as spam.",
        ),
        resolutions=(
            (
                "customer_request",
                "Provisioned a block of five static IPs and set reverse DNS (order {order}); the contractor confirmed "
                "the firewall is online.",
            ),
            (
                "customer_request",
                "Added the IP block to the account and set reverse DNS for the mail server; explained the monthly "
                "charge for the block.",
            ),
        ),
        channels=ACCOUNT_MANAGED,
        frequency=0.5,
        contacts=(1, 2),
        handle_minutes=(10, 20),
        follow_ups={"billing.plan_change_charges": 0.1},
    ),
    problem(
        "business.sla_credit",
        products=BUSINESS,
        category="Billing › Credits and refunds",
        team="business",
        subjects=(
            "Service level credit request for outage on {day}",
            "Credit for outage under the business agreement",
        ),
        descriptions=(
            "Business customer requests the service level credit for the outage on {day}; says repairs took longer "
            "than the four-hour commitment.",
            "Office manager asks for the credit owed under the business service agreement for last week's outage.",
        ),
        resolutions=(
            (
                "policy_gap",
                "Outage records show the repair took longer than the commitment. Applied the service level credit of "
                "{credit} per the contract schedule.",
            ),
            (
                "policy_gap",
                "Outage records show the repair within the commitment, so no contractual credit was due. Applied a "
                "goodwill credit of {credit}.",
            ),
        ),
        channels=ACCOUNT_MANAGED,
        priorities=MONEY,
        frequency=0.8,
        contacts=(1, 2),
        handle_minutes=(6, 12),
    ),
    problem(
        "business.upgrade",
        products=BUSINESS,
        category="Orders › Plan changes",
        team="business",
        subjects=(
            "Upgrade business bandwidth",
            "Office needs a faster connection",
        ),
        descriptions=(
            "The business is moving more work to the cloud and wants to upgrade from {speed_plan}.",
            "The office has grown and video meetings stall at busy times on {speed_plan}.",
        ),
        resolutions=(
            (
                "customer_request",
                "Upgraded the circuit (order {order}); new speed confirmed on a test with the customer's IT "
                "contractor.",
            ),
            (
                "customer_request",
                "Quoted the faster tiers; customer chose the next tier up, effective at the next billing cycle.",
            ),
        ),
        channels=ACCOUNT_MANAGED,
        frequency=0.7,
        contacts=(1, 3),
        handle_minutes=(10, 25),
        follow_ups={"billing.plan_change_charges": 0.1},
    ),
    problem(
        "business.backup_connection",
        products=BUSINESS,
        category="Orders › Plan changes",
        team="business",
        subjects=(
            "Add a backup connection for the office",
            "Needs failover for the payment terminals",
        ),
        descriptions=(
            "After the last outage the owner wants a backup connection so the payment terminals keep working.",
            "The business wants internet to stay up for the point-of-sale system when the main line is down.",
        ),
        resolutions=(
            (
                "customer_request",
                "Added LTE backup with automatic failover (order {order}); tested failover with the customer.",
            ),
            (
                "customer_request",
                "Added a second fibre path from a different cabinet with automatic failover; tested it with the "
                "customer's IT contractor.",
            ),
        ),
        channels=ACCOUNT_MANAGED,
        frequency=0.4,
        contacts=(1, 3),
        handle_minutes=(10, 25),
    ),
)
