from pathlib import Path

import pandas as pd
import streamlit as st

from kpi.errors import ConfigError
from kpi.settings import SCORE_COMPONENTS
from ui.data import published_settings, store
from ui.errors import store_errors
from ui.shell import current

view = current()
st.title(view.t("method_title"))

st.subheader(view.t("weights_in_force"))
st.caption(view.t("whatif_caption"))
weights = view.settings
with st.form("whatif_form"):
    columns = st.columns(len(SCORE_COMPONENTS))
    chosen = {}
    for column, (score, components) in zip(columns, SCORE_COMPONENTS.items()):
        column.markdown("**" + view.t(score) + "**")
        for component in components:
            name = f"weights.{score}.{component}"
            chosen[name] = column.number_input(view.t(component), min_value=0.0, max_value=10.0, step=0.05,
                                               value=float(weights[name]), key=f"w_{name}", format="%.2f")
    who = st.text_input(view.t("your_name"), key="weights_saver") if view.analyst else ""
    apply = st.form_submit_button(view.t("apply_whatif"), type="primary", key="apply_whatif")
    save = st.form_submit_button(view.t("save_weights"), disabled=not view.analyst, key="save_weights")
if apply or save:
    try:
        with store_errors(view.lang, "action_read"):
            candidate = published_settings().with_values(chosen)
    except ConfigError:
        st.error(view.t("bad_weights"))
    else:
        if save and view.analyst:
            with store_errors(view.lang, "action_save_settings"), st.spinner(view.t("saving")):
                store().save_settings(candidate, by=who or "analyst")
            st.session_state.pop("whatif", None)
            st.session_state["weights_saved"] = True
        else:
            st.session_state["whatif"] = chosen
        st.rerun()
if st.session_state.pop("weights_saved", False):
    st.success(view.t("weights_saved"))
if st.session_state.get("whatif") and st.button(view.t("reset_whatif")):
    st.session_state.pop("whatif")
    st.rerun()

table = pd.DataFrame([{"score": view.t(s), "component": view.t(c), "key": c, "weight": view.settings.weights(s)[c]}
                      for s, comps in SCORE_COMPONENTS.items() for c in comps])
st.dataframe(table, hide_index=True, width="stretch")

doc = Path(__file__).resolve().parents[1] / "docs" / ("methodology.fr.md" if view.lang == "fr" else "methodology.md")
if doc.exists():
    st.markdown(doc.read_text(encoding="utf-8"))
