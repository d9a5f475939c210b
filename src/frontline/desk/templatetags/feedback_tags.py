"""Display helpers of the customer-feedback pages: a response's headline scores as small badges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()


@dataclass(frozen=True, slots=True)
class ScoreBadge:
    """One headline score: its short name, what the short name stands for, the value shown and its tone."""

    name: str
    meaning: str
    value: str
    tone: str  # "good", "middle" or "bad"


def _tone(value: int, *, good_from: int, bad_to: int) -> str:
    if value >= good_from:
        return "good"
    return "bad" if value <= bad_to else "middle"


def score_badges_of(response: Any) -> list[ScoreBadge]:
    """The badges of the scores a response has (NPS, CSAT, CES, FCR), leaving out the questions not answered."""
    badges = []
    if response.nps is not None:
        badges.append(
            ScoreBadge(
                "NPS",
                "Likelihood to recommend, 0 to 10 (9 or 10 is a promoter, 6 or less a detractor)",
                str(response.nps),
                _tone(response.nps, good_from=9, bad_to=6),
            )
        )
    if response.csat is not None:
        badges.append(
            ScoreBadge(
                "CSAT",
                "Satisfaction, 1 to 5 (4 or 5 is satisfied)",
                f"{response.csat}/5",
                _tone(response.csat, good_from=4, bad_to=2),
            )
        )
    if response.ces is not None:
        badges.append(
            ScoreBadge(
                "CES",
                "Ease: how much the customer agrees that it was easy, 1 to 7",
                f"{response.ces}/7",
                _tone(response.ces, good_from=5, bad_to=3),
            )
        )
    if response.fcr is not None:
        badges.append(
            ScoreBadge(
                "FCR",
                "Resolved at the first contact",
                "yes" if response.fcr else "no",
                "good" if response.fcr else "bad",
            )
        )
    return badges


@register.inclusion_tag("desk/fragments/score_badges.html")
def score_badges(response: Any) -> dict[str, Any]:
    """Render the headline scores of `response` as a row of badges."""
    return {"badges": score_badges_of(response), "is_unhappy": bool(getattr(response, "is_unhappy", False))}
