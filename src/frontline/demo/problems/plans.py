"""Plan changes: faster internet, mobile plans, changes that did not take, and TV packages."""

from __future__ import annotations

from frontline.demo.catalogue_base import BROADBAND, DIGITAL, MONEY, WRITTEN, problem

PROBLEMS = (
    problem(
        "orders.internet_upgrade",
        products=BROADBAND,
        category="Orders › Plan changes",
        team="orders",
        subjects=(
            "Wants to upgrade to {speed_plan}",
            "Wants faster internet",
        ),
        descriptions=(
            "Customer wants a faster plan for {activity} and asks about {speed_plan}.",
            "Customer works from home and asks whether {speed_plan} is worth the extra cost.",
        ),
        resolutions=(
            (
                "customer_request",
                "Changed the plan to {speed_plan} effective today; speed test confirms it. Explained the prorated "
                "charges on the next bill.",
            ),
            (
                "customer_request",
                "Compared the plans with the customer, who chose {speed_plan} from the next billing cycle.",
            ),
        ),
        channels=DIGITAL,
        frequency=2.5,
        contacts=(1, 1),
        handle_minutes=(6, 14),
        follow_ups={"billing.plan_change_charges": 0.12},
    ),
    problem(
        "orders.mobile_plan_change",
        products=("mobile-postpaid",),
        category="Orders › Plan changes",
        team="orders",
        subjects=(
            "Change mobile plan to {plan_name}",
            "Wants a plan with more data",
        ),
        descriptions=(
            "Customer keeps running out of data and asks to move to {plan_name}, keeping the same number.",
            "Customer wants to move to {plan_name} from the current plan before the next billing cycle.",
        ),
        resolutions=(
            (
                "customer_request",
                "Moved the line to {plan_name} effective today and explained the prorated charges on the next bill.",
            ),
            (
                "customer_request",
                "Moved the line to {plan_name} from the start of the next cycle; no change to the device payments.",
            ),
        ),
        channels=DIGITAL,
        frequency=3.0,
        contacts=(1, 1),
        handle_minutes=(6, 14),
        follow_ups={"billing.plan_change_charges": 0.12},
    ),
    problem(
        "orders.plan_change_not_applied",
        products=("fibre", "dsl", "mobile-postpaid", "home-phone"),
        category="Orders › Plan changes",
        team="orders",
        subjects=(
            "Plan change requested but old price still billed",
            "Old plan still on the bill after change",
        ),
        descriptions=(
            "The customer asked to change the {product} plan last month, but the bill still shows the old plan and "
            "price.",
            "Customer changed plans in MyMaplewave weeks ago; the bill still shows the old plan, {amount} more a "
            "month.",
        ),
        resolutions=(
            (
                "process_not_followed",
                "The change was never submitted. Made it, back-dated it and credited the difference of {amount}.",
            ),
            (
                "self_service_defect",
                "The online change failed without an error. Applied it, back-dated it and credited {amount}.",
            ),
        ),
        channels=WRITTEN,
        priorities=MONEY,
        frequency=1.5,
        contacts=(1, 2),
        handle_minutes=(6, 14),
    ),
    problem(
        "orders.tv_add_channels",
        products=("tv",),
        category="Orders › Plan changes",
        team="tv_phone",
        subjects=(
            "Add the {theme_pack} to TV",
            "Wants {tv_channel} added",
        ),
        descriptions=(
            "Customer wants {tv_channel}, which comes with the {theme_pack}.",
            "Customer wants the {theme_pack} for the season, mainly for {tv_channel}.",
        ),
        resolutions=(
            (
                "customer_request",
                "Added the {theme_pack}; {tv_channel} appeared within minutes. Explained the prorated charge.",
            ),
            (
                "customer_knowledge",
                "Showed the customer how to add the {theme_pack} from the TV menu; {tv_channel} now plays.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.5,
        contacts=(1, 1),
        handle_minutes=(6, 12),
        follow_ups={"billing.plan_change_charges": 0.15},
    ),
    problem(
        "orders.tv_lower_bill",
        products=("tv",),
        category="Orders › Plan changes",
        team="tv_phone",
        subjects=(
            "Remove channels to lower the bill",
            "Wants a cheaper TV package",
        ),
        descriptions=(
            "Customer wants to drop channels they do not watch and lower the TV bill by about {amount}.",
            "Customer watches a handful of channels and wants a cheaper package.",
        ),
        resolutions=(
            (
                "customer_request",
                "Moved the customer to a smaller package with the channels they watch, saving about {amount} a month.",
            ),
            (
                "customer_request",
                "Kept the package and applied the TV loyalty discount, about {amount} less a month.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.2,
        contacts=(1, 1),
        handle_minutes=(6, 12),
    ),
)
