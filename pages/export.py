import streamlit as st

from kpi.reports import scores_workbook, to_csv_bytes
from kpi.reports.pdf import PackData, pack_file_name, portfolio_pack
from kpi.scoring import importance_performance, scores_csv_frame
from kpi.views import export_rows
from ui.shell import current, share_hint, show_table

view = current()
st.title(view.t("export_title"))
if view.table.empty:
    st.info(view.t("no_data"))
    st.stop()
st.caption(view.t("export_caption"))
if st.session_state.get("whatif"):
    st.warning(view.t("whatif_export"))

scope = st.radio(view.t("export_scope"), ["all", "view"], format_func=lambda s: view.t(f"scope_{s}"),
                 horizontal=True, key="export_scope")
rows = export_rows(view.table, view.period if scope == "view" else None,
                   view.partner_key if scope == "view" else None)
csv_frame = scores_csv_frame(rows)
french = st.checkbox(view.t("csv_french"), value=view.lang == "fr", key="csv_french")
show_table(view, csv_frame)
suffix = f"_{view.period}" if scope == "view" else ""
left, right = st.columns(2)
left.download_button(view.t("download_csv"), data=lambda: to_csv_bytes(csv_frame, french=french),
                     file_name=f"partnership_scores{suffix}.csv", mime="text/csv", on_click="ignore",
                     key="dl_scores_csv", type="primary")


def workbook() -> bytes:
    reviews = view.tables.reviews
    ipa = None if reviews is None else importance_performance(
        reviews, view.tables.questions, view.settings, period=view.period if scope == "view" else None,
        partner_key=view.partner_key if scope == "view" else None)
    return scores_workbook(rows, view.settings, ipa, lang=view.lang)


right.download_button(view.t("download_xlsx"), data=workbook, file_name=f"partnership_scores{suffix}.xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
                      key="dl_scores_xlsx")


def qbr_pack() -> bytes:
    with st.spinner(view.t("pack_building")):
        return portfolio_pack(PackData(view.table, view.tables.reviews, view.tables.meetings, view.tables.questions,
                                       view.settings), view.period, view.lang)


st.download_button(f"{view.t('pack_download_portfolio')} · {view.period}", data=qbr_pack,
                   file_name=pack_file_name(view.period, view.lang), mime="application/pdf", on_click="ignore",
                   key="dl_qbr_portfolio", icon=":material/picture_as_pdf:")
share_hint(view)
