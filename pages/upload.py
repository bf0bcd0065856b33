import hashlib

import pandas as pd
import streamlit as st

from kpi.i18n import MESSAGES
from kpi.ingest.files import Source
from kpi.scoring import score_table, scores_csv_frame
from kpi.validate.dataset import load
from ui.data import remember_published, store
from ui.mapping import format_name, mapping_section, mappings, profiles_panel, show_flash, survey_loads
from ui.shell import current, plain, require_analyst, table_columns

view = current()
st.title(view.t("upload_title"))
require_analyst(view)
st.caption(view.t("upload_help"))

def _count(value) -> int:
    """A row count, 0 for a table that was not given (None or NA)."""
    return 0 if value is None or pd.isna(value) else int(value)


def _words(frame: pd.DataFrame, column: str, prefix: str) -> pd.DataFrame:
    """`column`'s codes (reviews, warning…) as words in the view's language; codes without a message stay."""
    return frame.assign(**{column: [view.t(prefix + str(code)) if prefix + str(code) in MESSAGES else code
                                    for code in frame[column]]})


def _headed(frame: pd.DataFrame, ours: int) -> pd.DataFrame:
    """A download for people: its first `ours` columns (ours, not the file's) headed as on screen."""
    return frame.set_axis([view.t(c) if i < ours else c for i, c in enumerate(frame.columns)], axis=1)


uploads = st.file_uploader(view.t("files"), type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls"], accept_multiple_files=True,
                           key="uploads")
month_first = st.checkbox(view.t("month_first"), key="month_first")
profiles = store().profiles()
profiles_panel(view, profiles)
show_flash(view)
if not uploads:
    st.info(view.t("upload_first"))
    st.stop()

sources = [Source(f.name, f.getvalue(), uploaded=True, mapping=mappings().get(f.name)) for f in uploads]
digest = hashlib.sha256(repr(month_first).encode())
for source in sources:
    digest.update(source.name.encode() + hashlib.sha256(source.data).digest() + repr(source.mapping).encode())
digest.update(repr([p.as_dict() for p in profiles]).encode())
if st.session_state.get("upload_key") != digest.hexdigest():
    bar = st.progress(0.0, text=view.t("reading", n=len(sources)))
    data = load(sources, view.settings, month_first=month_first, profiles=profiles,
                progress=lambda fraction, step, where="": bar.progress(
                    min(1.0, fraction), text=view.t(step, where=plain(where))))
    bar.empty()
    st.session_state.update(upload_key=digest.hexdigest(), upload_data=data, published_version=None)
data = st.session_state["upload_data"]

for error in data.read_errors:
    st.error(view.t("unreadable", message=plain(error.in_language(view.lang))), icon=":material/block:")

st.subheader(view.t("tables_found"))
summary = data.summary()
summary.insert(1, "format", [format_name(view, load_.raw.format) for load_ in data.loads])
st.dataframe(_words(summary, "table", "table_"), hide_index=True, width="stretch", column_config={
    "file": view.t("file"), "format": view.t("format"), "table": view.t("table"), "rows_read": view.t("rows_read"),
    "valid": view.t("valid"), "rejected": view.t("rejected"), "dropped": view.t("dropped")})
if summary["dropped"].sum():
    st.download_button(view.t("download_dropped"), data=lambda: view.csv(_headed(data.dropped_rows(lang=view.lang), 3)),
                       file_name="dropped_responses.csv", mime="text/csv", on_click="ignore", key="dl_dropped")
open_mappings = [load_.file for load_ in survey_loads(data) if mapping_section(view, load_, data.questions, profiles)]

st.subheader(view.t("validation_report"))
report = _words(_words(data.report(view.lang), "table", "table_"), "severity", "severity_")
n_read, n_dropped = int(summary["rows_read"].sum()), int(summary["dropped"].sum())
if data.n_rejected and open_mappings:
    st.warning(view.t("rejected_until_mapped", rejected=data.n_rejected, read=n_read,
                      files=", ".join(plain(f) for f in open_mappings)), icon=":material/join:")
elif data.n_rejected:
    st.warning(view.t("some_rejected", rejected=data.n_rejected, read=n_read))
elif not data.read_errors:
    st.success(view.t("all_kept_valid", n=n_read - n_dropped, dropped=n_dropped) if n_dropped
               else view.t("all_valid", n=n_read))
if len(report):
    st.dataframe(report, hide_index=True, width="stretch", column_config={
        "file": view.t("file"), "table": view.t("table"), "row": view.t("row"), "column": view.t("column"),
        "value": view.t("value"), "problem": st.column_config.TextColumn(view.t("problem"), width="large"),
        "severity": view.t("severity")})
    left, right = st.columns(2)
    left.download_button(view.t("download_report"), data=lambda: view.csv(_headed(report, len(report.columns))),
                         file_name="validation_report.csv", mime="text/csv", on_click="ignore", key="dl_report")
    if data.n_rejected:
        right.download_button(view.t("download_rejected"), data=lambda: view.csv(data.rejected_rows(lang=view.lang)),
                              file_name="rejected_rows.csv", mime="text/csv", on_click="ignore", key="dl_rejected")

has_rows = (data.reviews is not None and len(data.reviews)) or (data.meetings is not None and len(data.meetings))
if not has_rows:
    st.info(view.t("nothing_to_publish"))
    st.stop()

st.subheader(view.t("preview"))
preview = scores_csv_frame(score_table(data.reviews, data.meetings, data.questions, view.settings))
st.dataframe(preview, hide_index=True, width="stretch", column_config=table_columns(view, preview))

st.divider()
who_default = ""
try:
    who_default = str(st.user.get("email", "") or "")
except Exception:
    pass
who = st.text_input(view.t("publisher_name"), value=who_default, key="publisher") or "analyst"
published = store().versions()
if len(published) and not st.session_state.get("published_version"):
    now = published.iloc[0]
    st.info(view.t("replaces_version", version=int(now["id"]), reviews=_count(now["n_reviews"]),
                   meetings=_count(now["n_meetings"]),
                   new_reviews=_count(None if data.reviews is None else len(data.reviews)),
                   new_meetings=_count(None if data.meetings is None else len(data.meetings))))
note = st.text_input(view.t("publish_note"), key="publish_note")
if st.session_state.get("published_version"):
    st.success(view.t("published", version=st.session_state["published_version"]))
elif data.ok:
    go = st.button(view.t("publish"), type="primary", key="publish")
else:
    go = st.button(view.t("publish_valid_only", n=data.n_rejected), key="publish_valid")
if not st.session_state.get("published_version") and go:
    bar = st.progress(0.0, text=view.t("publishing"))
    version = store().publish(data.reviews, data.meetings, data.questions, by=who, files=data.files, note=note,
                              progress=lambda fraction, table: bar.progress(
                                  min(1.0, fraction), text=f"{view.t('publishing')} {view.t('table_' + table)}"))
    remember_published(version, data.reviews, data.meetings, data.questions, who, data.files)
    bar.empty()
    st.session_state["published_version"] = version
    st.rerun()
