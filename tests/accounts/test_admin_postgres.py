"""The admin's token revocation on PostgreSQL, where select_for_update outside a transaction is an error."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client

from frontline.accounts import services
from frontline.accounts.models import ApiToken
from frontline.core.models import AuditEntry

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite ignores select_for_update, so only PostgreSQL refuses it outside a transaction",
)


def test_the_revoke_action_runs_in_a_transaction(transactional_db, client: Client):
    # Given two live tokens, and no transaction around the request (the `db` fixture would add one and hide it)
    with transaction.atomic():
        for role in ("admin", "agent", "operations"):
            services.create_agent(actor=None, username=role, first_name=role, last_name="Example", role=role)
        crm, _ = services.issue_api_token(actor=None, name="crm", username="agent")
        phones, _ = services.issue_api_token(actor=None, name="phone-system", username="operations")
    client.force_login(User.objects.get(username="admin"))

    # When the admin revokes both with the action
    response = client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [crm.pk, phones.pk]})

    # Then the request succeeds, both are revoked, and each revocation is audited once
    assert response.status_code == 302
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0
    entries = AuditEntry.objects.filter(action="api_token.revoked").order_by("target_id")
    assert [(e.target_id, e.actor_label) for e in entries] == [(str(crm.pk), "admin"), (str(phones.pk), "admin")]
