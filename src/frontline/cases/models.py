"""Products, categories, cases and the contacts (interactions) that belong to them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from treebeard.mp_tree import MP_Node

from frontline.core.models import TimeStampedModel


class Product(models.Model):
    """Something the company sells and supports."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(MP_Node):
    """A node of the category taxonomy, a tree of any depth kept as a materialised path."""

    name: models.CharField[str, str] = models.CharField(max_length=120)

    class Meta:
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    CHAT = "chat", "Chat"
    WALK_IN = "walk_in", "Walk-in"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    WAITING_ON_CUSTOMER = "waiting_on_customer", "Waiting on customer"
    WAITING_ON_US = "waiting_on_us", "Waiting on us"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


DONE_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


class Case(TimeStampedModel):
    """One customer problem or request, from first contact to resolution."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="cases", db_index=False)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.PHONE)
    subject = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    priority = models.CharField(max_length=16, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=24, choices=CaseStatus.choices, default=CaseStatus.NEW)
    owner = models.ForeignKey(
        "accounts.Agent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    resolution = models.TextField(blank=True)
    root_cause = models.CharField(max_length=200, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        permissions = [("reassign_any_case", "Can reassign any case to anyone")]
        indexes = [
            models.Index(fields=["opened_at", "id"], name="case_opened_idx"),
            models.Index(fields=["status", "opened_at", "id"], name="case_status_opened_idx"),
            models.Index(fields=["owner", "status", "opened_at"], name="case_owner_status_idx"),
            models.Index(fields=["team", "status", "opened_at"], name="case_team_status_idx"),
            models.Index(fields=["customer", "opened_at"], name="case_customer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=DONE_STATUSES) | Q(resolved_at__isnull=False),
                name="case_done_has_resolved_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CLOSED) | Q(closed_at__isnull=False),
                name="case_closed_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        """The number people quote on the phone."""
        return f"C-{self.pk:06d}" if self.pk else "C-new"

    @property
    def is_done(self) -> bool:
        """Whether the case is resolved or closed."""
        return self.status in DONE_STATUSES


class Direction(models.TextChoices):
    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"


class ContactOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    FOLLOW_UP = "follow_up", "Follow-up needed"
    TRANSFERRED = "transferred", "Transferred"
    CALLBACK_SCHEDULED = "callback_scheduled", "Call-back scheduled"
    INFORMATION_GIVEN = "information_given", "Information given"
    ABANDONED = "abandoned", "Abandoned"


class Contact(models.Model):
    """One interaction with the customer about a case: a call, an e-mail, a chat or a visit."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts", db_index=False)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    direction = models.CharField(max_length=16, choices=Direction.choices, default=Direction.INBOUND)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    queue_wait_seconds = models.PositiveIntegerField(default=0)
    handle_seconds = models.PositiveIntegerField(default=0)
    agent = models.ForeignKey(
        "accounts.Agent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
        db_index=False,
    )
    queue = models.CharField(max_length=80, blank=True)
    ivr_path = models.CharField(max_length=200, blank=True, help_text="Menu choices in order, such as 1>3>0.")
    outcome = models.CharField(max_length=24, choices=ContactOutcome.choices, default=ContactOutcome.RESOLVED)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["case", "started_at"], name="contact_case_idx"),
            models.Index(fields=["agent", "started_at"], name="contact_agent_idx"),
            models.Index(fields=["started_at", "id"], name="contact_started_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="contact_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.direction} {self.started_at:%Y-%m-%d %H:%M}"
