"""AppTest: the habit blind spots (METHODOLOGY §5.1) on the Partner page and across partners on the Gaps page."""

from kpi.questions import default_questions
from kpi.store import Store
from kpi.views import fmt

from tests.tables import reviews
from tests.test_app import app, db, sample_scores, texts  # noqa: F401  (db and sample_scores are fixtures)


def table_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_partner_page_pairs_both_views_with_their_n_as_the_cli(db, sample_scores):
    at = app("pages/partner.py", partner="Kestrel PR", period="2026-H1")
    assert not at.exception, at.exception
    assert "Blind spots: the client's view of itself against the partner's" in texts(at)
    row = sample_scores.set_index(["partner", "period"]).loc[("Kestrel PR", "2026-H1")]
    shown = table_with(at, "bs_gap").set_index("habit")
    for habit, label in [("informed", "Informed"), ("inspired", "Inspired")]:
        assert shown.loc[label, "bs_client"] == f"{fmt(row[f'client_self_{habit}'])} ({row[f'n_client_self_{habit}']})"
        assert shown.loc[label, "bs_partner"] == (f"{fmt(row[f'partner_view_{habit}'])} "
                                                  f"({row[f'n_partner_view_{habit}']})")
        assert shown.loc[label, "bs_gap"] == fmt(row[f"habit_gap_{habit}"], signed=True)
    assert shown.loc["Inspired", "habit_flag"].startswith("blind spot")        # +19.4 on the sample
    # the agency side answered once: every view of the partner rests on a thin sample, and the page says so
    assert "thin sample (fewer than 3 questionnaires on a side)" in texts(at)


def test_partner_page_says_when_a_side_is_missing_never_a_zero_gap(db):
    r = reviews(("c1", "2026-01-05", "Solo", "client", "INF1", 5), ("c1", "2026-01-05", "Solo", "client", "INV1", 4),
                ("a1", "2026-01-06", "Solo", "agency", "INV1", 2))
    Store(db).publish(r, None, default_questions(), by="test", files=["r.csv"])
    at = app("pages/partner.py", partner="Solo", period="2026-H1")
    assert not at.exception, at.exception
    shown = table_with(at, "bs_gap").set_index("habit")
    assert shown.loc["Informed", "bs_client"] == "100.0 (1)" and shown.loc["Informed", "bs_partner"] == "— (0)"
    assert shown.loc["Informed", "bs_gap"] == "—"
    assert shown.loc["Informed", "habit_flag"] == "the partner side did not answer: no gap"
    assert shown.loc["Involved", "bs_gap"] == "+50.0" and shown.loc["Involved", "habit_flag"] == "blind spot ⚠"
    assert shown.loc["Improving", "habit_flag"] == "neither side answered"


def test_partner_page_in_french(db):
    at = app("pages/partner.py", partner="Kestrel PR", period="2026-H1", lang="Français")
    assert not at.exception, at.exception
    assert "Angles morts : la vue du client sur lui-même face à celle du partenaire" in texts(at)
    shown = table_with(at, "bs_gap").set_index("habit")
    assert shown.loc["Inspirés", "habit_flag"].startswith("angle mort")
    assert "," in shown.loc["Inspirés", "bs_gap"]                                  # decimal comma


def test_gaps_page_ranks_the_habits_the_client_over_rates_most(db, sample_scores):
    at = app("pages/gaps.py", period="2026-H1")
    assert not at.exception, at.exception
    assert "Which habits the client over-rates most, across partners · 2026-H1" in texts(at)
    shown = table_with(at, "mean_gap")
    rows = sample_scores[sample_scores["period"] == "2026-H1"]
    expected = {}
    for habit, label in [("informed", "Informed"), ("involved", "Involved"), ("inspired", "Inspired"),
                         ("interconnected", "Interconnected"), ("improving", "Improving")]:
        gaps = rows[f"habit_gap_{habit}"].dropna().map(lambda v: float(fmt(v)))   # the rounded gaps shown
        expected[label] = (float(fmt(gaps.mean())), len(gaps), int((rows[f"habit_gap_{habit}"] >= 10).sum()))
    assert shown["habit"].tolist() == sorted(expected, key=lambda k: -expected[k][0])
    for _, line in shown.iterrows():
        mean, n, blind = expected[line["habit"]]
        assert float(line["mean_gap"]) == mean and line["n_partners"] == n and line["blind_spots"] == blind
    assert "thin samples" in texts(at)


def test_gaps_page_says_when_no_habit_has_both_sides(db):
    r = reviews(("c1", "2026-01-05", "Solo", "client", "INF1", 5))
    Store(db).publish(r, None, default_questions(), by="test", files=["r.csv"])
    at = app("pages/gaps.py")
    assert not at.exception, at.exception
    assert "No habit has answers from both sides in this period: no gap to show." in texts(at)
