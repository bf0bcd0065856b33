"""The score table the report tests share: two partners in 2025-H1, one named like a spreadsheet formula."""

from __future__ import annotations

from kpi.questions import default_questions
from kpi.scoring import score_table
from kpi.settings import Settings

from tests.tables import meetings, reviews

BANK = default_questions()
EVIL = '=HYPERLINK("http://evil","x")'

# 1–5 scale: 2 → 25, 3 → 50, 4 → 75, 5 → 100. Two partners in 2025-H1 (a finished half-year: the
# July meeting moves the as-of date), one of them named like a spreadsheet formula.
REVIEWS = reviews(
    ("R1", "2025-03-10", "Agence Lumière", "client", "INF1", 4, 5),
    ("R1", "2025-03-10", "Agence Lumière", "client", "DEL1", 3, 3),
    ("R1", "2025-03-10", "Agence Lumière", "client", "IMP1", 5),
    ("R2", "2025-03-12", "Agence Lumière", "agency", "DEL1", 5),
    ("R3", "2025-02-01", EVIL, "client", "INF1", 2, 4),
)
MEETINGS = meetings(
    ("2025-01-15", "Agence Lumière", "qbr", True, 4, 3),
    ("2025-02-15", f"Agence Lumière; {EVIL}", "workshop", False, None, None),
    ("2025-07-01", "Studio Nord", "status", None, None, None),
)
CUSTOM = Settings({"weights.informed.survey_informed": 0.8, "weights.informed.agenda_rate": 0.2,
                   "weights.improving.feedback": 0.0})
TABLE = score_table(REVIEWS, MEETINGS, BANK, CUSTOM)    # the workbook is given the settings of its table
