"""Snapshot ranking, conflicts and intervals called directly, with expectations worked out
by hand or from the formula (not from the code under test)."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest
from scipy import stats

from analysis.measures.aggregates import normalise_aggregate, score_interval
from analysis.measures.conflicts import find_conflicts
from analysis.measures.intervals import mean_interval, wilson_interval, z_value
from analysis.measures.snapshots import document_ranks, rank_snapshots
from analysis.schema import Aggregates, Figures, frame


def _agg(doc: str, value: float, n: int | None = None, as_of: str | None = None, **kw) -> dict:
    row = {
        "work_id": kw.pop("work_id", "film"),
        "platform": kw.pop("platform", "rotten_tomatoes"),
        "metric": kw.pop("metric", "tomatometer"),
        "value": value,
        "scale_max": 100.0,
        "score_100": value,
        "n": n,
        "derived": kw.pop("derived", False),
        "document_id": doc,
        "as_of": as_of,
        "quote": kw.pop("quote", f"{value}%"),
    }
    return row | kw


def _ranks(rows: list[dict], doc_rank: dict[str, int] | None = None) -> dict[str, int]:
    aggs = frame(Aggregates, rows)
    ranks = rank_snapshots(aggs, doc_rank or {})
    return dict(zip(aggs["document_id"], ranks, strict=True))


# ------------------------------------------------------------------ snapshot ranking
@pytest.mark.parametrize("seed", range(6))
def test_counts_order_snapshots_whatever_the_file_names(seed):
    """41 reviews is older than 56 and 60 (counts only grow), under any names and order."""
    names = ["zzz-late-name", "aaa-early-name", "mmm"]
    random.Random(seed).shuffle(names)
    rows = [_agg(names[0], 78, 56), _agg(names[1], 78, 41), _agg(names[2], 80, 60)]
    random.Random(seed + 100).shuffle(rows)
    ranks = _ranks(rows)
    assert ranks == {names[1]: 1, names[0]: 2, names[2]: 3}


def test_equal_counts_fall_back_to_the_date_then_the_document_rank():
    rows = [_agg("b", 70, 50, "2020-01-01"), _agg("a", 71, 50, "2019-01-01")]
    assert _ranks(rows) == {"a": 1, "b": 2}  # same n: the older date first
    rows = [_agg("b", 70, 50), _agg("a", 71, 50)]
    assert _ranks(rows, {"a": 2, "b": 1}) == {"b": 1, "a": 2}  # no dates: document rank
    assert _ranks(rows) == {"a": 1, "b": 2}  # nothing else: the document id


def test_a_missing_count_makes_dates_decide():
    """When one row has no n, counts cannot order the group: dates do."""
    rows = [_agg("x", 70, 900, "2021-05-01"), _agg("y", 72, None, "2020-05-01")]
    assert _ranks(rows) == {"y": 1, "x": 2}


def test_a_missing_date_makes_document_ranks_decide():
    rows = [_agg("x", 70, None, "2021-05-01"), _agg("y", 72, None, None)]
    assert _ranks(rows, {"x": 1, "y": 2}) == {"x": 1, "y": 2}
    assert _ranks(rows, {"x": 2, "y": 1}) == {"y": 1, "x": 2}


def test_groups_are_ranked_apart():
    rows = [
        _agg("p1", 70, 10),
        _agg("p2", 75, 20),
        _agg("p1", 7.0, 500, metric="user_rating", platform="imdb"),
        _agg("p2", 7.1, 400, metric="user_rating", platform="imdb"),
    ]
    aggs = frame(Aggregates, rows)
    ranks = rank_snapshots(aggs, {}).tolist()
    assert ranks == [1, 2, 2, 1]


def test_document_ranks_follow_counts_then_dates_then_ids():
    docs = pd.DataFrame(
        {
            "document_id": ["new", "old", "other-site"],
            "kind": ["imdb", "imdb", "wikipedia"],
            "as_of": [None, None, None],
            "work_id": ["film", "film", "film"],
        }
    )
    aggs = frame(Aggregates, [_agg("new", 7.7, 62_258), _agg("old", 7.6, 57_532)])
    assert document_ranks(docs, aggs) == {"old": 1, "new": 2, "other-site": 1}
    dated = docs.assign(as_of=["2001-01-01", "2009-01-01", None])
    no_counts = frame(Aggregates, [_agg("new", 7.7), _agg("old", 7.6)])
    assert document_ranks(dated, no_counts) == {"new": 1, "old": 2, "other-site": 1}
    assert document_ranks(docs, no_counts) == {"new": 1, "old": 2, "other-site": 1}  # by id


def test_a_table_is_no_snapshot_of_anything():
    """Review and titles tables are data sets, not captures of a site's page: none gets a
    snapshot rank (two review tables of different games were ranked 1 and 2 together),
    and the pages beside them rank as before."""
    docs = pd.DataFrame(
        {
            "document_id": ["steam.parquet", "acnh.parquet", "title.basics", "new", "old"],
            "kind": ["table", "table", "titles", "imdb", "imdb"],
            "as_of": [None] * 5,
            "work_id": [None, None, None, "film", "film"],
        }
    )
    aggs = frame(Aggregates, [_agg("new", 7.7, 62_258), _agg("old", 7.6, 57_532)])
    assert document_ranks(docs, aggs) == {"old": 1, "new": 2}


# ------------------------------------------------------------------ conflicts
def _conflicts(rows: list[dict], kinds: dict[str, str] | None = None) -> pd.DataFrame:
    aggs = frame(Aggregates, rows)
    aggs = aggs.assign(snapshot_rank=rank_snapshots(aggs, {}))
    return find_conflicts(aggs, frame(Figures, []), kinds or {})


def _figure_conflicts(rows: list[dict], kinds: dict[str, str] | None = None) -> pd.DataFrame:
    base = {"work_id": "film", "unit": "USD", "as_of": None}
    return find_conflicts(
        frame(Aggregates, []), frame(Figures, [base | r for r in rows]), kinds or {}
    )


def test_same_value_is_no_conflict_and_float_noise_is_equal():
    assert _conflicts([_agg("a", 78.0, 41), _agg("b", 78.0 + 1e-12, 41)]).empty


@pytest.mark.parametrize(
    ("exact", "conflict"),
    [
        (9_850_000, False),
        (9_950_000, False),
        (9_600_000, True),
        (9_849_999, True),
        (9_950_001, True),
    ],
)
def test_rounded_amount_tolerance_is_half_its_last_digit(exact, conflict):
    """'$9.9 million' stands for 9,850,000-9,950,000: half of 0.1 million either way."""
    rows = [
        {"figure": "us_gross", "value": 9_900_000, "document_id": "a", "quote": "$9.9 million"},
        {"figure": "us_gross", "value": exact, "document_id": "b", "quote": f"${exact:,}"},
    ]
    assert len(_figure_conflicts(rows)) == int(conflict)


def test_tolerance_follows_the_number_of_decimals_and_the_multiplier():
    rows = [
        {"figure": "budget", "value": 12_000_000, "document_id": "a", "quote": "12 million"},
        {"figure": "budget", "value": 12_499_000, "document_id": "b", "quote": "$12,499,000"},
    ]
    assert _figure_conflicts(rows).empty  # '12 million' covers 11.5-12.5 million
    rows[1]["value"] = 12_501_000
    assert len(_figure_conflicts(rows)) == 1
    rows = [
        {"figure": "budget", "value": 2_500, "document_id": "a", "quote": "2.5 thousand"},
        {"figure": "budget", "value": 2_549, "document_id": "b", "quote": "$2,549"},
    ]
    assert _figure_conflicts(rows).empty
    rows[1]["value"] = 2_551
    assert len(_figure_conflicts(rows)) == 1


def test_every_reason():
    kinds = {"w": "wikipedia", "r": "rotten_tomatoes", "r2": "rotten_tomatoes", "i": "imdb"}
    # sample sizes differ -> snapshot
    c = _conflicts([_agg("w", 78, 41), _agg("r", 79, 56)], kinds)
    assert c["reason"].tolist() == ["snapshot"]
    assert c["explanation"].iloc[0] == "sample sizes differ (41 vs 56): pages from different times"
    # dated differently -> snapshot
    c = _conflicts([_agg("w", 78, None, "2010-01-01"), _agg("r", 79, None, "2012-01-01")], kinds)
    assert c["explanation"].tolist() == ["pages dated 2010-01-01 and 2012-01-01"]
    # two captures of one site -> snapshot
    c = _conflicts([_agg("r", 78), _agg("r2", 79)], kinds)
    assert c["explanation"].tolist() == ["two captures of the same rotten_tomatoes page"]
    # one derived, one published -> definition
    c = _conflicts([_agg("w", 78.6, derived=True), _agg("r", 78, derived=False)], kinds)
    assert c["reason"].tolist() == ["definition"]
    assert c["explanation"].iloc[0] == "one value is derived from counts, the other is published"
    # both published, different sites, nothing to tell them apart -> unexplained
    c = _conflicts([_agg("w", 78), _agg("i", 79)], kinds)
    assert c["reason"].tolist() == ["unexplained"]
    c = _conflicts([_agg("w", 78, derived=True), _agg("i", 79, derived=True)], kinds)
    assert c["reason"].tolist() == ["unexplained"]


def test_related_measures_are_a_definition_conflict():
    rows = [
        {"figure": "box_office", "value": 1_738_611, "document_id": "a", "quote": "$1,738,611"},
        {
            "figure": "worldwide_gross",
            "value": 1_781_465,
            "document_id": "b",
            "quote": "$1,781,465",
        },
    ]
    c = _figure_conflicts(rows)
    assert c[["metric", "metric_b", "reason"]].values.tolist() == [
        ["box_office", "worldwide_gross", "definition"]
    ]
    rows[1]["value"] = 1_738_611
    assert _figure_conflicts(rows).empty


def test_conflicts_pair_each_group_once_and_never_a_document_with_itself():
    rows = [_agg("a", 70, 10), _agg("b", 71, 20), _agg("c", 72, 30), _agg("c", 99, 30, metric="x")]
    c = _conflicts(rows)
    assert sorted(zip(c["document_a"], c["document_b"], strict=True)) == [
        ("a", "b"),
        ("a", "c"),
        ("b", "c"),
    ]
    assert c[["n_a", "n_b"]].values.tolist() == [[10, 20], [10, 30], [20, 30]]
    other_work = [_agg("a", 70, 10), _agg("b", 71, 20, work_id="another")]
    assert _conflicts(other_work).empty


# ------------------------------------------------------------------ intervals
def test_z_value_is_the_normal_quantile():
    for level in (0.8, 0.9, 0.95, 0.99):
        assert z_value(level) == pytest.approx(stats.norm.ppf(0.5 + level / 2), abs=1e-12)


def test_mean_interval_is_the_student_t_interval():
    values = [62.0, 75.5, 81.0, 90.0, 55.5]
    m, lo, hi = mean_interval(values, 0.95)
    sem = stats.sem(values)
    t = stats.t.ppf(0.975, len(values) - 1)
    assert m == pytest.approx(sum(values) / 5)
    assert (lo, hi) == pytest.approx((m - t * sem, m + t * sem))
    m90 = mean_interval(values, 0.90)
    assert m90[2] - m90[1] < hi - lo


def test_mean_interval_is_clipped_to_0_100_and_needs_two_values():
    m, lo, hi = mean_interval([1.0, 99.0], 0.95)
    assert (m, lo, hi) == (50.0, 0.0, 100.0)
    m, lo, hi = mean_interval([42.0])
    assert m == 42.0
    assert math.isnan(lo)
    assert math.isnan(hi)
    m, lo, hi = mean_interval([91.6, 91.6, 91.6])  # alike: no spread to size an interval by
    assert m == pytest.approx(91.6)
    assert math.isnan(lo)
    assert math.isnan(hi)
    _, lo, hi = mean_interval([91.6, 91.5])
    assert lo < 91.5 < 91.6 < hi


def test_wilson_at_the_edges():
    lo, hi = wilson_interval(0.0, 10)
    assert lo == pytest.approx(0.0, abs=1e-12)
    z = z_value(0.95)
    assert hi == pytest.approx(z * z / 10 / (1 + z * z / 10))  # the formula at p = 0
    lo, hi = wilson_interval(1.0, 10)
    assert hi == pytest.approx(1.0, abs=1e-12)
    assert lo == pytest.approx(1 - z * z / 10 / (1 + z * z / 10))
    assert wilson_interval(1.5, 10) == wilson_interval(1.0, 10)  # p is clipped to [0, 1]
    assert wilson_interval(-0.5, 10) == wilson_interval(0.0, 10)


def test_score_interval_methods():
    prop = {"metric": "tomatometer", "value": 78.0, "scale_max": 100.0, "n": 41}
    lo, hi, method = score_interval(prop | {"fresh": 32})
    assert method == "Wilson from exact counts"
    assert (lo / 100, hi / 100) == pytest.approx(wilson_interval(32 / 41, 41))
    lo, hi, method = score_interval(prop | {"value_text": "78"})
    assert method == "Wilson, widened for display rounding"
    assert lo / 100 == pytest.approx(wilson_interval(0.775, 41)[0])
    assert hi / 100 == pytest.approx(wilson_interval(0.785, 41)[1])
    assert score_interval(prop | {"n": None}) == (
        None,
        None,
        "none: the page states no sample size",
    )
    assert score_interval({"metric": "votes", "value": 10.0, "scale_max": None}) == (
        None,
        None,
        None,
    )
    mean = {"metric": "user_rating", "value": 7.6, "scale_max": 10.0, "n": 100, "value_text": "7.6"}
    lo, hi, method = score_interval(mean)
    half = 0.05 + z_value(0.95) * math.sqrt((10 - 7.6) * (7.6 - 1)) / 10  # Bhatia-Davis, low = 1
    assert (lo, hi) == pytest.approx(((7.6 - half) * 10, (7.6 + half) * 10))
    assert method == "display rounding + distribution-free sampling bound"


def test_normalise_aggregate_rounds_and_drops_parser_keys():
    row = normalise_aggregate(
        {"metric": "tomatometer", "value": 44 / 56 * 100, "scale_max": 100.0, "n": 56, "fresh": 44}
    )
    assert "fresh" not in row
    assert row["score_100"] == round(44 / 56 * 100, 6)
    assert row["ci_low"] == round(100 * wilson_interval(44 / 56, 56)[0], 3)
    counts = normalise_aggregate(
        {"metric": "user_reviews_count", "value": 236.0, "scale_max": None}
    )
    assert counts["score_100"] is None


def test_document_ranks_use_counts_and_dates_only_when_every_page_has_them():
    aggs = frame(Aggregates, [_agg("a", 7.0, 100)])  # "b" states no count
    docs = pd.DataFrame(
        {
            "document_id": ["a", "b"],
            "kind": ["imdb"] * 2,
            "as_of": [None, None],
            "work_id": ["f"] * 2,
        }
    )
    assert document_ranks(docs, aggs) == {"a": 1, "b": 2}  # by id, not 'no count = oldest'
    one_dated = docs.assign(as_of=["2001-01-01", None])
    assert document_ranks(one_dated, aggs) == {"a": 1, "b": 2}  # by id, not 'undated first'
    both_dated = docs.assign(as_of=["2009-01-01", "2001-01-01"])
    assert document_ranks(both_dated, frame(Aggregates, [])) == {"b": 1, "a": 2}


def test_document_ranks_rank_each_site_and_film_apart_and_films_unknown_together():
    docs = pd.DataFrame(
        {
            "document_id": ["a", "b", "c", "d"],
            "kind": ["imdb", "imdb", "imdb", "imdb"],
            "as_of": [None] * 4,
            "work_id": ["f", "g", None, None],
        }
    )
    assert document_ranks(docs, frame(Aggregates, [])) == {"a": 1, "b": 1, "c": 1, "d": 2}


def test_document_rank_breaks_ties_and_a_missing_rank_counts_as_oldest():
    rows = [_agg("x", 70), _agg("y", 72)]
    assert _ranks(rows, {"x": 1}) == {"y": 1, "x": 2}  # y has no rank: 0, before x's 1
    assert _ranks(rows, {"y": 5}) == {"x": 1, "y": 2}


def test_rank_snapshots_is_a_nullable_integer_per_row():
    ranks = rank_snapshots(frame(Aggregates, [_agg("x", 70), _agg("y", 72)]), {})
    assert str(ranks.dtype) == "Int64"
    assert ranks.tolist() == [1, 2]


def test_the_interval_level_comes_from_the_settings():
    from analysis.settings import Settings

    prop = {"metric": "tomatometer", "value": 78.0, "scale_max": 100.0, "n": 41, "fresh": 32}
    lo, hi, _ = score_interval(prop, Settings(confidence_level=0.90))
    assert (lo / 100, hi / 100) == pytest.approx(wilson_interval(32 / 41, 41, 0.90))
    rounded = prop | {"fresh": None, "value_text": "78"}
    lo, hi, _ = score_interval(rounded, Settings(confidence_level=0.80))
    assert lo / 100 == pytest.approx(wilson_interval(0.775, 41, 0.80)[0])
    assert hi / 100 == pytest.approx(wilson_interval(0.785, 41, 0.80)[1])


def test_a_decimal_comma_is_rounded_like_a_point():
    base = {"metric": "user_rating", "value": 7.6, "scale_max": 10.0, "n": 500}
    assert score_interval(base | {"value_text": "7,6"}) == score_interval(
        base | {"value_text": "7.6"}
    )
    assert score_interval(base | {"value_text": "7,6"}) != score_interval(
        base | {"value_text": "8"}
    )


def test_a_count_never_gets_a_score_even_with_a_scale():
    row = normalise_aggregate(
        {"metric": "user_reviews_count", "value": 236.0, "scale_max": 10.0, "n": 5}
    )
    assert row["score_100"] is None
    assert (row["ci_low"], row["ci_high"], row["ci_method"]) == (None, None, None)


def test_normalised_intervals_are_rounded_to_three_decimals_and_named():
    row = normalise_aggregate(
        {"metric": "tomatometer", "value": 78.0, "scale_max": 100.0, "n": 41, "value_text": "78"}
    )
    lo, hi = wilson_interval(0.775, 41)[0], wilson_interval(0.785, 41)[1]
    assert (row["ci_low"], row["ci_high"]) == (round(100 * lo, 3), round(100 * hi, 3))
    assert row["ci_method"] == "Wilson, widened for display rounding"


def test_conflict_rows_carry_both_dates_and_every_group():
    rows = [
        {
            "figure": "us_gross",
            "value": 100.0,
            "document_id": "a",
            "quote": "$100",
            "as_of": "2001-01-01",
        },
        {
            "figure": "us_gross",
            "value": 200.0,
            "document_id": "b",
            "quote": "$200",
            "as_of": "2005-01-01",
        },
        {"figure": "budget", "value": 10.0, "document_id": "a", "quote": "$10"},
        {"figure": "budget", "value": 20.0, "document_id": "b", "quote": "$20"},
    ]
    base = {"work_id": "film", "unit": "USD"}
    c = find_conflicts(
        frame(Aggregates, []), frame(Figures, [base | {"as_of": None} | r for r in rows]), {}
    )
    assert sorted(c["metric"]) == ["budget", "us_gross"]
    dated = c[c["metric"] == "us_gross"].iloc[0]
    assert (dated["as_of_a"], dated["as_of_b"]) == ("2001-01-01", "2005-01-01")
    assert dated["explanation"] == "pages dated 2001-01-01 and 2005-01-01"


def test_related_measures_pair_only_within_a_work_and_a_unit():
    rows = [
        {
            "work_id": "film",
            "figure": "box_office",
            "value": 1.0,
            "unit": "USD",
            "document_id": "a",
            "quote": "$1",
        },
        {
            "work_id": "film",
            "figure": "worldwide_gross",
            "value": 2.0,
            "unit": "EUR",
            "document_id": "b",
            "quote": "2 EUR",
        },
        {
            "work_id": "other",
            "figure": "worldwide_gross",
            "value": 3.0,
            "unit": "USD",
            "document_id": "c",
            "quote": "$3",
        },
        {
            "work_id": "film",
            "figure": "worldwide_gross",
            "value": 4.0,
            "unit": "USD",
            "document_id": "d",
            "quote": "$4",
        },
        {
            "work_id": "film",
            "figure": "box_office",
            "value": 5.0,
            "unit": "USD",
            "document_id": "e",
            "quote": "$5",
        },
    ]
    kinds = {"a": "wikipedia", "b": "imdb", "c": "imdb", "d": "moviedb", "e": "imdb"}
    figures = frame(Figures, [r | {"as_of": None} for r in rows])
    c = find_conflicts(frame(Aggregates, []), figures, kinds)
    pairs = sorted(zip(c["document_a"], c["document_b"], c["reason"], strict=True))
    assert pairs == [("a", "d", "definition"), ("a", "e", "unexplained"), ("e", "d", "definition")]


def test_float_noise_tolerance_is_relative_above_one_and_absolute_below():
    def figures(a: float, b: float) -> int:
        return len(
            _figure_conflicts(
                [
                    {"figure": "budget", "value": a, "document_id": "a", "quote": "exact"},
                    {"figure": "budget", "value": b, "document_id": "b", "quote": "exact"},
                ]
            )
        )

    assert figures(1e9, 1e9 + 0.5) == 0  # 5e-10 of the value
    assert figures(1e9, 1e9 + 5) == 1
    assert figures(0.001, 0.001 + 1e-11) == 0  # under 1e-9 absolute
    assert figures(0.001, 0.0011) == 1


def test_a_missing_sample_size_or_date_is_not_a_difference():
    kinds = {"w": "wikipedia", "r": "rotten_tomatoes"}
    c = _conflicts([_agg("w", 78, 41), _agg("r", 79, None)], kinds)
    assert c["reason"].tolist() == ["unexplained"]
    c = _conflicts([_agg("w", 78, None, "2010-01-01"), _agg("r", 79, None, None)], kinds)
    assert c["reason"].tolist() == ["unexplained"]


def test_a_close_pair_does_not_stop_the_others():
    c = _conflicts([_agg("a", 78, 41), _agg("b", 78, 41), _agg("c", 80, 50)])
    assert sorted(zip(c["document_a"], c["document_b"], strict=True)) == [("a", "c"), ("b", "c")]


def test_mean_bound_near_the_top_of_the_scale():
    row = {"metric": "user_rating", "value": 9.9, "scale_max": 10.0, "n": 400, "value_text": "9.9"}
    lo, hi, _ = score_interval(row)
    half = 0.05 + z_value(0.95) * math.sqrt((10 - 9.9) * (9.9 - 1)) / 20  # variance 0.89
    assert lo == pytest.approx((9.9 - half) * 10)
    assert hi == pytest.approx(100.0)  # clipped at the top of the scale


def test_normalise_uses_the_settings_level():
    from analysis.settings import Settings

    row = {"metric": "tomatometer", "value": 78.0, "scale_max": 100.0, "n": 41, "fresh": 32}
    narrow = normalise_aggregate(row, Settings(confidence_level=0.80))
    wide = normalise_aggregate(row)
    assert narrow["ci_low"] == round(100 * wilson_interval(32 / 41, 41, 0.80)[0], 3)
    assert narrow["ci_low"] > wide["ci_low"]


def _week_reviews(counts_and_scores: list[tuple[int, float]], work: str = "w1"):
    import pandas as pd

    rows = []
    for week, (n, score) in enumerate(counts_and_scores):
        day = pd.Timestamp("2024-01-01") + pd.Timedelta(weeks=week)
        rows += [(work, day.strftime("%Y-%m-%d"), score)] * n
    df = pd.DataFrame(rows, columns=["work_id", "date", "score"])
    return df, df["score"]


def test_a_review_bomb_is_a_busy_week_whose_score_fell():
    from analysis.measures.bursts import review_bursts

    weeks = [(2, 70.0)] * 10 + [(12, 20.0)] + [(2, 72.0)] * 5
    reviews, score = _week_reviews(weeks)
    bursts = review_bursts(reviews, score)
    assert len(bursts) == 1
    row = bursts.iloc[0]
    assert row["kind"] == "review-bombing"
    assert row["reviews"] == 12
    assert row["usual"] == 2
    assert str(row["week"].date()) == "2024-03-11"  # the eleventh week
    assert row["shift"] < -15


def test_busy_weeks_without_a_shift_and_quiet_shifts_are_not_bursts():
    from analysis.measures.bursts import review_bursts

    steady = [(2, 70.0)] * 10 + [(12, 68.0)]  # busy, same opinion: a release week
    assert review_bursts(*_week_reviews(steady)).empty
    quiet = [(2, 70.0)] * 10 + [(3, 10.0)]  # a shift, but not busy
    assert review_bursts(*_week_reviews(quiet)).empty
    hype = [(2, 40.0)] * 10 + [(9, 95.0)]
    assert review_bursts(*_week_reviews(hype))["kind"].tolist() == ["hype"]
    undated, score = _week_reviews([(12, 20.0)])
    undated["date"] = None
    assert review_bursts(undated, score).empty
