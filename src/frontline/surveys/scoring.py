"""Survey scores from counts: the net promoter score with its normal interval, satisfaction, first-contact
resolution and response rate as shares with Wilson's interval, and the effort score as a mean with Student's t
interval. Counts stay integers until the last division; below `MIN_RESPONSES` answers a score says "too few"
rather than give a number. Pure: no Django."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields

from scipy.special import ndtri, stdtrit

from frontline.core.intervals import share

MIN_RESPONSES = 10
"""Below this many answers to a measure, its score is "too few" instead of a number."""

NPS_RANGE = (0, 10)
CSAT_RANGE = (1, 5)
CES_RANGE = (1, 7)


def _check(name: str, value: int, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise ValueError(f"{name} must be from {low} to {high}, got {value}")


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")


def _clip(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def nps_group(score: int) -> str:
    """ "promoter" for 9-10, "passive" for 7-8, "detractor" for 0-6 on the 0-10 recommend scale."""
    _check("NPS", score, NPS_RANGE)
    if score >= 9:
        return "promoter"
    if score >= 7:
        return "passive"
    return "detractor"


def is_satisfied(csat: int) -> bool:
    """Whether a 1-5 satisfaction answer counts as satisfied (4 or 5)."""
    _check("CSAT", csat, CSAT_RANGE)
    return csat >= 4


def is_unhappy(*, nps: int | None, csat: int | None, fcr: bool | None) -> bool:
    """Whether a response calls for closing the loop: a detractor, a satisfaction of 1 or 2, or a problem not
    solved on first contact. Unanswered questions (None) count for nothing."""
    if nps is not None and nps_group(nps) == "detractor":
        return True
    if csat is not None:
        _check("CSAT", csat, CSAT_RANGE)
        if csat <= 2:
            return True
    return fcr is False


@dataclass(frozen=True, slots=True)
class Tally:
    """Additive counts for one group of responses; the fields mirror database columns."""

    invited: int = 0
    responses: int = 0
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    csat_satisfied: int = 0
    csat_n: int = 0
    ces_n: int = 0
    ces_sum: int = 0
    ces_sum_squares: int = 0
    fcr_yes: int = 0
    fcr_n: int = 0

    def __add__(self, other: object) -> Tally:
        if not isinstance(other, Tally):
            return NotImplemented
        return Tally(**{field.name: getattr(self, field.name) + getattr(other, field.name) for field in fields(self)})

    @classmethod
    def of_response(cls, *, nps: int | None, csat: int | None, ces: int | None, fcr: bool | None) -> Tally:
        """The tally of one response; None is a question left unanswered. Raises ValueError out of range."""
        group = nps_group(nps) if nps is not None else None
        satisfied = is_satisfied(csat) if csat is not None else False
        if ces is not None:
            _check("CES", ces, CES_RANGE)
        return cls(
            responses=1,
            promoters=int(group == "promoter"),
            passives=int(group == "passive"),
            detractors=int(group == "detractor"),
            csat_satisfied=int(satisfied),
            csat_n=int(csat is not None),
            ces_n=int(ces is not None),
            ces_sum=ces or 0,
            ces_sum_squares=(ces or 0) ** 2,
            fcr_yes=int(fcr is True),
            fcr_n=int(fcr is not None),
        )


def total(tallies: Iterable[Tally]) -> Tally:
    """The sum of the tallies (an empty tally for none)."""
    result = Tally()
    for tally in tallies:
        result += tally
    return result


@dataclass(frozen=True, slots=True)
class NetPromoter:
    """The net promoter score in points (-100 to 100) with its standard error and interval; None when too few."""

    n: int
    promoters: int
    passives: int
    detractors: int
    value: float | None
    standard_error: float | None
    low: float | None
    high: float | None

    @property
    def too_few(self) -> bool:
        """Whether there are too few answers to give a score."""
        return self.n < MIN_RESPONSES


def net_promoter(promoters: int, passives: int, detractors: int, *, confidence: float = 0.95) -> NetPromoter:
    """100 x (share of promoters - share of detractors), with the normal interval value +/- z x SE, where
    SE = 100 x sqrt((p + d - (p - d)^2) / n), clipped to -100..100."""
    if min(promoters, passives, detractors) < 0:
        raise ValueError(f"counts must not be negative, got {promoters}, {passives}, {detractors}")
    _check_confidence(confidence)
    n = promoters + passives + detractors
    if n < MIN_RESPONSES:
        return NetPromoter(n, promoters, passives, detractors, None, None, None, None)
    net = promoters - detractors
    value = 100 * net / n
    # (p + d - (p - d)^2) / n with p = P/n, d = D/n is ((P + D) n - (P - D)^2) / n^3, exact in integers.
    standard_error = 100 * math.sqrt(((promoters + detractors) * n - net * net) / n**3)
    # SciPy's norm.ppf is ndtri behind per-call argument checks that cost more than the rest of the score.
    half_width = float(ndtri((1 + confidence) / 2)) * standard_error
    low = _clip(value - half_width, -100.0, 100.0)
    high = _clip(value + half_width, -100.0, 100.0)
    return NetPromoter(n, promoters, passives, detractors, value, standard_error, low, high)


@dataclass(frozen=True, slots=True)
class Proportion:
    """k of n as a share (0 to 1) with Wilson's interval; value, low and high are None when too few."""

    k: int
    n: int
    value: float | None
    low: float | None
    high: float | None

    @property
    def too_few(self) -> bool:
        """Whether there are too few answers to give a share."""
        return self.n < MIN_RESPONSES


def _proportion(k: int, n: int, confidence: float) -> Proportion:
    _check_confidence(confidence)
    found = share(k, n, confidence=confidence)
    if n < MIN_RESPONSES:
        return Proportion(k, n, None, None, None)
    return Proportion(k, n, found.value, found.low, found.high)


def satisfaction(satisfied: int, n: int, *, confidence: float = 0.95) -> Proportion:
    """The share of satisfaction answers that were 4 or 5 (CSAT)."""
    return _proportion(satisfied, n, confidence)


def first_contact_resolution(yes: int, n: int, *, confidence: float = 0.95) -> Proportion:
    """The share of answers saying the problem was solved on first contact (FCR)."""
    return _proportion(yes, n, confidence)


def response_rate(responses: int, invited: int, *, confidence: float = 0.95) -> Proportion:
    """The share of invitations answered; too few when fewer than `MIN_RESPONSES` were invited. No rate (None)
    when the answers outnumber the invitations counted, as for a period whose invitations were not recorded."""
    if responses > invited:
        return Proportion(responses, invited, None, None, None)
    return _proportion(responses, invited, confidence)


@dataclass(frozen=True, slots=True)
class Mean:
    """A mean answer with its sample standard deviation and Student's t interval; None when too few."""

    n: int
    value: float | None
    standard_deviation: float | None
    low: float | None
    high: float | None

    @property
    def too_few(self) -> bool:
        """Whether there are too few answers to give a mean."""
        return self.n < MIN_RESPONSES


def effort(n: int, total: int, total_squares: int, *, confidence: float = 0.95) -> Mean:
    """The mean effort answer (CES, 1-7) from the count, sum and sum of squares of the answers, with the
    interval mean +/- t(n - 1) x sd / sqrt(n), clipped to 1..7."""
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    _check_confidence(confidence)
    # n x sum of squares - sum^2 = n^2 x population variance: an integer, so no rounding can make it negative;
    # below zero the counts cannot come from any answers.
    spread = n * total_squares - total * total
    if spread < 0:
        raise ValueError(f"no answers have sum {total} and sum of squares {total_squares}")
    if n < MIN_RESPONSES:
        return Mean(n, None, None, None, None)
    value = total / n
    # (total_squares - total^2 / n) / (n - 1), kept exact: (n x total_squares - total^2) / (n (n - 1)).
    standard_deviation = math.sqrt(spread / (n * (n - 1)))
    # Student's t quantile: what SciPy's t.ppf((1 + confidence) / 2, n - 1) returns, without its checks.
    half_width = float(stdtrit(n - 1, (1 + confidence) / 2)) * standard_deviation / math.sqrt(n)
    low, high = CES_RANGE
    return Mean(
        n,
        value,
        standard_deviation,
        _clip(value - half_width, low, high),
        _clip(value + half_width, low, high),
    )


@dataclass(frozen=True, slots=True)
class Scores:
    """The five survey scores of one group of responses."""

    nps: NetPromoter
    csat: Proportion
    ces: Mean
    fcr: Proportion
    response_rate: Proportion


def scores(tally: Tally) -> Scores:
    """Every score of a tally. Raises ValueError when it counts more responses than invitations."""
    return Scores(
        nps=net_promoter(tally.promoters, tally.passives, tally.detractors),
        csat=satisfaction(tally.csat_satisfied, tally.csat_n),
        ces=effort(tally.ces_n, tally.ces_sum, tally.ces_sum_squares),
        fcr=first_contact_resolution(tally.fcr_yes, tally.fcr_n),
        response_rate=response_rate(tally.responses, tally.invited),
    )
