"""Orders: installations, missed appointments, deliveries, serviceability, activations and number transfers."""

from __future__ import annotations

from frontline.demo.catalogue_base import BROADBAND, DIGITAL, IN_STORE, MOBILE, SERVICE_DOWN, problem

INSTALLED = ("fibre", "dsl", "tv", "home-phone", "business-internet")

PROBLEMS = (
    problem(
        "orders.installation_booking",
        products=BROADBAND,
        category="Orders › Installation",
        team="orders",
        subjects=(
            "Booking installation for new {speed_plan} service",
            "New {product} installation, questions about the visit",
            "Needs an installation slot that fits shift work",
        ),
        descriptions=(
            "New customer ordered {speed_plan} (order {order}) and wants the earliest installation slot; works "
            "shifts and needs the {appointment} window.",
            "Customer in {neighbourhood} asks what the {product} installation involves and whether holes will be "
            "drilled in {room}; order {order}.",
        ),
        resolutions=(
            (
                "customer_request",
                "Booked the installation for {day} in the {appointment} window and sent the confirmation e-mail; "
                "installation completed as booked.",
            ),
            (
                "customer_knowledge",
                "Explained the installation steps and where the line can enter the house; booked the visit for {day}.",
            ),
        ),
        channels={"phone": 55, "chat": 25, "email": 10, "walk_in": 10},
        frequency=3.5,
        contacts=(1, 2),
        handle_minutes=(8, 18),
        follow_ups={"billing.first_bill_high": 0.3, "internet.wifi_coverage": 0.08},
    ),
    problem(
        "orders.installation_incomplete",
        products=BROADBAND,
        category="Orders › Installation",
        team="orders",
        subjects=(
            "Installation not finished, no service",
            "Technician left before the modem was working",
        ),
        descriptions=(
            "The installer ran the line on {day} but left before the {router} was working; the customer has no "
            "service.",
            "Technician installed the outlet but the {router} still shows {modem_light}; order {order}.",
        ),
        resolutions=(
            (
                "dispatch_scheduling",
                "The installer's job was closed early by mistake. Activated the modem remotely and booked a return "
                "visit to finish the wall plate; service working.",
            ),
            (
                "provisioning_error",
                "The new line had not been linked to the modem in the network. Linked it remotely; the customer "
                "confirmed service.",
            ),
        ),
        priorities=SERVICE_DOWN,
        frequency=1.2,
        contacts=(1, 3),
        handle_minutes=(8, 16),
        follow_ups={"billing.first_bill_high": 0.25, "feedback.service_complaint": 0.06},
    ),
    problem(
        "orders.missed_appointment",
        products=INSTALLED,
        category="Orders › Installation",
        team="orders",
        subjects=(
            "Technician did not show up",
            "Missed appointment, took the day off work",
            "No-show for the {appointment} appointment",
        ),
        descriptions=(
            "Customer waited at home all of the {appointment} window on {day}; nobody came and nobody called.",
            "Second missed appointment for the same order ({order}); the customer took unpaid time off both times.",
        ),
        resolutions=(
            (
                "dispatch_scheduling",
                "The job had dropped off the technician's route. Rebooked for the first slot the next morning with a "
                "confirmed call-ahead and applied a {credit} missed-appointment credit.",
            ),
            (
                "dispatch_scheduling",
                "The technician was held up by an emergency repair and the call-ahead was not made. Apologised, "
                "rebooked and credited {credit}.",
            ),
        ),
        priorities={"low": 2, "normal": 50, "high": 42, "urgent": 6},
        frequency=2.5,
        contacts=(1, 3),
        handle_minutes=(6, 14),
        follow_ups={"feedback.service_complaint": 0.12},
    ),
    problem(
        "orders.equipment_delivery",
        products=("fibre", "dsl", "mobile-postpaid", "tv", "business-internet"),
        category="Equipment › Delivery and returns",
        team="orders",
        subjects=(
            "Equipment order not delivered",
            "Courier says delivered but no package",
            "Where is my order {order}?",
        ),
        descriptions=(
            "Order {order} was due on {day}; the tracking page has not moved for four days.",
            "The courier marked order {order} as delivered but nothing arrived; the customer checked with neighbours.",
        ),
        resolutions=(
            (
                "courier_delay",
                "The courier mis-routed the package. Located it at the {city} depot and delivered it the next day.",
            ),
            (
                "courier_delay",
                "The courier lost the package. Opened a claim ({reference}) and shipped a replacement by express at "
                "no charge.",
            ),
        ),
        channels=DIGITAL,
        frequency=2.0,
        contacts=(1, 3),
        handle_minutes=(5, 10),
    ),
    problem(
        "orders.not_serviceable",
        products=("fibre",),
        category="Orders › New service",
        team="orders",
        subjects=(
            "Fibre not available at my address",
            "Neighbours have fibre but my order was refused",
        ),
        descriptions=(
            "Customer in {neighbourhood} tried to order fibre online and was told the address cannot be served, "
            "although neighbours have it.",
            "Condo in {neighbourhood}; the online order says the unit cannot be served although the building has "
            "fibre.",
        ),
        resolutions=(
            (
                "address_not_serviceable",
                "The address is just outside the current fibre footprint. Offered DSL in the meantime and registered "
                "interest for the build-out.",
            ),
            (
                "provisioning_error",
                "The unit number was missing in the address database. Corrected it; the order went through and "
                "installation was booked.",
            ),
        ),
        channels=DIGITAL,
        frequency=1.2,
        contacts=(1, 2),
        handle_minutes=(6, 12),
    ),
    problem(
        "orders.mobile_activation",
        products=MOBILE,
        category="Orders › New service",
        team="orders",
        subjects=(
            "New SIM not activated",
            "Activated new line on {phone_model} but cannot call",
        ),
        descriptions=(
            "Customer bought a {phone_model} and a new line on {plan_name} at the {city} store; the SIM shows 'not "
            "activated' at home.",
            "The SIM from the online order (order {order}) shows no service after the activation steps.",
        ),
        resolutions=(
            (
                "activation_incomplete",
                "The activation was left pending a credit check step. Completed it; line active and a test call made.",
            ),
            (
                "provisioning_error",
                "The SIM was paired with the wrong phone number at order entry. Corrected it and activated the line; "
                "test call made.",
            ),
        ),
        channels=IN_STORE,
        priorities=SERVICE_DOWN,
        frequency=2.0,
        contacts=(1, 2),
        handle_minutes=(10, 22),
        follow_ups={"billing.first_bill_high": 0.3, "mobile.data_not_working": 0.08, "mobile.voicemail": 0.04},
    ),
    problem(
        "orders.add_line",
        products=("mobile-postpaid",),
        category="Orders › New service",
        team="orders",
        subjects=(
            "Adding a line to the account",
            "New line for a family member",
        ),
        descriptions=(
            "Customer wants to add a line for a family member on {plan_name} and keep one bill.",
            "Customer wants a second line for a teenager on {plan_name} with a data cap.",
        ),
        resolutions=(
            (
                "customer_request",
                "Added the new line on {plan_name}, shipped the SIM (order {order}) and activated it on arrival.",
            ),
            (
                "customer_request",
                "Added the line on {plan_name} with the multi-line discount and set a data cap; SIM activated in "
                "store.",
            ),
        ),
        channels=IN_STORE,
        frequency=2.0,
        contacts=(1, 2),
        handle_minutes=(10, 25),
        follow_ups={"billing.first_bill_high": 0.25},
    ),
    problem(
        "orders.number_transfer",
        products=MOBILE,
        category="Orders › Number transfer",
        team="orders",
        subjects=(
            "Number transfer from {competitor} not done",
            "Still on a temporary number after two days",
            "Number transfer stuck, old phone still works",
        ),
        descriptions=(
            "Customer is moving the number from {competitor}. The transfer was requested on {day} but the new SIM "
            "still has the temporary number.",
            "The transfer from {competitor} was rejected; the customer is not sure which account number the other "
            "carrier has.",
        ),
        resolutions=(
            (
                "porting_delay",
                "The other carrier had not answered the transfer request. Escalated through the transfer desk; the "
                "number moved the same afternoon.",
            ),
            (
                "porting_details",
                "The account number on the request did not match the other carrier's records. Corrected it from the "
                "customer's bill and resubmitted; transfer completed.",
            ),
        ),
        channels={"phone": 60, "chat": 25, "email": 5, "walk_in": 10},
        priorities=SERVICE_DOWN,
        frequency=2.5,
        contacts=(1, 3),
        handle_minutes=(8, 18),
        follow_ups={"mobile.no_service": 0.08, "billing.first_bill_high": 0.15},
    ),
)
