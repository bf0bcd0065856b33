import streamlit as st

from kpi.views import version_history
from ui.data import store, version_changes
from ui.errors import store_errors, waiting
from ui.shell import current, local_time, require_analyst

view = current()
st.title(view.t("history_title"))
require_analyst(view)

with store_errors(view.lang, "action_read"):
    versions = store().versions()
    changes = version_changes(versions["id"])
    saved = store().settings_history()
if versions.empty:
    st.info(view.t("no_versions"))
else:
    st.caption(view.t("history_caption"))
    shown = version_history(versions, changes)
    shown = shown.assign(
        created_at=shown["created_at"].map(local_time),
        kind=[view.t(f"kind_{kind}", version=data_version) + ("" if "directory" not in changes[v]
                                                             else view.t("hist_directory"))
              for v, kind, data_version in zip(shown["version"], shown["kind"], shown["data_version"])],
    ).drop(columns="data_version")
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "version": view.t("version"), "created_at": view.t("hist_when"), "created_by": view.t("hist_who"),
        "kind": view.t("hist_what"), "added": view.t("hist_added"), "replaced": view.t("hist_replaced"),
        "removed": view.t("hist_removed"), "answers": view.t("hist_answers"), "meetings": view.t("hist_meetings"),
        "questions": view.t("hist_questions"), "note": view.t("hist_note"), "current": view.t("current")})
    if "restored" in st.session_state:
        old, new = st.session_state.pop("restored")
        st.success(view.t("restored", version=old, new=new))
    older = versions.loc[~versions["current"], "id"].tolist()
    if older:
        chosen = st.selectbox(view.t("version"), older, key="restore_choice")
        who = st.text_input(view.t("your_name"), key="restorer")
        if st.button(view.t("restore", version=chosen), key="restore"):
            line = st.empty()
            with store_errors(view.lang, "action_restore"):
                new = store().restore(int(chosen), by=who or "analyst", waiting=waiting(line, view.lang))
            st.session_state["restored"] = (chosen, new)
            st.rerun()

if len(saved):
    st.subheader(view.t("weights_history"))
    st.dataframe(saved.assign(created_at=saved["created_at"].map(local_time)), hide_index=True, width="stretch",
                 column_config={"id": "#", "created_at": view.t("hist_saved"), "created_by": view.t("hist_who"),
                                "toml": st.column_config.TextColumn("TOML", width="large"),
                                "current": view.t("current")})
