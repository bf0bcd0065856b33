"""kpi.scoring.blind_spots: the client's view of its habits against the partner's view (METHODOLOGY §5.1)."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.scoring.blind_spots import VIEW_COLUMNS, habit_flag, habit_views
from kpi.scoring.survey import normalised_answers, questionnaire_means
from kpi.scoring.table import score_table, scores_csv_frame
from kpi.settings import SCORES, Settings

from tests.scoring.helpers import BANK, close, one_row
from tests.tables import NAN, reviews


def views_of(r) -> pd.DataFrame:
    return habit_views(questionnaire_means(normalised_answers(r, BANK)))


def test_habit_gap_questionnaire_means_first_then_each_side():
    r = reviews(
        # client side, two questionnaires on informed: (100 + 50) / 2 = 75 and 0 (INF3 reversed: 5 → 0)
        ("c1", "2026-01-05", "A", "client", "INF1", 5), ("c1", "2026-01-05", "A", "client", "INF2", 3),
        ("c2", "2026-01-05", "A", "client", "INF3", 5),
        # agency side, one questionnaire: 25
        ("a1", "2026-01-05", "A", "agency", "INF1", 2),
    )
    row = one_row(score_table(r, None, BANK), "a", "2026-H1")
    client_self = (75 + 0) / 2
    assert row["client_self_informed"] == pytest.approx(client_self)
    assert row["partner_view_informed"] == pytest.approx(25.0)
    assert row["habit_gap_informed"] == pytest.approx(client_self - 25)          # 12.5: a blind spot
    assert (row["n_client_self_informed"], row["n_partner_view_informed"]) == (2, 1)
    # the five scores are unchanged: survey(informed) still averages both sides' questionnaires
    assert row["survey_informed"] == pytest.approx((75 + 0 + 25) / 3)


def test_one_side_missing_leaves_the_gap_blank_never_zero():
    r = reviews(("c1", "2026-01-05", "A", "client", "INV1", 4),
                ("a1", "2026-01-05", "A", "agency", "INS1", 2))
    row = one_row(score_table(r, None, BANK), "a", "2026-H1")
    assert row["client_self_involved"] == pytest.approx(75.0)
    assert pd.isna(row["partner_view_involved"]) and pd.isna(row["habit_gap_involved"])
    assert (row["n_client_self_involved"], row["n_partner_view_involved"]) == (1, 0)
    assert pd.isna(row["client_self_inspired"]) and row["partner_view_inspired"] == pytest.approx(25.0)
    assert pd.isna(row["habit_gap_inspired"])
    for habit in ("informed", "interconnected", "improving"):           # nobody answered: all blank, n 0
        assert pd.isna(row[f"client_self_{habit}"]) and pd.isna(row[f"habit_gap_{habit}"])
        assert row[f"n_client_self_{habit}"] == 0 and row[f"n_partner_view_{habit}"] == 0
    csv = scores_csv_frame(score_table(r, None, BANK)).iloc[0]
    assert pd.isna(csv["habit_gap_involved"]) and csv["n_partner_view_involved"] == 0


def test_not_applicable_answers_are_not_a_side_and_not_counted_in_n():
    r = reviews(("c1", "2026-01-05", "A", "client", "IMP1", 5), ("c2", "2026-01-05", "A", "client", "IMP1", None),
                ("a1", "2026-01-05", "A", "agency", "IMP1", None))
    row = one_row(score_table(r, None, BANK), "a", "2026-H1")
    assert row["client_self_improving"] == 100.0 and row["n_client_self_improving"] == 1   # c2: N/A only
    assert pd.isna(row["partner_view_improving"]) and row["n_partner_view_improving"] == 0
    assert pd.isna(row["habit_gap_improving"])
    assert row["n_reviews"] == 3                                         # n_reviews still counts all three


def test_thin_samples_still_give_a_gap_with_their_n():
    # one questionnaire per side: the gap is computed (METHODOLOGY flags at ±10 whatever n); n says it is thin
    r = reviews(("c1", "2026-01-05", "A", "client", "INT1", 5), ("a1", "2026-01-05", "A", "agency", "INT1", 4))
    row = one_row(score_table(r, None, BANK), "a", "2026-H1")
    assert row["habit_gap_interconnected"] == pytest.approx(100 - 75)
    assert (row["n_client_self_interconnected"], row["n_partner_view_interconnected"]) == (1, 1)
    assert bool(row["low_confidence"])


def test_periods_and_partners_are_kept_apart():
    r = reviews(("c1", "2026-01-05", "A", "client", "INS1", 5), ("a1", "2026-01-05", "A", "agency", "INS1", 3),
                ("c2", "2026-08-05", "A", "client", "INS1", 1), ("a2", "2026-08-05", "B", "agency", "INS1", 1))
    table = score_table(r, None, BANK)
    assert one_row(table, "a", "2026-H1")["habit_gap_inspired"] == pytest.approx(50.0)
    h2 = one_row(table, "a", "2026-H2")
    assert h2["client_self_inspired"] == 0.0 and pd.isna(h2["habit_gap_inspired"])
    b = one_row(table, "b", "2026-H2")
    assert pd.isna(b["client_self_inspired"]) and b["partner_view_inspired"] == 0.0


def test_delivery_questions_are_not_habits():
    r = reviews(("c1", "2026-01-05", "A", "client", "DEL1", 5), ("a1", "2026-01-05", "A", "agency", "DEL1", 1))
    views = views_of(r)
    assert views.empty and list(views.columns) == list(VIEW_COLUMNS)
    row = one_row(score_table(r, None, BANK), "a", "2026-H1")
    assert all(pd.isna(row[f"habit_gap_{h}"]) for h in SCORES)


def test_no_reviews_table_gives_blank_views_and_zero_n():
    from tests.tables import meetings
    table = score_table(None, meetings(("2026-01-05 10:00", "A", "status")), BANK)
    row = one_row(table, "a", "2026-H1")
    assert all(pd.isna(row[f"client_self_{h}"]) and row[f"n_partner_view_{h}"] == 0 for h in SCORES)


@pytest.mark.parametrize("gap, flag", [
    (10.0, "blind_spot"), (-10.0, "hidden_strength"), (9.9, ""), (-9.9, ""), (NAN, ""),
    (62.5 - 52.5, "blind_spot"),
])
def test_habit_flag_at_exactly_ten(gap, flag):
    assert habit_flag(pd.Series([gap]), Settings()).tolist() == [flag]


def test_habit_flag_threshold_is_a_setting():
    settings = Settings({"thresholds.habit_gap_flag": 20.0})
    assert habit_flag(pd.Series([15.0, 20.0, -25.0]), settings).tolist() == ["", "blind_spot", "hidden_strength"]


def test_csv_rounds_views_and_keeps_n_whole():
    r = reviews(("c1", "2026-01-05", "A", "client", "INF1", 4), ("c2", "2026-01-05", "A", "client", "INF1", 4),
                ("c3", "2026-01-05", "A", "client", "INF1", 5), ("a1", "2026-01-05", "A", "agency", "INF1", 3))
    row = scores_csv_frame(score_table(r, None, BANK)).iloc[0]
    assert close(row["client_self_informed"], 83.3)                     # (75 + 75 + 100) / 3 = 83.33…
    assert close(row["habit_gap_informed"], 33.3)
    assert row["n_client_self_informed"] == 3 and str(type(row["n_client_self_informed"]).__name__) == "int64"
