"""Survey scores against worked examples, the too-few rule, and properties of tallies."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from frontline.surveys.scoring import (
    MIN_RESPONSES,
    Tally,
    effort,
    first_contact_resolution,
    is_unhappy,
    net_promoter,
    nps_group,
    response_rate,
    satisfaction,
    scores,
    total,
)

Answers = tuple[int | None, int | None, int | None, bool | None]


def tally_of(answers: Answers) -> Tally:
    nps, csat, ces, fcr = answers
    return Tally.of_response(nps=nps, csat=csat, ces=ces, fcr=fcr)


def test_net_promoter_50_30_20() -> None:
    # p = 0.5, d = 0.2: NPS = 100 (0.5 - 0.2) = 30; SE = 100 sqrt((0.7 - 0.09) / 100) = 7.81;
    # 30 +/- 1.96 x 7.81 = 14.7 to 45.3.
    found = net_promoter(50, 30, 20)
    assert found.n == 100
    assert not found.too_few
    assert found.value == pytest.approx(30)
    assert found.standard_error is not None
    assert round(found.standard_error, 2) == 7.81
    assert found.low is not None
    assert found.high is not None
    assert (round(found.low, 1), round(found.high, 1)) == (14.7, 45.3)


def test_net_promoter_interval_is_clipped() -> None:
    found = net_promoter(10, 0, 0)
    assert (found.value, found.standard_error, found.low, found.high) == (100, 0, 100, 100)
    found = net_promoter(9, 0, 1)
    assert found.high == 100
    assert found.low is not None
    assert found.low < 80


def test_satisfaction_80_of_100() -> None:
    found = satisfaction(80, 100)
    assert found.value == pytest.approx(0.80)
    assert found.low is not None
    assert found.high is not None
    assert (round(found.low, 3), round(found.high, 3)) == (0.711, 0.867)
    assert first_contact_resolution(80, 100) == found
    assert response_rate(80, 100) == found


def test_effort_against_a_t_interval_on_the_raw_answers() -> None:
    # n = 10, sum = 40, sum of squares = 172: mean 4.0; variance (172 - 40^2 / 10) / 9 = 12 / 9 = 1.333, sd 1.155;
    # sd / sqrt(10) = 0.365; t(0.975, 9) = 2.262; 4.0 +/- 0.826 = 3.174 to 4.826.
    answers = [2, 3, 3, 4, 4, 4, 5, 5, 6, 4]
    found = effort(len(answers), sum(answers), sum(answer * answer for answer in answers))
    assert found.value == 4.0
    assert found.standard_deviation == pytest.approx(statistics.stdev(answers))
    low, high = stats.t.interval(0.95, len(answers) - 1, loc=statistics.mean(answers), scale=stats.sem(answers))
    assert found.low == pytest.approx(low)
    assert found.high == pytest.approx(high)
    assert found.low is not None
    assert found.high is not None
    assert (round(found.low, 3), round(found.high, 3)) == (3.174, 4.826)


@given(st.lists(st.integers(1, 7), min_size=MIN_RESPONSES, max_size=200))
def test_effort_matches_scipy_on_any_answers(answers: list[int]) -> None:
    found = effort(len(answers), sum(answers), sum(answer * answer for answer in answers))
    assert found.value == pytest.approx(statistics.mean(answers))
    assert found.value is not None
    assert found.low is not None
    assert found.high is not None
    if len(set(answers)) > 1:
        low, high = stats.t.interval(0.95, len(answers) - 1, loc=statistics.mean(answers), scale=stats.sem(answers))
        assert found.low == pytest.approx(max(low, 1))
        assert found.high == pytest.approx(min(high, 7))
    else:
        assert found.low == found.high == answers[0]
    assert 1 <= found.low <= found.value <= found.high <= 7


def test_effort_refuses_impossible_sums() -> None:
    with pytest.raises(ValueError, match="sum of squares"):
        effort(10, 40, 100)
    with pytest.raises(ValueError, match="negative"):
        effort(-1, 0, 0)


def test_too_few_below_ten_answers() -> None:
    assert MIN_RESPONSES == 10
    nine, ten = net_promoter(5, 2, 2), net_promoter(5, 3, 2)
    assert nine.too_few
    assert (nine.value, nine.standard_error, nine.low, nine.high) == (None, None, None, None)
    assert (nine.n, nine.promoters, nine.passives, nine.detractors) == (9, 5, 2, 2)
    assert not ten.too_few
    assert ten.value == 30

    for measure in (satisfaction, first_contact_resolution, response_rate):
        nine_share, ten_share = measure(8, 9), measure(8, 10)
        assert nine_share.too_few
        assert (nine_share.k, nine_share.n) == (8, 9)
        assert (nine_share.value, nine_share.low, nine_share.high) == (None, None, None)
        assert not ten_share.too_few
        assert ten_share.value == pytest.approx(0.8)

    nine_mean, ten_mean = effort(9, 36, 144), effort(10, 40, 160)
    assert nine_mean.too_few
    assert (nine_mean.value, nine_mean.standard_deviation, nine_mean.low, nine_mean.high) == (None,) * 4
    assert not ten_mean.too_few
    assert (ten_mean.value, ten_mean.standard_deviation, ten_mean.low, ten_mean.high) == (4, 0, 4, 4)


def test_response_rate_is_too_few_by_invitations() -> None:
    assert response_rate(0, 10).value == 0
    assert response_rate(9, 9).too_few
    # More answers than invitations counted (a period loaded without its invitations): no rate, not an error.
    assert response_rate(11, 10).value is None


@pytest.mark.parametrize(
    ("score", "group"),
    [(0, "detractor"), (6, "detractor"), (7, "passive"), (8, "passive"), (9, "promoter"), (10, "promoter")],
)
def test_nps_group_boundaries(score: int, group: str) -> None:
    assert nps_group(score) == group


@pytest.mark.parametrize("score", [-1, 11])
def test_nps_group_refuses_out_of_range(score: int) -> None:
    with pytest.raises(ValueError, match="NPS"):
        nps_group(score)


@pytest.mark.parametrize(
    ("nps", "csat", "fcr", "unhappy"),
    [
        (6, None, None, True),
        (7, None, None, False),
        (None, 2, None, True),
        (None, 1, None, True),
        (None, 3, None, False),
        (None, None, False, True),
        (None, None, True, False),
        (None, None, None, False),
        (10, 5, True, False),
        (10, 5, False, True),
        (0, 5, True, True),
        (9, 2, True, True),
    ],
)
def test_is_unhappy(nps: int | None, csat: int | None, fcr: bool | None, unhappy: bool) -> None:
    assert is_unhappy(nps=nps, csat=csat, fcr=fcr) is unhappy


def test_tally_of_one_response() -> None:
    assert Tally.of_response(nps=9, csat=4, ces=3, fcr=True) == Tally(
        responses=1,
        promoters=1,
        csat_satisfied=1,
        csat_n=1,
        ces_n=1,
        ces_sum=3,
        ces_sum_squares=9,
        fcr_yes=1,
        fcr_n=1,
    )
    assert Tally.of_response(nps=7, csat=3, ces=None, fcr=False) == Tally(responses=1, passives=1, csat_n=1, fcr_n=1)
    assert Tally.of_response(nps=None, csat=None, ces=None, fcr=None) == Tally(responses=1)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nps": 11}, "NPS"),
        ({"nps": -1}, "NPS"),
        ({"csat": 0}, "CSAT"),
        ({"csat": 6}, "CSAT"),
        ({"ces": 0}, "CES"),
        ({"ces": 8}, "CES"),
    ],
)
def test_tally_refuses_out_of_range_answers(answers: dict[str, int], message: str) -> None:
    given_answers: dict[str, int | None] = {"nps": None, "csat": None, "ces": None, **answers}
    with pytest.raises(ValueError, match=message):
        Tally.of_response(**given_answers, fcr=None)


def test_scores_of_a_tally() -> None:
    tally = total([Tally(invited=40)] + [tally_of((10, 5, 2, True))] * 8 + [tally_of((3, 1, 6, False))] * 2)
    found = scores(tally)
    assert found.nps.value == 60
    assert found.csat.value == pytest.approx(0.8)
    assert found.ces.value == pytest.approx(2.8)
    assert found.fcr.value == pytest.approx(0.8)
    assert found.response_rate.value == pytest.approx(0.25)


def test_total_of_nothing_is_empty() -> None:
    assert total([]) == Tally()
    assert scores(Tally()).nps.too_few


answer_lists = st.lists(
    st.tuples(
        st.none() | st.integers(0, 10),
        st.none() | st.integers(1, 5),
        st.none() | st.integers(1, 7),
        st.none() | st.booleans(),
    ),
    max_size=120,
)


@given(answer_lists, st.data())
def test_tallies_add_up_however_they_are_grouped(answers: list[Answers], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(answers)))
    one_by_one = Tally()
    for answer in answers:
        one_by_one = one_by_one + tally_of(answer)
    halves = total(map(tally_of, answers[:cut])) + total(map(tally_of, answers[cut:]))
    assert one_by_one == halves == total(map(tally_of, answers))
    assert one_by_one.responses == len(answers)


@given(answer_lists)
def test_net_promoter_of_raw_answers(answers: list[Answers]) -> None:
    tally = total(map(tally_of, answers))
    found = scores(Tally(invited=len(answers)) + tally).nps
    recommend = [nps for nps, _, _, _ in answers if nps is not None]
    assert found.n == len(recommend)
    if len(recommend) < MIN_RESPONSES:
        assert found.too_few
        assert found.value is None
        return
    promoters = sum(1 for nps in recommend if nps >= 9)
    detractors = sum(1 for nps in recommend if nps <= 6)
    assert found.value == pytest.approx(100 * (promoters - detractors) / len(recommend))
    assert found.value is not None
    assert found.low is not None
    assert found.high is not None
    assert -100 <= found.low <= found.value <= found.high <= 100
