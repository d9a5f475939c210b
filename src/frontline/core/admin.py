"""The Django admin, for set-up: every save and delete made there is written to the audit log too."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db import router, transaction
from django.db.models import Model, QuerySet
from django.forms import BaseForm, ModelForm
from django.http import HttpRequest

from frontline.core import audit
from frontline.core.audit import JsonValue
from frontline.core.models import AuditEntry

if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin[Any]
else:
    _AdminBase = object


@dataclass
class _AdminSave:
    """One admin save in flight: the stored values read before anything was written (see `save_form`)."""

    fields: list[str]
    m2m_fields: list[str]
    before: dict[str, JsonValue]
    m2m_before: dict[str, JsonValue]
    changes: dict[str, list[JsonValue]] | None = None  # set when the entry waits for the many-to-many values


# By form: the admin object is shared by every request, the form belongs to one.
_SAVES: weakref.WeakKeyDictionary[BaseForm, _AdminSave] = weakref.WeakKeyDictionary()


class AuditedAdminMixin(_AdminBase):
    """Records every admin save as one `<model>.admin_saved` entry and every deleted row as `<model>.admin_deleted`.

    Put it before the admin class it extends: `class UserAdmin(AuditedAdminMixin, auth_admin.UserAdmin)`.
    A save records the fields and many-to-many fields the form changed, plus `audit_values` (such as a tree
    node's parent), as `{field: [before, after]}`; many-to-many values are the sorted primary keys.
    """

    def audit_values(self, obj: Model) -> dict[str, JsonValue]:
        """Values the form does not hold but a save may change, recorded before and after it."""
        return {}

    def audit_deleted_rows(self, obj: Model) -> Iterable[Model]:
        """The rows deleting `obj` removes, each recorded (for a tree node: itself and everything under it)."""
        return [obj]

    # --- saves --------------------------------------------------------------------------------------------

    def _start_save(self, form: ModelForm[Any], change: bool) -> _AdminSave:
        obj = form.instance
        concrete = {f.name for f in obj._meta.concrete_fields}
        many = {f.name for f in obj._meta.many_to_many}
        fields = [name for name in form.changed_data if name in concrete]
        m2m_fields = [name for name in form.changed_data if name in many]
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change and obj.pk is not None else None
        if stored is None:
            return _AdminSave(fields, m2m_fields, before={}, m2m_before={})
        return _AdminSave(
            fields,
            m2m_fields,
            before={**audit.snapshot(stored, fields), **self.audit_values(stored)},
            m2m_before={name: _related_keys(stored, name) for name in m2m_fields},
        )

    def save_form(self, request: HttpRequest, form: ModelForm[Any], change: bool) -> Any:
        # Read the stored values before the form saves: some forms write in save(commit=False) (treebeard's).
        _SAVES[form] = self._start_save(form, change)
        return super().save_form(request, form, change)

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool) -> None:
        save = _SAVES.get(form) or self._start_save(form, change)
        super().save_model(request, obj, form, change)
        after = {**audit.snapshot(obj, save.fields), **self.audit_values(obj)}
        save.changes = audit.diff(save.before, after) if change else audit.creation_changes(after)
        if save.m2m_fields:
            _SAVES[form] = save  # recorded by save_related, once the many-to-many values are written
            return
        _SAVES.pop(form, None)
        self._record_save(request, obj, save.changes)

    def save_related(self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        save = _SAVES.pop(form, None)
        if save is None or save.changes is None:
            return
        obj = form.instance
        m2m_after = {name: _related_keys(obj, name) for name in save.m2m_fields}
        m2m_changes = audit.diff(save.m2m_before, m2m_after) if change else audit.creation_changes(m2m_after)
        self._record_save(request, obj, {**save.changes, **m2m_changes})

    def _record_save(self, request: HttpRequest, obj: Model, changes: dict[str, list[JsonValue]]) -> None:
        audit.record(actor=request.user, action=f"{obj._meta.model_name}.admin_saved", target=obj, changes=changes)

    # --- deletes ------------------------------------------------------------------------------------------

    def _record_deletions(self, request: HttpRequest, objs: Iterable[Model]) -> None:
        seen: set[tuple[str, Any]] = set()
        drafts = []
        for obj in objs:
            for row in self.audit_deleted_rows(obj):
                key = (row._meta.label_lower, row.pk)
                if key not in seen:
                    seen.add(key)
                    drafts.append(audit.AuditDraft(f"{row._meta.model_name}.admin_deleted", row, {}))
        audit.record_many(actor=request.user, drafts=drafts)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        with transaction.atomic(using=router.db_for_write(type(obj))):
            self._record_deletions(request, [obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # The "delete selected" action runs outside a transaction; the entries and the delete go together.
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            self._record_deletions(request, queryset)
            super().delete_queryset(request, queryset)


def _related_keys(obj: Model, name: str) -> JsonValue:
    return audit.to_json_value(sorted(getattr(obj, name).values_list("pk", flat=True)))


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes are recorded (see `AuditedAdminMixin`)."""


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed: these rows change only through Frontline's services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
