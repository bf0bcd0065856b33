"""Scores stage: the scores table (METHODOLOGY §7), one row per partner and period.

`Scores` is the table as exported (CSV, Excel, `python -m kpi score`), in the order of §7, then the
habit views of §5.1 habit by habit;
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


def _client_self(habit: str) -> object:
    return pa.Field(nullable=True, description=f"The client side's mean normalised answer to the {habit} questions, "
                    "questionnaire means first: the client's view of itself (METHODOLOGY §5.1); blank when none.")


def _partner_view(habit: str) -> object:
    return pa.Field(nullable=True, description=f"The agency side's mean normalised answer to the {habit} questions, "
                    "questionnaire means first: the partner's view of the client (METHODOLOGY §5.1); blank when none.")


def _habit_gap(habit: str) -> object:
    return pa.Field(nullable=True, description=f"client_self_{habit} − partner_view_{habit}, in points; blank unless "
                    "both sides answered. At the flag threshold (10 by default) or above: a blind spot; at minus "
                    "that or below: a hidden strength (METHODOLOGY §5.1).")


def _n_side(habit: str, side: str) -> object:
    return pa.Field(nullable=False, ge=0, description=f"Questionnaires of the {side} side with a scored answer to "
                    f"the {habit} questions: the n behind its view of the habit (0 when none).")


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
    client_self_informed: Series[float] = _client_self("informed")
    partner_view_informed: Series[float] = _partner_view("informed")
    habit_gap_informed: Series[float] = _habit_gap("informed")
    n_client_self_informed: Series[int] = _n_side("informed", "client")
    n_partner_view_informed: Series[int] = _n_side("informed", "agency")
    client_self_involved: Series[float] = _client_self("involved")
    partner_view_involved: Series[float] = _partner_view("involved")
    habit_gap_involved: Series[float] = _habit_gap("involved")
    n_client_self_involved: Series[int] = _n_side("involved", "client")
    n_partner_view_involved: Series[int] = _n_side("involved", "agency")
    client_self_inspired: Series[float] = _client_self("inspired")
    partner_view_inspired: Series[float] = _partner_view("inspired")
    habit_gap_inspired: Series[float] = _habit_gap("inspired")
    n_client_self_inspired: Series[int] = _n_side("inspired", "client")
    n_partner_view_inspired: Series[int] = _n_side("inspired", "agency")
    client_self_interconnected: Series[float] = _client_self("interconnected")
    partner_view_interconnected: Series[float] = _partner_view("interconnected")
    habit_gap_interconnected: Series[float] = _habit_gap("interconnected")
    n_client_self_interconnected: Series[int] = _n_side("interconnected", "client")
    n_partner_view_interconnected: Series[int] = _n_side("interconnected", "agency")
    client_self_improving: Series[float] = _client_self("improving")
    partner_view_improving: Series[float] = _partner_view("improving")
    habit_gap_improving: Series[float] = _habit_gap("improving")
    n_client_self_improving: Series[int] = _n_side("improving", "client")
    n_partner_view_improving: Series[int] = _n_side("improving", "agency")


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
