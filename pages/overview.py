import streamlit as st

from kpi import charts, views
from ui.charts import show, spec
from ui.movement import what_changed_panel
from ui.shell import current, partner_url, plain, share_hint, show_table

view = current()
st.title(view.t("overview_title"))
if view.table.empty:
    st.info(view.t("no_data"))
    st.stop()
what_changed_panel(view)

period = view.period


def heatmaps() -> list:
    # The surveyed partners' heatmap and the others', each linking to its partners (None when there are none).
    long = views.scorecard(view.table, period, rank_by=view.habit)
    links = {key: partner_url(view, key, period) for key in long["partner_key"].unique()}
    long = long.assign(url=long["partner_key"].map(links))
    return [None if part.empty else spec(charts.heatmap(part, view.lang))
            for part in (long[long["surveyed"]], long[~long["surveyed"]])]


surveyed, unsurveyed = view.kept("heatmaps", heatmaps)
if surveyed is None and unsurveyed is None:
    st.info(view.t("no_rows_period", period=period))
    st.stop()
st.caption(view.t("overview_caption", period=view.period_text(), habit=view.t(view.habit),
                  n=view.settings["thresholds.low_confidence_reviews"]))

if surveyed is not None:
    show(surveyed, title=view.t("heatmap_title", period=view.period_text()))
    st.caption(view.t("change_legend"))
if unsurveyed is not None:
    show(unsurveyed, title=view.t("unsurveyed_title", period=view.period_text()))
    st.caption(view.t("unsurveyed_caption"))

left, right = st.columns(2)
with left:
    st.subheader(view.t("largest_gaps"))
    flag = view.settings["thresholds.delivery_gap_flag"]
    top = view.kept("largest_gaps", lambda: views.largest_gaps(view.table, period))
    if top.empty:
        st.caption(view.t("no_gaps"))
    for row in top.itertuples(index=False):
        label = view.t(row.gap_flag) if row.gap_flag else view.t("no_gap_flag", n=f"{flag:g}")
        gap = views.fmt(row.delivery_gap, view.lang, signed=True)
        line = view.t("gap_line", partner=plain(row.partner), gap=gap, flag=label)
        (st.error if row.gap_flag == "overpromise" else st.success if row.gap_flag else st.info)(line)
with right:
    st.subheader(view.t("open_partner"))
    links = view.kept("partner_links", lambda: [
        (plain(name), partner_url(view, key, period))
        for key, name in views.partners(view.table[view.table["period"] == period]).itertuples(index=False)])
    for name, url in links:
        st.link_button(name, url, icon=":material/open_in_new:", type="tertiary")

with st.expander(view.t("table_and_download"), expanded=False):
    wide = view.kept("scorecard_table", lambda: views.scorecard_table(view.table, period))
    show_table(view, wide)
    st.download_button(view.t("download_csv"), data=lambda: view.csv(wide), file_name=f"scorecard_{period}.csv",
                       mime="text/csv", on_click="ignore", key="dl_scorecard")
share_hint(view)
