"""The `seed` and `demo` commands: refusing non-empty or unmigrated databases, and reusing the demo."""

from __future__ import annotations

import argparse
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from frontline.accounts import services as accounts
from frontline.accounts.models import Branch, Team
from frontline.cases.models import Case
from frontline.core.models import AuditEntry
from frontline.customers.models import Customer
from frontline.demo import console
from frontline.demo.organisation import DEMO_PASSWORD

from .support import count, seeded_cases

pytestmark = pytest.mark.django_db


def test_seed_writes_the_company_and_prints_a_summary() -> None:
    out = StringIO()

    call_command("seed", "--cases", "80", "--seed", "3", stdout=out, stderr=StringIO())

    assert (seeded_cases().count(), count(Customer)) == (80, 20)
    assert "80 cases" in out.getvalue()
    assert "20 customers" in out.getvalue()


def test_seed_takes_a_customer_count() -> None:
    call_command("seed", "--cases", "40", "--customers", "7", stdout=StringIO(), stderr=StringIO())

    assert count(Customer) == 7


def test_seed_refuses_a_database_with_cases_and_writes_nothing() -> None:
    call_command("seed", "--cases", "30", stdout=StringIO(), stderr=StringIO())
    audit_entries, customers = count(AuditEntry), count(Customer)

    with pytest.raises(CommandError, match="already has cases"):
        call_command("seed", "--cases", "30", stdout=StringIO(), stderr=StringIO())

    assert (seeded_cases().count(), count(Customer), count(AuditEntry)) == (30, customers, audit_entries)


def test_seed_refuses_an_unmigrated_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("frontline.demo.management.commands.seed.pending_migrations", lambda: ["cases.0009_future"])

    with pytest.raises(CommandError, match="frontline migrate"):
        call_command("seed", "--cases", "30", stdout=StringIO(), stderr=StringIO())

    assert count(Case) == 0


def test_the_migrated_test_database_has_no_pending_migrations() -> None:
    assert console.pending_migrations() == []


def test_demo_without_serving_seeds_once_then_reuses_the_data() -> None:
    first, second = StringIO(), StringIO()

    call_command("demo", "--no-serve", "--cases", "60", stdout=first, stderr=StringIO())
    cases, audit_entries = seeded_cases().count(), count(AuditEntry)
    call_command("demo", "--no-serve", "--cases", "60", stdout=second, stderr=StringIO())

    assert cases == 60
    assert "Seeding the demo company" in first.getvalue()
    assert "Seeding" not in second.getvalue()
    assert "already has cases" in second.getvalue()
    assert (seeded_cases().count(), count(AuditEntry)) == (cases, audit_entries)
    for output in (first.getvalue(), second.getvalue()):
        assert DEMO_PASSWORD in output
        assert "http://127.0.0.1:8000" in output
        for username in ("agent", "supervisor", "quality", "operations", "admin"):
            assert f" {username}\n" in output


@pytest.mark.parametrize("text", ["0", "-5", "many"])
def test_counts_must_be_positive_whole_numbers(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        console.positive_int(text)


def test_counts_may_be_written_with_separators() -> None:
    assert console.positive_int("1_000_000") == console.positive_int("1,000,000") == 1_000_000


def test_seed_refuses_a_database_with_part_of_the_organisation_and_writes_nothing() -> None:
    accounts.create_branch(
        actor=None, name="Toronto King Street", city="Toronto", time_zone="America/Toronto", phone_number="+14165550100"
    )

    with pytest.raises(CommandError, match="part of an organisation"):
        call_command("seed", "--cases", "30", stdout=StringIO(), stderr=StringIO())

    assert (count(Case), count(Customer), count(Branch), count(Team)) == (0, 0, 1, 0)
