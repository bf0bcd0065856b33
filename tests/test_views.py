"""Tests of kpi.views: the shapes the pages draw, on a tiny hand-computed score table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kpi import views
from kpi.partners import partner_key
from kpi.questions import default_questions
from kpi.contracts.schema import CLEAN_COLUMNS
from kpi.scoring import score_table
from kpi.settings import SCORES, Settings

from tests.tables import NAN, clean_meetings, clean_reviews
BANK = default_questions()
HABITS = (*SCORES, "overall")


# ---------------------------------------------------------------- helpers

def reviews(*rows) -> pd.DataFrame:
    """Clean reviews from (review_id, date, partner, side, question_id, score[, comment])."""
    return clean_reviews([
        {"review_id": review_id, "review_date": date, "partner": partner, "respondent_side": side,
         "respondent": f"person {number}", "question_id": question_id, "score": score,
         "comment": rest[0] if rest else ""}
        for number, (review_id, date, partner, side, question_id, score, *rest) in enumerate(rows)])


def meetings(*rows) -> pd.DataFrame:
    """Clean meetings from (meeting_id, date, partner, meeting_type)."""
    return clean_meetings([{"meeting_id": meeting_id, "date": date, "partner": partner, "meeting_type": kind}
                           for meeting_id, date, partner, kind in rows])


def same(actual, expected) -> bool:
    if isinstance(expected, float) and math.isnan(expected):
        return pd.isna(actual)
    return actual == pytest.approx(expected)


# On the default bank's 1–5 scale: 1 → 0, 2 → 25, 3 → 50, 4 → 75, 5 → 100.
# No meetings table, so every score is its survey component alone and `improving` is `feedback`
# (100 with both sides, 50 with one). Expected values, by (partner, period):
#   A 2025-H1: informed 75, improving 100, overall 87.5; self 100, client_view 50, gap +50 (overpromise)
#   B 2025-H1: informed 25, improving 100, overall 62.5; self 75, client_view 75, gap 0
#   C 2025-H1: informed –, improving 100, overall 100;  self 0, client_view 25, gap −25 (underpromise)
#   A 2025-H2: informed 100, improving 50, overall 75; trends +25, −50, −12.5; no gap
#   B 2026-H1: informed 50, improving 50, overall 50; trends +25, −50, −12.5 (against 2025-H1)
REVIEWS = reviews(
    ("R1", "2025-03-10", "Agence Lumière", "client", "INF1", 4, "Clear briefs"),
    ("R1", "2025-03-10", "Agence Lumière", "client", "DEL1", 3),
    ("R2", "2025-03-12", "Agence Lumière", "agency", "DEL1", 5, ""),
    ("R3", "2025-02-01", "Studio Nord", "client", "INF1", 2, "Briefs come late"),
    ("R3", "2025-02-01", "Studio Nord", "client", "DEL1", 4),
    ("R4", "2025-02-02", "Studio Nord", "agency", "DEL1", 4),
    ("R5", "2025-04-01", "Bureau Ouest", "client", "DEL1", 2),
    ("R6", "2025-04-02", "Bureau Ouest", "agency", "DEL1", 1),
    ("R7", "2025-09-01", "agence  lumière", "client", "INF1", 5, "Great QBR"),
    ("R8", "2026-02-01", "Studio Nord", "client", "INF1", 3),
)
TABLE = score_table(REVIEWS, None, BANK)


def test_the_fixture_table_is_what_the_comments_say():
    got = TABLE.set_index(["partner_key", "period"])
    assert got.index.tolist() == [("agence lumière", "2025-H1"), ("agence lumière", "2025-H2"),
                                  ("bureau ouest", "2025-H1"), ("studio nord", "2025-H1"),
                                  ("studio nord", "2026-H1")]
    assert got["overall"].tolist() == [87.5, 75.0, 100.0, 62.5, 50.0]
    assert got.loc[("agence lumière", "2025-H1"), "delivery_gap"] == 50.0


# ---------------------------------------------------------------- periods, partners, keys

def test_periods_oldest_first_without_duplicates():
    assert views.periods(TABLE) == ["2025-H1", "2025-H2", "2026-H1"]


def test_partners_one_row_per_key_sorted_with_first_spelling():
    expected = pd.DataFrame({"partner_key": ["agence lumière", "bureau ouest", "studio nord"],
                             "partner": ["Agence Lumière", "Bureau Ouest", "Studio Nord"]})
    pd.testing.assert_frame_equal(views.partners(TABLE), expected, check_dtype=False)


@pytest.mark.parametrize("name, key", [
    ("Agence Lumière", "agence lumière"),
    ("  AGENCE   Lumière ", "agence lumière"),
    ("agence\tlumière", "agence lumière"),
    ("Agence Lumiere", "agence lumiere"),      # accents are not folded: another partner
])
def test_key_of_any_spelling(name, key):
    assert partner_key(pd.Series([name])).iloc[0] == key


# ---------------------------------------------------------------- overview

def test_scorecard_has_six_habits_per_partner_with_trend_as_change():
    card = views.scorecard(TABLE, "2025-H2")
    assert card["habit"].tolist() == list(HABITS)
    assert set(card["partner"]) == {"Agence Lumière"}
    expected = {"informed": (100.0, 25.0), "involved": (NAN, NAN), "inspired": (NAN, NAN),
                "interconnected": (NAN, NAN), "improving": (50.0, -50.0), "overall": (75.0, -12.5)}
    for habit, score, change in card[["habit", "score", "change"]].itertuples(index=False):
        assert same(score, expected[habit][0]), habit
        assert same(change, expected[habit][1]), habit
    assert card["n_reviews"].tolist() == [1] * 6
    assert card["low_confidence"].tolist() == [True] * 6


def test_scorecard_of_a_period_with_three_partners():
    card = views.scorecard(TABLE, "2025-H1")
    assert len(card) == 3 * 6
    assert card.groupby("partner_key")["habit"].apply(list).to_dict() == {
        k: list(HABITS) for k in ("agence lumière", "bureau ouest", "studio nord")}
    overall = card[card["habit"] == "overall"].set_index("partner_key")["score"].to_dict()
    assert overall == {"agence lumière": 87.5, "bureau ouest": 100.0, "studio nord": 62.5}
    assert card["change"].isna().all()                 # the first period has no trend
    assert card["n_reviews"].tolist() == [2, 2, 2] * 6


def test_scorecard_of_a_period_without_rows_is_empty_with_its_columns():
    card = views.scorecard(TABLE, "2030-H1")
    assert card.empty
    assert list(card.columns) == ["partner", "partner_key", "habit", "score", "change", "n_reviews",
                                  "n_meetings", "low_confidence", "surveyed", "rank"]


def test_scorecard_ranks_partners_on_the_chosen_habit():
    card = views.scorecard(TABLE, "2025-H1", rank_by="informed")
    order = card[card["habit"] == "informed"].sort_values("rank")["score"].tolist()
    assert order == sorted(order, key=lambda v: (math.isnan(v), -v if not math.isnan(v) else 0))
    by_name = views.scorecard(TABLE, "2025-H1")
    names = by_name[by_name["habit"] == "overall"].sort_values("rank")["partner_key"].tolist()
    assert names == sorted(names)


def test_scorecard_table_one_row_per_partner_with_scores_and_changes():
    wide = views.scorecard_table(TABLE, "2026-H1")
    assert list(wide.columns) == ["partner", *HABITS, "delivery_gap", "n_reviews", "n_meetings",
                                  "low_confidence", *[f"Δ {h}" for h in HABITS]]
    assert len(wide) == 1
    row = wide.iloc[0]
    assert row["partner"] == "Studio Nord"
    assert (row["informed"], row["improving"], row["overall"]) == (50.0, 50.0, 50.0)
    assert (row["Δ informed"], row["Δ improving"], row["Δ overall"]) == (25.0, -50.0, -12.5)
    assert pd.isna(row["Δ involved"]) and pd.isna(row["delivery_gap"])


def test_scorecard_table_keeps_every_partner_of_the_period():
    wide = views.scorecard_table(TABLE, "2025-H1")
    assert wide["partner"].tolist() == ["Agence Lumière", "Bureau Ouest", "Studio Nord"]
    assert wide.index.tolist() == [0, 1, 2]
    assert wide["delivery_gap"].tolist() == [50.0, -25.0, 0.0]


@pytest.mark.parametrize("n, expected", [
    (3, ["agence lumière", "bureau ouest", "studio nord"]),     # |50| > |−25| > |0|
    (2, ["agence lumière", "bureau ouest"]),
    (1, ["agence lumière"]),
    (10, ["agence lumière", "bureau ouest", "studio nord"]),
])
def test_largest_gaps_by_absolute_gap(n, expected):
    top = views.largest_gaps(TABLE, "2025-H1", n)
    assert top["partner_key"].tolist() == expected
    assert top["delivery_gap"].tolist() == [50.0, -25.0, 0.0][:len(expected)]
    assert list(top.columns) == ["partner", "partner_key", "delivery_gap", "self", "client_view", "gap_flag",
                                 "n_reviews"]


def test_largest_gaps_default_is_three_and_skips_blank_gaps():
    assert len(views.largest_gaps(TABLE, "2025-H1")) == 3
    assert views.largest_gaps(TABLE, "2025-H2").empty      # A answered no delivery question in H2


# ---------------------------------------------------------------- partner page

def test_partner_rows_every_period_oldest_first():
    rows = views.partner_rows(TABLE, "studio nord")
    assert rows["period"].tolist() == ["2025-H1", "2026-H1"]
    assert rows["informed"].tolist() == [25.0, 50.0]
    assert rows.index.tolist() == [0, 1]
    assert views.partner_rows(TABLE, "nobody").empty


def test_trend_long_drops_blank_scores():
    long = views.trend_long(TABLE, "studio nord").reset_index(drop=True)
    expected = pd.DataFrame({
        "period": ["2025-H1", "2026-H1"] * 3,
        "habit": ["informed", "informed", "improving", "improving", "overall", "overall"],
        "score": [25.0, 50.0, 100.0, 50.0, 62.5, 50.0],
        "n_reviews": [2, 1] * 3,
    })
    pd.testing.assert_frame_equal(long, expected, check_dtype=False)


def test_gap_history_long_form_without_blanks():
    history = views.gap_history(TABLE, "agence lumière").reset_index(drop=True)
    expected = pd.DataFrame({"period": ["2025-H1"] * 3, "view": ["self", "client_view", "delivery_gap"],
                             "value": [100.0, 50.0, 50.0]})
    pd.testing.assert_frame_equal(history, expected, check_dtype=False)


def test_gaps_sorted_by_gap_largest_first_only_rows_with_a_gap():
    frame = views.gaps(TABLE, "2025-H1")
    assert frame["partner_key"].tolist() == ["agence lumière", "studio nord", "bureau ouest"]
    assert frame["delivery_gap"].tolist() == [50.0, 0.0, -25.0]
    assert frame["gap_flag"].tolist() == ["overpromise", "", "underpromise"]
    assert frame["self"].tolist() == [100.0, 75.0, 0.0]
    assert frame["client_view"].tolist() == [50.0, 75.0, 25.0]
    assert views.gaps(TABLE, "2025-H2").empty


MEETINGS = meetings(
    ("M0", "2025-03-01", "Agence Lumière; Studio Nord", "workshop"),
    ("M1", "2025-01-15", " agence  lumière ", "status"),
    ("M2", "2025-02-01", "Studio Nord", "qbr"),
)


@pytest.mark.parametrize("name, ids, n_partners", [
    ("Agence Lumière", ["M1", "M0"], [1, 2]),
    ("AGENCE LUMIÈRE", ["M1", "M0"], [1, 2]),        # any spelling of the partner finds the same meetings
    ("Studio Nord", ["M2", "M0"], [1, 2]),
    ("Bureau Ouest", [], []),
])
def test_partner_meetings_lists_joint_meetings_for_each_partner(name, ids, n_partners):
    listed = views.partner_meetings(MEETINGS, partner_key(pd.Series([name])).iloc[0])
    assert listed["meeting_id"].tolist() == ids
    assert listed["n_partners"].tolist() == n_partners
    assert "n_partners" in listed.columns


def test_partner_meetings_keeps_the_meeting_columns_unchanged():
    listed = views.partner_meetings(MEETINGS, "studio nord")
    pd.testing.assert_frame_equal(listed.drop(columns="n_partners"), MEETINGS.iloc[[2, 0]].reset_index(drop=True))


def test_partner_meetings_counts_a_partner_listed_twice_once():
    # METHODOLOGY §3 and kpi.scoring.table.meeting_partners: one partner listed twice is one partner (not joint).
    twice = meetings(("M9", "2025-01-10", "Agence Lumière; agence lumière", "status"))
    listed = views.partner_meetings(twice, "agence lumière")
    assert listed["meeting_id"].tolist() == ["M9"]
    assert listed["n_partners"].tolist() == [1]


@pytest.mark.parametrize("given", [None, MEETINGS.iloc[:0]])
def test_partner_meetings_without_meetings_is_empty(given):
    listed = views.partner_meetings(given, "agence lumière")
    assert listed.empty
    assert list(listed.columns) == [*CLEAN_COLUMNS["meetings"], "n_partners"]


@pytest.mark.parametrize("period, expected", [
    (None, ["Great QBR", "Clear briefs"]),        # newest first; R1's DEL1 row and R2 have no comment
    ("2025-H1", ["Clear briefs"]),
    ("2025-H2", ["Great QBR"]),
    ("2026-H1", []),
])
def test_partner_comments_period_filter_newest_first(period, expected):
    comments = views.partner_comments(REVIEWS, "agence lumière", period)
    assert comments["comment"].tolist() == expected


def test_partner_comments_exclude_blank_and_missing_comments_and_other_partners():
    with_missing = pd.concat([REVIEWS, reviews(("R9", "2025-05-01", "Agence Lumière", "client", "INF2", 3))
                              .assign(comment=pd.Series([None], dtype="str"))], ignore_index=True)
    comments = views.partner_comments(with_missing, "agence lumière")
    assert comments["comment"].tolist() == ["Great QBR", "Clear briefs"]
    assert comments[["respondent_side", "question_id", "source_row"]].to_dict("records") == [
        {"respondent_side": "client", "question_id": "INF1", "source_row": 10},
        {"respondent_side": "client", "question_id": "INF1", "source_row": 2}]
    assert views.partner_comments(REVIEWS, "studio nord")["comment"].tolist() == ["Briefs come late"]


def test_partner_comments_period_follows_the_period_setting():
    quarter = Settings({"period": "quarter"})
    assert views.partner_comments(REVIEWS, "agence lumière", "2025-Q1", quarter)["comment"].tolist() == [
        "Clear briefs"]
    assert views.partner_comments(REVIEWS, "agence lumière", "2025-Q2", quarter).empty


@pytest.mark.parametrize("given", [None, REVIEWS.iloc[:0]])
def test_partner_comments_without_reviews_is_empty(given):
    comments = views.partner_comments(given, "agence lumière")
    assert comments.empty and "comment" in comments.columns


# ---------------------------------------------------------------- gaps page: question wording

POINTS = pd.DataFrame({"question_id": ["Q1", "Q2", "Q3"], "text": ["English one", "English two", "English three"],
                       "importance": [80.0, 60.0, 40.0]})


def question_bank(text_fr) -> pd.DataFrame:
    return pd.DataFrame({
        "question_id": ["Q1", "Q2", "Q3"], "kpi": ["informed", "involved", "delivery"],
        "text": ["English one", "English two", "English three"], "text_fr": ["Texte un", text_fr, "Texte trois"],
        "scale_min": [1.0] * 3, "scale_max": [5.0] * 3, "reverse": [False] * 3,
    }).astype(CLEAN_COLUMNS["questions"])


@pytest.mark.parametrize("lang, text_fr, expected", [
    ("fr", "Texte deux", ["Texte un", "Texte deux", "Texte trois"]),
    ("fr", None, ["Texte un", "English two", "Texte trois"]),    # missing French: English
    ("fr", "", ["Texte un", "English two", "Texte trois"]),      # blank French: English
    ("en", "Texte deux", ["English one", "English two", "English three"]),
])
def test_with_question_text(lang, text_fr, expected):
    labelled = views.with_question_text(POINTS, question_bank(text_fr), lang)
    assert labelled["text"].tolist() == expected
    assert labelled["importance"].tolist() == [80.0, 60.0, 40.0]
    assert POINTS["text"].tolist() == ["English one", "English two", "English three"]   # input untouched


def test_with_question_text_without_a_french_column_or_question_keeps_english():
    bank = question_bank("Texte deux").drop(columns="text_fr")
    assert views.with_question_text(POINTS, bank, "fr")["text"].tolist() == [
        "English one", "English two", "English three"]
    unknown = POINTS.assign(question_id=["Q1", "ZZ", "Q3"])
    assert views.with_question_text(unknown, question_bank("Texte deux"), "fr")["text"].tolist() == [
        "Texte un", "English two", "Texte trois"]


# ---------------------------------------------------------------- export page

@pytest.mark.parametrize("period, key, expected", [
    (None, None, [("agence lumière", "2025-H1"), ("agence lumière", "2025-H2"), ("bureau ouest", "2025-H1"),
                  ("studio nord", "2025-H1"), ("studio nord", "2026-H1")]),
    ("2025-H1", None, [("agence lumière", "2025-H1"), ("bureau ouest", "2025-H1"), ("studio nord", "2025-H1")]),
    (None, "studio nord", [("studio nord", "2025-H1"), ("studio nord", "2026-H1")]),
    ("2025-H2", "agence lumière", [("agence lumière", "2025-H2")]),
    ("2025-H2", "studio nord", []),
])
def test_export_rows(period, key, expected):
    rows = views.export_rows(TABLE, period, key)
    assert list(zip(rows["partner_key"], rows["period"])) == expected
    assert list(rows.columns) == list(TABLE.columns)
    assert rows.index.tolist() == list(range(len(expected)))


def test_views_never_modify_the_table():
    before = TABLE.copy()
    for period in views.periods(TABLE):
        views.scorecard(TABLE, period)
        views.scorecard_table(TABLE, period)
        views.largest_gaps(TABLE, period)
        views.gaps(TABLE, period)
        views.export_rows(TABLE, period)
    for key in views.partners(TABLE)["partner_key"]:
        views.trend_long(TABLE, key)
        views.gap_history(TABLE, key)
    pd.testing.assert_frame_equal(TABLE, before)


@pytest.mark.parametrize("value, lang, signed, shown", [
    (28.25, "en", True, "+28.3"), (62.25, "en", False, "62.3"), (-12.25, "en", True, "-12.3"),
    (86.25, "fr", False, "86,3"), (float("nan"), "en", False, "—"), (None, "fr", True, "—"), (0.0, "en", True, "+0.0"),
])
def test_fmt_rounds_like_the_csv(value, lang, signed, shown):
    from kpi.views import fmt

    assert fmt(value, lang, signed) == shown


def test_a_questionnaire_comment_repeated_on_every_answer_shows_once():
    from tests.tables import clean_reviews

    reviews = clean_reviews([
        {"review_id": "R1", "review_date": "2026-03-01", "partner": "Northwind", "respondent_side": "client",
         "question_id": q, "score": 4.0, "comment": "Great collaboration.", "source_row": 4} for q in ("INF1", "DEL2")
    ] + [{"review_id": "R2", "review_date": "2026-03-02", "partner": "Northwind", "respondent_side": "client",
          "question_id": "INF1", "score": 3.0, "comment": "Late brief", "source_row": 9}])
    shown = views.partner_comments(reviews, "northwind")
    assert shown[["comment", "question_id", "source_row"]].values.tolist() == [
        ["Late brief", "INF1", 9], ["Great collaboration.", "", 4]]
