"""Set-up of people and organisation in the Django admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from frontline.accounts import services
from frontline.accounts.models import Agent, ApiToken, Branch, Skill, Team
from frontline.core.admin import AuditedModelAdmin


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

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.revoke_api_token(actor=request.user, name=token.name)
        messages.success(request, f"Revoked {queryset.count()} token(s).")
