"""Branches, teams, skills, agents and the API tokens integrations authenticate with."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from frontline.core.validation import validate_phone_number, validate_time_zone


class Branch(models.Model):
    """A local office customers can be served from."""

    name = models.CharField(max_length=120, unique=True)
    city = models.CharField(max_length=120)
    time_zone = models.CharField(
        max_length=64, validators=[validate_time_zone], help_text="An IANA time zone such as America/Toronto."
    )
    phone_number = models.CharField(
        max_length=32, validators=[validate_phone_number], help_text="E.164, such as +14165550100."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "branches"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A group of agents working one queue of cases under one supervisor."""

    name = models.CharField(max_length=120, unique=True)
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="teams")
    supervisor = models.ForeignKey(
        "accounts.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="supervised_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """Something an agent can handle: a product, a language, a kind of request."""

    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    """The working profile of a user who serves customers."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agent")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="agents")
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="agents")
    skills = models.ManyToManyField(Skill, blank=True, related_name="agents")
    extension = models.CharField(
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{2,8}$", "An extension is 2 to 8 digits.")],
        help_text="Direct extension customers can dial.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["extension"],
                condition=~Q(extension=""),
                name="agent_extension_unique_when_set",
                violation_error_message="Another agent already has this extension.",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The agent's full name, or their user name when they have none."""
        return self.user.get_full_name() or self.user.get_username()


class ApiToken(models.Model):
    """A secret an integration sends as `Authorization: Bearer <token>`; only its sha256 is stored."""

    name = models.CharField(max_length=120, unique=True, help_text="The integration, such as 'phone-system'.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text="The identity the integration acts as; its roles decide what the token may do.",
    )
    prefix = models.CharField(max_length=16, help_text="The token's first characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        """Whether the token still authenticates."""
        return self.revoked_at is None
