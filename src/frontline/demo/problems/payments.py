"""Payments, credits, refunds and collections."""

from __future__ import annotations

from frontline.demo.catalogue_base import BILLED, DIGITAL, MONEY, WRITTEN, problem

PROBLEMS = (
    problem(
        "billing.outage_credit",
        products=BILLED,
        category="Billing › Credits and refunds",
        team="billing",
        subjects=(
            "Credit request for the outage on {day}",
            "Wants credit for days without service",
            "Asking for compensation after the outage",
        ),
        descriptions=(
            "Customer was without {product} for about {outage_days} days during the outage in {neighbourhood} and "
            "asks for a credit on the next bill.",
            "Customer says the outage on {day} cost them a day of work and wants the days without service refunded.",
        ),
        resolutions=(
            (
                "policy_gap",
                "Outage confirmed on the incident record. Applied a prorated service credit of {credit} for the days "
                "without service; customer accepted.",
            ),
            (
                "policy_gap",
                "Applied the standard outage credit of {credit} plus a one-time goodwill credit; explained that "
                "loss-of-business claims are not covered.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=4.0,
        contacts=(1, 2),
        handle_minutes=(5, 11),
    ),
    problem(
        "billing.payment_not_applied",
        products=BILLED,
        category="Billing › Payments",
        team="billing",
        subjects=(
            "Payment of {amount} not showing on account",
            "Paid the bill but got an overdue notice",
            "Online banking payment missing",
        ),
        descriptions=(
            "Customer paid {amount} through online banking on {day} but the account still shows it as overdue. Has "
            "the bank confirmation number.",
            "Overdue notice received after paying {amount} at the bank; the customer is worried about suspension.",
        ),
        resolutions=(
            (
                "payment_misapplied",
                "The payment was made to an old account number. Moved it to the current account and removed the "
                "overdue flag.",
            ),
            (
                "payment_processing",
                "The bank's payment batch arrived late. Payment posted the next day; reversed the late fee and "
                "confirmed the account is current.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=3.0,
        contacts=(1, 2),
        handle_minutes=(6, 14),
        follow_ups={"billing.late_fee": 0.15},
    ),
    problem(
        "billing.duplicate_charge",
        products=BILLED,
        category="Billing › Payments",
        team="billing",
        subjects=(
            "Charged twice on credit card",
            "Double charge of {amount}",
            "Same bill paid twice by card",
        ),
        descriptions=(
            "Customer's credit card ending {card_last4} was charged {amount} twice on {day} for the same bill.",
            "The card statement shows two identical charges of {amount} from Maplewave this month.",
        ),
        resolutions=(
            (
                "payment_processing",
                "Duplicate transaction from a payment processor retry. Refunded {amount} to the card (ref "
                "{reference}); 3-5 business days to appear.",
            ),
            (
                "billing_error",
                "The billing run charged the card twice. Refunded the duplicate {amount} (ref {reference}).",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=2.0,
        contacts=(1, 2),
        handle_minutes=(6, 12),
        follow_ups={"billing.refund_request": 0.2},
    ),
    problem(
        "billing.payment_arrangement",
        products=BILLED,
        category="Billing › Collections",
        team="billing",
        subjects=(
            "Needs more time to pay the bill",
            "Overdue balance, asking to avoid suspension",
            "Request for a payment arrangement",
        ),
        descriptions=(
            "Customer lost their job last month and cannot pay the {large_amount} balance in full; asks to spread "
            "it out.",
            "Account is overdue by {large_amount} and a suspension notice arrived. Customer can pay part today.",
        ),
        resolutions=(
            (
                "customer_request",
                "Set up a three-month payment arrangement and took a first payment of {amount}; the account will not "
                "be suspended while payments are kept.",
            ),
            (
                "customer_request",
                "Customer paid the overdue balance in full by card; account back in good standing.",
            ),
        ),
        channels={"phone": 70, "chat": 10, "email": 10, "walk_in": 10},
        priorities=MONEY,
        frequency=2.5,
        contacts=(1, 3),
        handle_minutes=(8, 18),
    ),
    problem(
        "billing.refund_request",
        products=BILLED,
        category="Billing › Credits and refunds",
        team="billing",
        subjects=(
            "Refund of credit balance",
            "Still waiting for a refund",
            "Wants credit balance of {amount} refunded",
        ),
        descriptions=(
            "The account shows a credit balance of {amount} on {product}; the customer asks when the refund will "
            "arrive.",
            "A refund of {amount} promised {weeks} ago has not arrived.",
        ),
        resolutions=(
            (
                "process_not_followed",
                "The refund request had never been submitted. Sent the {amount} refund to the card on file (ref "
                "{reference}).",
            ),
            (
                "customer_knowledge",
                "A refund cheque for {amount} was issued on {day} to the billing address; explained mail times and "
                "confirmed the address.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=2.0,
        contacts=(1, 3),
        handle_minutes=(5, 11),
    ),
    problem(
        "billing.collections",
        products=BILLED,
        category="Billing › Collections",
        team="billing",
        subjects=(
            "Account sent to collections after cancelling",
            "Collection agency calling about an old bill",
        ),
        descriptions=(
            "Customer cancelled {months_ago} and was just contacted by a collection agency about a {large_amount} "
            "final bill they never received.",
            "The final bill of {large_amount} went to the old address after the customer moved; the account is "
            "now with a collection agency.",
        ),
        resolutions=(
            (
                "process_not_followed",
                "The final bill was mailed to the old address despite the address change on file. Recalled the "
                "account from collections and waived the late charges.",
            ),
            (
                "customer_request",
                "The balance is valid. Took payment of {large_amount}, recalled the account from the agency and asked "
                "for the credit report to be updated.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=0.8,
        contacts=(2, 3),
        handle_minutes=(10, 20),
    ),
    problem(
        "mobile.prepaid_top_up",
        products=("mobile-prepaid",),
        category="Billing › Payments",
        team="mobile",
        subjects=(
            "Top-up not showing on prepaid balance",
            "Paid {prepaid_amount} top-up, still says no balance",
            "Prepaid top-up failed",
        ),
        descriptions=(
            "Customer topped up {prepaid_amount} online with a card ending {card_last4}; the card was charged but the "
            "prepaid balance still shows $0.",
            "Customer bought a {prepaid_amount} top-up voucher at a shop in {neighbourhood}; the balance did not "
            "change after entering it.",
        ),
        resolutions=(
            (
                "payment_processing",
                "The top-up was stuck in the payment system. Applied the {prepaid_amount} manually (ref {reference}); "
                "balance now correct.",
            ),
            (
                "customer_error",
                "The top-up went to a mistyped phone number. Moved the {prepaid_amount} to the customer's line; "
                "balance now correct.",
            ),
        ),
        channels=DIGITAL,
        priorities=MONEY,
        frequency=2.0,
        contacts=(1, 2),
        handle_minutes=(5, 12),
    ),
)
