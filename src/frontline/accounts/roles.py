"""The five roles, as Django groups with permissions. Code checks permissions; roles only bundle them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.db import models, transaction


class Role(models.TextChoices):
    AGENT = "agent", "Agent"
    SUPERVISOR = "supervisor", "Supervisor"
    QUALITY = "quality", "Quality"
    OPERATIONS = "operations", "Operations"
    ADMIN = "admin", "Admin"


# The apps whose rows every role may read.
ORGANISATION_APPS = ("accounts", "customers", "cases", "assist", "authority", "surveys")
READABLE_MODELS = (
    "accounts.branch",
    "accounts.team",
    "accounts.skill",
    "accounts.agent",
    "customers.customer",
    "cases.product",
    "cases.category",
    "cases.case",
    "cases.contact",
)
_VIEW = tuple(f"{label.split('.')[0]}.view_{label.split('.')[1]}" for label in READABLE_MODELS)
_WORK_CASES = (
    "customers.add_customer",
    "customers.change_customer",
    "cases.add_case",
    "cases.change_case",
    "cases.add_contact",
    "cases.change_contact",
)

_FEEDBACK = ("assist.add_suggestionfeedback",)
_OUTCOMES = ("assist.change_caseoutcome", "assist.view_caseoutcome")
_ASSIST_REPORT = ("assist.view_suggestionfeedback",)
_GIVE = (
    "authority.view_gesturetype",
    "authority.view_gesture",
    "authority.add_gesture",
    "authority.view_budget",
)
_POLICIES = ("authority.view_policy", "authority.add_exceptionrequest", "authority.view_exceptionrequest")
# Anyone may own a policy, so every role sees the exception requests to the policies they own.
_POLICY_REPORT = ("authority.view_policy", "authority.view_policy_report", "authority.view_exceptionrequest")
_FIXES = (
    "authority.view_followup",
    "authority.add_followup",
    "authority.change_followup",
    "authority.view_rootcause",
)
_FIX_REPORT = (
    "authority.view_followup",
    "authority.view_rootcause",
    "authority.view_rootcause_report",
    "authority.view_gesture_report",
)
_APPROVE = (
    "authority.approve_gesture",
    "authority.review_gesture",
    "authority.reverse_gesture",
    "authority.top_up_budget",
    "authority.view_authorityprofile",
)
# An agent reads the responses and scores about themselves; the others read all of them.
_OWN_FEEDBACK = ("surveys.view_survey", "surveys.view_response")
_ALL_FEEDBACK = (*_OWN_FEEDBACK, "surveys.view_all_responses", "surveys.view_loop_report", "surveys.view_story")
_MODERATE = ("surveys.moderate_story", "surveys.change_loopfollowup")
_RUN_SURVEYS = (
    "surveys.add_survey",
    "surveys.change_survey",
    "surveys.view_surveytrigger",
    "surveys.add_surveytrigger",
    "surveys.change_surveytrigger",
    "surveys.view_invitation",
    "surveys.add_invitation",
)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.AGENT: _VIEW + _WORK_CASES + _FEEDBACK + _GIVE + _POLICIES + _FIXES + _OWN_FEEDBACK,
    Role.SUPERVISOR: (
        *_VIEW,
        *_WORK_CASES,
        "cases.reassign_any_case",
        *_FEEDBACK,
        *_OUTCOMES,
        *_ASSIST_REPORT,
        *_GIVE,
        *_APPROVE,
        *_POLICIES,
        "authority.view_policy_report",
        *_FIXES,
        "authority.add_rootcause",
        "authority.view_rootcause_report",
        "authority.view_gesture_report",
        *_ALL_FEEDBACK,
        *_MODERATE,
    ),
    Role.QUALITY: (
        *_VIEW,
        *_OUTCOMES,
        *_ASSIST_REPORT,
        "authority.view_gesturetype",
        "authority.view_gesture",
        *_POLICY_REPORT,
        *_FIX_REPORT,
        *_ALL_FEEDBACK,
        *_MODERATE,
        *_RUN_SURVEYS,
    ),
    Role.OPERATIONS: (
        *_VIEW,
        "cases.add_contact",
        "authority.view_gesturetype",
        *_POLICY_REPORT,
        *_FIX_REPORT,
        *_ALL_FEEDBACK,
        "surveys.view_surveytrigger",
        "surveys.view_invitation",
        "surveys.add_invitation",
    ),
    # Admin holds every permission of the organisation apps and user management (see sync_role_groups).
    Role.ADMIN: (),
}
ADMIN_EXTRA_PERMISSIONS = ("auth.add_user", "auth.change_user", "auth.view_user", "core.view_auditentry")


def _permissions(codes: tuple[str, ...]) -> list[Permission]:
    found = []
    for code in codes:
        app_label, codename = code.split(".", 1)
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def all_role_permissions_exist() -> bool:
    """Whether every permission the role table names has been created yet."""
    codes = {code for perms in ROLE_PERMISSIONS.values() for code in perms} | set(ADMIN_EXTRA_PERMISSIONS)
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    return codes <= existing


@transaction.atomic
def sync_role_groups() -> None:
    """Create the role groups and set their permissions to exactly the table above (idempotent)."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        if role is Role.ADMIN:
            perms = list(Permission.objects.filter(content_type__app_label__in=ORGANISATION_APPS))
            perms += _permissions(ADMIN_EXTRA_PERMISSIONS)
        else:
            perms = _permissions(ROLE_PERMISSIONS[role])
        group.permissions.set(perms)


def roles_of(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles a user holds (none when anonymous or inactive)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    names = getattr(user, "_frontline_roles", None)
    if names is None:
        names = frozenset(group.name for group in user.groups.all())  # uses a prefetch when there is one
        setattr(user, "_frontline_roles", names)  # noqa: B010 - cached on the request's user
    return frozenset(Role(name) for name in names if name in Role.values)
