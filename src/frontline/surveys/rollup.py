"""The daily score tallies: each invitation sent and each response adds itself to the cells of its day, one
per group it belongs to (everyone, its agent, team, branch, queue, category and channel). Counts change only
with F() updates inside the writer's transaction, so they stay exact; `rebuild` recomputes them from the
responses and invitations for data loaded in bulk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict
from typing import TypeVar

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Model, Q, QuerySet, Sum

from frontline.surveys.models import Dimension, Invitation, Response, ScoreCell, ServiceFacts
from frontline.surveys.scoring import Tally

ModelT = TypeVar("ModelT", bound=Model)

TALLY_FIELDS = tuple(name for name in asdict(Tally()))
# Where each dimension's key comes from on a response or an invitation.
DIMENSION_COLUMNS: dict[str, str] = {
    Dimension.AGENT: "agent_id",
    Dimension.TEAM: "team_id",
    Dimension.BRANCH: "branch_id",
    Dimension.QUEUE: "queue",
    Dimension.CATEGORY: "category_id",
    Dimension.CHANNEL: "channel",
}


def cell_keys(facts: ServiceFacts) -> Iterator[tuple[str, str]]:
    """The (dimension, key) pairs a response or an invitation counts in."""
    yield Dimension.ALL, ""
    for dimension, column in DIMENSION_COLUMNS.items():
        value = getattr(facts, column)
        if value not in (None, ""):
            yield dimension, str(value)


def add(*, survey_id: int, facts: ServiceFacts, tally: Tally) -> None:
    """Add `tally` to every cell `facts` counts in, on its day. Runs inside the caller's transaction."""
    increments = {name: F(name) + value for name, value in asdict(tally).items() if value}
    for dimension, key in cell_keys(facts):
        where = {"survey_id": survey_id, "dimension": dimension, "key": key, "day": facts.served_on}
        if ScoreCell.objects.filter(**where).update(**increments):
            continue
        try:
            with transaction.atomic():  # a savepoint: a concurrent first insert must not spoil the caller's work
                ScoreCell.objects.create(**where, **asdict(tally))
        except IntegrityError:
            ScoreCell.objects.filter(**where).update(**increments)


def _response_sums() -> dict[str, Sum | Count]:
    ces = Q(ces__isnull=False)
    return {
        "responses": Count("id"),
        "promoters": Count("id", filter=Q(nps__gte=9)),
        "passives": Count("id", filter=Q(nps__gte=7, nps__lte=8)),
        "detractors": Count("id", filter=Q(nps__lte=6)),
        "csat_satisfied": Count("id", filter=Q(csat__gte=4)),
        "csat_n": Count("csat"),
        "ces_n": Count("ces"),
        "ces_sum": Sum("ces", filter=ces, default=0),
        "ces_sum_squares": Sum(F("ces") * F("ces"), filter=ces, default=0),
        "fcr_yes": Count("id", filter=Q(fcr=True)),
        "fcr_n": Count("fcr"),
    }


def _with_key(rows: QuerySet[ModelT], column: str) -> QuerySet[ModelT]:
    """The rows that have a value in `column` (not NULL, and not empty for text)."""
    rows = rows.exclude(**{column: None})
    return rows.exclude(**{column: ""}) if not column.endswith("_id") else rows


def recount(*, since: dt.date | None = None) -> int:
    """Recompute every cell (from day `since` on, or all) from the responses and sent invitations; returns the
    number of cells written. Holds one transaction, so readers see either the old counts or the new ones."""
    with transaction.atomic():
        cells = ScoreCell.objects.all() if since is None else ScoreCell.objects.filter(day__gte=since)
        cells.delete()
        found: dict[tuple[int, str, str, dt.date], dict[str, int]] = {}
        responses = Response.objects.all() if since is None else Response.objects.filter(served_on__gte=since)
        invitations = Invitation.objects.filter(sent_at__isnull=False)
        if since is not None:
            invitations = invitations.filter(served_on__gte=since)
        groupings: list[tuple[str, str | None]] = [(Dimension.ALL, None), *DIMENSION_COLUMNS.items()]
        for dimension, column in groupings:
            group_by = ["survey_id", "served_on"] + ([column] if column else [])
            keyed = responses if column is None else _with_key(responses, column)
            for row in keyed.order_by().values(*group_by).annotate(**_response_sums()):
                key = "" if column is None else str(row[column])
                cell = found.setdefault((row["survey_id"], dimension, key, row["served_on"]), {})
                cell.update({name: int(row[name] or 0) for name in TALLY_FIELDS if name != "invited"})
            sent = invitations if column is None else _with_key(invitations, column)
            for row in sent.order_by().values(*group_by).annotate(invited=Count("id")):
                key = "" if column is None else str(row[column])
                found.setdefault((row["survey_id"], dimension, key, row["served_on"]), {})["invited"] = row["invited"]
        ScoreCell.objects.bulk_create(
            (
                ScoreCell(survey_id=survey_id, dimension=dimension, key=key, day=day, **counts)
                for (survey_id, dimension, key, day), counts in found.items()
            ),
            batch_size=2000,
        )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE surveys_scorecell")
    return len(found)
