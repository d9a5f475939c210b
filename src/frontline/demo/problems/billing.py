"""Charges on the bill: first bills, fees, roaming, usage, third parties, plan changes and devices."""

from __future__ import annotations

from frontline.demo.catalogue_base import BILLED, DIGITAL, MONEY, WRITTEN, problem

POSTPAID = ("mobile-postpaid",)

PROBLEMS = (
    problem(
        "billing.first_bill_high",
        products=BILLED,
        category="Billing › Charges › Unexpected charges",
        team="billing",
        subjects=(
            "First bill higher than expected",
            "First bill is {large_amount}, was quoted much less",
            "Does not understand the charges on the first bill",
        ),
        descriptions=(
            "New customer's first bill is {large_amount}, well above the quoted monthly price for {product}. "
            "Customer thinks the offer was not applied.",
            "Customer questions the first bill: partial-month charges, a full month in advance and a one-time "
            "connection fee for {product}.",
        ),
        resolutions=(
            (
                "proration",
                "Walked through the bill: partial month, the first full month in advance and the one-time connection "
                "fee. The offer is applied; customer understood.",
            ),
            (
                "promotion_not_applied",
                "The bundle discount was missing from the order. Applied it going forward and credited {credit} on "
                "the first bill.",
            ),
            (
                "misquoted",
                "The sales agent quoted a price without the fees. Waived the {amount} connection fee as goodwill and "
                "logged the feedback for the sales team.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=7.0,
        contacts=(1, 2),
        handle_minutes=(7, 16),
        follow_ups={"feedback.retention_offer": 0.06},
    ),
    problem(
        "billing.late_fee",
        products=BILLED,
        category="Billing › Charges › Unexpected charges",
        team="billing",
        subjects=(
            "Disputes late payment fee",
            "Late payment fee on the bill",
            "Wants the late charge removed",
        ),
        descriptions=(
            "Customer disputes a late payment charge and says the bill was paid on the due date.",
            "Customer paid by online banking a few days before the due date and was still charged a late fee.",
        ),
        resolutions=(
            (
                "payment_processing",
                "The payment was on time but posted late. Reversed the late payment charge.",
            ),
            (
                "customer_request",
                "First late fee in three years; waived it as a one-time courtesy and set up pre-authorised payment.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=2.0,
        contacts=(1, 1),
        handle_minutes=(4, 9),
    ),
    problem(
        "billing.equipment_fee",
        products=("fibre", "dsl", "tv", "business-internet"),
        category="Billing › Charges › Equipment fees",
        team="billing",
        subjects=(
            "Charged for unreturned equipment",
            "Non-return fee on the final bill",
            "Returned the equipment but still billed",
        ),
        descriptions=(
            "Customer was charged {large_amount} for unreturned equipment after cancelling {product}; says it "
            "went back weeks ago.",
            "The final bill has a non-return fee for equipment the customer is sure was sent back.",
        ),
        resolutions=(
            (
                "process_not_followed",
                "The store received the equipment but never scanned it in. Found the serial number in store "
                "inventory and reversed the {large_amount} fee.",
            ),
            (
                "courier_delay",
                "Courier tracking shows the box reached the return centre after the deadline. Reversed the fee.",
            ),
            (
                "customer_knowledge",
                "The equipment had not reached us. Sent a prepaid return label; the fee comes off once it arrives.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=2.0,
        contacts=(1, 3),
        handle_minutes=(6, 12),
    ),
    problem(
        "billing.roaming_charges",
        products=POSTPAID,
        category="Billing › Charges › Roaming",
        team="billing",
        subjects=(
            "Roaming charges of {large_amount} after trip to {country}",
            "Unexpected roaming charges on the bill",
        ),
        descriptions=(
            "Customer came back from {country} and was billed {large_amount} in pay-per-use roaming; thought the "
            "phone was on Wi-Fi only.",
            "The bill shows {large_amount} for data used in {country}; the customer did not know data roaming was on.",
        ),
        resolutions=(
            (
                "roaming_unaware",
                "Usage shows data sessions abroad with data roaming on. As a one-time courtesy, re-rated the trip at "
                "the daily pass price and explained the pass options.",
            ),
            (
                "roaming_unaware",
                "Explained the pay-per-use rates shown in the welcome text. Customer paid the charges and added a "
                "roaming pass for the next trip.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=2.5,
        contacts=(1, 2),
        handle_minutes=(8, 16),
        follow_ups={"billing.payment_arrangement": 0.05, "orders.mobile_plan_change": 0.1},
    ),
    problem(
        "billing.roaming_pass",
        products=POSTPAID,
        category="Billing › Charges › Roaming",
        team="billing",
        subjects=(
            "Roaming pass not applied",
            "Bought a roaming pass but billed daily rates",
        ),
        descriptions=(
            "Customer added a roaming pass before travelling to {country}, but the bill shows pay-per-use roaming "
            "of {large_amount}.",
            "The roaming pass for {country} is on the account, yet the usage was charged at pay-per-use rates.",
        ),
        resolutions=(
            (
                "billing_error",
                "The pass was on the account but did not rate against the usage. Re-rated the trip under the pass "
                "and credited the difference.",
            ),
            (
                "customer_knowledge",
                "The pass had been added for the wrong dates. Moved it to the travel dates and re-rated the usage "
                "as a courtesy.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=1.0,
        contacts=(1, 2),
        handle_minutes=(8, 16),
    ),
    problem(
        "billing.data_overage",
        products=POSTPAID,
        category="Billing › Charges › Overage",
        team="billing",
        subjects=(
            "Charged for data overage",
            "Data overage of {data_gb} on the bill",
            "Data overage on a family line",
        ),
        descriptions=(
            "Customer went {data_gb} over the plan and was billed {amount}; says no usage alert arrived.",
            "A teenager on the family plan used {data_gb} extra streaming video; the customer wants a cap.",
        ),
        resolutions=(
            (
                "usage_unaware",
                "Alerts were sent at 90% and 100%. Reduced the overage by half as a courtesy and turned on a data cap "
                "for the line.",
            ),
            (
                "usage_unaware",
                "Moved the line to a plan with more data, back-dated to the start of the cycle, which removed the "
                "overage.",
            ),
        ),
        channels=DIGITAL,
        priorities=MONEY,
        frequency=3.0,
        contacts=(1, 1),
        handle_minutes=(6, 12),
        follow_ups={"orders.mobile_plan_change": 0.3},
    ),
    problem(
        "billing.third_party_charges",
        products=POSTPAID,
        category="Billing › Charges › Third-party charges",
        team="billing",
        subjects=(
            "Unknown premium text charges",
            "Charges for {premium_service} never signed up for",
            "Monthly third-party charge on the mobile bill",
        ),
        descriptions=(
            "Customer sees {amount} a month for {premium_service} billed through the mobile account for three "
            "months and never subscribed.",
            "Third-party charges of {amount} appeared after the customer's child downloaded a game on the phone.",
        ),
        resolutions=(
            (
                "third_party_charge",
                "Cancelled the premium subscription, blocked premium messaging on the line and refunded the charges.",
            ),
            (
                "third_party_charge",
                "Disputed the charges with the content provider, credited {amount} and added a third-party billing "
                "block.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=1.5,
        contacts=(1, 2),
        handle_minutes=(5, 10),
    ),
    problem(
        "billing.plan_change_charges",
        products=BILLED,
        category="Billing › Charges › Unexpected charges",
        team="billing",
        subjects=(
            "Bill higher after changing plan",
            "Confusing credits and charges after package change",
        ),
        descriptions=(
            "Customer changed the {product} package mid-cycle and the bill shows credits and charges they cannot "
            "follow.",
            "After the plan change the bill is {amount} higher than the new monthly price.",
        ),
        resolutions=(
            (
                "proration",
                "Explained the mid-cycle proration: a partial credit for the old package and a partial charge for "
                "the new one. The bill is correct.",
            ),
            (
                "billing_error",
                "The old package was billed for the full month as well as the new one. Credited the overlap of "
                "{amount}.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=2.0,
        contacts=(1, 2),
        handle_minutes=(6, 13),
    ),
    problem(
        "billing.unexplained_fee",
        products=BILLED,
        category="Billing › Charges › Unexpected charges",
        team="billing",
        subjects=(
            "One-time charge of {amount} not explained",
            "Service fee on the bill not explained",
        ),
        descriptions=(
            "A {amount} charge labelled as a service fee appeared on this bill; the customer did not ask for any "
            "change.",
            "Customer sees a {amount} technician visit fee on the {product} bill and does not know what it is for.",
        ),
        resolutions=(
            (
                "billing_error",
                "A technician visit fee was applied although the fault was on our side. Reversed the {amount} charge.",
            ),
            (
                "customer_knowledge",
                "The fee was for a technician visit the customer booked for their own equipment. Explained it; no "
                "adjustment.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=1.5,
        contacts=(1, 2),
        handle_minutes=(6, 12),
    ),
    problem(
        "mobile.device_financing",
        products=POSTPAID,
        category="Billing › Charges › Unexpected charges",
        team="billing",
        subjects=(
            "Device balance charged in full",
            "Charged {large_amount} for the rest of my phone",
            "Remaining phone balance on the bill",
        ),
        descriptions=(
            "Customer sees a charge of {large_amount} for the remaining {phone_model} balance and does not "
            "understand why it was charged at once.",
            "After moving a line to a new plan, the bill shows the whole remaining {phone_model} balance of "
            "{large_amount}.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "Explained that the remaining device balance becomes due when the line leaves the financing plan; "
                "customer understood.",
            ),
            (
                "billing_error",
                "The device balance was wrongly charged in full after a change on the same line. Reversed the "
                "{large_amount} charge and restored the monthly instalments.",
            ),
            (
                "customer_request",
                "Customer chose to pay off the {large_amount} and keep the new plan; confirmed the device is paid in "
                "full.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=1.8,
        contacts=(1, 2),
        handle_minutes=(6, 14),
    ),
    problem(
        "phone.long_distance",
        products=("home-phone",),
        category="Billing › Charges › Long distance",
        team="billing",
        subjects=(
            "Long distance charges of {amount} on the bill",
            "Calls to {country} billed per minute",
        ),
        descriptions=(
            "Customer calls family in {country} every week from the home phone and was billed {amount} in "
            "per-minute charges.",
            "Customer thought the home phone plan included calls to {country}; the bill shows {amount} in charges.",
        ),
        resolutions=(
            (
                "customer_knowledge",
                "Added an international calling plan back-dated to the start of the cycle; the calls re-rated to the "
                "plan price.",
            ),
            (
                "misquoted",
                "The customer had been told international calls were included. Credited {amount} and added the "
                "international calling plan.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=1.0,
        contacts=(1, 1),
        handle_minutes=(5, 11),
    ),
)
