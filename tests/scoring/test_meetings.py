"""kpi.scoring.meetings: agenda_rate, cadence, workshops, joint, follow_through (METHODOLOGY §3)."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.contracts.schema import empty_clean
from kpi.scoring.table import score_table
from kpi.settings import Settings

from tests.scoring.helpers import BANK, close, one_row
from tests.tables import NAN, meetings, reviews


# ---------------------------------------------------------------- meeting components (§3)

def test_agenda_rate_counts_only_known_agendas():
    m = meetings(("2026-01-05", "A", "status", True), ("2026-01-06", "A", "status", False),
                 ("2026-01-07", "A", "status", None), ("2026-01-08", "B", "status", None))
    table = score_table(None, m, BANK)
    assert one_row(table, "a", "2026-H1")["agenda_rate"] == pytest.approx(100 * 1 / 2)
    assert pd.isna(one_row(table, "b", "2026-H1")["agenda_rate"])


def test_cadence_workshops_joint_follow_through_in_a_full_half_year():
    m = meetings(
        ("2025-01-15", "A", "status", True, 4, 2),
        ("2025-02-15", "A; B", "workshop", False, None, 1),
        ("2025-04-15", "A", "qbr", None, 2, 2),
        ("2025-07-01", "C", "other"),                       # moves as-of past H1: H1 is full
    )
    a = one_row(score_table(None, m, BANK), "a", "2025-H1")
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
    assert close(one_row(score_table(None, m, BANK), "a", "2026-H1")["follow_through"], expected)


@pytest.mark.parametrize("n_workshops, expected", [(0, 0.0), (1, 50.0), (2, 100.0), (5, 100.0)])
def test_workshops_capped_at_target(n_workshops, expected):
    m = meetings(("2025-12-31", "Z", "other"), *[("2025-03-01", "A", "workshop")] * n_workshops,
                 ("2025-03-02", "A", "status"))
    assert one_row(score_table(None, m, BANK), "a", "2025-H1")["workshops"] == pytest.approx(expected)


def test_multi_partner_meeting_counts_for_each_partner_and_is_joint():
    m = meetings(("2025-02-01", "Agence Lumière; Studio Nord", "status"),
                 ("2025-03-01", "Agence Lumière;  agence lumière ", "status"),  # one partner twice: not joint
                 ("2025-12-01", "Other", "status"))
    table = score_table(None, m, BANK)
    lumiere, nord = one_row(table, "agence lumière", "2025-H1"), one_row(table, "studio nord", "2025-H1")
    assert (lumiere["n_meetings"], nord["n_meetings"]) == (2, 1)
    assert lumiere["joint"] == pytest.approx(100 * 1 / 2) and nord["joint"] == pytest.approx(100 * 1 / 2)
    assert lumiere["cadence"] == pytest.approx(50 * 2 / 6)


def test_targets_come_from_settings():
    m = meetings(*[("2025-01-10", "A", "status")] * 3, ("2025-02-10", "A", "qbr"), ("2025-02-11", "A", "workshop"),
                 ("2025-12-01", "Z", "other"))
    settings = Settings({"targets.meetings_per_month": 2, "targets.qbrs_per_quarter": 0.5,
                         "targets.workshops_per_quarter": 2})
    a = one_row(score_table(None, m, BANK, settings), "a", "2025-H1")
    assert a["cadence"] == pytest.approx(50 * min(1, 5 / (6 * 2)) + 50 * min(1, 1 / (2 * 0.5)))
    assert a["workshops"] == pytest.approx(100 * 1 / (2 * 2))


@pytest.mark.parametrize("period, label, expected", [
    ("half", "2026-H1", 50 * min(1, 3 / 5) + 50 * min(1, 1 / 2)),       # as-of May: 5 months, 2 quarters
    ("quarter", "2026-Q1", 50 * min(1, 2 / 3) + 50 * min(1, 1 / 1)),    # finished quarter
    ("quarter", "2026-Q2", 50 * min(1, 1 / 2) + 50 * min(1, 0 / 1)),    # April and May only
])
def test_cadence_in_the_prorated_current_period(period, label, expected):
    m = meetings(("2026-01-10", "A", "status"), ("2026-02-10", "A", "qbr"), ("2026-05-10", "A", "status"))
    table = score_table(None, m, BANK, Settings({"period": period}))
    assert one_row(table, "a", label)["cadence"] == pytest.approx(expected)


def test_as_of_in_february_gives_two_months_one_quarter():
    m = meetings(("2026-01-10", "A", "status"), ("2026-02-10", "A", "qbr"))
    a = one_row(score_table(None, m, BANK), "a", "2026-H1")
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
    row = one_row(score_table(r, m, BANK), "a", "2025-H1")
    for column, value in expected.items():
        assert close(row[column], value), column
    informed = 0.7 * 50 + 0.3 * 100 if given == "present" else 50.0
    assert row["informed"] == pytest.approx(informed)
