"""The account: moves, cancellations, transfers of ownership, expired prepaid accounts and complaints."""

from __future__ import annotations

from frontline.demo.catalogue_base import ALL_PRODUCTS, DIGITAL, IN_STORE, MONEY, WRITTEN, problem

CANCELLING = {"phone": 80, "chat": 10, "email": 5, "walk_in": 5}

PROBLEMS = (
    problem(
        "account.move",
        products=("fibre", "dsl", "tv", "home-phone", "business-internet"),
        category="Account › Moves",
        team="orders",
        subjects=(
            "Moving to {neighbourhood}, transfer services",
            "Move services to a new address on {day}",
            "Moving next month, keep the same services",
        ),
        descriptions=(
            "Customer is moving to {neighbourhood} on {day} and wants {product} working on moving day.",
            "Customer is moving across town and wants to keep {product} and the current price at the new address.",
        ),
        resolutions=(
            (
                "customer_request",
                "Booked the move for {day} (order {order}); service at the new address was active on moving day.",
            ),
            (
                "customer_request",
                "Moved the services, booked a technician for the new address and kept the current promotion on the "
                "account.",
            ),
        ),
        channels=DIGITAL,
        frequency=3.5,
        contacts=(1, 3),
        handle_minutes=(10, 22),
        follow_ups={"orders.missed_appointment": 0.06, "billing.first_bill_high": 0.1},
    ),
    problem(
        "account.cancellation",
        products=ALL_PRODUCTS,
        category="Account › Cancellation",
        team="loyalty",
        subjects=(
            "Wants to cancel {product}",
            "Cancel service, switching to {competitor}",
            "Cancellation request, found a cheaper offer",
        ),
        descriptions=(
            "Customer wants to cancel {product}; {competitor} offered a lower price for the same service.",
            "Customer is unhappy after repeated problems and says {competitor} is cheaper; wants to cancel {product}.",
        ),
        resolutions=(
            (
                "competitor_offer",
                "Matched the competitor's price with a 24-month loyalty offer; the customer stayed.",
            ),
            (
                "competitor_offer",
                "Customer declined the retention offer. Cancelled {product} at the end of the cycle and sent return "
                "labels for any equipment.",
            ),
        ),
        channels=CANCELLING,
        frequency=3.0,
        contacts=(1, 2),
        handle_minutes=(10, 24),
        follow_ups={"billing.refund_request": 0.15, "billing.equipment_fee": 0.12, "billing.collections": 0.03},
    ),
    problem(
        "account.cancellation_moving",
        products=ALL_PRODUCTS,
        category="Account › Cancellation",
        team="loyalty",
        subjects=(
            "Cancellation request, moving abroad",
            "Cancel all services, leaving the area",
        ),
        descriptions=(
            "Customer is moving to {country} for work and wants to cancel {product} at the end of the month.",
            "Customer is moving to a rural area Maplewave does not serve and wants to cancel {product}.",
        ),
        resolutions=(
            (
                "customer_request",
                "Cancelled {product} as requested; explained the final bill and how to return any equipment.",
            ),
            (
                "customer_request",
                "Cancelled {product} effective moving day and set up the final bill to go to the new e-mail address.",
            ),
        ),
        channels=CANCELLING,
        frequency=1.0,
        contacts=(1, 2),
        handle_minutes=(8, 18),
        follow_ups={"billing.refund_request": 0.25, "billing.equipment_fee": 0.15},
    ),
    problem(
        "account.ownership_transfer",
        products=ALL_PRODUCTS,
        category="Account › Ownership and access",
        team="orders",
        subjects=(
            "Transfer the account to a spouse",
            "Transfer of responsibility for a line",
        ),
        descriptions=(
            "Customer wants to move the account into their spouse's name; both have given consent.",
            "Parent wants to transfer an adult child's {product} into the child's own name.",
        ),
        resolutions=(
            (
                "customer_request",
                "Completed the transfer of responsibility with both parties' consent; new account created and "
                "services kept without interruption.",
            ),
            (
                "customer_request",
                "Sent the transfer form by e-mail and completed the transfer once both parties signed it.",
            ),
        ),
        channels=WRITTEN,
        frequency=1.0,
        contacts=(2, 3),
        handle_minutes=(10, 22),
    ),
    problem(
        "account.bereavement",
        products=ALL_PRODUCTS,
        category="Account › Ownership and access",
        team="orders",
        subjects=(
            "Account holder passed away",
            "Closing a late parent's account",
        ),
        descriptions=(
            "Family member reports the account holder passed away in {month} and asks how to take over or close "
            "the account.",
            "The executor of the estate asks to close the late account holder's services and settle the final bill.",
        ),
        resolutions=(
            (
                "policy_gap",
                "Received the documents and closed the account for the estate; waived the cancellation fees under "
                "the bereavement policy.",
            ),
            (
                "customer_request",
                "Transferred the services to the surviving spouse's name at no charge and updated the billing details.",
            ),
        ),
        channels=WRITTEN,
        frequency=0.5,
        contacts=(2, 3),
        handle_minutes=(10, 22),
    ),
    problem(
        "mobile.prepaid_expired",
        products=("mobile-prepaid",),
        category="Account › Cancellation",
        team="mobile",
        subjects=(
            "Prepaid account expired, wants number back",
            "Number disconnected after missing a top-up",
            "Lost balance when prepaid expired",
        ),
        descriptions=(
            "Customer missed the top-up deadline while away for {weeks}; the account expired, the number was "
            "disconnected and the {amount} balance is gone.",
            "The number stopped working when the prepaid account expired; the customer wants the same number back "
            "and the {amount} that was on it.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "The number was still within the 30-day grace period. Reactivated it with its {amount} balance on a "
                "new prepaid account and set up automatic top-up.",
            ),
            (
                "policy_gap",
                "Reactivated the number; the balance is forfeited on expiry under the prepaid terms, so made a "
                "one-time goodwill credit of {amount}.",
            ),
        ),
        channels=IN_STORE,
        priorities=MONEY,
        frequency=1.0,
        contacts=(1, 2),
        handle_minutes=(8, 16),
    ),
    problem(
        "feedback.service_complaint",
        products=ALL_PRODUCTS,
        category="Feedback › Complaint",
        team="loyalty",
        subjects=(
            "Complaint about how earlier contacts were handled",
            "Formal complaint: problem not solved after several contacts",
            "Was promised a call-back that never came",
        ),
        descriptions=(
            "Customer has contacted us several times about {product}, was given different answers and was promised "
            "a call-back that never came; wants someone to own the problem.",
            "Customer was promised a call-back on {day} about {product} that never happened and now asks to escalate.",
        ),
        resolutions=(
            (
                "process_not_followed",
                "Reviewed the case history: the call-back was never scheduled. Took ownership, fixed the open item "
                "and credited {credit}.",
            ),
            (
                "misquoted",
                "Earlier agents gave conflicting information. Confirmed the correct answer in writing, called the "
                "customer back as promised and logged coaching feedback.",
            ),
        ),
        channels={"phone": 55, "chat": 5, "email": 35, "walk_in": 5},
        priorities={"low": 2, "normal": 48, "high": 45, "urgent": 5},
        frequency=1.5,
        contacts=(2, 4),
        handle_minutes=(12, 28),
    ),
)
