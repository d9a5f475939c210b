"""Prices and promotions: missing discounts, promotions ending, price increases and keeping customers."""

from __future__ import annotations

from frontline.demo.catalogue_base import BILLED, DIGITAL, MONEY, WRITTEN, problem

PROBLEMS = (
    problem(
        "billing.promotion_missing",
        products=BILLED,
        category="Billing › Promotions and pricing",
        team="billing",
        subjects=(
            "Promotion not applied to the bill",
            "Missing {credit} monthly discount",
            "Offer not showing on the account",
        ),
        descriptions=(
            "Customer signed up for an offer at the {city} store with a {credit} monthly discount for 24 months; "
            "the last two bills show the regular price.",
            "Customer has the offer e-mail with reference {reference} for a {credit} monthly discount, but it is not "
            "on the bill.",
        ),
        resolutions=(
            (
                "promotion_not_applied",
                "The promotion was missing from the order. Added it for the rest of the term and back-credited the "
                "missed months.",
            ),
            (
                "misquoted",
                "The customer did not qualify (the offer was for new customers only), but it had been offered to "
                "them. Honoured it as an exception with supervisor approval.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=5.0,
        contacts=(1, 3),
        handle_minutes=(8, 16),
    ),
    problem(
        "billing.promotion_ended",
        products=BILLED,
        category="Billing › Promotions and pricing",
        team="loyalty",
        subjects=(
            "Bill went up by {amount} this month",
            "Promotional price ended without notice",
            "Why did my price go up?",
        ),
        descriptions=(
            "Customer's {product} bill went up by {amount} because a 12-month promotion ended; says no reminder "
            "was received.",
            "Customer noticed the {product} price jumped {amount} to the regular rate and is considering other "
            "options.",
        ),
        resolutions=(
            (
                "promotion_ended",
                "Explained the promotion end. Offered a 12-month loyalty price; customer accepted and the new rate "
                "starts next cycle.",
            ),
            (
                "promotion_ended",
                "Explained the promotion end. Customer declined the loyalty offers available today; noted the account "
                "for a call when new offers are released.",
            ),
        ),
        channels=DIGITAL,
        priorities=MONEY,
        frequency=4.5,
        contacts=(1, 2),
        handle_minutes=(8, 18),
        follow_ups={"feedback.retention_offer": 0.25, "account.cancellation": 0.05},
    ),
    problem(
        "billing.price_increase",
        products=BILLED,
        category="Billing › Promotions and pricing",
        team="loyalty",
        subjects=(
            "Complaint about price increase notice",
            "Price going up by {amount} a month",
            "Received a letter about a rate increase",
        ),
        descriptions=(
            "Customer received the notice that {product} goes up by {amount} a month from the next cycle and wants "
            "to know why.",
            "Long-time customer unhappy that {product} goes up by {amount} a month, the second increase this year; "
            "mentions an offer from {competitor}.",
        ),
        resolutions=(
            (
                "price_increase",
                "Explained the scheduled price change. Moved the customer to a current plan that includes more for a "
                "similar price.",
            ),
            (
                "price_increase",
                "Applied a {credit} monthly loyalty discount for 12 months to offset the increase; customer agreed "
                "to stay.",
            ),
        ),
        channels=DIGITAL,
        priorities=MONEY,
        frequency=3.0,
        contacts=(1, 2),
        handle_minutes=(8, 18),
        follow_ups={"feedback.retention_offer": 0.2, "account.cancellation": 0.06},
    ),
    problem(
        "feedback.retention_offer",
        products=BILLED,
        category="Feedback › Retention",
        team="loyalty",
        subjects=(
            "{competitor} offering a lower price",
            "Asking for a better price to stay",
            "Loyal customer wants a discount",
        ),
        descriptions=(
            "Customer has an offer from {competitor} that is {amount} a month cheaper for {product} and asks "
            "whether Maplewave will match it.",
            "Customer of many years feels new customers get better prices and mentions {competitor}'s offer.",
        ),
        resolutions=(
            (
                "competitor_offer",
                "Applied a loyalty discount of {credit} a month for 24 months; customer agreed to stay.",
            ),
            (
                "competitor_offer",
                "Could not match the offer; the customer will think it over. Noted the account for the retention team.",
            ),
        ),
        channels={"phone": 80, "chat": 15, "email": 5, "walk_in": 0},
        frequency=3.0,
        contacts=(1, 2),
        handle_minutes=(10, 22),
        follow_ups={"billing.promotion_missing": 0.15, "account.cancellation": 0.08},
    ),
)
