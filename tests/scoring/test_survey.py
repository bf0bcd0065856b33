"""kpi.scoring.survey: normalised answers, questionnaire means, survey(k), n_reviews, feedback (METHODOLOGY §3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpi.scoring.survey import normalised_answers, questionnaire_means, survey
from kpi.scoring.table import score_table
from kpi.settings import Settings

from tests.scoring.helpers import BANK, CUSTOM, bank, close, one_row
from tests.tables import NAN, meetings, reviews


# ---------------------------------------------------------------- normalised answers (§3)

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
    answers = normalised_answers(reviews(("1", "2026-01-05", "A", "client", question_id, score)), questions)
    assert close(answers["normalised"].iloc[0], expected)


@pytest.mark.parametrize("score, expected", [(0.0, 50.0), (1e308, 100.0), (-1e308, 0.0), (5e307, 75.0)])
def test_a_scale_as_wide_as_floats_go_normalises_without_overflow(score, expected):
    # Found by tests/test_properties.py: a bank scale of −1e308 to 1e308 passes validation, and its span
    # (2e308) overflowed to inf, normalising every answer to 0 or blank.
    wide = bank(("W", "informed", -1e308, 1e308, False))
    with np.errstate(all="raise"):
        answers = normalised_answers(reviews(("1", "2026-01-05", "A", "client", "W", score)), wide)
    assert answers["normalised"].iloc[0] == expected


def test_normalised_importance_is_never_reversed():
    answers = normalised_answers(reviews(("1", "2026-01-05", "A", "client", "INF3", 4, 4)), BANK)
    assert answers["normalised"].iloc[0] == 100 - 75.0
    assert answers["normalised_importance"].iloc[0] == 75.0
    assert answers["kpi"].iloc[0] == "informed" and answers["period"].iloc[0] == "2026-H1"


def test_normalised_answers_rejects_unknown_question():
    with pytest.raises(ValueError, match="ZZZ"):
        normalised_answers(reviews(("1", "2026-01-05", "A", "client", "ZZZ", 3)), BANK)


# ---------------------------------------------------------------- survey and n_reviews (§3)

def test_survey_averages_questionnaire_means_first():
    r = reviews(
        ("1", "2026-01-05", "A", "client", "INF1", 5),
        ("1", "2026-01-05", "A", "client", "INF2", 5),
        ("1", "2026-01-05", "A", "client", "INF3", 1),   # reverse: 100
        ("2", "2026-01-06", "A", "client", "INF1", 1),
    )
    table = score_table(r, None, BANK)
    expected = (100 + 0) / 2           # not (100 + 100 + 100 + 0) / 4
    assert one_row(table, "a", "2026-H1")["survey_informed"] == pytest.approx(expected)


def test_not_applicable_answers_are_kept_but_not_scored():
    r = reviews(
        ("1", "2026-01-05", "A", "client", "INF1", None),
        ("1", "2026-01-05", "A", "client", "INF2", 3),
        ("2", "2026-01-06", "A", "client", "INF1", None),   # questionnaire of N/A only
        ("3", "2026-01-06", "B", "client", "INF1", None),   # partner of N/A only
    )
    table = score_table(r, None, BANK)
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
    row = one_row(score_table(r, None, BANK), "a", "2026-H1")
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
    frame = survey(questionnaire_means(normalised_answers(r, BANK)))
    assert frame.loc[("a", "2026-H1")].to_dict() == {
        "survey_informed": pytest.approx(NAN, nan_ok=True), "survey_involved": 75.0, "survey_inspired": 25.0,
        "survey_interconnected": 50.0, "survey_improving": 100.0, "n_reviews": 1}
    assert frame.loc[("a", "2026-H2"), "survey_involved"] == 0.0

# ---------------------------------------------------------------- feedback (§3)

@pytest.mark.parametrize("sides, expected", [(("client", "agency"), 100.0), (("client",), 50.0),
                                             (("agency", "agency"), 50.0), ((), 0.0)])
def test_feedback(sides, expected):
    rows = [(str(i), "2026-01-05", "A", side, "IMP1", 3) for i, side in enumerate(sides)]
    r = reviews(*rows, ("x", "2026-01-05", "Other", "client", "IMP1", 3))
    m = meetings(("2026-01-06", "A", "status"))
    row = one_row(score_table(r, m, BANK), "a", "2026-H1")
    assert row["feedback"] == expected


def test_feedback_blank_without_reviews_and_from_settings():
    m = meetings(("2026-01-06", "A", "status"))
    assert pd.isna(one_row(score_table(None, m, BANK), "a", "2026-H1")["feedback"])
    r = reviews(("1", "2026-01-05", "A", "client", "IMP1", 3))
    table = score_table(r, None, BANK, Settings({"feedback.one_side": 40.0}))
    assert one_row(table, "a", "2026-H1")["feedback"] == 40.0
