"""The demo company's customers: households and businesses across the branches, written in bulk."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from faker import Faker

from frontline.customers.models import Customer
from frontline.demo import catalogue
from frontline.demo.bulk import Row, insert_rows, moment_encoder, next_id
from frontline.demo.catalogue_base import TierProfile
from frontline.demo.organisation import Organisation, ascii_word
from frontline.demo.planning import cumulative

BATCH_SIZE = 5000
HISTORY_DAYS = 16 * 365  # the oldest customers joined this long before the first case
NEW_CUSTOMER_SHARE = 0.22  # joined during the two years of cases
CONTACTS_PER_CASE = 1.6
COST_PER_CONTACT = 8.40  # dollars
CUSTOMER_COLUMNS = (
    "id",
    "account_number",
    "name",
    "email",
    "phone",
    "tier",
    "branch_id",
    "relationship_owner_id",
    "customer_since",
    "revenue_amount",
    "cost_to_serve_amount",
    "created_at",
    "updated_at",
)

Progress = Callable[[str, int, int], None]


@dataclass
class Population:
    """The customers in `customer_since` order, with what the case generator needs to pick among them."""

    ids: list[int] = field(default_factory=list)
    since_days: list[int] = field(default_factory=list)  # days after the first day of cases (negative: before)
    branches: list[int] = field(default_factory=list)  # index into catalogue.BRANCHES
    bundles: list[int] = field(default_factory=list)  # index into catalogue.BUNDLES
    cumulative_activity: list[float] = field(default_factory=list)
    tiers: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class _Names:
    english: tuple[tuple[str, ...], tuple[str, ...]]
    french: tuple[tuple[str, ...], tuple[str, ...]]
    companies: tuple[str, ...]


def _name_pools(seed: int) -> _Names:
    """Pools of first, last and company names, drawn once from Faker so each customer costs a cheap choice."""
    english, french = Faker("en_CA"), Faker("fr_CA")
    english.seed_instance(f"{seed}:customers")
    french.seed_instance(f"{seed}:clients")
    return _Names(
        english=(tuple(english.first_name() for _ in range(600)), tuple(english.last_name() for _ in range(600))),
        french=(tuple(french.first_name() for _ in range(300)), tuple(french.last_name() for _ in range(300))),
        companies=tuple(dict.fromkeys(english.company() for _ in range(500))),
    )


@dataclass(slots=True)
class _Draft:
    since_day: int
    tier: TierProfile
    bundle: int
    branch: int
    activity: float


class _Drafting:
    """Draws who a customer is (tier, products, branch, tenure, how often they call) from the catalogue."""

    def __init__(self, rng: random.Random, days: int) -> None:
        self.rng, self.days = rng, days
        self.tier_weights = cumulative([tier.share for tier in catalogue.TIERS])
        self.bundles = {
            tier.tier: [index for index, bundle in enumerate(catalogue.BUNDLES) if tier.tier in bundle.tiers]
            for tier in catalogue.TIERS
        }
        self.bundle_weights = {
            tier: cumulative([catalogue.BUNDLES[index].tiers[tier] for index in indexes])
            for tier, indexes in self.bundles.items()
        }
        self.branch_weights = cumulative([branch.share for branch in catalogue.BRANCHES])

    def draft(self) -> _Draft:
        """One customer's draft."""
        rng = self.rng
        tier = catalogue.TIERS[bisect_right(self.tier_weights, rng.random() * self.tier_weights[-1])]
        weights = self.bundle_weights[tier.tier]
        bundle = self.bundles[tier.tier][bisect_right(weights, rng.random() * weights[-1])]
        branch = bisect_right(self.branch_weights, rng.random() * self.branch_weights[-1])
        if rng.random() < NEW_CUSTOMER_SHARE:
            since_day = rng.randrange(self.days)
        else:
            days_before = int(rng.expovariate(1 / 1500))
            since_day = -(days_before if days_before < HISTORY_DAYS else rng.randrange(HISTORY_DAYS))
        return _Draft(since_day, tier, bundle, branch, tier.activity * rng.lognormvariate(0, 0.9))


class _CustomerWriter:
    """Turns drafts into customer rows: names, contact details, owner, revenue and cost to serve."""

    def __init__(
        self, rng: random.Random, names: _Names, organisation: Organisation, first_day: dt.date, using: str
    ) -> None:
        self.rng, self.names, self.organisation, self.first_day = rng, names, organisation, first_day
        self.moment = moment_encoder(using)
        self.epoch = int(dt.datetime.combine(first_day, dt.time(hour=13), tzinfo=dt.UTC).timestamp())
        self.branch_keys = [branch.key for branch in catalogue.BRANCHES]
        self.branch_ids = [organisation.branches[key].pk for key in self.branch_keys]
        self.business_owners = [*organisation.team_agents["business"], organisation.supervisors["business"]]

    def _name_and_email(self, draft: _Draft) -> tuple[str, str]:
        rng = self.rng
        domain = rng.choice(catalogue.EMAIL_DOMAINS)
        if draft.tier.tier == "business":
            company = rng.choice(self.names.companies)
            return company, f"accounts@{ascii_word(company)[:30]}.{domain}"
        is_french = self.branch_keys[draft.branch] == "montreal" and rng.random() < 0.75
        firsts, lasts = self.names.french if is_french else self.names.english
        first, last = rng.choice(firsts), rng.choice(lasts)
        number = rng.randrange(100)
        return f"{first} {last}", f"{ascii_word(first)}.{ascii_word(last)}{number or ''}@{domain}"

    def _owner(self, draft: _Draft) -> int | None:
        tier = draft.tier.tier
        if tier == "business":
            return self.rng.choice(self.business_owners)
        if tier == "premium" or (tier == "plus" and self.rng.random() < 0.2):
            return self.rng.choice(self.organisation.branch_agents[self.branch_keys[draft.branch]])
        return None

    def row(self, pk: int, draft: _Draft, yearly_cases: float) -> Row:
        """The customer's values in CUSTOMER_COLUMNS order."""
        rng, branch, tier = self.rng, catalogue.BRANCHES[draft.branch], draft.tier
        products = len(catalogue.BUNDLES[draft.bundle].products)
        revenue = rng.uniform(*tier.revenue) * (0.7 + 0.15 * products)
        cost = revenue * rng.uniform(0.04, 0.08) + yearly_cases * CONTACTS_PER_CASE * COST_PER_CONTACT
        joined = self.moment(self.epoch + draft.since_day * 86400 + rng.randrange(8 * 3600))
        name, email = self._name_and_email(draft)
        return (
            pk,
            f"MW-{pk + 10_000_000:08d}",
            name,
            email,
            f"+1{rng.choice(branch.area_codes)}{rng.randrange(200, 1000)}{rng.randrange(10000):04d}",
            tier.tier,
            self.branch_ids[draft.branch],
            self._owner(draft),
            self.first_day + dt.timedelta(days=draft.since_day),
            Decimal(f"{revenue:.2f}"),
            Decimal(f"{cost:.2f}"),
            joined,
            joined,
        )


def build_population(
    *,
    rng: random.Random,
    seed: int,
    count: int,
    organisation: Organisation,
    first_day: dt.date,
    days: int,
    expected_cases: int,
    progress: Progress,
    using: str = "default",
) -> Population:
    """Create `count` customers in bulk; returns them in `customer_since` order for the case generator."""
    drafting = _Drafting(rng, days)
    drafts = sorted((drafting.draft() for _ in range(count)), key=lambda draft: draft.since_day)
    writer = _CustomerWriter(rng, _name_pools(seed), organisation, first_day, using)
    total_activity = sum(draft.activity for draft in drafts) or 1.0
    yearly_cases = expected_cases * 365 / days
    population = Population(cumulative_activity=cumulative([draft.activity for draft in drafts]))
    first_id = next_id(Customer, using)
    for start in range(0, count, BATCH_SIZE):
        rows: list[Row] = []
        for offset, draft in enumerate(drafts[start : start + BATCH_SIZE], start=start):
            rows.append(writer.row(first_id + offset, draft, yearly_cases * draft.activity / total_activity))
            population.ids.append(first_id + offset)
            population.since_days.append(draft.since_day)
            population.branches.append(draft.branch)
            population.bundles.append(draft.bundle)
            population.tiers[draft.tier.tier] = population.tiers.get(draft.tier.tier, 0) + 1
        insert_rows(Customer, CUSTOMER_COLUMNS, rows, using)
        progress("customers", start + len(rows), count)
    return population
