"""Keyset pagination against a plain offset reference, on a model with ties in the leading column."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from frontline.core.errors import ValidationFailed
from frontline.core.models import AuditEntry
from frontline.core.pagination import Cursor, decode_cursor, paginate

BASE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ORDERING = ("-occurred_at", "-id")


def _walk(queryset, limit):
    pages, cursor = [], None
    while True:
        page = paginate(queryset, ordering=ORDERING, cursor=cursor, limit=limit)
        pages.append([row.pk for row in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


class KeysetAgainstOffset(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(offsets=st.lists(st.integers(min_value=0, max_value=5), min_size=0, max_size=40), limit=st.integers(1, 9))
    def test_pages_concatenate_to_the_full_ordered_list(self, offsets, limit):
        AuditEntry.objects.bulk_create(
            AuditEntry(
                occurred_at=BASE + dt.timedelta(seconds=o), actor_label="t", action="a", target_type="x", target_id="1"
            )
            for o in offsets
        )
        rows = AuditEntry.objects.all()
        expected = list(rows.order_by(*ORDERING).values_list("id", flat=True))
        pages = _walk(rows, limit)
        assert [pk for page in pages for pk in page] == expected
        assert all(len(page) == limit for page in pages[:-1])


@pytest.fixture
def entries(db):
    AuditEntry.objects.bulk_create(
        AuditEntry(
            occurred_at=BASE + dt.timedelta(seconds=i // 3),
            actor_label="t",
            action="a",
            target_type="x",
            target_id=str(i),
        )
        for i in range(20)
    )
    return list(AuditEntry.objects.order_by(*ORDERING).values_list("id", flat=True))


def test_going_back_returns_the_previous_page(entries):
    rows = AuditEntry.objects.all()
    first = paginate(rows, ordering=ORDERING, cursor=None, limit=6)
    second = paginate(rows, ordering=ORDERING, cursor=first.next_cursor, limit=6)
    back = paginate(rows, ordering=ORDERING, cursor=second.previous_cursor, limit=6)
    assert [r.pk for r in back.items] == entries[:6]
    assert back.previous_cursor is None and back.next_cursor is not None


def test_the_last_page_cursor_reaches_the_end(entries):
    page = paginate(AuditEntry.objects.all(), ordering=ORDERING, cursor=Cursor("prev", None).encode(), limit=6)
    assert [r.pk for r in page.items] == entries[-6:]
    assert page.next_cursor is None and page.previous_cursor is not None


def test_an_empty_list_has_no_cursors(db):
    page = paginate(AuditEntry.objects.all(), ordering=ORDERING, cursor=None, limit=5)
    assert (page.items, page.next_cursor, page.previous_cursor) == ([], None, None)


@pytest.mark.parametrize(
    "token",
    [
        "!!",
        "bm90IGpzb24",  # "not json"
        Cursor("next", ("yesterday", 1)).encode(),
        Cursor("next", (BASE.isoformat(),)).encode(),  # too short
        Cursor("next", (BASE.isoformat(), "1")).encode(),  # id not an int
        "eyJkIjoibmV4dCIsImsiOm51bGx9",  # {"d":"next","k":null}
    ],
)
def test_a_cursor_that_does_not_decode_is_a_validation_error_on_cursor(db, token):
    with pytest.raises(ValidationFailed) as failure:
        decode_cursor(token, AuditEntry, ORDERING)
    assert "cursor" in failure.value.fields


def test_limit_bounds(db):
    for limit in (0, 201):
        with pytest.raises(ValidationFailed):
            paginate(AuditEntry.objects.all(), ordering=ORDERING, cursor=None, limit=limit)
