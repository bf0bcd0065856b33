"""Scores stage: the scores table (METHODOLOGY §7), one row per partner and period.

`Scores` is the table as exported (CSV, Excel, `python -m kpi score`), in the order of §7;
`ScoreTable` extends it with what the dashboard also shows. Values are unrounded in
`ScoreTable`, rounded to one decimal in the export; blank values are NaN.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from kpi.contracts.stage import Stage


def _score(habit: str) -> object:
    return pa.Field(nullable=True, description=f"The {habit} score, 0 to 100: the weighted mean of its components "
                    "that are not blank (METHODOLOGY §4); blank when none is.")


def _survey(habit: str) -> object:
    return pa.Field(nullable=True, description=f"Mean normalised answer to the {habit} questions, questionnaire "
                    "means first (METHODOLOGY §3); blank when no answer.")


def _trend(score: str) -> object:
    return pa.Field(nullable=True, description=f"{score} minus the same partner's {score} in its latest earlier "
                    "period that has one; blank when there is none.")


class Scores(Stage):
    """The scores table as exported: one row per partner and period (METHODOLOGY §7)."""

    partner: Series[str] = pa.Field(nullable=False, description="The partner, spelled as first seen.")
    period: Series[str] = pa.Field(nullable=False, description="The half-year (2026-H1) or quarter (2026-Q3).")
    informed: Series[float] = _score("informed")
    involved: Series[float] = _score("involved")
    inspired: Series[float] = _score("inspired")
    interconnected: Series[float] = _score("interconnected")
    improving: Series[float] = _score("improving")
    overall: Series[float] = pa.Field(nullable=True, description="The mean of the five scores that are not blank.")
    delivery_gap: Series[float] = pa.Field(nullable=True, description="self − client_view on delivery questions, "
                                           "in points; blank unless both sides answered (METHODOLOGY §5).")
    n_reviews: Series[int] = pa.Field(nullable=False, ge=0, description="Questionnaires behind the row, both sides.")
    n_meetings: Series[int] = pa.Field(nullable=False, ge=0, description="Meetings that list the partner.")
    low_confidence: Series[bool] = pa.Field(nullable=False, description="n_reviews is below the low-confidence "
                                            "threshold (3 by default).")
    survey_informed: Series[float] = _survey("informed")
    agenda_rate: Series[float] = pa.Field(nullable=True, description="100 × meetings with an agenda shared ÷ "
                                          "meetings where that is known; blank if never known.")
    survey_involved: Series[float] = _survey("involved")
    cadence: Series[float] = pa.Field(nullable=True, description="50 × min(1, meetings ÷ months) + "
                                      "50 × min(1, QBRs ÷ quarters).")
    survey_inspired: Series[float] = _survey("inspired")
    workshops: Series[float] = pa.Field(nullable=True, description="100 × min(1, workshop meetings ÷ quarters).")
    survey_interconnected: Series[float] = _survey("interconnected")
    joint: Series[float] = pa.Field(nullable=True, description="100 × min(1, joint meetings ÷ quarters); a joint "
                                    "meeting lists two or more partners.")
    survey_improving: Series[float] = _survey("improving")
    feedback: Series[float] = pa.Field(nullable=True, description="100 if both sides filled in a questionnaire "
                                       "about the partner in the period, 50 if one side did, 0 if neither.")
    follow_through: Series[float] = pa.Field(nullable=True, description="100 × min(1, actions closed ÷ actions "
                                             "opened), summed over the period; blank if none opened.")


class ScoreTable(Scores):
    """The scores table as `score_table` returns it: the exported columns, then what the dashboard also shows."""

    partner_key: Series[str] = pa.Field(nullable=False, description="The partner however it is typed "
                                        "(METHODOLOGY §1.4): the rows of one partner.")
    self: Series[float] = pa.Field(nullable=True, description="The agency side's mean normalised answer to "
                                   "delivery questions (METHODOLOGY §5).")
    client_view: Series[float] = pa.Field(nullable=True, description="The client side's mean normalised answer "
                                          "to delivery questions.")
    gap_flag: Series[str] = pa.Field(nullable=False, isin=["", "overpromise", "underpromise"], description=(
        "'overpromise' when delivery_gap reaches the flag threshold, 'underpromise' when it reaches minus that, "
        "else ''."))
    trend_informed: Series[float] = _trend("informed")
    trend_involved: Series[float] = _trend("involved")
    trend_inspired: Series[float] = _trend("inspired")
    trend_interconnected: Series[float] = _trend("interconnected")
    trend_improving: Series[float] = _trend("improving")
    trend_overall: Series[float] = _trend("overall")
