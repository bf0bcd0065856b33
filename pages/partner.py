import pandas as pd
import streamlit as st

from kpi import views
from kpi.scoring import explain, rows_behind
from kpi.settings import SCORES
from ui import blind_spots, charts
from ui.shell import current, plain, share_hint, table_columns

view = current()
if view.table.empty:
    st.title(view.t("nav_partner"))
    st.info(view.t("no_data"))
    st.stop()

known = views.partners(view.table)
partner_key = view.partner_key or known["partner_key"].iloc[0]
history = views.partner_rows(view.table, partner_key)
if history.empty:
    st.title(view.t("nav_partner"))
    st.info(view.t("pick_partner"))
    st.stop()
name = history["partner"].iloc[0]
st.title(plain(name))
if not view.partner_key:
    st.caption(view.t("pick_partner"))

rows = history[history["period"] == view.period]
period = view.period
if rows.empty:
    period = history["period"].iloc[-1]
    rows = history.tail(1)
    st.info(view.t("partner_no_period", partner=plain(name), period=view.period, shown=period))
row = rows.iloc[0]

cards = [*SCORES, "overall", "delivery_gap"]
for row_of_cards in (cards[:4], cards[4:]):
    for column, card in zip(st.columns(4), row_of_cards):
        signed = card == "delivery_gap"
        change = None if signed else row[f"trend_{card}"]
        column.metric(view.t(card), views.fmt(row[card], view.lang, signed=signed),
                      None if change is None or pd.isna(change) else views.fmt(change, view.lang, signed=True),
                      border=True)
st.caption(f"{period} · {view.t('n_reviews')}: {row['n_reviews']} · {view.t('n_meetings')}: {row['n_meetings']}"
           + (f" · :material/warning: {view.t('low_confidence')}" if row["low_confidence"] else ""))

st.subheader(view.t("why_title"))
st.caption(view.t("why_caption"))
explained = explain(row, view.settings)
chart_col, table_col = st.columns([3, 2])
charts.show(charts.contributions(explained, view.lang), chart_col)
table_col.dataframe(
    explained.assign(score=explained["score"].map(view.t), component=explained["component"].map(view.t)),
    hide_index=True, width="stretch",
    column_config={
        "score": view.t("habit"), "component": view.t("component"),
        "value": st.column_config.NumberColumn(view.t("value"), format="%.1f"),
        "weight": st.column_config.NumberColumn(view.t("weight"), format="%.2f"),
        "effective_weight": st.column_config.NumberColumn(view.t("effective_weight"), format="%.2f"),
        "contribution": st.column_config.NumberColumn(view.t("contribution"), format="%.1f"),
        "score_value": st.column_config.NumberColumn(view.t("score"), format="%.1f"),
    })

trend_col, gap_col = st.columns(2)
charts.show(charts.trend(views.trend_long(view.table, partner_key), view.lang, view.habit), trend_col)
gap_long = views.gap_history(view.table, partner_key)
if gap_long.empty:
    gap_col.info(view.t("no_gaps"))
else:
    charts.show(charts.gap_history(gap_long, view.lang, view.settings["thresholds.delivery_gap_flag"]), gap_col)

blind_spots.partner_section(view, row)

st.subheader(view.t("meeting_history"))
meetings = views.partner_meetings(view.tables.meetings, partner_key)
if meetings.empty:
    st.info(view.t("no_meetings"))
else:
    charts.show(charts.meeting_timeline(meetings, view.lang))

st.subheader(view.t("comments"))
comments = views.partner_comments(view.tables.reviews, partner_key, period, view.settings)
if comments.empty:
    st.caption(view.t("no_comments"))
else:
    st.dataframe(comments, hide_index=True, width="stretch", column_config=table_columns(
        view, comments, review_date=st.column_config.DateColumn(view.t("date"), format="YYYY-MM-DD"),
        comment=st.column_config.TextColumn(view.t("col_comment"), width="large")))

with st.expander(view.t("rows_behind")):
    answers, listed = rows_behind(view.tables.reviews, view.tables.meetings, partner_key, period, view.settings)
    st.markdown("**" + view.t("answers_rows", n=len(answers)) + "**")
    st.dataframe(answers, hide_index=True, width="stretch", column_config=table_columns(view, answers))
    st.download_button(view.t("download_csv"), data=lambda: view.csv(answers), file_name=f"answers_{period}.csv",
                       mime="text/csv", on_click="ignore", key="dl_answers")
    st.markdown("**" + view.t("meeting_rows", n=len(listed)) + "**")
    st.dataframe(listed, hide_index=True, width="stretch", column_config=table_columns(view, listed))
share_hint(view)
