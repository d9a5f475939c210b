"""The contacts of one case: who spoke to the customer, through which channel, when and with what outcome.

A case is planned in full (first contact to resolution) and then cut at `now`: what has not happened yet
leaves the case open. Recent cases are also held open more often, as a real desk has a backlog.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass

from frontline.cases.models import ContactOutcome, Direction
from frontline.demo.catalogue_base import Branch
from frontline.demo.planning import ProblemPlan

DAY = 86400
AUTO_CLOSE_DAYS = 5  # a resolved case closes itself after this many days
BACKLOG_DAYS = 21
BACKLOG_SHARE = 0.75  # the share of today's cases held open, falling to none at BACKLOG_DAYS
SUPERVISOR_SHARE = 0.15  # the share of transfers that go to the team's supervisor
MENU_ZERO_OUT = 0.12  # callers who press 0 for an agent after the menu
HANDLE_FACTOR = {"phone": 1.0, "chat": 1.3, "email": 0.5, "walk_in": 1.2}
NEXT_OUTCOMES = (ContactOutcome.TRANSFERRED, ContactOutcome.CALLBACK_SCHEDULED, ContactOutcome.FOLLOW_UP)
NEXT_OUTCOME_WEIGHTS = {
    "phone": [25.0, 65.0, 100.0],
    "chat": [30.0, 50.0, 100.0],
    "email": [5.0, 20.0, 100.0],
    "walk_in": [10.0, 40.0, 100.0],
}
NOTES = {
    ContactOutcome.TRANSFERRED: (
        "Transferred to a specialist.",
        "Warm transfer with a case summary.",
        "Escalated to a senior agent.",
    ),
    ContactOutcome.CALLBACK_SCHEDULED: (
        "Call-back booked for the next business day.",
        "Customer asked for a call-back after 5 pm.",
        "Will call back once the field team reports.",
    ),
    ContactOutcome.FOLLOW_UP: (
        "Waiting for the customer to test overnight.",
        "Customer will send a photo of the equipment.",
        "Sent a summary by e-mail; customer to confirm.",
        "Checking with the back office; will update the customer.",
    ),
    ContactOutcome.RESOLVED: ("", "Customer confirmed the fix.", "Customer satisfied with the outcome."),
}


@dataclass(slots=True)
class Step:
    """One contact as planned: an agent of None and an end of None mean it waits in the queue."""

    channel: str
    direction: str
    start: int
    end: int | None
    wait: int
    handle: int
    agent: int | None
    outcome: str
    notes: str
    is_french: bool
    is_transfer: bool = False


class Timeline:
    """Plans the contacts of cases with one random generator, cut at `now` (epoch seconds)."""

    auto_close_seconds = AUTO_CLOSE_DAYS * DAY

    def __init__(self, *, rng: random.Random, now: int) -> None:
        self.rng, self.now = rng, now

    def _wait(self, channel: str, direction: str) -> int:
        expovariate = self.rng.expovariate
        if direction == Direction.OUTBOUND:
            return 0
        if channel == "phone":
            return 5 + min(int(expovariate(1 / 80)), 1500)
        if channel == "chat":
            return 3 + min(int(expovariate(1 / 35)), 600)
        if channel == "email":
            return 900 + min(int(expovariate(1 / (5 * 3600))), 3 * DAY)
        return 30 + min(int(expovariate(1 / 420)), 1800)

    def _next(self, plan: ProblemPlan, step: Step) -> Step:
        """The contact that follows `step`, before its wait and handle time are known."""
        rng = self.rng
        if step.outcome == ContactOutcome.TRANSFERRED:
            others = [agent for agent in plan.agents if agent != step.agent] or list(plan.agents)
            agent = plan.supervisor if rng.random() < SUPERVISOR_SHARE else rng.choice(others)
            start = (step.end or step.start) + rng.randint(5, 90)
            return Step(step.channel, step.direction, start, None, 0, 0, agent, "", "", step.is_french, True)
        if step.outcome == ContactOutcome.CALLBACK_SCHEDULED:
            start = (step.end or step.start) + rng.randint(2 * 3600, 28 * 3600)
            return Step("phone", Direction.OUTBOUND, start, None, 0, 0, step.agent, "", "", step.is_french)
        if rng.random() < 0.5:  # the customer comes back
            channel = plan.channels[bisect_right(plan.channel_weights, rng.random() * plan.channel_weights[-1])]
            start = (step.end or step.start) + rng.randint(DAY // 2, 5 * DAY)
            return Step(channel, Direction.INBOUND, start, None, 0, 0, rng.choice(plan.agents), "", "", step.is_french)
        channel = rng.choice(("phone", "email"))
        start = (step.end or step.start) + rng.randint(4 * 3600, 3 * DAY)
        return Step(channel, Direction.OUTBOUND, start, None, 0, 0, step.agent, "", "", step.is_french)

    def _plan(self, plan: ProblemPlan, opened: int, channel: str, is_french: bool) -> list[Step]:
        rng = self.rng
        count = plan.contact_counts[bisect_right(plan.contact_weights, rng.random() * plan.contact_weights[-1])]
        step = Step(channel, Direction.INBOUND, opened, None, 0, 0, rng.choice(plan.agents), "", "", is_french)
        steps = [step]
        low, high = plan.handle_seconds
        while True:
            is_final = len(steps) == count
            step.wait = self._wait(step.channel, step.direction)
            step.handle = int(rng.uniform(low, high) * HANDLE_FACTOR[step.channel])
            step.end = step.start + step.wait + step.handle
            if is_final:
                step.outcome = ContactOutcome.RESOLVED
            else:
                weights = NEXT_OUTCOME_WEIGHTS[step.channel]
                step.outcome = NEXT_OUTCOMES[bisect_right(weights, rng.random() * weights[-1])]
            step.notes = rng.choice(NOTES[ContactOutcome(step.outcome)])
            if is_final:
                return steps
            step = self._next(plan, step)
            steps.append(step)

    def steps(self, plan: ProblemPlan, opened: int, channel: str, branch: Branch) -> list[Step]:
        """The contacts of a case opened at `opened` that have happened by now (at least one)."""
        rng = self.rng
        planned = self._plan(plan, opened, channel, rng.random() < branch.french_share)
        happened = [step for step in planned if step.end is not None and step.end <= self.now]
        age = (self.now - opened) / DAY
        is_held = age < BACKLOG_DAYS and rng.random() < BACKLOG_SHARE * (1 - age / BACKLOG_DAYS)
        if is_held and len(happened) == len(planned):
            happened = happened[: rng.randint(1, max(1, len(planned) - 1))]
        if not happened:  # the first message is still waiting for an agent
            first = planned[0]
            return [Step(first.channel, first.direction, first.start, None, 0, 0, None, "follow_up", "", False)]
        last = happened[-1]
        if is_held and last.outcome == ContactOutcome.RESOLVED:
            last.outcome = rng.choice(NEXT_OUTCOMES)
            last.notes = rng.choice(NOTES[ContactOutcome(last.outcome)])
        return happened

    def queue(self, step: Step, team_queue: str, branch: Branch) -> str:
        """The queue a contact waited in: none for outbound contacts, the store for walk-ins."""
        if step.direction == Direction.OUTBOUND:
            return ""
        if step.channel == "walk_in":
            return f"{branch.city} store"
        if step.channel == "phone":
            return f"{team_queue} {'FR' if step.is_french else 'EN'}"
        return f"{team_queue} {'chat' if step.channel == 'chat' else 'e-mail'}"

    def ivr_path(self, step: Step, menu: str) -> str:
        """The phone menu choices of an inbound call that came through the menu (transfers did not)."""
        if step.channel != "phone" or step.direction != Direction.INBOUND or step.is_transfer:
            return ""
        path = f"{'2' if step.is_french else '1'}>{menu}"
        return f"{path}>0" if self.rng.random() < MENU_ZERO_OUT else path
