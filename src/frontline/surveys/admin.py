"""Surveys in the Django admin: a survey's settings (times, quota, links, who calls unhappy customers back) and
its triggers are set up here; questions, invitations, responses and score cells are only read here, because
they change through the services (a new version once a survey has answers; counts kept exact)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from frontline.core.admin import AuditedModelAdmin, ReadOnlyAdmin
from frontline.surveys.models import (
    Invitation,
    LoopFollowUp,
    Question,
    Response,
    ScoreCell,
    Story,
    Survey,
    SurveyTrigger,
    SurveyVersion,
)


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("position", "key", "kind", "text", "is_required", "choices", "show_if_key", "show_if_values")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Survey)
class SurveyAdmin(AuditedModelAdmin):
    list_display = ("name", "code", "opens_at", "closes_at", "quota", "response_count")
    readonly_fields = ("response_count",)
    search_fields = ("name", "code")


@admin.register(SurveyVersion)
class SurveyVersionAdmin(ReadOnlyAdmin):
    list_display = ("survey", "number", "created_at")
    inlines = (QuestionInline,)


@admin.register(SurveyTrigger)
class SurveyTriggerAdmin(AuditedModelAdmin):
    list_display = ("survey", "event", "method", "channel", "queue", "team", "sampling_percent", "is_active")
    list_filter = ("event", "method", "is_active")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("id", "survey", "method", "customer", "agent", "send_after", "sent_at", "answered_at")
    list_filter = ("method", "survey")
    exclude = ("key",)  # with the secret key it would make the link


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("id", "survey", "responded_at", "agent", "nps", "csat", "ces", "fcr", "is_unhappy")
    list_filter = ("survey", "is_unhappy", "method")


@admin.register(ScoreCell)
class ScoreCellAdmin(ReadOnlyAdmin):
    list_display = ("survey", "dimension", "key", "day", "invited", "responses")
    list_filter = ("dimension",)


@admin.register(LoopFollowUp)
class LoopFollowUpAdmin(ReadOnlyAdmin):
    list_display = ("response", "case", "owner", "due_at", "recovered_at")


@admin.register(Story)
class StoryAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "status", "branch", "agent_name", "created_at")
    list_filter = ("status", "kind")
    exclude = ("client",)
