"""What the case generator precomputes once: each problem type bound to the organisation's rows, the
choices per product bundle, and the calendar of case volumes."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from frontline.demo import catalogue
from frontline.demo.catalogue_base import ProblemType
from frontline.demo.organisation import Organisation

# Relative volume by weekday (Monday first) and by month (January first); holidays are quiet.
WEEKDAY_VOLUME = (1.18, 1.10, 1.05, 1.02, 0.98, 0.62, 0.48)
MONTH_VOLUME = (1.10, 1.00, 1.00, 0.95, 0.95, 1.00, 1.06, 1.05, 1.10, 1.00, 0.98, 0.86)
HOLIDAYS = ((1, 1), (7, 1), (12, 25), (12, 26))
GROWTH = 0.3  # the last day sees this much more volume than the first
DEMO_AGENT_WEIGHT = 3  # the demo `agent` log-in takes this many agents' share of its team's work

# When contacts arrive, by local hour (0-23), per channel.
ARRIVAL_HOURS: Mapping[str, tuple[int, ...]] = {
    "phone": (0, 0, 0, 0, 0, 0, 0, 0, 3, 8, 10, 10, 8, 9, 9, 8, 8, 7, 6, 5, 3, 0, 0, 0),
    "chat": (0, 0, 0, 0, 0, 0, 0, 1, 3, 6, 8, 8, 8, 8, 8, 7, 7, 7, 7, 7, 6, 5, 3, 1),
    "email": (1, 1, 1, 1, 1, 1, 2, 3, 5, 7, 7, 7, 6, 6, 6, 6, 5, 5, 5, 5, 4, 4, 3, 2),
    "walk_in": (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 8, 9, 9, 8, 8, 8, 7, 0, 0, 0, 0, 0, 0),
}
TOP_MENU = {"Billing": "4", "Orders": "5", "Account": "5", "Feedback": "5"}
PRODUCT_MENU = {
    "fibre": "1",
    "dsl": "1",
    "business-internet": "1",
    "mobile-postpaid": "2",
    "mobile-prepaid": "2",
    "tv": "3",
    "home-phone": "3",
}


def cumulative(weights: Sequence[float]) -> list[float]:
    """Running totals of `weights`, for choosing with bisect."""
    return list(itertools.accumulate(weights))


def _menu(problem: ProblemType, product: str) -> str:
    """The phone menu choices (after the language) that lead a caller with this problem to the team."""
    root, *rest = problem.category.split(catalogue.PATH_SEPARATOR)
    top = TOP_MENU.get(root, PRODUCT_MENU[product])
    children = list(catalogue.TAXONOMY[root])
    return f"{top}>{children.index(rest[0]) + 1}" if rest else top


@dataclass(frozen=True, slots=True)
class ProblemPlan:
    """A problem type bound to the organisation: ids, agents and precomputed choices."""

    problem: ProblemType
    category_id: int
    team_id: int
    queue: str
    agents: tuple[int, ...]
    supervisor: int
    root_causes: tuple[str, ...]  # the text of each resolution's root cause, in order
    channels: tuple[str, ...]
    channel_weights: list[float]
    priorities: tuple[str, ...]
    priority_weights: list[float]
    contact_counts: tuple[int, ...]
    contact_weights: list[float]
    handle_seconds: tuple[int, int]
    menus: Mapping[str, str]  # product code to phone menu path
    follow_ups: tuple[tuple[int, float], ...]  # problem index, probability


def plan_problem(problem: ProblemType, organisation: Organisation) -> ProblemPlan:
    """Bind one problem type to the organisation's rows."""
    team = next(team for team in catalogue.TEAMS if team.key == problem.team)
    indexes = {key: index for index, key in enumerate(catalogue.PROBLEMS_BY_KEY)}
    low, high = problem.contacts
    counts = tuple(range(low, high + 1))
    agents = organisation.team_agents[team.key]
    if organisation.demo_agent_id in agents:  # so the demo log-in has a full desk of its own
        agents = [*agents, *[organisation.demo_agent_id] * (DEMO_AGENT_WEIGHT - 1)]
    return ProblemPlan(
        problem=problem,
        category_id=organisation.categories[problem.category],
        team_id=organisation.teams[team.key],
        queue=team.queue,
        agents=tuple(agents),
        supervisor=organisation.supervisors[team.key],
        root_causes=tuple(catalogue.ROOT_CAUSES[r.root_cause] for r in problem.resolutions),
        channels=tuple(problem.channels),
        channel_weights=cumulative(list(problem.channels.values())),
        priorities=tuple(problem.priorities),
        priority_weights=cumulative(list(problem.priorities.values())),
        contact_counts=counts,
        contact_weights=cumulative([0.55**step for step in range(len(counts))]),
        handle_seconds=(problem.handle_minutes[0] * 60, problem.handle_minutes[1] * 60),
        menus={product: _menu(problem, product) for product in problem.products},
        follow_ups=tuple((indexes[f.key], f.probability) for f in problem.follow_ups),
    )


@dataclass(frozen=True, slots=True)
class BundlePlan:
    """The problem types a holder of one bundle can have, with the products each could be about."""

    problems: tuple[int, ...]
    weights: list[float]
    products: Mapping[int, tuple[str, ...]]  # problem index to the bundle's products it concerns


def plan_bundles() -> list[BundlePlan]:
    """One BundlePlan per catalogue bundle, in catalogue order."""
    plans = []
    for bundle in catalogue.BUNDLES:
        products = {
            index: tuple(code for code in problem.products if code in bundle.products)
            for index, problem in enumerate(catalogue.PROBLEM_TYPES)
        }
        eligible = tuple(index for index, codes in products.items() if codes)
        weights = cumulative([catalogue.PROBLEM_TYPES[index].frequency for index in eligible])
        plans.append(BundlePlan(problems=eligible, weights=weights, products=products))
    return plans


def day_volumes(first_day: dt.date, days: int) -> list[float]:
    """The relative case volume of each day: growth, weekday, season and holidays."""
    volumes = []
    for offset in range(days):
        day = first_day + dt.timedelta(days=offset)
        volume = (1 + GROWTH * offset / max(days - 1, 1)) * WEEKDAY_VOLUME[day.weekday()]
        volume *= MONTH_VOLUME[day.month - 1]
        if (day.month, day.day) in HOLIDAYS:
            volume *= 0.35
        volumes.append(volume)
    return volumes


def local_midnights(first_day: dt.date, days: int) -> list[list[int]]:
    """Per branch (catalogue order), the UTC epoch second of each day's local midnight."""
    table = []
    for branch in catalogue.BRANCHES:
        zone = zoneinfo.ZoneInfo(branch.time_zone)
        table.append(
            [
                int(dt.datetime.combine(first_day + dt.timedelta(days=offset), dt.time.min, tzinfo=zone).timestamp())
                for offset in range(days)
            ]
        )
    return table
