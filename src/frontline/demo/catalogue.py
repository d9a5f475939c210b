"""Maplewave Communications, a fictitious Canadian broadband, mobile and TV provider. Pure data, no Django import.

Its offices, teams, products, category taxonomy, root causes and the problem types its desk sees. The problem
types live in frontline.demo.problems, one module per line of business, and are gathered here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeAlias

from frontline.demo.catalogue_base import Branch, Bundle, ProblemType, Product, Team, TierProfile
from frontline.demo.problems import (
    account,
    billing,
    broadband,
    business,
    home_phone,
    internet_services,
    mobile,
    orders,
    payments,
    plans,
    pricing,
    security,
    tv,
)

COMPANY_NAME = "Maplewave Communications"
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")  # reserved domains: no demo mail reaches anyone

PRODUCTS = (
    Product("fibre", "Fibre Internet", "fibre internet"),
    Product("dsl", "DSL Internet", "DSL internet"),
    Product("mobile-postpaid", "Mobile Postpaid", "mobile service"),
    Product("mobile-prepaid", "Mobile Prepaid", "prepaid mobile service"),
    Product("tv", "Maplewave TV", "TV service"),
    Product("home-phone", "Home Phone", "home phone"),
    Product("business-internet", "Business Internet", "business internet"),
)

BRANCHES = (
    Branch(
        "toronto",
        "Toronto King Street",
        "Toronto",
        "America/Toronto",
        "+14165550142",
        ("416", "647", "437"),
        ("Leslieville", "The Annex", "Scarborough Village", "Etobicoke", "Liberty Village", "the Danforth"),
        0.32,
        0.02,
    ),
    Branch(
        "montreal",
        "Montréal Plateau",
        "Montréal",
        "America/Toronto",
        "+15145550178",
        ("514", "438"),
        ("the Plateau", "Rosemont", "Verdun", "Saint-Laurent", "Hochelaga", "Villeray"),
        0.22,
        0.78,
    ),
    Branch(
        "vancouver",
        "Vancouver Broadway",
        "Vancouver",
        "America/Vancouver",
        "+16045550119",
        ("604", "778", "236"),
        ("Kitsilano", "Mount Pleasant", "Kerrisdale", "Hastings-Sunrise", "Yaletown", "Marpole"),
        0.18,
        0.01,
    ),
    Branch(
        "calgary",
        "Calgary Beltline",
        "Calgary",
        "America/Edmonton",
        "+14035550163",
        ("403", "587", "825"),
        ("the Beltline", "Bridgeland", "Marda Loop", "Tuscany", "Bowness", "Inglewood"),
        0.12,
        0.01,
    ),
    Branch(
        "winnipeg",
        "Winnipeg Osborne",
        "Winnipeg",
        "America/Winnipeg",
        "+12045550131",
        ("204", "431"),
        ("Osborne Village", "St. Boniface", "River Heights", "Transcona", "Wolseley"),
        0.08,
        0.06,
    ),
    Branch(
        "halifax",
        "Halifax Waterfront",
        "Halifax",
        "America/Halifax",
        "+19025550187",
        ("902", "782"),
        ("the North End", "Clayton Park", "Dartmouth", "Bedford", "Spryfield"),
        0.08,
        0.02,
    ),
)

TEAMS = (
    Team("broadband", "Broadband support", "toronto", "Internet", ("Fibre", "DSL", "Home network"), 6),
    Team("mobile", "Mobile support", "vancouver", "Mobile", ("Mobile", "Devices", "Roaming"), 5),
    Team("billing", "Billing and accounts", "halifax", "Billing", ("Billing", "Payments", "Collections"), 5),
    Team("orders", "Orders and moves", "calgary", "Orders", ("Orders", "Installations", "Number transfers"), 4),
    Team("tv_phone", "TV and home phone", "montreal", "TV and phone", ("TV", "Home phone", "French"), 4),
    Team("loyalty", "Loyalty and security", "winnipeg", "Loyalty", ("Retention", "Fraud", "Complaints"), 3),
    Team("business", "Business care", "toronto", "Business", ("Business", "Fibre", "Static IP"), 3),
)

# The category taxonomy: each name maps to its children.
Taxonomy: TypeAlias = Mapping[str, "Taxonomy"]
TAXONOMY: Taxonomy = {
    "Connectivity": {
        "Outage": {},
        "Slow speeds": {},
        "Intermittent drops": {},
        "Wi-Fi and home network": {},
        "Configuration": {},
    },
    "Mobile network": {
        "No service": {},
        "Coverage": {},
        "Mobile data": {},
        "Calls, texts and voicemail": {},
        "Roaming": {},
    },
    "TV": {"Picture and signal": {}, "Channels and packages": {}, "Recordings": {}, "Apps and streaming": {}},
    "Home phone": {"Line faults": {}, "Calling features": {}},
    "Equipment": {
        "Modems and routers": {},
        "Mobile devices": {},
        "TV receivers and remotes": {},
        "Delivery and returns": {},
    },
    "Billing": {
        "Charges": {
            "Roaming": {},
            "Overage": {},
            "Long distance": {},
            "Equipment fees": {},
            "Third-party charges": {},
            "Unexpected charges": {},
        },
        "Payments": {},
        "Credits and refunds": {},
        "Promotions and pricing": {},
        "Collections": {},
    },
    "Orders": {"New service": {}, "Installation": {}, "Number transfer": {}, "Plan changes": {}},
    "Account": {
        "Moves": {},
        "Cancellation": {},
        "Ownership and access": {},
        "Online account": {},
        "Security and fraud": {},
    },
    "Feedback": {"Complaint": {}, "Retention": {}},
}
PATH_SEPARATOR = " › "

ROOT_CAUSES: Mapping[str, str] = {
    "fibre_cut": "Fibre cut by third-party construction",
    "cabinet_power": "Power failure at a street cabinet",
    "storm_damage": "Storm damage to outside plant",
    "planned_maintenance": "Planned network maintenance",
    "node_congestion": "Network congestion at peak hours",
    "tower_outage": "Cell site outage",
    "coverage_gap": "Mobile coverage gap",
    "signal_source": "Broadcast feed problem at the source",
    "drop_cable": "Damaged line or drop cable outside the premises",
    "inside_wiring": "Inside wiring or jack fault at the premises",
    "modem_fault": "Faulty Maplewave equipment",
    "firmware_defect": "Firmware or software defect in Maplewave equipment",
    "wifi_interference": "Weak Wi-Fi or interference in the home",
    "customer_equipment": "Customer-owned equipment or cabling",
    "device_settings": "Device settings",
    "device_defect": "Manufacturer defect in the device",
    "provisioning_error": "Provisioning error",
    "activation_incomplete": "Activation not completed",
    "porting_delay": "Number transfer delayed by the other carrier",
    "porting_details": "Incorrect details on the number transfer request",
    "entitlement_mismatch": "Channel entitlement mismatch",
    "rights_restriction": "Broadcast rights restriction",
    "dispatch_scheduling": "Technician dispatch or scheduling failure",
    "courier_delay": "Courier delay or lost shipment",
    "address_not_serviceable": "Address outside the serviceable area",
    "proration": "Prorated charges on a partial month",
    "billing_error": "Billing system error",
    "promotion_not_applied": "Promotion not applied at order entry",
    "promotion_ended": "Promotional pricing ended",
    "price_increase": "Scheduled price increase",
    "payment_processing": "Payment processing failure or delay",
    "payment_misapplied": "Payment applied to the wrong account",
    "roaming_unaware": "Customer unaware of roaming rates",
    "usage_unaware": "Usage above the plan's allowance",
    "third_party_charge": "Third-party charge billed to the account",
    "misquoted": "Incorrect information given by Maplewave staff",
    "process_not_followed": "Process not followed by Maplewave staff",
    "documentation_outdated": "Out-of-date help article",
    "self_service_defect": "Self-service app or website defect",
    "policy_gap": "Policy decision needed (credit or exception)",
    "competitor_offer": "Competitor offer",
    "fraud_identity": "Identity fraud",
    "fraud_account_takeover": "Account takeover (unauthorised SIM change)",
    "phishing": "Phishing or scam message",
    "customer_knowledge": "Customer unfamiliar with the product or feature",
    "customer_error": "Customer error entering details",
    "customer_request": "Customer-initiated change",
}

BUNDLES = (
    Bundle("fibre-mobile-tv", ("fibre", "mobile-postpaid", "tv"), {"standard": 8, "plus": 22, "premium": 40}),
    Bundle("fibre-mobile", ("fibre", "mobile-postpaid"), {"standard": 14, "plus": 24, "premium": 22}),
    Bundle("fibre-tv-phone", ("fibre", "tv", "home-phone"), {"standard": 6, "plus": 14, "premium": 18}),
    Bundle("fibre", ("fibre",), {"standard": 16, "plus": 12, "premium": 8}),
    Bundle("dsl-phone", ("dsl", "home-phone"), {"standard": 14, "plus": 8, "premium": 4}),
    Bundle("dsl-tv-phone", ("dsl", "tv", "home-phone"), {"standard": 6, "plus": 6, "premium": 4}),
    Bundle("dsl", ("dsl",), {"standard": 8, "plus": 2}),
    Bundle("mobile-postpaid", ("mobile-postpaid",), {"standard": 14, "plus": 12, "premium": 4}),
    Bundle("mobile-prepaid", ("mobile-prepaid",), {"standard": 14}),
    Bundle("business-internet-mobile", ("business-internet", "mobile-postpaid"), {"business": 55}),
    Bundle("business-internet-phone", ("business-internet", "home-phone"), {"business": 45}),
)

TIERS = (
    TierProfile("standard", 60, (540, 1400), 1.0),
    TierProfile("plus", 24, (1300, 2600), 1.1),
    TierProfile("premium", 11, (2600, 5200), 1.25),
    TierProfile("business", 5, (6000, 48000), 2.5),
)

PROBLEM_TYPES: tuple[ProblemType, ...] = tuple(
    problem
    for module in (
        broadband,
        internet_services,
        business,
        mobile,
        tv,
        home_phone,
        billing,
        pricing,
        payments,
        orders,
        plans,
        account,
        security,
    )
    for problem in module.PROBLEMS
)
PROBLEMS_BY_KEY: Mapping[str, ProblemType] = {problem.key: problem for problem in PROBLEM_TYPES}


def category_paths(tree: Taxonomy = TAXONOMY, prefix: str = "") -> Iterator[str]:
    """Every path of the taxonomy, each parent before its children, in the order written."""
    for name, children in tree.items():
        path = f"{prefix}{PATH_SEPARATOR}{name}" if prefix else name
        yield path
        yield from category_paths(children, path)


def parent_path(path: str) -> str | None:
    """The path of a category's parent, or None for a top-level category."""
    head, separator, _ = path.rpartition(PATH_SEPARATOR)
    return head if separator else None
