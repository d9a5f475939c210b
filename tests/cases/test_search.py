"""Full-text search over subject and description: the same answers on SQLite FTS5 and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from frontline.cases import search, services
from frontline.cases.models import Case
from frontline.core.errors import ValidationFailed


@pytest.fixture
def corpus(org, customer):
    texts = {
        "router": ("Router keeps rebooting", "The modem restarts itself every night."),
        "billing": ("Charged twice for March", "Two identical invoices arrived for the same month."),
        "roaming": ("Roaming charges in Portugal", "Data roaming was switched on without consent."),
        "outage": ("No internet since the storm", "Fibre outage reported across the neighbourhood."),
        "phrase": ("Question about my bill", "I want to cancel the roaming add-on before travelling."),
    }
    return {
        key: services.open_case(actor=None, customer_id=customer.pk, subject=subject, description=description)
        for key, (subject, description) in texts.items()
    }


def _found(text):
    return set(search.matching(Case.objects.all(), text).values_list("id", flat=True))


def test_a_word_matches_subject_or_description(corpus):
    assert _found("roaming") == {corpus["roaming"].pk, corpus["phrase"].pk}
    assert _found("invoices") == {corpus["billing"].pk}


def test_words_are_stemmed_and_prefixes_match(corpus):
    assert _found("reboot") == {corpus["router"].pk}  # "rebooting"
    assert _found("neighbour") == {corpus["outage"].pk}  # prefix of "neighbourhood"
    assert _found("charge") == {corpus["roaming"].pk, corpus["billing"].pk}  # "charges", "Charged"


def test_every_word_must_match(corpus):
    assert _found("roaming portugal") == {corpus["roaming"].pk}
    assert _found("roaming storm") == set()


def test_quoted_phrases_match_in_order(corpus):
    assert _found('"cancel the roaming"') == {corpus["phrase"].pk}
    assert _found('"roaming cancel"') == set()


def test_case_and_punctuation_do_not_matter(corpus):
    assert _found("ROUTER!!!") == {corpus["router"].pk}
    assert _found("fibre-outage") == {corpus["outage"].pk}


def test_edits_and_deletes_are_reflected(org, corpus):
    services.update_case(actor=None, case_id=corpus["router"].pk, changes={"subject": "Set-top box freezes"})
    assert _found("router") == set()
    assert _found("freezes") == {corpus["router"].pk}


@pytest.mark.parametrize("text", ["", "   ", "a", "!!", '""'])
def test_a_query_with_nothing_to_search_is_refused_on_q(corpus, text):
    with pytest.raises(ValidationFailed) as failure:
        _found(text)
    assert "q" in failure.value.fields


def test_too_many_terms_are_refused(corpus):
    with pytest.raises(ValidationFailed):
        _found(" ".join(f"word{i}" for i in range(search.MAX_TERMS + 1)))


def test_injection_attempts_are_plain_words(corpus):
    for text in ['roaming" OR "x', "roaming) | (x", "NEAR(roaming", "roaming:* & !x", "'; DROP TABLE cases_case; --"]:
        _found(text)  # no exception from the database
    assert Case.objects.count() == len(corpus)


def test_the_database_uses_its_own_index(corpus):
    query = search.matching(Case.objects.only("id"), "roaming")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "cases_case_fts" in plan and "VIRTUAL TABLE" in plan
        else:
            cursor.execute("SET enable_seqscan = off")  # only a bitmap scan can answer: through which index?
            cursor.execute("SET enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert search.POSTGRES_INDEX_NAME in plan


def test_search_comes_back_after_a_migration_drops_its_pieces(corpus, customer):
    """A migration that rebuilds cases_case (SQLite) or must drop the search column (PostgreSQL) loses them;
    the post-migrate check restores them and refills the index."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE while deferred checks are pending
        statements = search.SQLITE_DROP[:3] if connection.vendor == "sqlite" else search.POSTGRES_DROP
        for statement in statements:
            cursor.execute(statement)
    assert search.ensure_search_schema() is True
    assert search.ensure_search_schema() is False  # nothing left to restore
    newer = services.open_case(actor=None, customer_id=customer.pk, subject="Voicemail greeting lost")
    assert _found("voicemail") == {newer.pk}
    assert _found("roaming") == {corpus["roaming"].pk, corpus["phrase"].pk}
