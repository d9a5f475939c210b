"""The desk's forms: they read what people type and show the errors services report on the right field.

Pick-list fields (agents, teams, products, categories) parse ids; whether an id exists is the service's or
selector's question, and its answer comes back as a field error. The lists are attached only to render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from frontline.accounts.models import Agent
from frontline.cases import search
from frontline.cases.models import Case, CaseStatus, Channel, ContactOutcome, Direction, Priority
from frontline.cases.selectors import CaseFilters
from frontline.core.errors import ValidationFailed
from frontline.desk.selectors import PickLists

Options = list[tuple[str, str]]
MAX_ID = 2**63 - 1  # the largest id a database integer column holds; larger ones are refused, not sent
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9998, 12, 31)  # leaves room for "the day after" without overflowing
DATE_RANGE = f"Use a date between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}."
SEARCH_HELP = (
    'Words match the start of words in the subject or description; "quote" a phrase; a reference (C-012345) '
    "finds that case."
)


def _options(empty: str, rows: Iterable[tuple[int, str]]) -> Options:
    return [("", empty), *((str(pk), label) for pk, label in rows)]


def agent_options(choices: PickLists, empty: str) -> Options:
    """The agents of a pick list, each with their extension when they have one."""
    return _options(
        empty,
        (
            (agent.pk, f"{agent.display_name} (ext. {agent.extension})" if agent.extension else agent.display_name)
            for agent in choices.agents
        ),
    )


class DeskForm(forms.Form):
    """A form that can carry the ValidationFailed a service raised, each message on the field it names."""

    error_aliases: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def _field_for(self, name: str) -> str | None:
        for candidate in (self.error_aliases.get(name), name, name.removesuffix("_id")):
            if candidate and candidate in self.fields:
                return candidate
        return None

    def take_errors(self, error: ValidationFailed) -> None:
        """Show each of the error's messages on the field it names (or above the form when none matches)."""
        for name, messages in error.fields.items():
            field = self._field_for(name)
            for message in messages:
                if field is None and name != "__all__":
                    message = f"{name.replace('_', ' ').capitalize()}: {message}"
                self.add_error(field, message)

    def offer(self, choices: PickLists | None) -> DeskForm:
        """Attach the pick lists the form's selects show; returns the form."""
        return self


def _is_number(text: str) -> bool:
    """Whether `text` is a whole number in ASCII digits (str.isdigit() also takes "²", which int() refuses)."""
    return text.isascii() and text.isdecimal()


def _id_field(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=MAX_ID, widget=forms.Select, **kwargs)


def _in_range(value: dt.date | dt.datetime | None) -> None:
    """Refuse dates so far off that the database or date arithmetic cannot hold them."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if day is not None and not EARLIEST <= day <= LATEST:
        raise forms.ValidationError(DATE_RANGE)


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, validators=[_in_range], widget=forms.DateInput(attrs={"type": "date"})
    )


class LookupForm(forms.Form):
    """The text of a customer look-up."""

    customer_q = forms.CharField(required=False, max_length=200)

    def text(self) -> str:
        """The look-up text, or an empty string when it cannot be used."""
        return str(self.cleaned_data["customer_q"]) if self.is_valid() else ""


class CaseFilterForm(DeskForm):
    """The case list's filters and search box."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text=SEARCH_HELP,
        widget=forms.TextInput(attrs={"type": "search", "data-search": "", "autocomplete": "off"}),
    )
    status = forms.MultipleChoiceField(
        label="Status", required=False, choices=CaseStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    owner = forms.CharField(label="Owner", required=False, widget=forms.Select)
    team = _id_field("Team")
    product = _id_field("Product")
    category = _id_field("Category", help_text="Includes the categories under it.")
    opened_from = _date_field("Opened from")
    opened_to = _date_field("Opened to")

    def offer(self, choices: PickLists | None) -> CaseFilterForm:
        """Attach the pick lists of the owner, team, product and category selects."""
        if choices is not None:
            owners = agent_options(choices, "Anyone")
            self.fields["owner"].widget.choices = [owners[0], ("me", "Me"), ("none", "Unassigned"), *owners[1:]]
            self.fields["team"].widget.choices = _options("Any team", ((t.pk, t.name) for t in choices.teams))
            self.fields["product"].widget.choices = _options("Any product", ((p.pk, p.name) for p in choices.products))
            self.fields["category"].widget.choices = _options(
                "Any category", ((c.pk, label) for c, label in choices.categories)
            )
        return self

    def clean_q(self) -> str:
        """The search text, refused when nothing in it can be searched for."""
        text: str = self.cleaned_data["q"].strip()
        if text:
            try:
                search.parse(text)
            except ValidationFailed as error:
                raise forms.ValidationError(error.fields["q"]) from None
        return text

    def clean_owner(self) -> str:
        """'', 'me', 'none' or an agent id."""
        owner: str = self.cleaned_data["owner"].strip()
        if owner not in ("", "me", "none") and not (_is_number(owner) and int(owner) <= MAX_ID):
            raise forms.ValidationError("Choose an agent, Me or Unassigned.")
        return owner

    def clean(self) -> dict[str, Any] | None:
        """Refuse a date range that ends before it starts."""
        cleaned = super().clean() or {}
        start, end = cleaned.get("opened_from"), cleaned.get("opened_to")
        if start and end and start > end:
            self.add_error("opened_to", "The end date is before the start date.")
        return cleaned

    def filters(self, me: Agent | None) -> CaseFilters:
        """The CaseFilters the valid form asks for; 'me' is the signed-in agent (nobody when not an agent)."""
        data = self.cleaned_data
        owner = data["owner"]
        return CaseFilters(
            statuses=list(data["status"]),
            owner_id=(me.pk if me else -1)
            if owner == "me"
            else (int(owner) if owner.isascii() and owner.isdecimal() else None),
            unassigned=owner == "none",
            team_id=data["team"],
            product_id=data["product"],
            category_id=data["category"],
            opened_from=data["opened_from"],
            opened_to=data["opened_to"],
            text=data["q"],
        )


class CaseDetailsForm(DeskForm):
    """The fields of a case people describe it with: shared by opening a case and editing its details."""

    subject = forms.CharField(label="Subject", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    product = _id_field("Product")
    category = _id_field("Category")
    channel = forms.ChoiceField(label="Channel", choices=Channel.choices, initial=Channel.PHONE)
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices, initial=Priority.NORMAL)
    team = _id_field("Team")

    team_empty_label = "No team"

    def offer(self, choices: PickLists | None) -> CaseDetailsForm:
        """Attach the product, category, team (and owner, when there is one) pick lists."""
        if choices is not None:
            self.fields["product"].widget.choices = _options("No product", ((p.pk, p.name) for p in choices.products))
            self.fields["category"].widget.choices = _options(
                "No category", ((c.pk, label) for c, label in choices.categories)
            )
            self.fields["team"].widget.choices = _options(
                self.team_empty_label, ((t.pk, t.name) for t in choices.teams)
            )
            if "owner" in self.fields:
                self.fields["owner"].widget.choices = agent_options(choices, "Nobody yet (unassigned)")
        return self

    def details(self) -> dict[str, Any]:
        """The service arguments of the described fields."""
        data = self.cleaned_data
        return {
            "subject": data["subject"],
            "description": data["description"],
            "product_id": data["product"],
            "category_id": data["category"],
            "channel": data["channel"],
            "priority": data["priority"],
            "team_id": data["team"],
        }

    @classmethod
    def initial_of(cls, case: Case) -> dict[str, Any]:
        """The form's initial values from a case."""
        return {
            "subject": case.subject,
            "description": case.description,
            "product": case.product_id,
            "category": case.category_id,
            "channel": case.channel,
            "priority": case.priority,
            "team": case.team_id,
        }


class NewCaseForm(CaseDetailsForm):
    """Opening a case: the customer (picked from a look-up), the description of the problem and its owner."""

    customer = forms.IntegerField(
        label="Customer",
        min_value=1,
        max_value=MAX_ID,
        widget=forms.HiddenInput,
        error_messages={"required": "Choose the customer: look them up, then pick one."},
    )
    owner = _id_field("Owner", help_text="With an owner the case starts open; without, new.")

    field_order = ["customer", "subject", "description", "product", "category", "channel", "priority", "owner", "team"]
    error_aliases: ClassVar[dict[str, str]] = {"customer_id": "customer", "owner_id": "owner"}
    team_empty_label = "The owner's team"

    def arguments(self) -> dict[str, Any]:
        """The arguments of cases.services.open_case."""
        return {
            **self.details(),
            "customer_id": self.cleaned_data["customer"],
            "owner_id": self.cleaned_data["owner"],
        }


class StatusForm(DeskForm):
    """Moving a case to another status; the lifecycle decides which may follow (a refusal is a 409)."""

    status = forms.ChoiceField(label="New status", choices=CaseStatus.choices)

    def offer_statuses(self, statuses: Iterable[CaseStatus]) -> StatusForm:
        """Show only the statuses the case may move to (any status still parses, so the service can refuse)."""
        self.fields["status"].widget.choices = [(s.value, s.label) for s in statuses]
        return self

    def arguments(self) -> dict[str, Any]:
        """The arguments of cases.services.change_case_status."""
        return {"status": self.cleaned_data["status"]}


class ResolveForm(DeskForm):
    """Resolving a case: what fixed it and what caused it."""

    resolution = forms.CharField(
        label="Resolution",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What fixed it, so the next agent can do the same.",
        error_messages={"required": "Say how the case was resolved."},
    )
    root_cause = forms.CharField(
        label="Root cause",
        max_length=200,
        help_text="What caused the problem, in a few words.",
        error_messages={"required": "Say what caused the problem."},
    )

    def arguments(self) -> dict[str, Any]:
        """The arguments of cases.services.resolve_case."""
        return {"resolution": self.cleaned_data["resolution"], "root_cause": self.cleaned_data["root_cause"]}


class ReassignForm(DeskForm):
    """Giving a case to an agent (or to nobody), and optionally to another team."""

    owner = _id_field("Owner")
    team = _id_field("Team", help_text="Leave as is to use the new owner's team.")

    error_aliases: ClassVar[dict[str, str]] = {"owner_id": "owner", "team_id": "team"}

    def offer(self, choices: PickLists | None) -> ReassignForm:
        """Attach the agent and team pick lists."""
        if choices is not None:
            self.fields["owner"].widget.choices = agent_options(choices, "Nobody (unassigned)")
            self.fields["team"].widget.choices = _options("The owner's team", ((t.pk, t.name) for t in choices.teams))
        return self

    def arguments(self) -> dict[str, Any]:
        """The arguments of cases.services.reassign_case."""
        return {"owner_id": self.cleaned_data["owner"], "team_id": self.cleaned_data["team"]}


DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContactForm(DeskForm):
    """Logging one interaction with the customer on a case."""

    channel = forms.ChoiceField(label="Channel", choices=Channel.choices, initial=Channel.PHONE)
    direction = forms.ChoiceField(label="Direction", choices=Direction.choices, initial=Direction.INBOUND)
    started_at = forms.DateTimeField(
        label="Started", required=False, widget=DATETIME_INPUT, validators=[_in_range], help_text="Leave empty for now."
    )
    ended_at = forms.DateTimeField(label="Ended", required=False, widget=DATETIME_INPUT, validators=[_in_range])
    duration_minutes = forms.DecimalField(
        label="Duration (minutes)",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(24 * 60),
        decimal_places=1,
        help_text="Leave empty to count from start to end.",
    )
    queue_wait_seconds = forms.IntegerField(
        label="Queue wait (seconds)", required=False, min_value=0, max_value=24 * 3600, initial=0
    )
    outcome = forms.ChoiceField(label="Outcome", choices=ContactOutcome.choices, initial=ContactOutcome.RESOLVED)
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    error_aliases: ClassVar[dict[str, str]] = {"handle_seconds": "duration_minutes"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = f"Time zone: {timezone.get_current_timezone_name()}."
        self.fields["started_at"].help_text = f"Leave empty for now. {zone}"
        self.fields["ended_at"].help_text = zone

    def arguments(self) -> dict[str, Any]:
        """The arguments of cases.services.log_contact."""
        data = self.cleaned_data
        minutes: Decimal | None = data["duration_minutes"]
        started: dt.datetime | None = data["started_at"]
        return {
            "channel": data["channel"],
            "direction": data["direction"],
            "started_at": started,
            "ended_at": data["ended_at"],
            "handle_seconds": None if minutes is None else int(minutes * 60),
            "queue_wait_seconds": data["queue_wait_seconds"] or 0,
            "outcome": data["outcome"],
            "notes": data["notes"],
        }


class SuggestionFeedbackForm(DeskForm):
    """An agent's verdict on the proposed resolution of the similar-cases panel."""

    verdict = forms.ChoiceField(
        label="Verdict", choices=[("accepted", "Use it"), ("edited", "Use my edit"), ("rejected", "Not helpful")]
    )
    proposal = forms.CharField(widget=forms.HiddenInput, max_length=50_000)
    root_cause = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)
    sources = forms.CharField(widget=forms.HiddenInput, max_length=1000, required=False)
    text = forms.CharField(
        label="Resolution", required=False, max_length=50_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label="Why it does not fit", required=False, max_length=500)

    def clean_sources(self) -> list[int]:
        """The source case ids, sent as "1,2,3"."""
        raw = [part for part in self.cleaned_data["sources"].split(",") if part.strip()]
        if not all(_is_number(part.strip()) and int(part) <= MAX_ID for part in raw):
            raise forms.ValidationError("Not a list of case ids.")
        return [int(part) for part in raw]

    def arguments(self) -> dict[str, Any]:
        """The arguments of assist.services.record_feedback."""
        data = self.cleaned_data
        return {
            "verdict": data["verdict"],
            "proposal": data["proposal"],
            "text": data["text"] if data["verdict"] == "edited" else "",
            "reason": data["reason"],
            "source_case_ids": data["sources"],
        }


class GestureForm(DeskForm):
    """A gesture to give on a case: its type, an amount for monetary types, and what was given or said."""

    gesture_type = forms.ChoiceField(label="Gesture", choices=[])
    amount = forms.DecimalField(
        label="Amount",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        help_text="Leave empty for the usual value.",
    )
    note = forms.CharField(label="What was given or said", required=False, max_length=500)
    non_routine_reason = forms.CharField(
        label="Why (needed when similar cases did not usually get this)", required=False, max_length=500
    )

    def offer_types(self, types: Iterable[Any]) -> GestureForm:
        """Attach the gesture types, each with its usual value."""
        self.fields["gesture_type"].choices = [  # type: ignore[attr-defined]
            (t.code, f"{t.name} ({t.value})" if t.is_monetary else t.name) for t in types
        ]
        return self

    def arguments(self) -> dict[str, Any]:
        """The arguments of authority.services.give_gesture."""
        data = self.cleaned_data
        return {
            "gesture_type": data["gesture_type"],
            "amount": data["amount"],
            "note": data["note"],
            "non_routine_reason": data["non_routine_reason"],
        }


class GestureDecisionForm(DeskForm):
    """A supervisor's answer to a gesture over an agent's authority."""

    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("refuse", "Refuse")])
    reason = forms.CharField(label="Reason", required=False, max_length=500)


class ExceptionRequestForm(DeskForm):
    """An agent's request for an exception to a policy on a case."""

    policy = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    reason = forms.CharField(
        label="Why this case needs an exception", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    error_aliases: ClassVar[dict[str, str]] = {"policy_id": "policy"}


class ExceptionDecisionForm(DeskForm):
    """A policy owner's answer: grant or refuse, with a reason the agent will read."""

    decision = forms.ChoiceField(choices=[("grant", "Grant"), ("refuse", "Refuse")])
    reason = forms.CharField(label="Reason", max_length=2000)


class FollowUpForm(DeskForm):
    """Promising the real fix: what, who, by when, and how the customer wants to be told."""

    title = forms.CharField(label="What will be fixed", max_length=200)
    owner = forms.IntegerField(
        label="Owner",
        min_value=1,
        max_value=MAX_ID,
        widget=forms.Select,
        error_messages={"required": "Choose who owns the fix."},
    )
    due_at = forms.DateTimeField(label="Due", widget=DATETIME_INPUT, validators=[_in_range])
    notify_by = forms.ChoiceField(
        label="Tell the customer by", choices=[("email", "E-mail"), ("phone", "Phone call")], initial="email"
    )

    error_aliases: ClassVar[dict[str, str]] = {"owner_id": "owner"}

    def offer(self, choices: PickLists | None) -> FollowUpForm:
        """Attach the agents pick list."""
        if choices is not None:
            self.fields["owner"].widget.choices = agent_options(choices, "Choose the owner")
        return self

    def arguments(self) -> dict[str, Any]:
        """The arguments of authority.services.schedule_follow_up."""
        data = self.cleaned_data
        if data["owner"] is None:
            raise ValidationFailed.single("owner_id", "Choose who owns the fix.")
        return {
            "title": data["title"],
            "owner_id": data["owner"],
            "due_at": data["due_at"],
            "notify_by": data["notify_by"],
        }


class CompleteFollowUpForm(DeskForm):
    """Closing a fix: its root cause (from the list or new) and what was changed, or why nothing can be."""

    root_cause = _id_field("Root cause")
    new_root_cause = forms.CharField(label="Or a new root cause", required=False, max_length=200)
    prevention = forms.CharField(
        label="What was changed so it does not happen again",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cannot_prevent_reason = forms.CharField(
        label="Or why it cannot be prevented", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    error_aliases: ClassVar[dict[str, str]] = {"root_cause_id": "root_cause"}

    def offer_causes(self, causes: Iterable[Any]) -> CompleteFollowUpForm:
        """Attach the root-cause list."""
        self.fields["root_cause"].widget.choices = _options("Choose from the list", ((c.pk, c.name) for c in causes))
        return self

    def arguments(self) -> dict[str, Any]:
        """The arguments of authority.services.complete_follow_up."""
        data = self.cleaned_data
        return {
            "root_cause_id": data["root_cause"],
            "new_root_cause": data["new_root_cause"],
            "prevention": data["prevention"],
            "cannot_prevent_reason": data["cannot_prevent_reason"],
        }
