"""What authority stores: gesture types, authority profiles, budgets per period, gestures and their ledger."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from frontline.accounts.roles import Role
from frontline.core.money import Money

currency_code = RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code such as CAD.")
not_negative = MinValueValidator(Decimal("0.00"), "Use zero or more.")


def _default_currency() -> str:
    return str(settings.FRONTLINE_DEFAULT_CURRENCY)


class GestureType(models.Model):
    """Something an agent can give a customer right away: a credit, a waiver, a call-back at a chosen time."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120, unique=True)
    is_monetary = models.BooleanField(
        default=True, help_text="Monetary gestures are charged to a budget; others (advice, a call-back) are not."
    )
    value_amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[not_negative],
        help_text="The usual value of one gesture.",
    )
    value_currency = models.CharField(max_length=3, default=_default_currency, validators=[currency_code])
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def value(self) -> Money:
        """The usual value of one gesture."""
        return Money(self.value_amount, self.value_currency)


class Period(models.TextChoices):
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"


class AuthorityProfile(models.Model):
    """How much a role, a team or one agent may give: a budget per period, a limit per gesture, and the amount
    above which a gesture is given at once but looked at afterwards. The most specific profile applies:
    the agent's own, else their team's, else their role's."""

    role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey("accounts.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=8, choices=Period.choices, default=Period.MONTH)
    currency = models.CharField(max_length=3, default=_default_currency, validators=[currency_code])
    budget_amount = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[not_negative], help_text="What may be given per period."
    )
    per_gesture_limit = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[not_negative],
        help_text="The most one gesture may be worth without an approval.",
    )
    investigation_threshold = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[not_negative],
        help_text="Gestures worth more are given at once but flagged for a supervisor to look at afterwards.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(~Q(role=""), team__isnull=True, agent__isnull=True)
                    | Q(role="", team__isnull=False, agent__isnull=True)
                    | Q(role="", team__isnull=True, agent__isnull=False)
                ),
                name="authority_profile_for_exactly_one_holder",
                violation_error_message="A profile is for exactly one of a role, a team or an agent.",
            ),
            models.UniqueConstraint(
                fields=["role"],
                condition=~Q(role=""),
                name="authority_profile_one_per_role",
                violation_error_message="This role already has a profile.",
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(team__isnull=False),
                name="authority_profile_one_per_team",
                violation_error_message="This team already has a profile.",
            ),
            models.UniqueConstraint(
                fields=["agent"],
                condition=Q(agent__isnull=False),
                name="authority_profile_one_per_agent",
                violation_error_message="This agent already has a profile.",
            ),
        ]

    def __str__(self) -> str:
        return f"authority of {self.holder}"

    @property
    def holder(self) -> str:
        """Whom the profile is for, in words."""
        if self.agent_id is not None:
            return f"agent {self.agent}"
        if self.team_id is not None:
            return f"team {self.team}"
        return f"role {self.get_role_display()}"


class Budget(models.Model):
    """One agent's budget for one period. Its figures change only under a row lock, with a ledger entry each;
    the database refuses a balance below zero, whatever the code does."""

    agent = models.ForeignKey("accounts.Agent", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField(help_text="The first day after the period.")
    currency = models.CharField(max_length=3, validators=[currency_code])
    allocated_amount = models.DecimalField(
        max_digits=14, decimal_places=2, default=Decimal("0.00"), validators=[not_negative]
    )
    topped_up_amount = models.DecimalField(
        max_digits=14, decimal_places=2, default=Decimal("0.00"), validators=[not_negative]
    )
    spent_amount = models.DecimalField(
        max_digits=14, decimal_places=2, default=Decimal("0.00"), validators=[not_negative]
    )
    allocated_at = models.DateTimeField(null=True, blank=True, help_text="When the period's allocation was made.")

    class Meta:
        ordering = ["-period_start", "agent_id"]
        permissions = [
            ("top_up_budget", "Can top up an agent's budget"),
            ("view_any_budget", "Can see every team's budgets"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agent", "period_start"], name="budget_one_per_agent_and_period"),
            models.CheckConstraint(
                condition=Q(spent_amount__lte=F("allocated_amount") + F("topped_up_amount")),
                name="budget_never_overspent",
                violation_error_message="The budget would be overspent.",
            ),
            models.CheckConstraint(condition=Q(spent_amount__gte=0), name="budget_spent_not_negative"),
        ]

    def __str__(self) -> str:
        return f"budget of {self.agent} from {self.period_start}"

    @property
    def total(self) -> Money:
        """What the period allows: the allocation and every top-up."""
        return Money(self.allocated_amount + self.topped_up_amount, self.currency)

    @property
    def balance(self) -> Money:
        """What is left to give."""
        return Money(self.allocated_amount + self.topped_up_amount - self.spent_amount, self.currency)


class GestureStatus(models.TextChoices):
    GIVEN = "given", "Given"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    REFUSED = "refused", "Refused"
    REVERSED = "reversed", "Reversed"


class ApprovalReason(models.TextChoices):
    NONE = "", "Within authority"
    OVER_LIMIT = "over_limit", "Over the per-gesture limit"
    OVER_BUDGET = "over_budget", "Over the remaining budget"
    NO_AUTHORITY = "no_authority", "No authority profile"


class Gesture(models.Model):
    """Something given to a customer on a case: at once within authority, or after a supervisor approved it."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    gesture_type = models.ForeignKey(GestureType, on_delete=models.PROTECT, related_name="gestures")
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[not_negative])
    currency = models.CharField(max_length=3, validators=[currency_code])
    note = models.CharField(max_length=500, blank=True, help_text="What exactly was given or said.")
    given_by = models.ForeignKey("accounts.Agent", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=GestureStatus.choices)
    approval_reason = models.CharField(max_length=16, choices=ApprovalReason.choices, blank=True)
    budget = models.ForeignKey(
        Budget, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="The budget charged."
    )
    is_flagged = models.BooleanField(default=False, help_text="Above the investigation threshold: look at it.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)
    is_routine = models.BooleanField(
        null=True, blank=True, help_text="Did similar past cases commonly get this? Unknown while assist has no index."
    )
    routine_basis = models.JSONField(default=dict, blank=True, help_text="The similar cases the judgement rests on.")
    non_routine_reason = models.CharField(max_length=500, blank=True)
    review_rank = models.PositiveSmallIntegerField(
        default=1, help_text="Place in a supervisor's queue: 0 non-routine, 1 unknown, 2 routine."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversal_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="gesture_status_created"),
            models.Index(fields=["case", "gesture_type"], name="gesture_case_type"),
            models.Index(fields=["review_rank", "created_at", "id"], name="gesture_review_order"),
        ]
        permissions = [
            ("approve_gesture", "Can approve or refuse a gesture over an agent's authority"),
            ("review_gesture", "Can mark a flagged gesture as looked at"),
            ("reverse_gesture", "Can reverse a given gesture"),
            ("approve_any_gesture", "Can approve gestures of every team"),
            ("view_gesture_report", "Can compare the outcomes of customers who got gestures and who did not"),
        ]

    def __str__(self) -> str:
        return f"{self.gesture_type} of {self.amount} {self.currency} on case {self.case_id}"

    @property
    def value(self) -> Money:
        """What the gesture is worth."""
        return Money(self.amount, self.currency)


class LedgerKind(models.TextChoices):
    ALLOCATION = "allocation", "Allocation for the period"
    TOP_UP = "top_up", "Top-up"
    GESTURE = "gesture", "Gesture given"
    APPROVAL = "approval", "Gesture given on approval"
    REVERSAL = "reversal", "Gesture reversed"


class LedgerEntry(models.Model):
    """One movement of a budget, append-only: its amount (positive adds to the balance, negative spends it)
    and the balance after it. The budget's figures are the sum of its entries."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=12, choices=LedgerKind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    balance_after = models.DecimalField(max_digits=14, decimal_places=2)
    gesture = models.ForeignKey(Gesture, null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} on budget {self.budget_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("ledger entries are append-only")


class ConstraintClass(models.TextChoices):
    LEGAL = "legal", "Legal"
    PROFIT_PROTECTION = "profit_protection", "Protects profit"
    TECHNICAL_WORKAROUND = "technical_workaround", "Technical, with a workaround"
    TECHNICAL_HARD = "technical_hard", "Technical, hard"


CLASS_MEANING = {
    ConstraintClass.LEGAL: "The law: never overridden.",
    ConstraintClass.PROFIT_PROTECTION: "Protects profitability: may be set aside by its owner.",
    ConstraintClass.TECHNICAL_WORKAROUND: "A technical limit with a manual workaround (below).",
    ConstraintClass.TECHNICAL_HARD: "A technical limit that cannot be worked around.",
}


# The classes of rule an owner may make an exception to.
EXCEPTION_CLASSES = frozenset({ConstraintClass.PROFIT_PROTECTION, ConstraintClass.TECHNICAL_WORKAROUND})


class Policy(models.Model):
    """A rule the front line works under, with why it exists, what kind of constraint it is, who decided it
    and, for the classes that allow it, a way to ask that person for an exception."""

    title = models.CharField(max_length=160, unique=True)
    statement = models.TextField(help_text="The rule, as an agent would read it.")
    reason = models.TextField(help_text="Why the rule exists, in plain words.")
    constraint_class = models.CharField(max_length=24, choices=ConstraintClass.choices)
    workaround = models.TextField(blank=True, help_text="The manual steps around a technical constraint.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Who decided the rule."
    )
    products = models.ManyToManyField("cases.Product", blank=True, related_name="+")
    categories = models.ManyToManyField(
        "cases.Category", blank=True, related_name="+", help_text="Applies to these categories and all below them."
    )
    review_on = models.DateField(help_text="When the owner looks at the rule again.")
    response_hours = models.PositiveIntegerField(
        default=48,
        validators=[
            MinValueValidator(1, "Give the owner at least an hour."),
            MaxValueValidator(24 * 365, "Give the owner at most a year."),
        ],
        help_text="How long the owner has to answer an exception request.",
    )
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "policies"
        permissions = [
            ("decide_any_exception", "Can answer exception requests to every policy"),
            ("view_policy_report", "Can see which policies cause most friction"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def class_meaning(self) -> str:
        """What the rule's class means for the agent, in a sentence."""
        return CLASS_MEANING[ConstraintClass(self.constraint_class)]

    @property
    def allows_exceptions(self) -> bool:
        """Whether an agent may ask the owner for an exception to this rule."""
        return self.constraint_class in EXCEPTION_CLASSES


class ExceptionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the owner"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class ExceptionRequest(models.Model):
    """An agent's request to the owner of a policy for an exception on one case, with a deadline to answer."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="exception_requests")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="Why this case needs an exception.")
    status = models.CharField(max_length=8, choices=ExceptionStatus.choices, default=ExceptionStatus.PENDING)
    due_at = models.DateTimeField(help_text="When the owner must have answered.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The owner's manager, who may answer once the request is overdue (none: the admins).",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "due_at"], name="exception_status_due")]

    def __str__(self) -> str:
        return f"exception to {self.policy} on case {self.case_id}"

    @property
    def is_overdue(self) -> bool:
        """Whether the owner has let the deadline pass without an answer."""
        return self.status == ExceptionStatus.PENDING and self.due_at < timezone.now()


class RootCause(models.Model):
    """A cause of problems from the managed list: fixes name one when they close, so causes can be ranked."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        permissions = [("view_rootcause_report", "Can see root causes ranked by what they cost")]

    def __str__(self) -> str:
        return self.name


class NotifyBy(models.TextChoices):
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone call"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class FollowUp(models.Model):
    """The real fix, after the small step: an owner, a due date, how the customer wants to be told, and, to
    close it, a root cause and what was changed so it does not happen again (or why it cannot be prevented)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200, help_text="What will be fixed.")
    owner = models.ForeignKey("accounts.Agent", on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField()
    notify_by = models.CharField(max_length=8, choices=NotifyBy.choices, default=NotifyBy.EMAIL)
    status = models.CharField(max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    root_cause = models.ForeignKey(RootCause, null=True, blank=True, on_delete=models.PROTECT, related_name="fixes")
    prevention = models.TextField(blank=True, help_text="What was changed so it does not happen again.")
    cannot_prevent_reason = models.TextField(blank=True, help_text="Why it cannot be prevented, when it cannot.")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    customer_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="followup_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | (
                    Q(root_cause__isnull=False, completed_at__isnull=False)
                    & (~Q(prevention="") | ~Q(cannot_prevent_reason=""))
                ),
                name="followup_closed_with_cause_and_prevention",
                violation_error_message="A fix closes only with a root cause and a prevention (or why there is none).",
            )
        ]
        permissions = [("complete_any_followup", "Can close the follow-ups of every team")]

    def __str__(self) -> str:
        return f"{self.title} (case {self.case_id})"

    @property
    def is_late(self) -> bool:
        """Whether the fix is past its due time and not done."""
        return self.status == FollowUpStatus.OPEN and self.due_at < timezone.now()
