"""The habit blind spots (METHODOLOGY §5.1) on screen: a section of the Partner page and one of the Gaps page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi import blind_spots, charts
from kpi.views import fmt
from ui.charts import show, spec


def _with_n(view, values, counts) -> list[str]:
    return [f"{fmt(v, view.lang)} ({n})" for v, n in zip(values, counts)]


def _flag_text(view, flag: str, note: str) -> str:
    if flag:
        return view.t(flag) + (" ⚠" if note == "thin" else "")
    if note in ("no_answers", "no_client", "no_partner"):
        return view.t(f"bs_note_{note}")
    return "⚠" if note == "thin" else ""


def _partner_parts(view, row: pd.Series) -> tuple:
    pairs = blind_spots.habit_pairs(row, view.settings)
    shown = pd.DataFrame({
        "habit": pairs["habit"].map(view.t),
        "bs_client": _with_n(view, pairs["client_self"], pairs["n_client_self"]),
        "bs_partner": _with_n(view, pairs["partner_view"], pairs["n_partner_view"]),
        "bs_gap": [fmt(v, view.lang, signed=True) for v in pairs["habit_gap"]],
        "habit_flag": [_flag_text(view, f, n) for f, n in zip(pairs["habit_flag"], pairs["note"])],
    })
    return pairs, spec(charts.habit_pairs(pairs, view.lang)), shown


def partner_section(view, row: pd.Series) -> None:
    """One partner-period: per habit both views with their n (chart), and below it the gap and its flag."""
    flag = view.settings["thresholds.habit_gap_flag"]
    thin = view.settings["thresholds.low_confidence_reviews"]
    st.subheader(view.t("bs_title"))
    st.caption(view.t("bs_caption", n=f"{flag:g}"))
    pairs, chart, shown = view.kept("habit_pairs", lambda: _partner_parts(view, row), row["partner_key"], row["period"])
    # One below the other, as the page's other charts: beside its table, the legend was cut at 1024 px.
    show(chart)
    table_col = st.container()
    table_col.dataframe(shown, hide_index=True, width="stretch",
                        column_config={c: view.t(c) for c in shown.columns})
    thin_habits = pairs.loc[pairs["note"] == "thin", "habit"].map(view.t).tolist()
    if thin_habits:
        table_col.caption(view.t("bs_thin_habits", n=thin, habits=", ".join(thin_habits)))
    table_col.download_button(view.t("download_csv"), data=lambda: view.csv(pairs),
                              file_name=f"blind_spots_{row['period']}.csv", mime="text/csv",
                              on_click="ignore", key="dl_blind_spots")


def _portfolio_parts(view, period: str, flag: float) -> tuple:
    long = blind_spots.habit_gaps_long(view.table, period, view.settings)
    summary = blind_spots.habit_overrating(long)
    if summary["n_partners"].sum() == 0:
        return long, summary, None, None
    shown = pd.DataFrame({
        "habit": summary["habit"].map(view.t),
        "mean_gap": [fmt(v, view.lang, signed=True) for v in summary["mean_gap"]],
        "n_partners": summary["n_partners"],
        "blind_spots": summary["blind_spots"],
        "hidden_strengths": summary["hidden_strengths"],
        "largest_partner": [f"{fmt(v, view.lang, signed=True)} {p}".strip()
                            for v, p in zip(summary["largest_gap"], summary["largest_partner"])],
    })
    return long, summary, spec(charts.habit_overrating(long, summary, view.lang, flag)), shown


def portfolio_section(view, period: str) -> None:
    """A period across partners: which habits the client over-rates most (chart of every partner's gap and the
    mean), with the table of means, counts and the largest gap."""
    flag = view.settings["thresholds.habit_gap_flag"]
    st.subheader(view.t("bs_portfolio_title", period=period))
    long, summary, chart, shown = view.kept("habit_overrating", lambda: _portfolio_parts(view, period, flag), period)
    if chart is None:
        st.info(view.t("bs_none"))
        return
    st.caption(view.t("bs_portfolio_caption", n=f"{flag:g}"))
    # One below the other: beside its table, the chart's legend and axis title were cut at 1024 px.
    show(chart)
    table_col = st.container()
    table_col.dataframe(shown, hide_index=True, width="stretch",
                        column_config={c: view.t(c) for c in shown.columns})
    if summary["thin"].sum():
        table_col.caption(view.t("bs_thin_partners", k=int(summary["thin"].sum()),
                                 total=int(summary["n_partners"].sum()),
                                 n=view.settings["thresholds.low_confidence_reviews"]))
    table_col.download_button(view.t("download_csv"), data=lambda: view.csv(long),
                              file_name=f"blind_spots_{period}.csv", mime="text/csv", on_click="ignore",
                              key="dl_blind_spots_portfolio")
