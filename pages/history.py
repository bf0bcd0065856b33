import streamlit as st

from ui.data import store
from ui.shell import current

view = current()
st.title(view.t("history_title"))
if not view.analyst:
    st.error(view.t("viewer_gate"))
    st.stop()

versions = store().versions()
if versions.empty:
    st.info(view.t("no_versions"))
    st.stop()

st.dataframe(versions.assign(files=versions["files"].map(", ".join)), hide_index=True, width="stretch",
             column_config={"id": view.t("version"), "current": view.t("current")})
if "restored" in st.session_state:
    old, new = st.session_state.pop("restored")
    st.success(view.t("restored", version=old, new=new))
older = versions.loc[~versions["current"], "id"].tolist()
if older:
    chosen = st.selectbox(view.t("version"), older, key="restore_choice")
    if st.button(view.t("restore", version=chosen), key="restore"):
        who = st.session_state.get("publisher") or "analyst"
        st.session_state["restored"] = (chosen, store().restore(int(chosen), by=who))
        st.rerun()
