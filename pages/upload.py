import hashlib

import pandas as pd
import streamlit as st

from kpi.i18n import MESSAGES
from kpi.ingest.files import Source
from kpi.scoring import score_table, scores_csv_frame
from kpi.store import sources_from
from kpi.store.changes import Change, change_from, next_tables, summary
from kpi.validate.dataset import load
from kpi.validate.duplicates import against_published
from ui.data import store, version_changes
from ui.directory import unmatched_section
from ui.keywords import keyword_rules_section
from ui.errors import store_errors, waiting
from ui.calendar_mapping import calendar_loads, calendar_section
from ui.mapping import format_name, mapping_section, mappings, profiles_panel, show_flash, survey_loads
from ui.publishing import (change_sentence, changes_text, choose_removals, choose_targets, refuse_known,
                           sources_table)
from ui.shell import current, plain, require_analyst, table_columns

view = current()
st.title(view.t("upload_title"))
require_analyst(view)
st.caption(view.t("upload_help"))


def _words(frame: pd.DataFrame, column: str, prefix: str) -> pd.DataFrame:
    """`column`'s codes (reviews, warning…) as words in the view's language; codes without a message stay."""
    return frame.assign(**{column: [view.t(prefix + str(code)) if prefix + str(code) in MESSAGES else code
                                    for code in frame[column]]})


def _headed(frame: pd.DataFrame, ours: int) -> pd.DataFrame:
    """A download for people: its first `ours` columns (ours, not the file's) headed as on screen."""
    return frame.set_axis([view.t(c) if i < ours else c for i, c in enumerate(frame.columns)], axis=1)


def _count(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def _asked(remove: list[str], uploads: list) -> str:
    """What the analyst asks for: the sources to remove and the files given (names and bytes)."""
    digest = hashlib.sha256(repr(sorted(remove)).encode())
    for upload in uploads:
        digest.update(upload.name.encode() + hashlib.sha256(upload.getvalue()).digest())
    return digest.hexdigest()


# -- the data set everyone sees now, and sources to remove from it
version = view.tables.version  # None: nothing published, the sample is shown
with store_errors(view.lang, "action_read"):
    sources = store().sources(version) if version is not None else store().sources().iloc[0:0]
    profiles = store().profiles()
    directory = store().load_directory()  # the newest: a directory change publishes a version of its own
names = sources["name"].tolist()
if version is None:
    st.info(view.t("data_set_empty"), icon=":material/database:")
    remove = []
else:
    st.subheader(view.t("data_set_title", version=version))
    st.caption(view.t("data_set_caption"))
    sources_table(view, sources)
    remove = choose_removals(view, version, names)

# -- the files uploaded
given = st.file_uploader(view.t("files"), type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ics"],
                         accept_multiple_files=True, key="uploads") or []
month_first = st.checkbox(view.t("month_first"), key="month_first")
profiles_panel(view, profiles)
show_flash(view)

published = st.session_state.get("published")
if published and published[0] == _asked(remove, given):
    new_version = published[1]
    with store_errors(view.lang, "action_read"):
        did = version_changes([new_version])[new_version]
        row = store().versions().set_index("id").loc[new_version]
    st.success(view.t("published", version=new_version) + " " + view.t(
        "version_did", version=new_version, changes=changes_text(view, did["added"], did["replaced"], did["removed"]),
        answers=_count(row["n_reviews"]), meetings=_count(row["n_meetings"])), icon=":material/check_circle:")
    if given:
        st.caption(view.t("upload_more"))
    st.stop()

uploads = refuse_known(view, given, sources)
if not uploads and not remove:
    if not given:
        st.info(view.t("upload_first"))
    st.stop()

data = None
new_sources = []
target_of: dict[str, str | None] = {}
if uploads:
    files = {upload.name: upload.getvalue() for upload in uploads}
    digest = hashlib.sha256(repr(month_first).encode())
    for name, content in files.items():
        digest.update(name.encode() + hashlib.sha256(content).digest() + repr(mappings().get(name)).encode())
    digest.update(repr([p.as_dict() for p in profiles]).encode())
    digest.update(b"" if directory is None else view.csv(directory))  # a directory change reads the files again
    digest.update(repr(version).encode())  # a new version may bring a new question bank
    digest.update(view.settings.to_toml().encode())  # saved keyword rules read the calendars again
    if st.session_state.get("upload_key") != digest.hexdigest():
        bar = st.progress(0.0, text=view.t("reading", n=len(files)))
        read = load([Source(name, content, uploaded=True, mapping=mappings().get(name)) for name, content in files.items()],
                    view.settings, month_first=month_first, profiles=profiles, directory=directory,
                    # A wave added to a published data set is checked against its question bank.
                    questions=view.tables.questions if version is not None else None,
                    progress=lambda fraction, step, where="": bar.progress(
                        min(1.0, fraction), text=view.t(step, where=plain(where))))
        bar.empty()
        st.session_state.update(upload_key=digest.hexdigest(), upload_read=read, upload_checked=None)
    # Every file read is a source, even one whose rows were all left out (its bytes are then known);
    # a file that could not be read at all is not.
    unreadable = {error.file for error in st.session_state["upload_read"].read_errors}
    readable = [name for name in files if name not in unreadable]

    # -- what to do with each file: add it, or replace a published source by it
    if readable and version is not None:
        st.subheader(view.t("what_each_file"))
        target_of = dict(zip(readable, choose_targets(view, version, readable, names)))
    left_out = tuple(sorted({*remove, *(target for target in target_of.values() if target)}))
    checked = (digest.hexdigest(), version, left_out)
    if st.session_state["upload_checked"] != checked:
        data = st.session_state["upload_read"]
        if version is not None:  # METHODOLOGY §1.6 against the published rows that stay: they win
            kept = next_tables(view.tables.reviews, view.tables.meetings, sources, Change(remove=left_out))
            data = against_published(data, kept["reviews"], kept["meetings"])
        new_sources = [source for source in sources_from(data, files) if source.name in readable]
        st.session_state.update(upload_checked=checked, upload_data=data, upload_sources=new_sources)
    data = st.session_state["upload_data"]
    new_sources = st.session_state["upload_sources"]

    for error in data.read_errors:
        st.error(view.t("unreadable", message=plain(error.in_language(view.lang))), icon=":material/block:")

    st.subheader(view.t("tables_found"))
    found = data.summary()
    found.insert(1, "format", [format_name(view, load_.raw.format) for load_ in data.loads])
    st.dataframe(_words(found, "table", "table_"), hide_index=True, width="stretch", column_config={
        "file": view.t("file"), "format": view.t("format"), "table": view.t("table"), "rows_read": view.t("rows_read"),
        "valid": view.t("valid"), "rejected": view.t("rejected"), "dropped": view.t("dropped")})
    if found["dropped"].sum():
        st.download_button(view.t("download_dropped"),
                           data=lambda: view.csv(_headed(data.dropped_rows(lang=view.lang), 3)),
                           file_name="dropped_responses.csv", mime="text/csv", on_click="ignore", key="dl_dropped")
    unmatched_section(view, data, directory, version)
    keyword_rules_section(view, data)
    open_mappings = [load_.file for load_ in survey_loads(data) if mapping_section(view, load_, data.questions,
                                                                                  profiles)]
    open_mappings += [load_.file for load_ in calendar_loads(data) if calendar_section(view, load_, profiles)]

change, problems = change_from([(source, target_of.get(source.name)) for source in new_sources], remove, names)
new_bank = data is not None and data.bank_source == "uploaded"

if data is not None:
    st.subheader(view.t("validation_report"))
    report = _words(_words(data.report(view.lang), "table", "table_"), "severity", "severity_")
    n_read, n_dropped = int(found["rows_read"].sum()), int(found["dropped"].sum())
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
            right.download_button(view.t("download_rejected"),
                                  data=lambda: view.csv(data.rejected_rows(lang=view.lang)),
                                  file_name="rejected_rows.csv", mime="text/csv", on_click="ignore", key="dl_rejected")

# -- the scores everyone would see after publishing
bank = data.questions if new_bank or version is None else view.tables.questions
after = next_tables(view.tables.reviews if version is not None else None,
                    view.tables.meetings if version is not None else None, sources, change)
if not any(frame is not None and len(frame) for frame in after.values()):
    st.info(view.t("nothing_to_publish"))
    st.stop()
st.subheader(view.t("preview"))
if version is not None:
    st.caption(view.t("preview_caption"))
scored = (st.session_state.get("upload_checked"), tuple(target_of.items()), tuple(remove), view.settings.to_toml())
if st.session_state.get("preview_key") != scored:
    preview = scores_csv_frame(score_table(after["reviews"], after["meetings"], bank, view.settings))
    st.session_state.update(preview_key=scored, preview=preview)
preview = st.session_state["preview"]
st.dataframe(preview, hide_index=True, width="stretch", column_config=table_columns(view, preview))

# -- publish
st.divider()
who_default = ""
try:
    who_default = str(st.user.get("email", "") or "")
except Exception:
    pass
who = st.text_input(view.t("publisher_name"), value=who_default, key="publisher") or "analyst"
note = st.text_input(view.t("publish_note"), key="publish_note")
for code, params in problems:
    st.error(view.t(code, **{key: plain(value) for key, value in params.items()}), icon=":material/block:")
go = False
if not problems and not (change or new_bank):
    st.info(view.t("change_nothing"))
elif not problems:
    st.info(change_sentence(view, version, summary(sources, change), new_bank), icon=":material/difference:")
    if data is None or data.ok:
        go = st.button(view.t("publish"), type="primary", key="publish")
    else:
        go = st.button(view.t("publish_valid_only", n=data.n_rejected), key="publish_valid")
if go:
    bar = st.progress(0.0, text=view.t("publishing"))
    line = st.empty()
    with store_errors(view.lang, "action_publish"):
        new_version = store().publish_sources(
            change.add, change.replace, change.remove, by=who, note=note,
            questions=data.questions if new_bank else None, waiting=waiting(line, view.lang),
            partners=data.partners if data is not None else None,
            progress=lambda fraction, table: bar.progress(
                min(1.0, fraction), text=f"{view.t('publishing')} {view.t('table_' + table)}"))
    st.session_state["published"] = (_asked([], given), new_version)  # the next version's choices start empty
    st.rerun()
