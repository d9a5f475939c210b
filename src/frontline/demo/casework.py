"""Writing the demo company's cases and their contacts, day by day, as Case and Contact rows.

Cases are produced in the order they were opened, so ids follow time. A case's follow-up (the problem
customers commonly contact about next) is queued for a later day and opened for the same customer.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from frontline.cases.models import CaseStatus, ContactOutcome
from frontline.demo import catalogue
from frontline.demo.bulk import Row
from frontline.demo.organisation import Organisation
from frontline.demo.planning import (
    ARRIVAL_HOURS,
    cumulative,
    day_volumes,
    local_midnights,
    plan_bundles,
    plan_problem,
)
from frontline.demo.population import Population
from frontline.demo.text import CaseWords, Place, Vocabulary
from frontline.demo.timeline import Step, Timeline

CASE_COLUMNS = (
    "id",
    "customer_id",
    "product_id",
    "category_id",
    "channel",
    "subject",
    "description",
    "priority",
    "status",
    "owner_id",
    "team_id",
    "resolution",
    "root_cause",
    "opened_at",
    "resolved_at",
    "closed_at",
    "created_at",
    "updated_at",
)
CONTACT_COLUMNS = (
    "id",
    "case_id",
    "channel",
    "direction",
    "started_at",
    "ended_at",
    "queue_wait_seconds",
    "handle_seconds",
    "agent_id",
    "queue",
    "ivr_path",
    "outcome",
    "notes",
)
HOUR_WEIGHTS = {channel: cumulative(hours) for channel, hours in ARRIVAL_HOURS.items()}
LATEST_OPENING = 2 * 3600  # cases open at least this long before `now`, so their first call has ended
FOLLOW_UP_DAYS = (2, 29)
# Local network incidents: on some days one neighbourhood loses service and many of its customers call.
INCIDENT_DAYS = 0.08  # the share of days with an incident
INCIDENT_VOLUME = 0.12  # the share of the day's cases an incident brings
# What an incident is about, how often (relative weight), and the resolutions (by index) it can end with.
INCIDENT_KINDS = (("internet.area_outage", 2, (0, 1, 2, 3)), ("mobile.no_service", 1, (1,)))


@dataclass(slots=True)
class Draft:
    """A case to be written: who, what, when and through which channel."""

    opened: int
    customer: int  # index into the population
    problem: int  # index into catalogue.PROBLEM_TYPES
    product: str
    channel: str
    origin: int = 0  # the id of the case this one follows up, or 0
    incident: Incident | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """A local outage: its cases share the neighbourhood, incident ticket and resolution."""

    problem: int
    resolution: int  # index into the problem type's resolutions
    words: dict[str, str]


@dataclass(slots=True)
class Ending:
    """Where a case stands at `now`: its status and owner, and its resolution once resolved."""

    status: str
    owner: int | None
    updated: int
    resolution: str = ""
    root_cause: str = ""
    resolved: object = None
    closed: object = None


@dataclass
class CaseBatch:
    """Rows ready for `insert_rows` in CASE_COLUMNS and CONTACT_COLUMNS order; contacts point at the batch's
    cases."""

    cases: list[Row]
    contacts: list[Row]


class Casework:
    """Generates `total` cases (and their contacts) over `days` days ending at `now`."""

    def __init__(
        self,
        *,
        rng: random.Random,
        organisation: Organisation,
        population: Population,
        now: dt.datetime,
        days: int,
        first_case_id: int,
        first_contact_id: int,
        moment: Callable[[int], object],
    ) -> None:
        self.rng, self.organisation, self.population, self.days = rng, organisation, population, days
        self.moment = moment  # epoch second to the database's datetime value
        self.now = int(now.timestamp())
        self.first_day = now.date() - dt.timedelta(days=days)
        self.problems = [plan_problem(problem, organisation) for problem in catalogue.PROBLEM_TYPES]
        self.bundles = plan_bundles()
        self.midnights = local_midnights(self.first_day, days)
        self.places = [Place(b.city, b.neighbourhoods, b.area_codes) for b in catalogue.BRANCHES]
        nouns = {product.code: product.noun for product in catalogue.PRODUCTS}
        self.vocabulary = Vocabulary(rng, nouns)
        self.timeline = Timeline(rng=rng, now=self.now)
        self.next_case_id, self.next_contact_id = first_case_id, first_contact_id
        self.pending: dict[int, list[Draft]] = {}
        self.branch_customers: list[list[int]] = [[] for _ in catalogue.BRANCHES]  # in customer_since order
        for customer, branch in enumerate(population.branches):
            self.branch_customers[branch].append(customer)
        self.statuses: Counter[str] = Counter()
        self.follow_ups = 0
        self.contacts = 0

    # --- choosing --------------------------------------------------------------------------------------------

    def _opening(self, day: int, customer: int, channel: str) -> tuple[int, str]:
        """When a contact about a new case arrives on `day` (local hours), and its possibly adjusted channel."""
        rng = self.rng
        if channel == "walk_in" and (self.first_day + dt.timedelta(days=day)).weekday() == 6:
            channel = "phone"  # stores are closed on Sundays
        weights = HOUR_WEIGHTS[channel]
        hour = bisect_right(weights, rng.random() * weights[-1])
        opened = self.midnights[self.population.branches[customer]][day] + hour * 3600 + rng.randrange(3600)
        return min(opened, self.now - LATEST_OPENING - rng.randrange(3600)), channel

    def _root_draft(self, day: int, eligible: int) -> Draft:
        rng, population = self.rng, self.population
        activity = population.cumulative_activity
        customer = min(bisect_left(activity, rng.random() * activity[eligible - 1]), eligible - 1)
        bundle = self.bundles[population.bundles[customer]]
        problem = bundle.problems[bisect_right(bundle.weights, rng.random() * bundle.weights[-1])]
        plan = self.problems[problem]
        channel = plan.channels[bisect_right(plan.channel_weights, rng.random() * plan.channel_weights[-1])]
        opened, channel = self._opening(day, customer, channel)
        return Draft(opened, customer, problem, rng.choice(bundle.products[problem]), channel)

    def _queue_follow_ups(self, draft: Draft, day: int, case_id: int) -> None:
        """Queue the follow-up cases this case leads to, for the same customer within 30 days."""
        rng = self.rng
        for problem, probability in self.problems[draft.problem].follow_ups:
            if rng.random() >= probability:
                continue
            products = self.bundles[self.population.bundles[draft.customer]].products[problem]
            if not products:
                continue  # the customer does not hold a product this follow-up is about
            product = draft.product if draft.product in products else rng.choice(products)
            due = day + rng.randint(*FOLLOW_UP_DAYS)
            if due < self.days:
                self.pending.setdefault(due, []).append(Draft(0, draft.customer, problem, product, "", case_id))

    def _incident_drafts(self, day: int, size: int) -> list[Draft]:
        """The cases of one local incident on `day`: customers of one branch calling within a few hours."""
        rng = self.rng
        key, _, resolutions = rng.choices(INCIDENT_KINDS, weights=[kind[1] for kind in INCIDENT_KINDS])[0]
        problem = next(index for index, plan in enumerate(self.problems) if plan.problem.key == key)
        branch = rng.randrange(len(catalogue.BRANCHES))
        customers = self.branch_customers[branch]
        eligible = bisect_right(customers, day, key=self.population.since_days.__getitem__)
        place, product = self.places[branch], self.problems[problem].problem.products[0]
        words = {
            name: self.vocabulary.draw(name, product, place) for name in ("neighbourhood", "ticket", "node", "when")
        }
        incident = Incident(problem, rng.choice(resolutions), words)
        start = self.midnights[branch][day] + rng.randint(7, 15) * 3600
        drafts = []
        for _ in range(size * 3 if eligible else 0):
            customer = customers[rng.randrange(eligible)]
            products = self.bundles[self.population.bundles[customer]].products[problem]
            if products:
                opened = min(start + rng.randrange(5 * 3600), self.now - LATEST_OPENING)
                drafts.append(Draft(opened, customer, problem, rng.choice(products), "phone", incident=incident))
            if len(drafts) == size:
                break
        return drafts

    def _day_drafts(self, day: int, wanted: int) -> list[Draft]:
        """The day's cases in opening order: due follow-ups first in line, then new problems up to `wanted`."""
        rng = self.rng
        drafts = self.pending.pop(day, [])[:wanted]
        for draft in drafts:
            plan = self.problems[draft.problem]
            channel = plan.channels[bisect_right(plan.channel_weights, rng.random() * plan.channel_weights[-1])]
            draft.opened, draft.channel = self._opening(day, draft.customer, channel)
        if wanted > len(drafts) and rng.random() < INCIDENT_DAYS:
            drafts += self._incident_drafts(day, max(1, round((wanted - len(drafts)) * INCIDENT_VOLUME)))
        eligible = bisect_right(self.population.since_days, day)
        if eligible:
            drafts += [self._root_draft(day, eligible) for _ in range(wanted - len(drafts))]
        drafts.sort(key=lambda draft: draft.opened)
        return drafts

    # --- writing ---------------------------------------------------------------------------------------------

    def _ending(self, draft: Draft, steps: list[Step], words: CaseWords) -> Ending:
        """The case's status, owner, resolution and times, from the contacts that have happened."""
        plan, last, moment = self.problems[draft.problem], steps[-1], self.moment
        updated = last.end or last.start
        if last.outcome != ContactOutcome.RESOLVED or last.end is None:
            if last.agent is None or last.outcome == ContactOutcome.TRANSFERRED:
                return Ending(CaseStatus.NEW, None, updated)
            if last.outcome == ContactOutcome.CALLBACK_SCHEDULED:
                return Ending(CaseStatus.WAITING_ON_US, last.agent, updated)
            return Ending(self.rng.choice((CaseStatus.OPEN, CaseStatus.WAITING_ON_CUSTOMER)), last.agent, updated)
        choice = draft.incident.resolution if draft.incident else self.rng.randrange(len(plan.problem.resolutions))
        ending = Ending(CaseStatus.RESOLVED, last.agent, updated, resolved=moment(last.end))
        ending.resolution = plan.problem.resolutions[choice].text.format_map(words)
        ending.root_cause = plan.root_causes[choice]
        closes = last.end + self.timeline.auto_close_seconds
        if closes <= self.now:
            ending.status, ending.closed, ending.updated = CaseStatus.CLOSED, moment(closes), closes
        return ending

    def _case(self, draft: Draft, words: CaseWords, ending: Ending) -> Row:
        rng, plan, moment = self.rng, self.problems[draft.problem], self.moment
        problem = plan.problem
        subject = rng.choice(problem.subjects).format_map(words)
        description = rng.choice(problem.descriptions).format_map(words)
        if draft.origin:
            description += f" Follows up case C-{draft.origin:06d}."
        priority = plan.priorities[bisect_right(plan.priority_weights, rng.random() * plan.priority_weights[-1])]
        opened = moment(draft.opened)
        return (
            self.next_case_id,
            self.population.ids[draft.customer],
            self.organisation.products[draft.product],
            plan.category_id,
            draft.channel,
            subject,
            description,
            priority,
            ending.status,
            ending.owner,
            plan.team_id,
            ending.resolution,
            ending.root_cause,
            opened,
            ending.resolved,
            ending.closed,
            opened,
            moment(ending.updated),
        )

    def _contacts(self, case_id: int, draft: Draft, steps: list[Step]) -> list[Row]:
        branch = catalogue.BRANCHES[self.population.branches[draft.customer]]
        plan, moment, timeline = self.problems[draft.problem], self.moment, self.timeline
        contacts: list[Row] = []
        for step in steps:
            contacts.append(
                (
                    self.next_contact_id,
                    case_id,
                    step.channel,
                    step.direction,
                    moment(step.start),
                    moment(step.end) if step.end is not None else None,
                    step.wait,
                    step.handle,
                    step.agent,
                    timeline.queue(step, plan.queue, branch),
                    timeline.ivr_path(step, plan.menus[draft.product]),
                    step.outcome,
                    step.notes,
                )
            )
            self.next_contact_id += 1
        self.contacts += len(contacts)
        return contacts

    def _write(self, draft: Draft, day: int, batch: CaseBatch) -> None:
        branch = self.population.branches[draft.customer]
        words = CaseWords(self.vocabulary, draft.product, self.places[branch])
        if draft.incident is not None:
            words.update(draft.incident.words)
        steps = self.timeline.steps(
            self.problems[draft.problem], draft.opened, draft.channel, catalogue.BRANCHES[branch]
        )
        ending = self._ending(draft, steps, words)
        self.statuses[ending.status] += 1
        batch.cases.append(self._case(draft, words, ending))
        batch.contacts.extend(self._contacts(self.next_case_id, draft, steps))
        self.follow_ups += bool(draft.origin)
        self._queue_follow_ups(draft, day, self.next_case_id)
        self.next_case_id += 1

    def batches(self, total: int, batch_size: int) -> Iterator[CaseBatch]:
        """Generate `total` cases, yielding them (with their contacts) about every `batch_size` cases."""
        volumes = cumulative(day_volumes(self.first_day, self.days))
        written, batch = 0, CaseBatch([], [])
        for day in range(self.days):
            target = total if day == self.days - 1 else round(total * volumes[day] / volumes[-1])
            for draft in self._day_drafts(day, max(target - written, 0)):
                self._write(draft, day, batch)
                written += 1
            if len(batch.cases) >= batch_size:
                yield batch
                batch = CaseBatch([], [])
        if batch.cases:
            yield batch
