"""What changed from the previous period to the latest: each kind of line on tiny hand-made tables."""

import numpy as np
import pandas as pd

from kpi.movement import compared_periods, what_changed
from kpi.scoring import round_half_up
from kpi.settings import SCORES, Settings


def table(rows):
    """A scores table from (partner, period, overall, delivery_gap, n_reviews, {habit: score}) rows."""
    out = []
    for partner, period, overall, gap, n, habits in rows:
        row = {"partner": partner, "partner_key": partner.lower(), "period": period, "overall": overall,
               "delivery_gap": gap, "n_reviews": n}
        row.update({habit: habits.get(habit, 60.0) for habit in SCORES})
        out.append(row)
    return pd.DataFrame(out)


def lines(frame, kind):
    return frame[frame["kind"] == kind].drop(columns="kind").to_dict("records")


def test_fewer_than_two_periods_change_nothing():
    assert compared_periods(table([("A", "2026-H1", 50, 0, 3, {})])) is None
    assert what_changed(table([("A", "2026-H1", 50, 0, 3, {})])).empty


def test_an_overall_move_of_ten_points_either_way_is_listed_and_9_95_rounds_to_ten():
    frame = what_changed(table([
        ("Up", "2025-H2", 50.0, 0, 4, {}), ("Up", "2026-H1", 60.0, 0, 4, {}),  # +10.0: listed
        ("Down", "2025-H2", 70.0, 0, 4, {}), ("Down", "2026-H1", 58.04, 0, 4, {}),  # 58.0 − 70.0 = −12.0
        ("Near", "2025-H2", 50.0, 0, 4, {}), ("Near", "2026-H1", 59.94, 0, 4, {}),  # shown 59.9: +9.9, not listed
        ("Round", "2025-H2", 50.0, 0, 4, {}), ("Round", "2026-H1", 59.95, 0, 4, {}),  # shown 60.0 (half up): listed
        ("New", "2026-H1", 90.0, 0, 4, {}),  # scored in the latest period only: not compared
    ]))
    moved = lines(frame, "moved")
    assert [(m["partner"], m["before"], m["now"], m["change"]) for m in moved] == [
        ("Down", 70.0, 58.0, -12.0), ("Round", 50.0, 60.0, 10.0), ("Up", 50.0, 60.0, 10.0)]


def test_a_new_overpromise_flag_is_one_not_raised_the_period_before():
    frame = what_changed(table([
        ("Was", "2025-H2", 50, 12.0, 4, {}), ("Was", "2026-H1", 50, 15.0, 4, {}),  # flagged already
        ("Now", "2025-H2", 50, 9.9, 4, {}), ("Now", "2026-H1", 50, 10.0, 4, {}),  # new
        ("Blank", "2025-H2", 50, np.nan, 4, {}), ("Blank", "2026-H1", 50, 11.0, 4, {}),  # new (unknown before)
        ("Gone", "2025-H2", 50, 20.0, 4, {}), ("Gone", "2026-H1", 50, np.nan, 4, {}),  # not flagged now
    ]))
    assert [(m["partner"], m["now"]) for m in lines(frame, "new_overpromise")] == [("Blank", 11.0), ("Now", 10.0)]


def test_new_blind_spots_when_the_table_has_habit_gaps():
    rows = table([("A", "2025-H2", 50, 0, 4, {}), ("A", "2026-H1", 50, 0, 4, {}),
                  ("B", "2025-H2", 50, 0, 4, {}), ("B", "2026-H1", 50, 0, 4, {})])
    assert lines(what_changed(rows), "new_blind_spot") == []  # no habit gap columns: nothing said
    rows["habit_gap_involved"] = [4.0, 12.5, 15.0, 16.0]  # A: new blind spot; B: one already
    found = lines(what_changed(rows), "new_blind_spot")
    assert [(f["partner"], f["habit"], f["before"], f["now"]) for f in found] == [("A", "involved", 4.0, 12.5)]


def test_a_habit_that_fell_for_most_partners_and_not_one_that_fell_for_half():
    rows = []
    for name, informed, involved in [("A", (70, 60), (70, 60)), ("B", (70, 65), (70, 65)),
                                     ("C", (70, 75), (70, 71)), ("D", (70, 70), (70, 80))]:
        rows += [(name, "2025-H2", 50, 0, 4, {"informed": informed[0], "involved": involved[0]}),
                 (name, "2026-H1", 50, 0, 4, {"informed": informed[1], "involved": involved[1]})]
    fell = lines(what_changed(table(rows)), "habit_fell")
    # informed fell for A and B only (2 of 4: not most); involved for A and B too, rose for C and D.
    assert fell == []
    rows[5] = ("C", "2026-H1", 50, 0, 4, {"informed": 69, "involved": 71})  # now informed fell for 3 of 4
    fell = lines(what_changed(table(rows)), "habit_fell")
    assert [(f["habit"], f["count"], f["of"], f["change"]) for f in fell] == [("informed", 3, 4, -3.0)]


def test_fewer_questionnaires_than_last_time():
    frame = what_changed(table([("A", "2025-H2", 50, 0, 5, {}), ("A", "2026-H1", 50, 0, 3, {}),
                                ("B", "2025-H2", 50, 0, 3, {}), ("B", "2026-H1", 50, 0, 3, {})]))
    assert [(f["partner"], f["before"], f["now"], f["change"]) for f in lines(frame, "fewer_reviews")] == [
        ("A", 5, 3, -2)]


def test_the_threshold_is_a_setting():
    rows = table([("A", "2025-H2", 50.0, 0, 4, {}), ("A", "2026-H1", 56.0, 0, 4, {})])
    assert lines(what_changed(rows), "moved") == []
    assert len(lines(what_changed(rows, Settings({"thresholds.change_flag": 5.0})), "moved")) == 1


def test_on_the_sample_every_line_is_between_its_two_periods():
    from kpi.ingest.files import Source
    from kpi.scoring import score_table
    from kpi.validate.dataset import load
    from pathlib import Path

    data = load([Source.from_path(Path(__file__).resolve().parents[1] / "data" / "sample" / "partnership_sample.xlsx")])
    scores = score_table(data.reviews, data.meetings, data.questions)
    frame = what_changed(scores)
    assert compared_periods(scores) == ("2026-H1", "2026-H2")
    assert set(frame["kind"]) <= {"moved", "new_overpromise", "new_blind_spot", "habit_fell", "fewer_reviews"}
    for line in frame[frame["kind"] == "moved"].to_dict("records"):
        row = scores[(scores["partner_key"] == line["partner_key"]) & (scores["period"] == "2026-H2")].iloc[0]
        assert abs(line["change"]) >= 10 and line["now"] == round(row["overall"], 1)
        assert line["change"] == round_half_up(row["trend_overall"])  # the heatmap's change figure


def test_the_overview_opens_with_what_changed_each_line_linking_to_its_partner(tmp_path, monkeypatch):
    import re
    from pathlib import Path

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    for name in ("KPI_ANALYST_PASSCODE", "KPI_VIEWER_PASSCODE"):
        monkeypatch.delenv(name, raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    root = Path(__file__).resolve().parents[1]
    at = AppTest.from_file(str(root / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert [s.value for s in at.subheader][0] == "What changed: 2026-H2 against 2026-H1"
    assert any(c.value.startswith("2026-H2 is still running (the data ends on 2026-10-") for c in at.caption)
    bullets = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert bullets, "the sample moves between its last two periods"
    for bullet in bullets:
        link = re.search(r"\]\((partner\?[^)]*)\)", bullet)
        assert link is None or "period=2026-H2" in link.group(1)
    at.query_params["lang"] = "Français"
    at.run()
    assert [s.value for s in at.subheader][0] == "Ce qui a changé : 2026-H2 par rapport à 2026-H1"
    st.cache_data.clear()
