"""Reports for people and other tools: spreadsheet-safe CSV and the formatted Excel workbook."""

from kpi.reports.csv import escape_formulas, to_csv_bytes, to_csv_text
from kpi.reports.excel import scores_workbook

__all__ = ["escape_formulas", "scores_workbook", "to_csv_bytes", "to_csv_text"]
