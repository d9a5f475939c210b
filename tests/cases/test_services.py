"""Opening, editing, reassigning cases and logging contacts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from frontline.cases import services
from frontline.cases.models import CaseStatus, Contact
from frontline.core.errors import Conflict, PermissionDenied, ValidationFailed
from frontline.core.models import AuditEntry, SentMessage


def test_a_case_with_an_owner_opens_in_their_team(org, customer):
    case = services.open_case(
        actor=org.user("agent"), customer_id=customer.pk, subject="Slow wifi", owner_id=org.agents["agent"].pk
    )
    assert case.status == CaseStatus.OPEN
    assert case.team_id == org.team.pk
    entry = AuditEntry.objects.get(action="case.opened", target_id=str(case.pk))
    assert entry.actor_label == "agent"
    assert entry.changes["subject"] == [None, "Slow wifi"]


def test_a_case_without_an_owner_is_new(org, customer):
    case = services.open_case(actor=org.user("agent"), customer_id=customer.pk, subject="Slow wifi")
    assert case.status == CaseStatus.NEW and case.owner_id is None


def test_update_records_only_what_changed(org, case):
    services.update_case(
        actor=org.user("agent"), case_id=case.pk, changes={"priority": "urgent", "subject": case.subject}
    )
    entry = AuditEntry.objects.filter(action="case.updated").get()
    assert entry.changes == {"priority": ["normal", "urgent"]}


def test_update_refuses_fields_that_have_their_own_service(org, case):
    with pytest.raises(ValidationFailed) as failure:
        services.update_case(actor=org.user("agent"), case_id=case.pk, changes={"status": "closed"})
    assert "status" in failure.value.fields


def test_a_closed_case_cannot_be_edited_or_take_contacts(org, case):
    services.resolve_case(actor=None, case_id=case.pk, resolution="r", root_cause="c")
    services.change_case_status(actor=None, case_id=case.pk, status="closed")
    with pytest.raises(Conflict):
        services.update_case(actor=None, case_id=case.pk, changes={"priority": "low"})
    with pytest.raises(Conflict):
        services.log_contact(actor=None, case_id=case.pk, channel="phone")


# --- reassignment rules ---------------------------------------------------------------------------------------


def test_an_agent_hands_over_their_own_case(org, case):
    services.reassign_case(actor=org.user("agent"), case_id=case.pk, owner_id=org.agents["agent2"].pk)
    case.refresh_from_db()
    assert case.owner_id == org.agents["agent2"].pk


def test_an_agent_cannot_take_someone_elses_case(org, case):
    with pytest.raises(PermissionDenied):
        services.reassign_case(actor=org.user("agent2"), case_id=case.pk, owner_id=org.agents["agent2"].pk)
    case.refresh_from_db()
    assert case.owner_id == org.agents["agent"].pk


def test_an_agent_takes_an_unassigned_case_but_cannot_give_it_to_another(org, customer):
    free = services.open_case(actor=None, customer_id=customer.pk, subject="Nobody's")
    with pytest.raises(PermissionDenied):
        services.reassign_case(actor=org.user("agent2"), case_id=free.pk, owner_id=org.agents["agent"].pk)
    services.reassign_case(actor=org.user("agent2"), case_id=free.pk, owner_id=org.agents["agent2"].pk)
    free.refresh_from_db()
    assert free.owner_id == org.agents["agent2"].pk
    assert free.status == CaseStatus.OPEN


def test_a_supervisor_reassigns_any_case_to_another_team(org, case):
    services.reassign_case(actor=org.user("supervisor"), case_id=case.pk, owner_id=None, team_id=org.other_team.pk)
    case.refresh_from_db()
    assert (case.owner_id, case.team_id) == (None, org.other_team.pk)


def test_an_inactive_agent_cannot_be_given_cases(org, case):
    from frontline.accounts import services as accounts

    accounts.update_agent(actor=None, agent_id=org.agents["agent2"].pk, changes={"is_active": False})
    with pytest.raises(ValidationFailed) as failure:
        services.reassign_case(actor=org.user("supervisor"), case_id=case.pk, owner_id=org.agents["agent2"].pk)
    assert "owner_id" in failure.value.fields


def test_the_new_owner_is_told_by_email_once(org, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.reassign_case(actor=org.user("agent"), case_id=case.pk, owner_id=org.agents["agent2"].pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["agent2@example.com"]
    assert case.reference in mail.outbox[0].subject

    # A retried task with the same assignment sends nothing more.
    from frontline.cases.tasks import notify_new_owner

    key = SentMessage.objects.get().key
    assignment = key.split(":", 1)[1]
    assert notify_new_owner.call(case_id=case.pk, agent_id=org.agents["agent2"].pk, assignment=assignment) is False
    assert len(mail.outbox) == 1


def test_no_email_leaves_before_the_transaction_commits(org, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.reassign_case(actor=org.user("agent"), case_id=case.pk, owner_id=org.agents["agent2"].pk)
    assert mail.outbox == []
    assert len(callbacks) == 1


# --- contacts -------------------------------------------------------------------------------------------------


def test_a_contact_defaults_to_the_actor_and_its_duration(org, case):
    start = timezone.now() - dt.timedelta(minutes=10)
    contact = services.log_contact(
        actor=org.user("agent2"),
        case_id=case.pk,
        channel="phone",
        started_at=start,
        ended_at=start + dt.timedelta(seconds=372),
    )
    assert contact.agent_id == org.agents["agent2"].pk
    assert contact.handle_seconds == 372
    assert AuditEntry.objects.filter(action="contact.logged", target_id=str(contact.pk)).exists()


def test_a_contact_cannot_end_before_it_starts(org, case):
    start = timezone.now()
    with pytest.raises(ValidationFailed) as failure:
        services.log_contact(
            actor=None, case_id=case.pk, channel="chat", started_at=start, ended_at=start - dt.timedelta(seconds=1)
        )
    assert "ended_at" in failure.value.fields
    assert Contact.objects.count() == 0


def test_correcting_a_contact_checks_the_times_together(org, case):
    start = timezone.now() - dt.timedelta(hours=1)
    contact = services.log_contact(
        actor=None, case_id=case.pk, channel="chat", started_at=start, ended_at=start + dt.timedelta(minutes=5)
    )
    with pytest.raises(ValidationFailed):
        services.update_contact(
            actor=None, contact_id=contact.pk, changes={"started_at": start + dt.timedelta(hours=2)}
        )
    services.update_contact(actor=None, contact_id=contact.pk, changes={"outcome": "follow_up"})
    contact.refresh_from_db()
    assert contact.outcome == "follow_up"


# --- categories -----------------------------------------------------------------------------------------------


def test_moving_a_category_takes_its_children_along(categories):
    from frontline.cases.models import Category
    from frontline.cases.selectors import category_label

    services.update_category(
        actor=None, category_id=categories["connectivity"].pk, changes={"parent_id": categories["billing"].pk}
    )
    outage = Category.objects.get(pk=categories["outage"].pk)
    assert category_label(outage) == "Billing › Connectivity › Outage"
    services.update_category(actor=None, category_id=categories["connectivity"].pk, changes={"parent_id": None})
    assert category_label(Category.objects.get(pk=categories["outage"].pk)) == "Connectivity › Outage"


def test_a_category_cannot_move_under_its_own_descendant(categories):
    with pytest.raises(ValidationFailed):
        services.update_category(
            actor=None, category_id=categories["connectivity"].pk, changes={"parent_id": categories["outage"].pk}
        )


def test_filtering_by_a_category_includes_its_descendants(org, customer, categories):
    from frontline.cases.selectors import CaseFilters, filtered_cases

    in_child = services.open_case(actor=None, customer_id=customer.pk, subject="a", category_id=categories["slow"].pk)
    services.open_case(actor=None, customer_id=customer.pk, subject="b", category_id=categories["billing"].pk)
    found = list(filtered_cases(CaseFilters(category_id=categories["connectivity"].pk)))
    assert found == [in_child]


# --- opening a case with an owner follows the assignment rules ------------------------------------------------


def test_an_agent_may_open_a_case_for_themselves_without_an_email(org, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = services.open_case(
            actor=org.user("agent"), customer_id=customer.pk, subject="Mine", owner_id=org.agents["agent"].pk
        )
    assert case.owner_id == org.agents["agent"].pk
    assert mail.outbox == []


def test_an_agent_may_not_open_a_case_for_someone_else(org, customer):
    with pytest.raises(PermissionDenied):
        services.open_case(
            actor=org.user("agent"), customer_id=customer.pk, subject="Theirs", owner_id=org.agents["agent2"].pk
        )
    assert not AuditEntry.objects.filter(action="case.opened").exists()


def test_a_supervisor_opens_a_case_for_an_agent_who_is_told_once(org, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = services.open_case(
            actor=org.user("supervisor"), customer_id=customer.pk, subject="Yours", owner_id=org.agents["agent2"].pk
        )
    assert [message.to for message in mail.outbox] == [["agent2@example.com"]]
    assert SentMessage.objects.get().key == f"case-assigned:opened:{case.pk}"


def test_nobody_may_open_a_case_for_an_inactive_agent(org, customer):
    from frontline.accounts import services as accounts

    accounts.update_agent(actor=None, agent_id=org.agents["agent2"].pk, changes={"is_active": False})
    with pytest.raises(ValidationFailed) as failure:
        services.open_case(
            actor=org.user("supervisor"), customer_id=customer.pk, subject="x", owner_id=org.agents["agent2"].pk
        )
    assert failure.value.fields == {"owner_id": ["Agent2 Example is not active."]}


def test_reassigning_to_nobody_queues_no_email(org, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.reassign_case(actor=org.user("supervisor"), case_id=case.pk, owner_id=None)
    assert len(callbacks) == 1  # the handler ran, and found nobody to tell
    assert mail.outbox == []


def test_moving_a_category_next_to_a_namesake_is_refused(categories):
    from frontline.cases.models import Category

    stray = services.create_category(actor=None, name="Outage")  # a root with the name of a child
    with pytest.raises(ValidationFailed) as failure:
        services.update_category(actor=None, category_id=stray.pk, changes={"parent_id": categories["connectivity"].pk})
    assert "parent_id" in failure.value.fields
    assert Category.objects.get(pk=stray.pk).depth == 1


def test_a_resolved_cases_resolution_can_be_corrected(org, case):
    services.resolve_case(actor=None, case_id=case.pk, resolution="Reset", root_cause="Line fault")
    corrected = services.change_case_status(
        actor=org.user("agent"), case_id=case.pk, status="resolved", root_cause="Faulty splitter"
    )
    assert (corrected.resolution, corrected.root_cause) == ("Reset", "Faulty splitter")
    entry = AuditEntry.objects.get(action="case.resolution_corrected")
    assert entry.changes == {"root_cause": ["Line fault", "Faulty splitter"]}


def test_a_status_change_writes_only_the_status_columns(org, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.change_case_status(actor=None, case_id=case.pk, status="waiting_on_customer")
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"subject"' not in updates[0] and '"description"' not in updates[0]
