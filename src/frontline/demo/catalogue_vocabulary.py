"""The small vocabularies that fill the `{slot}`s of case text. Pure data, no Django import.

A slot is filled, in this order, from the case itself (CONTEXT_SLOTS), from the product's own words
(PRODUCT_VOCABULARY), from the shared VOCABULARY, or from a digit pattern (PATTERNS, each '#' a digit).
"""

from __future__ import annotations

from collections.abc import Mapping

# Filled from the case: the product's noun, and the customer's city, neighbourhood and area code.
CONTEXT_SLOTS = ("product", "city", "neighbourhood", "area_code")

PATTERNS: Mapping[str, str] = {
    "ticket": "INC-######",
    "order": "ORD-#######",
    "reference": "REF-######",
    "node": "N-####",
    "card_last4": "####",
    "imei_tail": "####",
    "firmware": "7.2.##",
    "app_version": "5.##",
}

VOCABULARY: Mapping[str, tuple[str, ...]] = {
    "when": (
        "about 7 this morning",
        "around 10:30 last night",
        "about 6 pm yesterday",
        "around noon",
        "about 2 this afternoon",
        "around midnight",
        "about 8 pm on Sunday",
        "around 5 this morning",
    ),
    "when_recently": ("last week", "the weekend", "a few days ago", "the last software update", "Monday"),
    "when_lost": ("on the bus this morning", "at a restaurant last night", "at the gym", "on the subway"),
    "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "month": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "months_ago": ("two months ago", "three months ago", "five months ago", "last spring", "last year"),
    "weeks": ("two weeks", "three weeks", "a month", "six weeks"),
    "outage_days": ("two", "three", "four"),
    "appointment": ("8 am to noon", "noon to 5 pm", "8 am to 5 pm", "5 pm to 9 pm"),
    "amount": (
        "$12.50",
        "$14.95",
        "$18.99",
        "$24.38",
        "$29.00",
        "$32.17",
        "$37.15",
        "$42.00",
        "$48.60",
        "$56.72",
    ),
    "large_amount": ("$148.60", "$186.40", "$212.35", "$287.90", "$340.00", "$415.25", "$512.80", "$612.04"),
    "credit": ("$10.00", "$15.00", "$20.00", "$25.00", "$30.00", "$40.00", "$50.00"),
    "prepaid_amount": ("$15", "$25", "$30", "$50", "$75"),
    "data_gb": ("1.2 GB", "2 GB", "3.5 GB", "6 GB", "9 GB"),
    "plan_name": (
        "Essentials 10 GB",
        "Everyday 40 GB",
        "Unlimited 60 GB",
        "Unlimited 100 GB",
        "Talk & Text",
        "Family Share 150 GB",
    ),
    "phone_model": (
        "iPhone 15",
        "iPhone 14",
        "iPhone 13",
        "iPhone SE",
        "Galaxy S24",
        "Galaxy S23",
        "Galaxy A54",
        "Pixel 8",
        "Pixel 7a",
        "Moto G Power",
    ),
    "router": ("Maplewave Hub 3", "Maplewave Hub 4", "Maplewave Hub 5"),
    "modem_light": (
        "a solid red internet light",
        "a blinking orange light",
        "no internet light at all",
        "a flashing white light",
    ),
    "speed_plan": ("Fibre 150", "Fibre 500", "Fibre 1 Gig", "Fibre 3 Gig"),
    "measured_speed": ("8 Mbps", "12 Mbps", "23 Mbps", "38 Mbps", "61 Mbps", "95 Mbps"),
    "activity": (
        "video calls for work",
        "online gaming",
        "4K streaming",
        "uploading files to the cloud",
        "the kids' school video classes",
    ),
    "room": ("the basement", "the upstairs bedrooms", "the home office", "the kitchen", "the living room"),
    "mail_error": ("0x800CCC0E", "550 relay denied", "SMTP authentication failed"),
    "tv_box": ("Maplewave TV 4K Box", "Maplewave TV Mini", "Maplewave PVR 2"),
    "tv_error": ("V-104", "E-301", "S-2005", "V-53"),
    "tv_channel": (
        "Northern Sports 1",
        "Northern Sports 2",
        "Maple Cinema",
        "Metro News 24",
        "Ciné Nord",
        "Kids Zone",
        "History Plus",
        "Prairie Sports",
    ),
    "theme_pack": ("Sports Plus pack", "Movie Lovers pack", "Kids pack", "Essentiels français pack", "Explore pack"),
    "sports_event": ("Saturday's hockey game", "the Sunday football game", "the late basketball game"),
    "premium_service": ("a ringtone subscription", "a trivia contest", "a horoscope text service"),
    "country": (
        "the United States",
        "Mexico",
        "France",
        "Portugal",
        "Japan",
        "the Dominican Republic",
        "Italy",
        "the United Kingdom",
        "India",
        "the Philippines",
    ),
    "competitor": ("Northstar Mobile", "Lakeshore Telecom", "PrairieLink", "Beacon Wireless"),
}

# Words that depend on the case's product, read before VOCABULARY.
PRODUCT_VOCABULARY: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "dsl": {
        "router": ("Maplewave DSL Modem 2", "Maplewave Hub 3"),
        "speed_plan": ("DSL 15", "DSL 25", "DSL 50"),
        "measured_speed": ("1.5 Mbps", "3 Mbps", "6 Mbps", "9 Mbps"),
        "modem_light": ("a blinking DSL light", "a red internet light", "no DSL light at all"),
    },
    "business-internet": {
        "router": ("Maplewave Business Gateway", "Maplewave Business Gateway Pro"),
        "speed_plan": ("Business Fibre 300", "Business Fibre 1 Gig", "Dedicated 500"),
    },
}
