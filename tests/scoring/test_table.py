"""Tests of kpi.scoring: every component and score on tiny hand-computed tables (METHODOLOGY §2–7)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kpi.scoring import table as S
from kpi.questions import default_questions
from kpi.schema import CLEAN_COLUMNS, empty_clean
from kpi.settings import COMPONENTS, SCORE_COMPONENTS, SCORES, Settings

from tests.tables import NAN, meetings, reviews
BANK = default_questions()


# ---------------------------------------------------------------- helpers

def bank(*rows) -> pd.DataFrame:
    """A custom question bank from (question_id, kpi, scale_min, scale_max, reverse)."""
    records = [{"question_id": q, "kpi": k, "text": f"Text of {q}", "text_fr": "", "scale_min": lo,
                "scale_max": hi, "reverse": rev} for q, k, lo, hi, rev in rows]
    return pd.DataFrame(records).astype(CLEAN_COLUMNS["questions"])


def one_row(table: pd.DataFrame, key: str, period: str) -> pd.Series:
    rows = table[(table["partner_key"] == key) & (table["period"] == period)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def close(actual, expected) -> bool:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return actual is None or pd.isna(actual)
    return actual == pytest.approx(expected)


# ---------------------------------------------------------------- periods (§2)

@pytest.mark.parametrize("date, period, label", [
    ("2026-01-01", "half", "2026-H1"),
    ("2026-06-30 23:59", "half", "2026-H1"),
    ("2026-07-01", "half", "2026-H2"),
    ("2025-12-31", "half", "2025-H2"),
    ("2026-03-31", "quarter", "2026-Q1"),
    ("2026-04-01", "quarter", "2026-Q2"),
    ("2026-09-30", "quarter", "2026-Q3"),
    ("1969-12-31", "quarter", "1969-Q4"),
])
def test_period_label(date, period, label):
    assert S.period_label(pd.Series([pd.Timestamp(date)]), period).tolist() == [label]


def test_period_label_keeps_index_and_blank_dates():
    labels = S.period_label(pd.Series([pd.Timestamp("2026-02-01"), pd.NaT], index=[7, 9]), "half")
    assert labels.index.tolist() == [7, 9]
    assert labels.iloc[0] == "2026-H1" and pd.isna(labels.iloc[1])


@pytest.mark.parametrize("as_of, period, label, months, quarters", [
    ("2026-02-15", "half", "2026-H1", 2, 1),      # current half-year, prorated
    ("2026-04-01", "half", "2026-H1", 4, 2),
    ("2026-06-30", "half", "2026-H1", 6, 2),
    ("2026-02-15", "half", "2025-H2", 6, 2),      # finished periods are full
    ("2026-08-10", "quarter", "2026-Q3", 2, 1),
    ("2026-08-10", "quarter", "2026-Q2", 3, 1),
    ("2026-07-01", "quarter", "2026-Q3", 1, 1),
])
def test_period_calendar_prorates_the_current_period(as_of, period, label, months, quarters):
    calendar = S.period_calendar([label], pd.Timestamp(as_of), period)
    assert calendar.to_dict("records") == [{"period": label, "months": months, "quarters": quarters}]


def test_period_calendar_one_row_per_label_sorted():
    calendar = S.period_calendar(["2026-H1", "2025-H2", "2026-H1"], pd.Timestamp("2026-03-01"), "half")
    assert calendar["period"].tolist() == ["2025-H2", "2026-H1"]
    assert calendar["months"].tolist() == [6, 3]


@pytest.mark.parametrize("label, period", [("2026-H2", "half"), ("2026-Q2", "quarter"), ("2026-Q1", "half"),
                                           ("2026-H3", "half"), ("H1-2026", "half")])
def test_period_calendar_rejects_periods_after_as_of_or_malformed(label, period):
    with pytest.raises(ValueError):
        S.period_calendar([label], pd.Timestamp("2026-03-31"), period)


def test_as_of_date_is_latest_of_both_tables():
    r = reviews(("1", "2025-03-01", "A", "client", "INF1", 3))
    m = meetings(("2025-04-02 10:30", "A", "status"))
    assert S.as_of_date(r, m) == pd.Timestamp("2025-04-02 10:30")
    assert S.as_of_date(r, None) == pd.Timestamp("2025-03-01")
    assert S.as_of_date(None, empty_clean("meetings")) is pd.NaT


# ---------------------------------------------------------------- normalised answers (§3)

CUSTOM = bank(("X10", "informed", 1, 10, False), ("R10", "informed", 1, 10, True), ("D5", "delivery", 1, 5, False))


@pytest.mark.parametrize("questions, question_id, score, expected", [
    (BANK, "INF1", 4, 100 * (4 - 1) / (5 - 1)),
    (BANK, "INF3", 4, 100 - 100 * (4 - 1) / (5 - 1)),     # reverse question
    (BANK, "INF3", 1, 100.0),
    (BANK, "NPS", 7, 100 * 7 / 10),                       # 0–10 scale
    (CUSTOM, "X10", 7, 100 * (7 - 1) / (10 - 1)),         # 1–10 scale from a custom bank
    (CUSTOM, "R10", 10, 0.0),
    (BANK, "INF1", None, NAN),                            # not applicable
])
def test_normalised_answer(questions, question_id, score, expected):
    answers = S.normalised_answers(reviews(("1", "2026-01-05", "A", "client", question_id, score)), questions)
    assert close(answers["normalised"].iloc[0], expected)


def test_normalised_importance_is_never_reversed():
    answers = S.normalised_answers(reviews(("1", "2026-01-05", "A", "client", "INF3", 4, 4)), BANK)
    assert answers["normalised"].iloc[0] == 100 - 75.0
    assert answers["normalised_importance"].iloc[0] == 75.0
    assert answers["kpi"].iloc[0] == "informed" and answers["period"].iloc[0] == "2026-H1"


def test_normalised_answers_rejects_unknown_question():
    with pytest.raises(ValueError, match="ZZZ"):
        S.normalised_answers(reviews(("1", "2026-01-05", "A", "client", "ZZZ", 3)), BANK)


# ---------------------------------------------------------------- survey and n_reviews (§3)

def test_survey_averages_questionnaire_means_first():
    r = reviews(
        ("1", "2026-01-05", "A", "client", "INF1", 5),
        ("1", "2026-01-05", "A", "client", "INF2", 5),
        ("1", "2026-01-05", "A", "client", "INF3", 1),   # reverse: 100
        ("2", "2026-01-06", "A", "client", "INF1", 1),
    )
    table = S.score_table(r, None, BANK)
    expected = (100 + 0) / 2           # not (100 + 100 + 100 + 0) / 4
    assert one_row(table, "a", "2026-H1")["survey_informed"] == pytest.approx(expected)


def test_not_applicable_answers_are_kept_but_not_scored():
    r = reviews(
        ("1", "2026-01-05", "A", "client", "INF1", None),
        ("1", "2026-01-05", "A", "client", "INF2", 3),
        ("2", "2026-01-06", "A", "client", "INF1", None),   # questionnaire of N/A only
        ("3", "2026-01-06", "B", "client", "INF1", None),   # partner of N/A only
    )
    table = S.score_table(r, None, BANK)
    a, b = one_row(table, "a", "2026-H1"), one_row(table, "b", "2026-H1")
    assert a["survey_informed"] == pytest.approx(50.0)   # not 25: the N/A questionnaire adds no mean
    assert a["n_reviews"] == 2
    assert pd.isna(b["survey_informed"]) and pd.isna(b["informed"])
    assert b["n_reviews"] == 1


def test_questionnaires_are_told_apart_by_review_key_not_review_id():
    r = reviews(
        ("1", "2026-01-05", "A", "client", "INF1", 5, None, "jan.csv"),
        ("1", "2026-01-05", "A", "client", "INF2", 5, None, "jan.csv"),
        ("1", "2026-01-05", "A", "client", "INF1", 1, None, "feb.csv"),
    )
    row = one_row(S.score_table(r, None, BANK), "a", "2026-H1")
    assert row["n_reviews"] == 2
    assert row["survey_informed"] == pytest.approx((100 + 0) / 2)


def test_survey_per_kpi_and_partner_period():
    r = reviews(
        ("1", "2026-01-05", "A", "client", "INV1", 4),
        ("1", "2026-01-05", "A", "client", "INS1", 2),
        ("1", "2026-01-05", "A", "client", "INT1", 3),
        ("1", "2026-01-05", "A", "client", "IMP1", 5),
        ("2", "2026-08-01", "A", "client", "INV1", 1),
    )
    frame = S.survey(S.questionnaire_means(S.normalised_answers(r, BANK)))
    assert frame.loc[("a", "2026-H1")].to_dict() == {
        "survey_informed": pytest.approx(NAN, nan_ok=True), "survey_involved": 75.0, "survey_inspired": 25.0,
        "survey_interconnected": 50.0, "survey_improving": 100.0, "n_reviews": 1}
    assert frame.loc[("a", "2026-H2"), "survey_involved"] == 0.0


# ---------------------------------------------------------------- meeting components (§3)

def test_agenda_rate_counts_only_known_agendas():
    m = meetings(("2026-01-05", "A", "status", True), ("2026-01-06", "A", "status", False),
                 ("2026-01-07", "A", "status", None), ("2026-01-08", "B", "status", None))
    table = S.score_table(None, m, BANK)
    assert one_row(table, "a", "2026-H1")["agenda_rate"] == pytest.approx(100 * 1 / 2)
    assert pd.isna(one_row(table, "b", "2026-H1")["agenda_rate"])


def test_cadence_workshops_joint_follow_through_in_a_full_half_year():
    m = meetings(
        ("2025-01-15", "A", "status", True, 4, 2),
        ("2025-02-15", "A; B", "workshop", False, None, 1),
        ("2025-04-15", "A", "qbr", None, 2, 2),
        ("2025-07-01", "C", "other"),                       # moves as-of past H1: H1 is full
    )
    a = one_row(S.score_table(None, m, BANK), "a", "2025-H1")
    assert a["n_meetings"] == 3
    assert a["cadence"] == pytest.approx(50 * min(1, 3 / 6) + 50 * min(1, 1 / 2))
    assert a["workshops"] == pytest.approx(100 * 1 / 2)
    assert a["joint"] == pytest.approx(100 * 1 / 2)
    assert a["follow_through"] == pytest.approx(100 * (2 + 1 + 2) / (4 + 2))


@pytest.mark.parametrize("opened, closed, expected", [
    ([4, None], [1, 2], 100 * 3 / 4),     # blank cells count as 0 in the sums
    ([1], [3], 100.0),                    # capped at 100
    ([0, None], [2, 1], NAN),             # nothing opened: blank
    ([None], [None], NAN),
])
def test_follow_through(opened, closed, expected):
    m = meetings(*[("2026-01-05", "A", "status", None, o, c) for o, c in zip(opened, closed)])
    assert close(one_row(S.score_table(None, m, BANK), "a", "2026-H1")["follow_through"], expected)


@pytest.mark.parametrize("n_workshops, expected", [(0, 0.0), (1, 50.0), (2, 100.0), (5, 100.0)])
def test_workshops_capped_at_target(n_workshops, expected):
    m = meetings(("2025-12-31", "Z", "other"), *[("2025-03-01", "A", "workshop")] * n_workshops,
                 ("2025-03-02", "A", "status"))
    assert one_row(S.score_table(None, m, BANK), "a", "2025-H1")["workshops"] == pytest.approx(expected)


def test_multi_partner_meeting_counts_for_each_partner_and_is_joint():
    m = meetings(("2025-02-01", "Agence Lumière; Studio Nord", "status"),
                 ("2025-03-01", "Agence Lumière;  agence lumière ", "status"),  # one partner twice: not joint
                 ("2025-12-01", "Other", "status"))
    table = S.score_table(None, m, BANK)
    lumiere, nord = one_row(table, "agence lumière", "2025-H1"), one_row(table, "studio nord", "2025-H1")
    assert (lumiere["n_meetings"], nord["n_meetings"]) == (2, 1)
    assert lumiere["joint"] == pytest.approx(100 * 1 / 2) and nord["joint"] == pytest.approx(100 * 1 / 2)
    assert lumiere["cadence"] == pytest.approx(50 * 2 / 6)


def test_targets_come_from_settings():
    m = meetings(*[("2025-01-10", "A", "status")] * 3, ("2025-02-10", "A", "qbr"), ("2025-02-11", "A", "workshop"),
                 ("2025-12-01", "Z", "other"))
    settings = Settings({"targets.meetings_per_month": 2, "targets.qbrs_per_quarter": 0.5,
                         "targets.workshops_per_quarter": 2})
    a = one_row(S.score_table(None, m, BANK, settings), "a", "2025-H1")
    assert a["cadence"] == pytest.approx(50 * min(1, 5 / (6 * 2)) + 50 * min(1, 1 / (2 * 0.5)))
    assert a["workshops"] == pytest.approx(100 * 1 / (2 * 2))


@pytest.mark.parametrize("period, label, expected", [
    ("half", "2026-H1", 50 * min(1, 3 / 5) + 50 * min(1, 1 / 2)),       # as-of May: 5 months, 2 quarters
    ("quarter", "2026-Q1", 50 * min(1, 2 / 3) + 50 * min(1, 1 / 1)),    # finished quarter
    ("quarter", "2026-Q2", 50 * min(1, 1 / 2) + 50 * min(1, 0 / 1)),    # April and May only
])
def test_cadence_in_the_prorated_current_period(period, label, expected):
    m = meetings(("2026-01-10", "A", "status"), ("2026-02-10", "A", "qbr"), ("2026-05-10", "A", "status"))
    table = S.score_table(None, m, BANK, Settings({"period": period}))
    assert one_row(table, "a", label)["cadence"] == pytest.approx(expected)


def test_as_of_in_february_gives_two_months_one_quarter():
    m = meetings(("2026-01-10", "A", "status"), ("2026-02-10", "A", "qbr"))
    a = one_row(S.score_table(None, m, BANK), "a", "2026-H1")
    assert a["cadence"] == pytest.approx(50 * min(1, 2 / 2) + 50 * min(1, 1 / 1))
    assert a["cadence"] == 100.0


@pytest.mark.parametrize("given, expected", [
    ("none", {"agenda_rate": NAN, "cadence": NAN, "workshops": NAN, "joint": NAN, "follow_through": NAN,
              "n_meetings": 0}),
    ("empty", {"agenda_rate": NAN, "cadence": 0.0, "workshops": 0.0, "joint": 0.0, "follow_through": NAN,
               "n_meetings": 0}),
    ("present", {"agenda_rate": 100.0, "cadence": 50 * 1 / 3, "workshops": 0.0, "joint": 0.0,
                 "follow_through": NAN, "n_meetings": 1}),
])
def test_meetings_none_empty_or_present(given, expected):
    r = reviews(("1", "2025-03-05", "A", "client", "INF1", 3))
    m = {"none": None, "empty": empty_clean("meetings"),
         "present": meetings(("2025-02-01", "A", "status", True))}[given]
    row = one_row(S.score_table(r, m, BANK), "a", "2025-H1")
    for column, value in expected.items():
        assert close(row[column], value), column
    informed = 0.7 * 50 + 0.3 * 100 if given == "present" else 50.0
    assert row["informed"] == pytest.approx(informed)


# ---------------------------------------------------------------- feedback (§3)

@pytest.mark.parametrize("sides, expected", [(("client", "agency"), 100.0), (("client",), 50.0),
                                             (("agency", "agency"), 50.0), ((), 0.0)])
def test_feedback(sides, expected):
    rows = [(str(i), "2026-01-05", "A", side, "IMP1", 3) for i, side in enumerate(sides)]
    r = reviews(*rows, ("x", "2026-01-05", "Other", "client", "IMP1", 3))
    m = meetings(("2026-01-06", "A", "status"))
    row = one_row(S.score_table(r, m, BANK), "a", "2026-H1")
    assert row["feedback"] == expected


def test_feedback_blank_without_reviews_and_from_settings():
    m = meetings(("2026-01-06", "A", "status"))
    assert pd.isna(one_row(S.score_table(None, m, BANK), "a", "2026-H1")["feedback"])
    r = reviews(("1", "2026-01-05", "A", "client", "IMP1", 3))
    table = S.score_table(r, None, BANK, Settings({"feedback.one_side": 40.0}))
    assert one_row(table, "a", "2026-H1")["feedback"] == 40.0


# ---------------------------------------------------------------- delivery gap (§5)

@pytest.mark.parametrize("agency, client, gap, flag", [
    (8, 7, 80 - 70, "overpromise"),        # exactly +10
    (7, 8, 70 - 80, "underpromise"),       # exactly -10
    (7.5, 7, 75 - 70, ""),
    (9, None, NAN, ""),                    # the client side said N/A: no gap
])
def test_delivery_gap_and_flags_at_exactly_ten(agency, client, gap, flag):
    r = reviews(("1", "2026-01-05", "A", "agency", "NPS", agency), ("2", "2026-01-05", "A", "client", "NPS", client))
    row = one_row(S.score_table(r, None, BANK), "a", "2026-H1")
    assert close(row["delivery_gap"], gap)
    assert row["gap_flag"] == flag
    assert row["self"] == pytest.approx(agency * 10)


def test_delivery_gap_questionnaire_means_first_and_flag_threshold_from_settings():
    r = reviews(
        ("s1", "2026-01-05", "A", "agency", "DEL1", 5), ("s1", "2026-01-05", "A", "agency", "DEL2", 5),
        ("s1", "2026-01-05", "A", "agency", "DEL3", 1), ("s2", "2026-01-05", "A", "agency", "DEL1", 1),
        ("c1", "2026-01-05", "A", "client", "DEL1", 2),
    )
    expected_self = ((100 + 100 + 0) / 3 + 0) / 2
    table = S.score_table(r, None, BANK, Settings({"thresholds.delivery_gap_flag": 20.0}))
    row = one_row(table, "a", "2026-H1")
    assert row["self"] == pytest.approx(expected_self)
    assert row["client_view"] == pytest.approx(25.0)
    assert row["delivery_gap"] == pytest.approx(expected_self - 25)
    assert row["gap_flag"] == ""                     # 8.3 points: under the 20-point threshold


def test_delivery_gap_blank_when_only_one_side():
    r = reviews(("1", "2026-01-05", "A", "client", "DEL1", 5))
    row = one_row(S.score_table(r, None, BANK), "a", "2026-H1")
    assert pd.isna(row["delivery_gap"]) and pd.isna(row["self"]) and row["client_view"] == 100.0


# ---------------------------------------------------------------- weighted scores (§4)

@pytest.mark.parametrize("values, weights, expected", [
    ({"a": 62.5, "b": 50.0}, {"a": 0.7, "b": 0.3}, 0.7 * 62.5 + 0.3 * 50),
    ({"a": NAN, "b": 50.0}, {"a": 0.7, "b": 0.3}, 50.0),                  # weights rescaled
    ({"a": 80.0, "b": NAN, "c": 40.0}, {"a": 0.4, "b": 0.3, "c": 0.3}, (0.4 * 80 + 0.3 * 40) / (0.4 + 0.3)),
    ({"a": NAN, "b": NAN}, {"a": 0.7, "b": 0.3}, NAN),                    # blank, never 0
    ({"a": NAN, "b": 30.0}, {"a": 1.0, "b": 0.0}, NAN),                   # only a weightless one present
    ({"a": 0.0}, {"a": 0.5, "b": 0.5}, 0.0),                              # a missing column is blank
])
def test_weighted_score(values, weights, expected):
    result = S.weighted_score(pd.DataFrame([values]), weights)
    assert close(result.iloc[0], expected)


def test_scores_overall_and_components_of_a_full_partner_period():
    r = reviews(
        ("R1", "2025-03-10", "Agence Lumière", "client", "INF1", 4),
        ("R1", "2025-03-10", "Agence Lumière", "client", "INF2", 5),
        ("R1", "2025-03-10", "Agence Lumière", "client", "INF3", 2),
        ("R1", "2025-03-10", "Agence Lumière", "client", "INV1", 3),
        ("R1", "2025-03-10", "Agence Lumière", "client", "DEL1", 4),
        ("R2", "2025-04-02", "Agence Lumière", "client", "INF1", 2),
        ("R2", "2025-04-02", "Agence Lumière", "client", "INV1", 5),
        ("R3", "2025-05-01", "Agence Lumière", "agency", "INF1", 3),
        ("R3", "2025-05-01", "Agence Lumière", "agency", "DEL1", 5),
    )
    m = meetings(
        ("2025-01-15", "Agence Lumière", "status", True, 4, 2),
        ("2025-02-15", "agence lumière; Studio Nord", "workshop", False, None, 1),
        ("2025-04-15", "Agence Lumière", "qbr", None, 2, 2),
        ("2025-08-01", "Studio Nord", "status", True),
    )
    table = S.score_table(r, m, BANK)
    row = one_row(table, "agence lumière", "2025-H1")

    survey_informed = ((75 + 100 + (100 - 25)) / 3 + 25 + 50) / 3
    agenda, cadence, workshops, joint = 100 * 1 / 2, 50 * 3 / 6 + 50 * 1 / 2, 100 * 1 / 2, 100 * 1 / 2
    follow = 100 * (2 + 1 + 2) / (4 + 2)
    expected = {
        "informed": 0.7 * survey_informed + 0.3 * agenda,
        "involved": 0.5 * (50 + 100) / 2 + 0.5 * cadence,
        "inspired": workshops,
        "interconnected": joint,
        "improving": (0.3 * 100 + 0.3 * follow) / (0.3 + 0.3),
    }
    for name, value in expected.items():
        assert row[name] == pytest.approx(value), name
    assert row["overall"] == pytest.approx(sum(expected.values()) / 5)
    assert (row["n_reviews"], row["n_meetings"], row["low_confidence"]) == (3, 3, False)
    assert (row["self"], row["client_view"], row["delivery_gap"], row["gap_flag"]) == (100.0, 75.0, 25.0,
                                                                                       "overpromise")

    nord = one_row(table, "studio nord", "2025-H1")
    assert nord["informed"] == 0.0                      # agenda known and not shared
    assert nord["improving"] == 0.0                     # reviews given, no questionnaire: feedback 0
    assert pd.isna(nord["follow_through"]) and nord["low_confidence"]
    nord_h2 = one_row(table, "studio nord", "2025-H2")  # as-of August: 2 months, 1 quarter
    assert nord_h2["cadence"] == pytest.approx(50 * min(1, 1 / 2) + 50 * min(1, 0 / 1))


def test_custom_weights():
    r = reviews(("1", "2026-01-05", "A", "client", "INF1", 4))
    m = meetings(("2026-01-06", "A", "status", False))
    settings = Settings({"weights.informed.survey_informed": 0.5, "weights.informed.agenda_rate": 0.5})
    row = one_row(S.score_table(r, m, BANK, settings), "a", "2026-H1")
    assert row["informed"] == pytest.approx(0.5 * 75 + 0.5 * 0)


def test_score_blank_not_zero_when_no_component():
    r = reviews(("1", "2026-01-05", "A", "client", "DEL1", 4))
    row = one_row(S.score_table(r, None, BANK), "a", "2026-H1")
    for name in ("informed", "involved", "inspired", "interconnected"):
        assert pd.isna(row[name]), name
    assert row["improving"] == 50.0 and row["overall"] == 50.0      # feedback from one side only


@pytest.mark.parametrize("questionnaires, overrides, low", [(2, {}, True), (3, {}, False),
                                                             (2, {"thresholds.low_confidence_reviews": 2}, False)])
def test_low_confidence(questionnaires, overrides, low):
    r = reviews(*[(str(i), "2026-01-05", "A", "client", "INF1", 3) for i in range(questionnaires)])
    row = one_row(S.score_table(r, None, BANK, Settings(overrides)), "a", "2026-H1")
    assert bool(row["low_confidence"]) == low


def test_trend_skips_a_period_without_a_score():
    r = reviews(
        ("1", "2025-03-05", "A", "client", "INF1", 3),
        ("2", "2025-09-05", "A", "client", "INF1", None),   # the row exists, informed is blank
        ("3", "2026-02-05", "A", "client", "INF1", 4),
    )
    table = S.score_table(r, None, BANK)
    assert table["period"].tolist() == ["2025-H1", "2025-H2", "2026-H1"]
    assert close(table["informed"].iloc[1], NAN)
    assert [close(v, e) for v, e in zip(table["trend_informed"], [NAN, NAN, 75 - 50])] == [True] * 3
    overall = [(50 + 50) / 2, 50, (75 + 50) / 2]             # improving = one-side feedback 50 each period
    assert table["overall"].tolist() == pytest.approx(overall)
    assert [close(v, e) for v, e in zip(table["trend_overall"], [NAN, 0.0, 12.5])] == [True] * 3


def test_trend_is_per_partner():
    r = reviews(("1", "2025-03-05", "A", "client", "INF1", 3), ("2", "2025-09-05", "B", "client", "INF1", 5))
    table = S.score_table(r, None, BANK)
    assert table["trend_informed"].isna().all()


# ---------------------------------------------------------------- partners and table shape

def test_partner_spelling_variants_are_one_partner_first_spelling_shown():
    r = reviews(("1", "2026-01-05", " agence  lumière ", "client", "INF1", 3),
                ("2", "2026-01-06", "Agence Lumière", "client", "INF1", 5))
    m = meetings(("2025-12-01", "AGENCE LUMIÈRE", "status"), ("2026-01-07", "Agence Lumière; Studio  Nord ", "status"))
    table = S.score_table(r, m, BANK)
    assert table["partner_key"].tolist() == ["agence lumière", "agence lumière", "studio nord"]
    assert table["partner"].tolist() == ["agence lumière", "agence lumière", "Studio Nord"]
    assert one_row(table, "agence lumière", "2026-H1")["n_reviews"] == 2


def test_score_table_columns_and_sort_order():
    r = reviews(("1", "2026-01-05", "Zeta", "client", "INF1", 3), ("2", "2025-01-05", "Zeta", "client", "INF1", 3),
                ("3", "2026-01-05", "alpha", "client", "INF1", 3))
    table = S.score_table(r, None, BANK)
    expected = ["partner", "period", "informed", "involved", "inspired", "interconnected", "improving", "overall",
                "delivery_gap", "n_reviews", "n_meetings", "low_confidence",
                "survey_informed", "agenda_rate", "survey_involved", "cadence", "survey_inspired", "workshops",
                "survey_interconnected", "joint", "survey_improving", "feedback", "follow_through"]
    assert table.columns.tolist()[:len(expected)] == expected
    assert {"partner_key", "self", "client_view", "gap_flag", "trend_overall"} <= set(table.columns)
    assert list(zip(table["partner"], table["period"])) == [("alpha", "2026-H1"), ("Zeta", "2025-H1"),
                                                            ("Zeta", "2026-H1")]


@pytest.mark.parametrize("r, m", [(None, None), (empty_clean("reviews"), empty_clean("meetings"))])
def test_score_table_with_no_data_is_empty_with_all_columns(r, m):
    table = S.score_table(r, m, BANK)
    assert len(table) == 0 and table.columns.tolist() == list(S.TABLE_COLUMNS)


def test_score_table_does_not_mutate_inputs():
    r = reviews(("1", "2026-01-05", "A", "client", "INF1", 3))
    m = meetings(("2026-01-05", "A; B", "qbr", True, 1, 1))
    r_before, m_before, q_before = r.copy(), m.copy(), BANK.copy()
    S.score_table(r, m, BANK)
    pd.testing.assert_frame_equal(r, r_before)
    pd.testing.assert_frame_equal(m, m_before)
    pd.testing.assert_frame_equal(BANK, q_before)


def test_custom_bank_with_a_one_to_ten_question():
    r = reviews(("1", "2026-01-05", "A", "client", "X10", 7), ("1", "2026-01-05", "A", "client", "R10", 4))
    row = one_row(S.score_table(r, None, CUSTOM), "a", "2026-H1")
    assert row["survey_informed"] == pytest.approx((100 * 6 / 9 + (100 - 100 * 3 / 9)) / 2)


# ---------------------------------------------------------------- CSV view (§7)

def test_scores_csv_frame_columns_rounding_and_types():
    r = reviews(("1", "2026-01-05", "b", "client", "INF1", 3), ("2", "2026-01-05", "A", "client", "INF1", 3))
    table = S.score_table(r, None, BANK)
    table = table.assign(informed=[62.25, 1.15], delivery_gap=[-12.25, NAN], n_reviews=table["n_reviews"] * 1.0)
    csv = S.scores_csv_frame(table)
    assert csv.columns.tolist() == list(S.CSV_COLUMNS)
    assert csv.columns.tolist()[:12] == ["partner", "period", *SCORES, "overall", "delivery_gap", "n_reviews",
                                         "n_meetings", "low_confidence"]
    assert csv.columns.tolist()[12:] == list(COMPONENTS)
    assert csv["partner"].tolist() == ["A", "b"]
    assert csv["informed"].tolist() == [62.3, 1.2]
    assert csv["delivery_gap"].iloc[0] == -12.3 and pd.isna(csv["delivery_gap"].iloc[1])
    assert csv["n_reviews"].dtype == "int64" and csv["n_meetings"].dtype == "int64"
    assert csv["low_confidence"].dtype == bool


# ---------------------------------------------------------------- importance–performance (§6)

def _ipa_reviews():
    return reviews(
        ("1", "2025-03-01", "Agence Lumière", "client", "INF1", 2, 5),    # x 100, y 25
        ("1", "2025-03-01", "Agence Lumière", "client", "INV1", 5, 5),    # x 100, y 100
        ("1", "2025-03-01", "Agence Lumière", "client", "INS1", 1, 1),    # x 0,   y 0
        ("1", "2025-03-01", "Agence Lumière", "client", "INT1", 5, 2),    # x 25,  y 100
        ("1", "2025-03-01", "Agence Lumière", "client", "INF3", 4, 4),    # reverse: x 75, y 25
        ("2", "2025-03-01", "Agence Lumière", "client", "INV1", 1),       # no importance: not in the pair
        ("2", "2025-03-01", "Agence Lumière", "client", "IMP1", 1),       # question without importance
        ("3", "2025-03-01", "Agence Lumière", "agency", "INS1", 5, 5),    # agency side: ignored
        ("4", "2025-09-01", "Studio Nord", "client", "INS1", 5, 5),
    )


def test_importance_performance_quadrants():
    points = S.importance_performance(_ipa_reviews(), BANK, period="2025-H1").set_index("question_id")
    assert sorted(points.index) == ["INF1", "INF3", "INS1", "INT1", "INV1"]
    assert points.loc["INF3", "importance"] == 75.0 and points.loc["INF3", "performance"] == 25.0
    assert points.loc["INV1", "performance"] == 100.0 and points.loc["INV1", "n_answers"] == 1
    # split at x = (100 + 100 + 0 + 25 + 75) / 5 = 60, y = (25 + 100 + 0 + 100 + 25) / 5 = 50
    assert points["quadrant"].to_dict() == {"INF1": "Concentrate here", "INF3": "Concentrate here",
                                            "INV1": "Keep up the good work", "INS1": "Low priority",
                                            "INT1": "Possible overkill"}
    assert points.loc["INF1", "needs_gap"] == 100 - 25
    assert points.attrs["split"] == {"importance": 60.0, "performance": 50.0}


def test_importance_performance_sorted_by_needs_gap_and_filters():
    points = S.importance_performance(_ipa_reviews(), BANK, period="2025-H1")
    assert points["needs_gap"].is_monotonic_decreasing
    assert points.columns.tolist() == ["question_id", "kpi", "text", "importance", "performance", "needs_gap",
                                       "n_answers", "quadrant"]
    nord = S.importance_performance(_ipa_reviews(), BANK, partner_key=" STUDIO nord")
    assert nord["question_id"].tolist() == ["INS1"] and nord["performance"].tolist() == [100.0]
    everyone = S.importance_performance(_ipa_reviews(), BANK).set_index("question_id")
    assert everyone.loc["INS1", "n_answers"] == 2 and everyone.loc["INS1", "importance"] == 50.0


def test_importance_performance_tie_at_the_mean_counts_high():
    r = reviews(("1", "2025-03-01", "A", "client", "INF1", 1, 1), ("1", "2025-03-01", "A", "client", "INF2", 3, 3),
                ("1", "2025-03-01", "A", "client", "INV1", 5, 5))
    points = S.importance_performance(r, BANK).set_index("question_id")
    assert points.loc["INF2", "quadrant"] == "Keep up the good work"      # x = y = 50 = the means
    assert points.loc["INF1", "quadrant"] == "Low priority"


# ---------------------------------------------------------------- traceability

def test_rows_behind_a_score_row():
    r = _ipa_reviews()
    m = meetings(("2025-02-01", "Agence Lumière; Studio Nord", "status"), ("2025-08-01", "Studio Nord", "status"),
                 ("2025-05-01", "Other", "status"))
    answers, listed = S.rows_behind(r, m, "studio NORD", "2025-H1")
    assert len(answers) == 0
    assert listed["meeting_id"].tolist() == ["M0"]
    answers, listed = S.rows_behind(r, m, "Agence Lumière", "2025-H1")
    assert answers["review_id"].tolist() == ["1"] * 5 + ["2", "2", "3"]
    pd.testing.assert_frame_equal(answers, r.iloc[:8])
    _, listed = S.rows_behind(r, None, "studio nord", "2025-H2")
    assert len(listed) == 0


def test_explain_contributions_add_up_to_the_score():
    r = reviews(("1", "2026-01-05", "A", "client", "INF1", 4), ("1", "2026-01-05", "A", "client", "INV1", 2))
    m = meetings(("2026-01-06", "A", "qbr", True))
    row = one_row(S.score_table(r, m, BANK), "a", "2026-H1")
    why = S.explain(row)
    assert why["component"].tolist() == list(COMPONENTS)
    for score, part in why.groupby("score"):
        assert part["contribution"].sum(min_count=1) == pytest.approx(row[score], nan_ok=True), score
    informed = why[why["score"] == "informed"].set_index("component")
    assert informed.loc["agenda_rate", "contribution"] == pytest.approx(0.3 * 100)
    inspired = why[why["score"] == "inspired"].set_index("component")
    assert inspired.loc["survey_inspired", "effective_weight"] == 0.0           # blank: no weight
    assert inspired.loc["workshops", "effective_weight"] == 1.0                 # rescaled from 0.3


# ---------------------------------------------------------------- the code keeps to the methodology

@pytest.mark.parametrize("component", sorted({c for comps in SCORE_COMPONENTS.values() for c in comps}))
def test_every_component_has_a_documented_function(component):
    name = "survey" if component.startswith("survey_") else component
    first_line = getattr(S, name).__doc__.strip().splitlines()[0]
    assert first_line.startswith((f"{name} = ", f"{name}(k) = ")), first_line


@pytest.mark.parametrize("name", [n for n in dir(S) if not n.startswith("_") and callable(getattr(S, n))
                                  and getattr(getattr(S, n), "__module__", "") == "kpi.scoring.table"])
def test_every_public_function_has_a_docstring(name):
    assert getattr(S, name).__doc__
