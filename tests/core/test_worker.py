"""`frontline worker` runs what the database queue holds: here, the e-mail telling an agent a case is theirs."""

from __future__ import annotations

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from frontline.cases import services

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_a_reassignment_queues_a_task_that_the_worker_runs_once(
    org, case, django_capture_on_commit_callbacks, monkeypatch
):
    # The worker closes stale connections between tasks; inside a test that would close the test's own.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    with override_settings(TASKS=DATABASE_QUEUE):
        with django_capture_on_commit_callbacks(execute=True):
            services.reassign_case(actor=org.user("agent"), case_id=case.pk, owner_id=org.agents["agent2"].pk)
        assert mail.outbox == []
        assert DBTaskResult.objects.filter(status="READY").count() == 1

        call_command("worker", "--batch", stdout=StringIO(), stderr=StringIO())
        call_command("worker", "--batch", stdout=StringIO(), stderr=StringIO())

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["agent2@example.com"]
