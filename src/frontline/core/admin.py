"""The Django admin, for set-up: every save and delete made there is written to the audit log too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from frontline.core import audit
from frontline.core.models import AuditEntry


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes are recorded as `<model>.admin_saved` / `.admin_deleted`."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool) -> None:
        fields = [name for name in form.changed_data if name in {f.name for f in obj._meta.concrete_fields}]
        before = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit.snapshot(stored, fields) if stored is not None else {}
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj, fields)
        changes = audit.diff(before, after) if change else audit.creation_changes(after)
        audit.record(actor=request.user, action=f"{obj._meta.model_name}.admin_saved", target=obj, changes=changes)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        audit.record(actor=request.user, action=f"{obj._meta.model_name}.admin_deleted", target=obj, changes={})
        super().delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read-only."""

    list_display = ("occurred_at", "actor_label", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "target_id", "action")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
