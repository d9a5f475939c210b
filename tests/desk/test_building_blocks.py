"""The desk's small parts: tenure, durations, page links, panel registry, error mapping, history lines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict

from frontline.cases import services as cases
from frontline.cases.models import Case
from frontline.core.errors import ValidationFailed
from frontline.core.pagination import KeysetPage
from frontline.desk import panels
from frontline.desk.forms import ContactForm, NewCaseForm
from frontline.desk.history import case_history
from frontline.desk.paging import page_links
from frontline.desk.selectors import case_by_reference, tenure
from frontline.desk.templatetags.desk_tags import duration, email_breaks, field_label, phone
from tests.conftest import Organisation


@pytest.mark.parametrize(
    ("since", "today", "expected"),
    [
        (dt.date(2019, 5, 1), dt.date(2025, 7, 15), "6 years, 2 months"),
        (dt.date(2019, 5, 20), dt.date(2025, 5, 19), "5 years, 11 months"),
        (dt.date(2024, 1, 31), dt.date(2025, 1, 31), "1 year"),
        (dt.date(2025, 1, 10), dt.date(2025, 2, 10), "1 month"),
        (dt.date(2025, 1, 10), dt.date(2025, 1, 20), "0 months"),
        (dt.date(2026, 1, 1), dt.date(2025, 1, 1), "0 months"),
    ],
)
def test_tenure_counts_whole_years_and_months(since: dt.date, today: dt.date, expected: str) -> None:
    assert tenure(since, today) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(None, ""), (0, "0 s"), (45, "45 s"), (245, "4 min 05 s"), (3720, "1 h 02 min"), (-5, "0 s")],
)
def test_durations_read_as_people_say_them(seconds: int | None, expected: str) -> None:
    assert duration(seconds) == expected


def test_page_links_keep_the_filters_and_replace_the_cursor() -> None:
    query = QueryDict("q=router&status=open&status=new&cursor=old")
    middle: KeysetPage[Case] = KeysetPage(items=[], next_cursor="NEXT", previous_cursor="PREV")
    links = page_links(query, middle)
    assert links.newest == "?q=router&status=open&status=new"
    assert links.newer == "?q=router&status=open&status=new&cursor=PREV"
    assert links.older == "?q=router&status=open&status=new&cursor=NEXT"
    assert links.oldest is not None and links.oldest.startswith("?q=router&status=open&status=new&cursor=")
    assert [label for label, _ in links.items] == ["Newest", "Newer", "Older", "Oldest"]


def test_the_only_page_has_no_links() -> None:
    only: KeysetPage[Case] = KeysetPage(items=[], next_cursor=None, previous_cursor=None)
    assert page_links(QueryDict(""), only).items == []


def test_panels_are_placed_in_order_and_only_for_people_who_may_see_them(
    org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        panels,
        "PANELS",
        [
            *panels.PANELS,
            panels.Panel(key="first", title="First", url_name="desk:panel_customer", order=1),
            panels.Panel(
                key="admins", title="Admins", url_name="desk:panel_customer", order=5, permission="auth.add_user"
            ),
        ],
    )
    agent_slots = panels.panels_for_case(actor=org.user("agent"), case_id=7)
    assert [slot.key for slot in agent_slots] == [
        "first",
        "similar",
        "policies",
        "authority",
        "fixes",
        "feedback",
        "customer",
    ]
    admin_slots = panels.panels_for_case(actor=org.user("admin"), case_id=7)
    assert [slot.key for slot in admin_slots] == [
        "first",
        "admins",
        "similar",
        "policies",
        "authority",
        "fixes",
        "feedback",
        "customer",
    ]
    operations_slots = panels.panels_for_case(actor=org.user("operations"), case_id=7)
    assert [slot.key for slot in operations_slots] == ["first", "similar", "policies", "fixes", "feedback", "customer"]
    assert admin_slots[0].url == "/desk/cases/7/panels/customer/"
    assert admin_slots[2].url == "/desk/cases/7/panels/similar/"


def test_service_errors_land_on_the_field_they_name(org: Organisation) -> None:
    form = NewCaseForm(data={"customer": "1", "subject": "x", "channel": "phone", "priority": "normal"})
    assert form.is_valid()
    form.take_errors(
        ValidationFailed({"customer_id": "No such customer.", "owner_id": "Not active.", "__all__": "Clash."})
    )
    assert form.errors["customer"] == ["No such customer."]
    assert form.errors["owner"] == ["Not active."]
    assert form.non_field_errors() == ["Clash."]

    contact = ContactForm(data={"channel": "phone", "direction": "inbound", "outcome": "resolved"})
    assert contact.is_valid()
    contact.take_errors(ValidationFailed({"handle_seconds": "Too long.", "case_id": "No case."}))
    assert contact.errors["duration_minutes"] == ["Too long."]
    assert contact.non_field_errors() == ["Case id: No case."]


def test_history_lines_name_people_and_values(case: Case, org: Organisation) -> None:
    cases.reassign_case(actor=org.user("supervisor"), case_id=case.pk, owner_id=org.agents["agent2"].pk)
    cases.update_case(actor=None, case_id=case.pk, changes={"priority": "urgent", "description": "y" * 300})

    newest, reassigned, opened = case_history(case)

    assert (newest.actor, newest.action) == ("system", "Changed the details")
    first = newest.changes[0]
    assert (first.label, first.before, first.after) == ("Priority", "Normal", "Urgent")
    assert len(newest.changes[1].after) == 120
    assert (reassigned.actor, reassigned.action) == ("Supervisor Example", "Reassigned the case")
    assert [(c.label, c.before, c.after) for c in reassigned.changes] == [("Owner", "Agent Example", "Agent2 Example")]
    assert {c.label for c in opened.changes} == {"Status", "Owner", "Team", "Priority"}


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+16046086427", "+1 604-608-6427"),
        ("+442071838750", "+442071838750"),
        ("416 555 0100", "416 555 0100"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_numbers_read_as_people_write_them(stored: str | None, shown: str) -> None:
    assert phone(stored) == shown


@pytest.mark.parametrize(
    ("address", "html"),
    [
        ("ada@example.com", "ada<wbr>@example<wbr>.com"),
        ("accounts@torresmoore.example.org", "accounts<wbr>@torresmoore<wbr>.example<wbr>.org"),
        ("<b>@exa<i>mple", "&lt;b&gt;<wbr>@exa&lt;i&gt;mple"),
        ("no-at-sign", "no-at-sign"),
        ("", ""),
    ],
)
def test_e_mail_addresses_may_wrap_before_the_at(address: str, html: str) -> None:
    assert str(email_breaks(address)) == html


@pytest.mark.parametrize(
    ("name", "label"),
    [("cursor", "Cursor"), ("opened_from", "Opened from"), ("customer_id", "Customer"), ("__all__", "Request")],
)
def test_error_field_names_read_as_labels(name: str, label: str) -> None:
    assert field_label(name) == label


def test_a_reference_names_a_case_the_person_may_read(case: Case, org: Organisation) -> None:
    agent = org.user("agent")
    for text in (case.reference, case.reference.lower(), f"C{case.pk}", f"  {case.reference} "):
        assert case_by_reference(actor=agent, text=text) == case, text
    for text in ("C-999999", "C-0", "router", str(case.pk), f"{case.reference} router", ""):
        assert case_by_reference(actor=agent, text=text) is None, text
