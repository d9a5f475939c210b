"""Seeding the demo company: deterministic, at the asked-for scale, with a coherent organisation."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import phonenumbers
import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from frontline.accounts.models import Agent, Branch, Team
from frontline.cases.lifecycle import OPEN_STATUSES
from frontline.cases.models import Case, CaseStatus, Category, Contact, Product
from frontline.core.models import AuditEntry
from frontline.customers import services as customer_services
from frontline.customers.models import Customer, Tier
from frontline.demo import catalogue
from frontline.demo.organisation import DEMO_PASSWORD, DEMO_USERS
from frontline.demo.seeding import SeedingRefused, start_of_day

from .conftest import Seed
from .support import NOW, company_digest, count, seeded_cases


def _digest_of_seed(seed_demo: Seed, seed: int) -> str:
    with transaction.atomic():
        seed_demo(seed=seed)
        digest = company_digest()
        transaction.set_rollback(True)
    return digest


def test_the_same_seed_and_now_write_the_same_company_and_another_seed_does_not(seed_demo: Seed) -> None:
    first = _digest_of_seed(seed_demo, 7)
    second = _digest_of_seed(seed_demo, 7)
    other = _digest_of_seed(seed_demo, 8)

    assert first == second
    assert other != first
    assert count(Case) == 0  # each run was rolled back


def test_a_seed_writes_the_organisation_and_the_counts_asked_for(seed_demo: Seed) -> None:
    summary = seed_demo(cases=2000)

    assert (seeded_cases().count(), count(Customer), count(Branch), count(Team)) == (2000, 500, 6, 7)
    assert count(Agent) == summary.agents == 40
    assert summary.contacts == count(Contact)
    assert count(Product) == len(catalogue.PRODUCTS)
    assert count(Category) == len(list(catalogue.category_paths()))
    assert Team.objects.filter(supervisor__isnull=True).count() == 0
    assert set(Customer.objects.values_list("tier", flat=True)) == set(Tier.values)
    assert Agent.objects.exclude(extension="").values("extension").distinct().count() == 40


def test_branches_have_real_time_zones_and_e164_numbers(seed_demo: Seed) -> None:
    seed_demo(cases=20)

    for branch in Branch.objects.all():
        zoneinfo.ZoneInfo(branch.time_zone)
        number = phonenumbers.parse(branch.phone_number)
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == branch.phone_number
    assert Branch.objects.get(city="Vancouver").time_zone == "America/Vancouver"
    assert Branch.objects.get(city="Halifax").time_zone == "America/Halifax"


def test_almost_all_cases_are_done_and_the_desk_has_open_work(seed_demo: Seed) -> None:
    seed_demo(cases=3000)
    demo_agent = Agent.objects.get(user__username="agent")

    done = Case.objects.filter(status__in=(CaseStatus.RESOLVED, CaseStatus.CLOSED)).count()
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES)
    assert 0.95 * 3000 <= done < 3000
    assert open_cases.filter(owner__isnull=True, team__isnull=False, status=CaseStatus.NEW).exists()
    assert open_cases.filter(owner=demo_agent).exists()
    assert not open_cases.filter(opened_at__lt=NOW - dt.timedelta(days=30)).exists()


def test_the_seed_run_is_recorded_by_one_audit_entry(seed_demo: Seed) -> None:
    seed_demo(cases=100, seed=11)

    entry = AuditEntry.objects.get(action="demo.seeded")
    assert entry.actor is None
    assert entry.actor_label == "seed"
    assert entry.changes["cases"] == [None, 100]
    assert entry.changes["seed"] == [None, 11]
    assert entry.changes["customers"] == [None, 25]


def test_each_demo_log_in_works_with_its_role(seed_demo: Seed, client: Client) -> None:
    seed_demo(cases=20)

    for username, _, _, role, _ in DEMO_USERS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role.value]
        client.logout()
    assert Agent.objects.get(user__username="agent").team == Agent.objects.get(user__username="supervisor").team
    assert Team.objects.get(supervisor__user__username="supervisor").name == "Broadband support"


def test_a_second_seed_is_refused(seed_demo: Seed) -> None:
    seed_demo(cases=20)
    with pytest.raises(SeedingRefused, match="already has cases"):
        seed_demo(cases=20)
    assert seeded_cases().count() == 20


def test_rows_created_after_a_seed_get_fresh_ids(seed_demo: Seed) -> None:
    seed_demo(cases=40)
    highest = Customer.objects.order_by("-id").values_list("id", flat=True).first()

    customer = customer_services.create_customer(actor=None, account_number="NEW-1", name="After Seeding")

    assert highest is not None
    assert customer.pk > highest


def test_start_of_day_is_midnight_utc() -> None:
    moment = NOW.replace(hour=17, minute=42).astimezone(zoneinfo.ZoneInfo("America/Toronto"))
    assert start_of_day(moment) == NOW


def test_the_demo_has_policies_and_past_gestures_whose_ledgers_add_up(seed_demo: Seed) -> None:
    from decimal import Decimal

    from frontline.assist.models import CaseOutcome
    from frontline.authority.models import Budget, ExceptionRequest, FollowUp, Gesture, Policy

    summary = seed_demo(cases=3000)

    assert summary.policies == Policy.objects.count() == 6
    assert summary.gestures == Gesture.objects.count() > 50
    for budget in Budget.objects.all():
        entries = list(budget.entries.order_by("id").values_list("amount", "balance_after"))
        assert sum((amount for amount, _ in entries), Decimal(0)) == budget.balance.amount >= 0
        assert entries[-1][1] == budget.balance.amount
    with_gesture = set(Gesture.objects.values_list("case_id", flat=True))
    outcomes = CaseOutcome.objects.all()
    assert with_gesture <= set(outcomes.values_list("case_id", flat=True))
    assert outcomes.exclude(case_id__in=with_gesture).exists()  # alike cases without one, to compare with
    assert FollowUp.objects.exists()
    assert ExceptionRequest.objects.exists()


def test_the_demo_has_a_year_of_survey_answers_counted_exactly_and_people_to_call_back(seed_demo: Seed) -> None:
    from frontline.surveys import rollup
    from frontline.surveys.models import Invitation, LoopFollowUp, Response, ScoreCell, Story, Survey

    summary = seed_demo(cases=3000)

    assert summary.survey_responses == Response.objects.count() > 50
    assert Invitation.objects.count() > Response.objects.count()
    assert summary.survey_follow_ups == LoopFollowUp.objects.count() > 0
    assert Response.objects.filter(has_comment=True).exists()
    assert Survey.objects.get(code="fibre-launch").closes_at is not None
    assert Story.objects.filter(status="pending").exists() and Story.objects.filter(status="approved").exists()
    everyone = ScoreCell.objects.filter(dimension="all")
    assert sum(everyone.values_list("responses", flat=True)) == Response.objects.count()
    columns = ("dimension", "key", "day", "responses", "promoters", "invited")
    before = sorted(ScoreCell.objects.values_list(*columns))
    rollup.recount()
    assert before == sorted(ScoreCell.objects.values_list(*columns))
