import streamlit as st

from kpi import charts, views
from kpi.scoring import importance_performance
from ui import blind_spots
from ui.charts import show, spec
from ui.shell import current, plain, share_hint, show_table

view = current()
st.title(view.t("gaps_title"))
if view.table.empty:
    st.info(view.t("no_data"))
    st.stop()
flag = view.settings["thresholds.delivery_gap_flag"]
st.caption(view.t("gaps_caption", n=f"{flag:g}"))

period = view.period
gaps = view.kept("gaps", lambda: views.gaps(view.table, period))
if gaps.empty:
    st.info(view.t("no_gaps"))
else:
    # One below the other: side by side, the legend and the table's last columns were cut at 1400 px.
    show(view.kept("dumbbell", lambda: spec(charts.dumbbell(gaps, view.lang, flag))),
                title=view.t("dumbbell_title", period=view.period_text()), room=170)
    shown = view.kept("gaps_shown", lambda: gaps.drop(columns=["partner_key"]).assign(
        gap_flag=gaps["gap_flag"].map(lambda f: view.t(f) if f else "")))
    show_table(view, shown, partner=view.t("partner"),
               self=st.column_config.NumberColumn(view.t("self"), format="%.1f"),
               client_view=st.column_config.NumberColumn(view.t("client_view"), format="%.1f"),
               delivery_gap=st.column_config.NumberColumn(view.t("delivery_gap"), format="%+.1f"),
               gap_flag="", n_reviews=view.t("n_reviews"))
    st.download_button(view.t("download_csv"), data=lambda: view.csv(gaps), file_name=f"gaps_{period}.csv",
                       mime="text/csv", on_click="ignore", key="dl_gaps")

st.divider()
blind_spots.portfolio_section(view, period)

st.divider()
scope = plain(view.partner_name) if view.partner_name else view.t("all_partners")
st.subheader(f"{view.t('ipa_title')} · {view.period_text()} · {scope}")
st.caption(view.t("ipa_caption"))


def quadrants() -> tuple | None:
    # The importance-performance points with their questions' text and their chart; None without answers.
    reviews = view.tables.reviews
    points = (importance_performance(reviews, view.tables.questions, view.settings, period=period,
                                     partner_key=view.partner_key) if reviews is not None else None)
    if points is None or points.dropna(subset=["performance"]).empty:
        return None
    labelled = views.with_question_text(points, view.tables.questions, view.lang)
    return labelled, spec(charts.quadrants(labelled, view.lang, points.attrs.get("split", {})))


ipa = view.kept("quadrants", quadrants)
if ipa is None:
    st.info(view.t("no_importance"))
else:
    labelled, chart = ipa
    show(chart)
    focus = labelled[labelled["quadrant"] == "Concentrate here"]
    st.markdown("**" + view.t("Concentrate here") + "**")
    show_table(view, focus[["question_id", "text", "importance", "performance", "needs_gap"]],
               question_id=st.column_config.TextColumn(view.t("col_question_id"), width="small"),
               text=st.column_config.TextColumn(view.t("question"), width="large"),
               importance=st.column_config.NumberColumn(view.t("importance"), format="%.1f"),
               performance=st.column_config.NumberColumn(view.t("performance"), format="%.1f"),
               needs_gap=st.column_config.NumberColumn(view.t("needs_gap"), format="%+.1f"))
    st.download_button(view.t("download_csv"), data=lambda: view.csv(labelled),
                       file_name=f"importance_performance_{period}.csv", mime="text/csv", on_click="ignore",
                       key="dl_ipa")
share_hint(view)
