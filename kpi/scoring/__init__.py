"""Scoring: components, the five habits, overall, delivery gap, trends (METHODOLOGY §2–7)."""

from kpi.scoring.table import (CSV_COLUMNS, TABLE_COLUMNS, explain, importance_performance, period_bounds,
                               round_half_up, rows_behind, score_table, scores_csv_frame)

__all__ = ["CSV_COLUMNS", "TABLE_COLUMNS", "explain", "importance_performance", "period_bounds", "round_half_up",
           "rows_behind", "score_table", "scores_csv_frame"]
