"""Set-up of people and organisation in the Django admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.models import User
from django.db import router, transaction
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField, ModelForm
from django.http import HttpRequest, HttpResponse

from frontline.accounts import services
from frontline.accounts.models import Agent, ApiToken, Branch, Skill, Team
from frontline.core import audit
from frontline.core.admin import AuditedAdminMixin, AuditedModelAdmin

# Who may do what is set by roles, changed through the agent API and services (which audit it); in the
# admin only superusers touch these.
SUPERUSER_ONLY_USER_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions", "last_login", "date_joined")


if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, auth_admin.UserAdmin):
    """Django's user admin, audited; only superusers change permissions, roles or superuser accounts."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + tuple(name for name in SUPERUSER_ONLY_USER_FIELDS if name not in fields)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Otherwise an admin could take over a superuser's account (its password, e-mail or username).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Django's password view, audited as `user.admin_password_changed` (never with the hash)."""
        with transaction.atomic(using=router.db_for_write(User)):
            before = User.objects.filter(pk=unquote(id)).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            user = User.objects.filter(pk=unquote(id)).first()
            if user is not None and before is not None and user.password != before:
                changes = audit.diff(
                    {"usable_password": is_password_usable(before)}, {"usable_password": user.has_usable_password()}
                )
                audit.record(actor=request.user, action="user.admin_password_changed", target=user, changes=changes)
        return response


@admin.register(Branch)
class BranchAdmin(AuditedModelAdmin):
    list_display = ("name", "city", "time_zone", "phone_number")
    search_fields = ("name", "city")


@admin.register(Team)
class TeamAdmin(AuditedModelAdmin):
    list_display = ("name", "branch", "supervisor")
    list_select_related = ("branch", "supervisor__user")


@admin.register(Skill)
class SkillAdmin(AuditedModelAdmin):
    search_fields = ("name",)


@admin.register(Agent)
class AgentAdmin(AuditedModelAdmin):
    list_display = ("display_name", "team", "branch", "extension", "is_active")
    list_filter = ("is_active", "team", "branch")
    list_select_related = ("user", "team", "branch")
    search_fields = ("user__username", "user__first_name", "user__last_name", "extension")
    filter_horizontal = ("skills",)
    autocomplete_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued here (the secret is shown once, in a message) and revoked by an action."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    fields = ("name", "user")
    actions = ("revoke",)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        # A token acts as its user: only a superuser may issue one that acts as a superuser.
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: ModelForm[Any], change: bool) -> None:
        token, secret = services.issue_api_token(actor=request.user, name=obj.name, username=obj.user.username)
        obj.pk = token.pk
        messages.warning(
            request, f"Token for {token.name}: {secret} (copy it now: it is not stored and won't be shown again)."
        )

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        # Admin actions run outside a transaction, and the service locks each token (select_for_update).
        with transaction.atomic(using=router.db_for_write(ApiToken)):
            names = list(queryset.values_list("name", flat=True))
            for name in names:
                services.revoke_api_token(actor=request.user, name=name)
        messages.success(request, f"Revoked {len(names)} token(s).")
