"""Writes about people and organisation. Callers hold the transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils import timezone

from frontline.accounts.models import Agent, ApiToken, Branch, Skill, Team
from frontline.accounts.roles import Role
from frontline.core import audit
from frontline.core.errors import Conflict, NotFound, ValidationFailed
from frontline.core.permissions import Actor, require_permission
from frontline.core.validation import normalise_phone_number, validate_row
from frontline.core.writes import create_row, refuse_unknown, update_row, validate_values

TOKEN_PREFIX = "fl_"  # noqa: S105 - a marker, not a secret
# How long a token's last use may be stale before a request writes it again (keeps reads write-free).
TOKEN_TOUCH_SECONDS = 60


def _normalised_phone(value: Any, field: str) -> Any:
    if not isinstance(value, str) or not value.strip():
        return value
    try:
        return normalise_phone_number(value)
    except DjangoValidationError as exc:
        raise ValidationFailed.single(field, exc.messages[0]) from None


# --- branches -------------------------------------------------------------------------------------------------

BRANCH_FIELDS = ("name", "city", "time_zone", "phone_number")


def create_branch(*, actor: Actor, name: str, city: str, time_zone: str, phone_number: str) -> Branch:
    """Add a branch."""
    require_permission(actor, "accounts.add_branch")
    values = {
        "name": name.strip(),
        "city": city.strip(),
        "time_zone": time_zone.strip(),
        "phone_number": _normalised_phone(phone_number, "phone_number"),
    }
    return create_row(Branch, actor=actor, action="branch.created", values=values)


def update_branch(*, actor: Actor, branch_id: int, changes: Mapping[str, Any]) -> Branch:
    """Change a branch's name, city, time zone or phone number."""
    require_permission(actor, "accounts.change_branch")
    branch = Branch.objects.select_for_update().filter(pk=branch_id).first()
    if branch is None:
        raise NotFound(f"No branch {branch_id}.")
    changes = dict(changes)
    if "phone_number" in changes:
        changes["phone_number"] = _normalised_phone(changes["phone_number"], "phone_number")
    update_row(branch, actor=actor, action="branch.updated", changes=changes, allowed=BRANCH_FIELDS)
    return branch


# --- teams ----------------------------------------------------------------------------------------------------

TEAM_FIELDS = ("name", "branch_id", "supervisor_id")


def create_team(*, actor: Actor, name: str, branch_id: int | None = None, supervisor_id: int | None = None) -> Team:
    """Add a team."""
    require_permission(actor, "accounts.add_team")
    values = {"name": name.strip(), "branch_id": branch_id, "supervisor_id": supervisor_id}
    return create_row(Team, actor=actor, action="team.created", values=values)


def update_team(*, actor: Actor, team_id: int, changes: Mapping[str, Any]) -> Team:
    """Rename a team, move it to another branch or give it another supervisor."""
    require_permission(actor, "accounts.change_team")
    team = Team.objects.select_for_update().filter(pk=team_id).first()
    if team is None:
        raise NotFound(f"No team {team_id}.")
    update_row(team, actor=actor, action="team.updated", changes=changes, allowed=TEAM_FIELDS)
    return team


# --- agents ---------------------------------------------------------------------------------------------------

AGENT_FIELDS = ("team_id", "branch_id", "extension", "is_active")
USER_FIELDS = ("first_name", "last_name", "email")


def _skills(names: Sequence[str]) -> list[Skill]:
    cleaned = sorted({name.strip() for name in names if name.strip()})
    if any(len(name) > 80 for name in cleaned):
        raise ValidationFailed.single("skills", "A skill name has at most 80 characters.")
    existing = {skill.name: skill for skill in Skill.objects.filter(name__in=cleaned)}
    missing = [Skill(name=name) for name in cleaned if name not in existing]
    Skill.objects.bulk_create(missing)
    return [*existing.values(), *Skill.objects.filter(name__in=[s.name for s in missing])]


def set_role(user: User, role: Role | str) -> None:
    """Give `user` exactly one role; admins may also use the Django admin."""
    try:
        role = Role(role)
    except ValueError:
        raise ValidationFailed.single("role", f"Choose one of {', '.join(Role.values)}.") from None
    user.groups.set([Group.objects.get(name=role.value)])
    user.is_staff = role is Role.ADMIN
    user.save(update_fields=["is_staff"])


def create_agent(
    *,
    actor: Actor,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    role: str = Role.AGENT,
    password: str | None = None,
    team_id: int | None = None,
    branch_id: int | None = None,
    extension: str = "",
    skills: Sequence[str] = (),
    is_active: bool = True,
) -> Agent:
    """Create a user with one role and their agent profile. Without a password the user cannot sign in yet."""
    require_permission(actor, "accounts.add_agent")
    if role not in Role.values:
        raise ValidationFailed.single("role", f"Choose one of {', '.join(Role.values)}.")
    user_model = get_user_model()
    user = user_model(username=username.strip(), first_name=first_name.strip(), last_name=last_name.strip())
    user.email = email.strip()
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    validate_row(user, exclude=["password"])
    agent = Agent(team_id=team_id, branch_id=branch_id, extension=extension.strip(), is_active=is_active)
    validate_values(agent, AGENT_FIELDS, exclude=["user"])
    user.save()
    set_role(user, role)
    agent.user = user
    agent.save()
    agent.skills.set(_skills(skills))
    audit.record(
        actor=actor,
        action="agent.created",
        target=agent,
        changes=audit.creation_changes(
            {
                "username": user.get_username(),
                "role": str(role),
                **audit.snapshot(agent, AGENT_FIELDS),
                "skills": sorted(s.name for s in agent.skills.all()),
            }
        ),
    )
    return agent


def update_agent(*, actor: Actor, agent_id: int, changes: Mapping[str, Any]) -> Agent:
    """Change an agent's team, branch, extension, skills, active flag, name, e-mail or role."""
    require_permission(actor, "accounts.change_agent")
    refuse_unknown(changes, (*AGENT_FIELDS, *USER_FIELDS, "skills", "role"))
    agent = Agent.objects.select_for_update().select_related("user").filter(pk=agent_id).first()
    if agent is None:
        raise NotFound(f"No agent {agent_id}.")
    profile = {name: value for name, value in changes.items() if name in AGENT_FIELDS}
    person = {name: value for name, value in changes.items() if name in USER_FIELDS}
    if profile:
        update_row(agent, actor=actor, action="agent.updated", changes=profile, allowed=AGENT_FIELDS)
    if person:
        update_row(agent.user, actor=actor, action="user.updated", changes=person, allowed=USER_FIELDS)
    if "skills" in changes:
        if not isinstance(changes["skills"], list | tuple):
            raise ValidationFailed.single("skills", "Send a list of skill names (an empty list removes them all).")
        before = sorted(s.name for s in agent.skills.all())
        agent.skills.set(_skills(changes["skills"]))
        after = sorted(s.name for s in agent.skills.all())
        if before != after:
            audit.record(actor=actor, action="agent.updated", target=agent, changes={"skills": [before, after]})
    if "role" in changes:
        before_role = sorted(agent.user.groups.values_list("name", flat=True))
        set_role(agent.user, changes["role"])
        if before_role != [changes["role"]]:
            audit.record(
                actor=actor,
                action="agent.role_changed",
                target=agent,
                changes={"role": [before_role, changes["role"]]},
            )
    return agent


# --- API tokens -----------------------------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_api_token(*, actor: Actor, name: str, username: str) -> tuple[ApiToken, str]:
    """Create a token for integration `name` acting as `username`; the secret is returned once, never stored."""
    require_permission(actor, "accounts.add_apitoken")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationFailed.single("username", f"No user {username!r}.")
    if ApiToken.objects.filter(name=name).exists():
        raise Conflict(f"A token named {name!r} exists (revoked tokens keep their names on record); choose another.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name.strip(), user=user, prefix=secret[:10], digest=_digest(secret))
    validate_row(token)
    token.save()
    audit.record(
        actor=actor,
        action="api_token.issued",
        target=token,
        changes=audit.creation_changes({"name": token.name, "user": username, "prefix": token.prefix}),
    )
    return token, secret


def revoke_api_token(*, actor: Actor, name: str) -> ApiToken:
    """Revoke the token of integration `name`; requests with it are refused from now on."""
    require_permission(actor, "accounts.change_apitoken")
    token = ApiToken.objects.select_for_update().filter(name=name).first()
    if token is None:
        raise NotFound(f"No token named {name!r}.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="api_token.revoked",
            target=token,
            changes={"revoked_at": [None, str(token.revoked_at)]},
        )
    return token


def authenticate_token(secret: str) -> User | None:
    """The active user a live token acts as, or None; notes the token's use at most once a minute."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOKEN_TOUCH_SECONDS:
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - dt.timedelta(seconds=TOKEN_TOUCH_SECONDS))
        ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    return token.user
