"""The Upload page's meeting-type rules for calendars (METHODOLOGY §9: categories, then subject, by keywords):
the rules in force as editable lists, a preview of what an edit changes on the calendars uploaded (how many
events of each type, and which events change type), and saving the edit as the published settings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi.contracts.schema import fold
from kpi.ingest.calendars import is_calendar, keyword_rules, mapped_type, meeting_type
from kpi.settings import MEETING_KEYWORDS
from ui.errors import store_errors
from ui.shell import View


def _events(data) -> pd.DataFrame:
    """The meetings the calendars gave (occurrences kept: not cancelled, all-day, future, unmatched or
    rejected): file, row, subject, categories, and the type the mapping gives their categories (blank: none)."""
    import numpy as np

    frames = []
    for load in data.loads:
        raw = load.raw
        if raw is None or not is_calendar(raw) or not len(raw.frame) or "categories" not in raw.headers:
            continue
        column = {name: i for i, name in enumerate(raw.headers)}
        left_out = np.concatenate([np.asarray(load.rejected, dtype="int64"),
                                   *[np.asarray(p, dtype="int64") for p in (load.dropped or {}).values()]])
        kept = np.setdiff1d(np.arange(len(raw.frame)), left_out)
        frame = raw.frame.iloc[kept]
        mapped = {fold(k): v for k, v in (raw.mapping.categories if raw.mapping else {}).items() if v}
        categories = frame[column["categories"]].fillna("").astype(str)
        frames.append(pd.DataFrame({
            "file": raw.where, "row": raw.rows.to_numpy()[kept],
            "subject": frame[column["notes"]].fillna("").astype(str), "categories": categories,
            "mapped": [mapped_type(c, mapped) or "" for c in categories],  # the mapping's category types go first
        }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _typed(events: pd.DataFrame, settings) -> pd.Series:
    rules = keyword_rules(settings)
    return pd.Series([m or meeting_type(c, s, rules) for c, s, m in
                      zip(events["categories"], events["subject"], events["mapped"])], index=events.index,
                     dtype="object")


def keyword_rules_section(view: View, data) -> None:
    """Shown when the upload holds a calendar; analysts only (the page is theirs)."""
    from ui.data import published_settings, store

    if st.session_state.pop("kw_saved", False):
        st.success(view.t("kw_saved"), icon=":material/check:")
    events = _events(data)
    if events.empty:
        return
    with st.expander(view.t("kw_title"), icon=":material/category:", key="kw_rules"):
        st.caption(view.t("kw_caption"))
        edited = {}
        for kind in MEETING_KEYWORDS:
            name = f"calendar.keywords.{kind}"
            text = st.text_input(view.t(f"mt_{kind}"), value=", ".join(view.settings[name]), key=f"kw_{kind}")
            edited[name] = tuple(word.strip() for word in text.split(",") if word.strip())
        candidate = view.settings.with_values(edited)
        now, then = _typed(events, view.settings), _typed(events, candidate)
        kinds = [*MEETING_KEYWORDS, "other"]
        counts = pd.DataFrame({view.t("kw_type"): [view.t(f"mt_{k}") for k in kinds],
                               view.t("kw_now"): [int((now == k).sum()) for k in kinds],
                               view.t("kw_edited"): [int((then == k).sum()) for k in kinds]})
        st.dataframe(counts, hide_index=True)
        changed = events.assign(now=now.map(lambda k: view.t(f"mt_{k}")), then=then.map(lambda k: view.t(f"mt_{k}")))
        changed = changed[now != then].drop(columns="mapped")
        if changed.empty:
            st.caption(view.t("kw_no_change"))
            return
        st.warning(view.t("kw_changes", n=len(changed)), icon=":material/swap_horiz:")
        st.dataframe(changed.rename(columns={"file": view.t("file"), "row": view.t("row"),
                                             "subject": view.t("kw_subject"), "categories": view.t("kw_categories"),
                                             "now": view.t("kw_now"), "then": view.t("kw_edited")}),
                     hide_index=True)
        who = st.text_input(view.t("your_name"), key="kw_saver")
        if st.button(view.t("kw_save"), key="kw_save", type="primary"):
            with store_errors(view.lang, "action_save_settings"), st.spinner(view.t("saving")):
                store().save_settings(published_settings().with_values(edited), by=who or "analyst")
            st.session_state["kw_saved"] = True
            st.rerun()
