import streamlit as st

from ui.data import store
from ui.shell import current, require_analyst

view = current()
st.title(view.t("history_title"))
require_analyst(view)

versions = store().versions()
if versions.empty:
    st.info(view.t("no_versions"))
else:
    st.dataframe(versions.assign(files=versions["files"].map(", ".join)), hide_index=True, width="stretch",
                 column_config={"id": view.t("version"), "current": view.t("current")})
    if "restored" in st.session_state:
        old, new = st.session_state.pop("restored")
        st.success(view.t("restored", version=old, new=new))
    older = versions.loc[~versions["current"], "id"].tolist()
    if older:
        chosen = st.selectbox(view.t("version"), older, key="restore_choice")
        who = st.text_input(view.t("your_name"), key="restorer")
        if st.button(view.t("restore", version=chosen), key="restore"):
            st.session_state["restored"] = (chosen, store().restore(int(chosen), by=who or "analyst"))
            st.rerun()

saved = store().settings_history()
if len(saved):
    st.subheader(view.t("weights_history"))
    st.dataframe(saved, hide_index=True, width="stretch",
                 column_config={"toml": st.column_config.TextColumn("TOML", width="large"),
                                "current": view.t("current")})
