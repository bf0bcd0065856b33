"""Scoring: components, the five habits, overall, delivery gap, trends (METHODOLOGY §2–7).

One module per section of the methodology, each step a plain function a test can call on its own:

    periods   §2  period labels, the as-of date, prorated months and quarters
    survey    §3  reviews → normalised_answers → questionnaire_means → survey, n_reviews, feedback
    meetings  §3  meetings → meeting_partners → meeting_counts → agenda_rate, cadence, workshops, joint,
                  follow_through
    scores    §4  components → weighted_score → informed … improving, overall, low_confidence, trend
    delivery  §5  delivery_gap
    blind_spots §5.1 habit_views (client_self, partner_view, habit_gap and their n per habit), habit_flag
    needs     §6  importance_performance
    table     §7  score_table (all of the above, one row per partner and period), scores_csv_frame
    trace         explain (weights and contributions of a row), rows_behind (its input rows)

Component functions return frames or series indexed by (`partner_key`, `period`).
Inputs are the clean tables of `kpi.contracts.schema.CLEAN_COLUMNS`; none is ever modified.
"""

from kpi.scoring.needs import importance_performance
from kpi.scoring.periods import period_bounds
from kpi.scoring.table import (CSV_COLUMNS, REVIEW_COLUMNS_READ, TABLE_COLUMNS, round_half_up, score_table,
                               scores_csv_frame)
from kpi.scoring.trace import explain, rows_behind

__all__ = ["CSV_COLUMNS", "REVIEW_COLUMNS_READ", "TABLE_COLUMNS", "explain", "importance_performance", "period_bounds",
           "round_half_up", "rows_behind", "score_table", "scores_csv_frame"]
