"""The forms of the desk's customer-feedback pages: the verbatims' filters, the follow-up report's period,
recording a customer won back and moderating a story from the rant-or-rave page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

from django import forms

from frontline.accounts.models import Agent, Team
from frontline.cases.models import Category
from frontline.desk.forms import DeskForm, _date_field, _id_field
from frontline.surveys.models import StoryStatus, Survey
from frontline.surveys.selectors import ResponseFilter

Options = list[tuple[str, str]]
ALL_STORIES = "all"
STORY_STATUSES: Options = [
    (StoryStatus.PENDING.value, "Waiting for moderation"),
    (StoryStatus.APPROVED.value, "Approved"),
    (StoryStatus.REJECTED.value, "Rejected"),
    (ALL_STORIES, "All stories"),
]


def _options(empty: str, rows: Iterable[tuple[int, str]]) -> Options:
    return [("", empty), *((str(pk), label) for pk, label in rows)]


def _check_period(form: forms.Form, start_field: str, end_field: str) -> None:
    """Put an error on the end date when it comes before the start date."""
    start, end = form.cleaned_data.get(start_field), form.cleaned_data.get(end_field)
    if start and end and start > end:
        form.add_error(end_field, "The end date is before the start date.")


class VerbatimFilterForm(DeskForm):
    """What the verbatims are narrowed to; the agent filter exists only for people who read every response."""

    q = forms.CharField(
        label="Words",
        required=False,
        max_length=200,
        help_text="Answers that contain every word, in any order.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    survey = _id_field("Survey")
    agent = _id_field("Agent")
    team = _id_field("Team")
    queue = forms.CharField(label="Queue", required=False, max_length=80)
    category = _id_field("Category", help_text="Includes the categories under it.")
    start = _date_field("Served from")
    end = _date_field("Served to")
    unhappy = forms.BooleanField(
        label="Only unhappy customers",
        required=False,
        help_text="A detractor, a satisfaction of 1 or 2, or a problem not solved at the first contact.",
    )

    error_aliases: ClassVar[dict[str, str]] = {"search": "q", "is_unhappy": "unhappy"}

    def __init__(self, *args: Any, may_see_all: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_see_all:
            del self.fields["agent"]

    def offer_choices(
        self, *, surveys: Iterable[Survey], agents: Iterable[Agent], teams: Iterable[Team], categories: Iterable[Any]
    ) -> VerbatimFilterForm:
        """Attach the survey, agent, team and category pick lists (categories as (category, full name))."""
        self.fields["survey"].widget.choices = _options("Any survey", ((s.pk, s.name) for s in surveys))
        if "agent" in self.fields:
            self.fields["agent"].widget.choices = _options("Any agent", ((a.pk, a.display_name) for a in agents))
        self.fields["team"].widget.choices = _options("Any team", ((t.pk, t.name) for t in teams))
        category_rows: Iterable[tuple[Category, str]] = categories
        self.fields["category"].widget.choices = _options("Any category", ((c.pk, name) for c, name in category_rows))
        return self

    def clean_q(self) -> str:
        """The words, without the spaces around them."""
        return str(self.cleaned_data["q"]).strip()

    def clean_queue(self) -> str:
        """The queue's name, without the spaces around it."""
        return str(self.cleaned_data["queue"]).strip()

    def clean(self) -> dict[str, Any] | None:
        """Refuse a period that ends before it starts."""
        cleaned = super().clean()
        _check_period(self, "start", "end")
        return cleaned

    def filters(self) -> ResponseFilter:
        """The ResponseFilter the valid form asks for."""
        data = self.cleaned_data
        return ResponseFilter(
            survey_id=data["survey"],
            agent_id=data.get("agent"),
            team_id=data["team"],
            category_id=data["category"],
            queue=data["queue"],
            start=data["start"],
            end=data["end"],
            is_unhappy=True if data["unhappy"] else None,
            search=data["q"],
        )


class PeriodForm(DeskForm):
    """A period of days; empty dates leave the choice to the report."""

    start = _date_field("From")
    end = _date_field("To")

    def clean(self) -> dict[str, Any] | None:
        """Refuse a period that ends before it starts."""
        cleaned = super().clean()
        _check_period(self, "start", "end")
        return cleaned

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The (start, end) of the valid form."""
        return self.cleaned_data["start"], self.cleaned_data["end"]


class RecoveryForm(DeskForm):
    """How an unhappy customer was won back; the service says when the note is missing."""

    note = forms.CharField(label="How the customer was won back", required=False, max_length=300)


class ModerationForm(DeskForm):
    """A moderator's answer to a story: approve or reject, the agent it is about, and a note."""

    status = forms.ChoiceField(
        label="Decision",
        choices=[(StoryStatus.APPROVED.value, "Approve"), (StoryStatus.REJECTED.value, "Reject")],
        error_messages={"invalid_choice": "Approve or reject the story.", "required": "Approve or reject the story."},
    )
    agent = _id_field("Agent")
    note = forms.CharField(label="Note", required=False, max_length=300)

    error_aliases: ClassVar[dict[str, str]] = {"agent_id": "agent"}

    def arguments(self) -> dict[str, Any]:
        """The arguments of surveys.services.moderate_story."""
        data = self.cleaned_data
        return {"status": data["status"], "agent_id": data["agent"], "note": data["note"]}


class StoryFilterForm(DeskForm):
    """Which stories the moderation page lists: those waiting by default."""

    status = forms.ChoiceField(label="Show", required=False, choices=STORY_STATUSES)

    def status_wanted(self) -> str | None:
        """The status to list (None for every story), or pending when the form is empty."""
        chosen = str(self.cleaned_data.get("status") or StoryStatus.PENDING.value)
        return None if chosen == ALL_STORIES else chosen
