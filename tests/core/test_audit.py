"""The audit log: every service write is recorded, and the database refuses to change or remove an entry."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from frontline.core.models import AuditEntry


def test_entries_cannot_be_changed_or_deleted_through_the_model(org):
    entry = AuditEntry.objects.first()
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_the_database_refuses_updates_and_deletes(org):
    entry = AuditEntry.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.action != "tampered"


def test_organisation_set_up_is_recorded_with_its_values(org):
    created = AuditEntry.objects.get(action="branch.created", target_id=str(org.branch.pk))
    assert created.actor is None and created.actor_label == "system"
    assert created.changes["phone_number"] == [None, "+14165550100"]
    assert AuditEntry.objects.filter(action="agent.created").count() == 6
    assert AuditEntry.objects.filter(action="team.updated", target_id=str(org.team.pk)).exists()


def test_a_users_write_names_the_user(org, customer):
    from frontline.customers import services

    services.update_customer(actor=org.user("agent"), customer_id=customer.pk, changes={"tier": "business"})
    entry = AuditEntry.objects.get(action="customer.updated")
    assert (entry.actor, entry.actor_label) == (org.user("agent"), "agent")
    assert entry.changes == {"tier": ["premium", "business"]}
    assert entry.target_type == "customers.customer" and entry.target_id == str(customer.pk)
