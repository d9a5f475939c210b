"""The shapes of the demo catalogue: products, problem types and their text. Pure data, no Django import."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Relative weights by channel; the keys are the values of frontline.cases.models.Channel.
CALL_LED: Mapping[str, int] = {"phone": 70, "chat": 14, "email": 8, "walk_in": 8}
DIGITAL: Mapping[str, int] = {"phone": 40, "chat": 35, "email": 20, "walk_in": 5}
IN_STORE: Mapping[str, int] = {"phone": 35, "chat": 8, "email": 4, "walk_in": 53}
WRITTEN: Mapping[str, int] = {"phone": 35, "chat": 20, "email": 40, "walk_in": 5}
URGENT_CALL: Mapping[str, int] = {"phone": 88, "chat": 6, "email": 2, "walk_in": 4}

# Relative weights by priority; the keys are the values of frontline.cases.models.Priority.
ROUTINE: Mapping[str, int] = {"low": 30, "normal": 62, "high": 7, "urgent": 1}
MONEY: Mapping[str, int] = {"low": 8, "normal": 72, "high": 18, "urgent": 2}
SERVICE_DOWN: Mapping[str, int] = {"low": 1, "normal": 34, "high": 50, "urgent": 15}
SECURITY: Mapping[str, int] = {"low": 0, "normal": 8, "high": 42, "urgent": 50}


@dataclass(frozen=True, slots=True)
class Product:
    """Something Maplewave sells; `noun` is how an agent's note names it."""

    code: str
    name: str
    noun: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """One way a problem ends: the agent's resolution note and the root cause (a key of ROOT_CAUSES) behind it."""

    root_cause: str
    text: str


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A problem customers often contact about next, within 30 days, with its probability."""

    key: str
    probability: float


@dataclass(frozen=True, slots=True)
class ProblemType:
    """A kind of problem the desk sees, with everything needed to write a coherent case about it.

    Text templates use `{slot}` names filled from the vocabulary, the slot patterns or the case itself.
    """

    key: str
    products: tuple[str, ...]
    category: str  # a path of the taxonomy, parts joined by " › "
    team: str  # a key of TEAMS
    subjects: tuple[str, ...]
    descriptions: tuple[str, ...]
    resolutions: tuple[Resolution, ...]
    channels: Mapping[str, int]
    priorities: Mapping[str, int]
    frequency: float
    contacts: tuple[int, int]  # fewest and most contacts a case of this kind usually takes
    handle_minutes: tuple[int, int]  # shortest and longest handle time of one contact
    follow_ups: tuple[FollowUp, ...] = ()


def problem(
    key: str,
    *,
    products: tuple[str, ...],
    category: str,
    team: str,
    subjects: tuple[str, ...],
    descriptions: tuple[str, ...],
    resolutions: tuple[tuple[str, str], ...],
    channels: Mapping[str, int] = CALL_LED,
    priorities: Mapping[str, int] = ROUTINE,
    frequency: float = 1.0,
    contacts: tuple[int, int] = (1, 2),
    handle_minutes: tuple[int, int] = (6, 14),
    follow_ups: Mapping[str, float] | None = None,
) -> ProblemType:
    """A problem type from literal data; resolutions are (root cause key, text) pairs."""
    return ProblemType(
        key=key,
        products=products,
        category=category,
        team=team,
        subjects=subjects,
        descriptions=descriptions,
        resolutions=tuple(Resolution(root_cause=cause, text=text) for cause, text in resolutions),
        channels=channels,
        priorities=priorities,
        frequency=frequency,
        contacts=contacts,
        handle_minutes=handle_minutes,
        follow_ups=tuple(FollowUp(key=name, probability=p) for name, p in (follow_ups or {}).items()),
    )


BROADBAND = ("fibre", "dsl")
INTERNET = ("fibre", "dsl", "business-internet")
MOBILE = ("mobile-postpaid", "mobile-prepaid")
ALL_PRODUCTS = ("fibre", "dsl", "mobile-postpaid", "mobile-prepaid", "tv", "home-phone", "business-internet")
BILLED = ("fibre", "dsl", "mobile-postpaid", "tv", "home-phone", "business-internet")


@dataclass(frozen=True, slots=True)
class Branch:
    """A Maplewave office and the city it serves; customers there are served in its time zone."""

    key: str
    name: str
    city: str
    time_zone: str
    phone_number: str
    area_codes: tuple[str, ...]
    neighbourhoods: tuple[str, ...]
    share: float  # the part of the customer base living there
    french_share: float  # how many callers choose French in the phone menu


@dataclass(frozen=True, slots=True)
class Team:
    """A team, the branch it sits in, its phone queue and how many agents it has besides its supervisor."""

    key: str
    name: str
    branch: str
    queue: str
    skills: tuple[str, ...]
    agents: int


@dataclass(frozen=True, slots=True)
class Bundle:
    """A set of products a household or business holds, and how common it is in each tier."""

    key: str
    products: tuple[str, ...]
    tiers: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class TierProfile:
    """What a customer tier looks like: its share, its yearly revenue range and how often it calls."""

    tier: str
    share: int
    revenue: tuple[int, int]  # dollars over twelve months
    activity: float  # relative contact rate
