import pandas as pd
import streamlit as st

from kpi import charts, views
from kpi.reports.pdf import PackData, pack_file_name, partner_pack
from kpi.scoring import explain, rows_behind
from kpi.settings import SCORES
from ui import blind_spots
from ui.charts import show, spec
from ui.shell import current, plain, share_hint, show_table

view = current()
if view.table.empty:
    st.title(view.t("nav_partner"))
    st.info(view.t("no_data"))
    st.stop()

partner_key = view.partner_key or view.kept("default_partner", lambda: views.default_partner(view.table))
history = view.kept("partner_rows", lambda: views.partner_rows(view.table, partner_key))
if history.empty:
    st.title(view.t("nav_partner"))
    st.info(view.t("pick_partner"))
    st.stop()
name = history["partner"].iloc[0]
st.title(plain(name))
if not view.partner_key and not view.unknown:
    st.caption(view.t("pick_partner"))

rows = history[history["period"] == view.period]
period = view.period
if rows.empty:
    period = history["period"].iloc[-1]
    rows = history.tail(1)
    st.info(view.t("partner_no_period", partner=plain(name), period=view.period_text(),
                   shown=view.period_text(period)))
row = rows.iloc[0]


def qbr_pack() -> bytes:
    with st.spinner(view.t("pack_building")):
        return partner_pack(PackData(view.table, view.tables.reviews, view.tables.meetings, view.tables.questions,
                                     view.settings), partner_key, period, view.lang)


st.download_button(view.t("pack_download"), data=qbr_pack, file_name=pack_file_name(period, view.lang, name),
                   mime="application/pdf", on_click="ignore", key="dl_qbr_pack", icon=":material/picture_as_pdf:")

flag = view.settings["thresholds.delivery_gap_flag"]
cards = [*SCORES, "overall", "delivery_gap"]
# Three cards a row: at four, French names and the gap's flag were cut at 1024 px.
for row_of_cards in (cards[:3], cards[3:6], cards[6:]):
    for column, card in zip(st.columns(3 if len(row_of_cards) == 3 else [2, 1]), row_of_cards):
        if card == "delivery_gap":  # its flag (METHODOLOGY §5) where the other cards show their change
            gap_flag = row["gap_flag"] if pd.notna(row[card]) else None
            column.metric(view.t(card), views.fmt(row[card], view.lang, signed=True),
                          None if gap_flag is None else view.t(gap_flag) if gap_flag
                          else view.t("no_gap_flag", n=f"{flag:g}"),
                          delta_color={"overpromise": "red", "underpromise": "green"}.get(gap_flag, "gray"),
                          delta_arrow="off", border=True)
            continue
        change = row[f"trend_{card}"]
        column.metric(view.t(card), views.fmt(row[card], view.lang),
                      None if pd.isna(change) else views.fmt(change, view.lang, signed=True), border=True,
                      help=view.t("change_since"))
st.caption(f"{view.period_text(period)} · {view.t('n_reviews')}: {row['n_reviews']} · "
           f"{view.t('n_meetings')}: {row['n_meetings']}"
           + (f" · :material/warning: {view.t('low_confidence')}" if row["low_confidence"] else ""))

st.subheader(view.t("why_title"))
st.caption(view.t("why_caption"))
explained = view.kept("explained", lambda: explain(row, view.settings))
show(view.kept("contributions", lambda: spec(charts.contributions(explained, view.lang))), room=190)
show_table(
    view, explained.assign(score=explained["score"].map(view.t), component=explained["component"].map(view.t)),
    score=view.t("habit"), component=view.t("component"),
    value=st.column_config.NumberColumn(view.t("value"), format="%.1f", width="small"),
    weight=st.column_config.NumberColumn(view.t("weight"), format="%.2f", width="small"),
    effective_weight=st.column_config.NumberColumn(view.t("effective_weight"), format="%.2f", width="small"),
    contribution=st.column_config.NumberColumn(view.t("contribution"), format="%.1f", width="small"),
    score_value=st.column_config.NumberColumn(view.t("score"), format="%.1f", width="small"))

trend_col, gap_col = st.columns(2)
trend = view.kept("trend", lambda: spec(charts.trend(views.trend_long(view.table, partner_key), view.lang,
                                                             view.habit)))
show(trend, trend_col, title=view.t("trend_title"), room=210)


def gap_charts() -> list:
    gap_long = views.gap_history(view.table, partner_key)
    return [] if gap_long.empty else [spec(part) for part in charts.gap_history(gap_long, view.lang, flag)]


gap_parts = view.kept("gap_history", gap_charts)
if not gap_parts:
    gap_col.info(view.t("no_gaps"))
else:
    gap_col.markdown(f"**{view.t('gap_over_time')}**")
    for part in gap_parts:
        show(part, gap_col)

blind_spots.partner_section(view, row)

st.subheader(view.t("meeting_history"))


def meeting_chart():
    meetings = views.partner_meetings(view.tables.meetings, partner_key)
    return None if meetings.empty else spec(charts.meeting_timeline(meetings, view.lang))


timeline = view.kept("meeting_timeline", meeting_chart)
if timeline is None:
    st.info(view.t("no_meetings"))
else:
    show(timeline)

st.subheader(view.t("comments"))
comments = view.kept("comments", lambda: views.partner_comments(view.tables.reviews, partner_key, period,
                                                                 view.settings))
if comments.empty:
    st.caption(view.t("no_comments"))
else:
    show_table(view, comments, review_date=st.column_config.DateColumn(view.t("date"), format="YYYY-MM-DD"),
               comment=st.column_config.TextColumn(view.t("col_comment"), width="large"))

with st.expander(view.t("rows_behind")):
    answers, listed = view.kept("rows_behind", lambda: rows_behind(view.tables.reviews, view.tables.meetings,
                                                                    partner_key, period, view.settings))
    st.markdown("**" + view.t("answers_rows", n=len(answers)) + "**")
    show_table(view, answers)
    st.download_button(view.t("download_csv"), data=lambda: view.csv(answers), file_name=f"answers_{period}.csv",
                       mime="text/csv", on_click="ignore", key="dl_answers")
    st.markdown("**" + view.t("meeting_rows", n=len(listed)) + "**")
    show_table(view, listed)
share_hint(view)
