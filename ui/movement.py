"""The Overview's "what changed" panel: the latest period against the one before (kpi.movement), each line
linking to its partner, a download beside it, and a sentence saying so when nothing moved."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kpi.movement import compared_periods, what_changed
from kpi.views import fmt, running
from ui.shell import View, partner_url, plain


def _sentence(view: View, line: dict, latest: str) -> str:
    number = lambda value, signed=False: fmt(value, view.lang, signed=signed)  # noqa: E731
    kind = line["kind"]
    if kind == "habit_fell":
        return view.t("wc_habit_fell", habit=view.t(line["habit"]), count=int(line["count"]), of=int(line["of"]),
                      change=number(line["change"], signed=True))
    link = f"[{plain(line['partner'])}]({partner_url(view, line['partner_key'], latest)})"
    if kind == "moved":
        return view.t("wc_moved_up" if line["change"] > 0 else "wc_moved_down", partner=link,
                      before=number(line["before"]), now=number(line["now"]), change=number(abs(line["change"])))
    if kind == "new_overpromise":
        return view.t("wc_new_overpromise", partner=link, gap=number(line["now"], True),
                      before="—" if pd.isna(line["before"]) else number(line["before"], True))
    if kind == "new_blind_spot":
        return view.t("wc_new_blind_spot", partner=link, habit=view.t(line["habit"]), gap=number(line["now"], True))
    return view.t("wc_fewer_reviews", partner=link, before=int(line["before"]), now=int(line["now"]))


def _panel(view: View) -> tuple | None:
    # What the panel shows, computed once per view: the periods, the sentences in order and the download.
    periods = compared_periods(view.table)
    if periods is None:
        return None
    before, latest = periods
    lines = what_changed(view.table, view.settings)
    order = ["moved", "new_overpromise", "new_blind_spot", "habit_fell", "fewer_reviews"]
    sentences = [_sentence(view, line, latest) for kind in order
                 for line in lines[lines["kind"] == kind].to_dict("records")]
    shown = lines.assign(kind=[view.t("wc_kind_" + k) for k in lines["kind"]],
                         habit=[view.t(h) if h else "" for h in lines["habit"]]).drop(columns="partner_key")
    return before, latest, sentences, shown


def what_changed_panel(view: View) -> None:
    panel = view.kept("what_changed", lambda: _panel(view))
    if panel is None:
        return
    before, latest, sentences, shown = panel
    with st.container(border=True):
        st.subheader(view.t("wc_title", latest=latest, before=before))
        if running(latest, view.as_of, view.settings["period"]):
            st.caption(view.t("wc_running", latest=latest, last=f"{pd.Timestamp(view.as_of):%Y-%m-%d}"))
        if shown.empty:
            st.caption(view.t("wc_nothing", before=before, n=f"{view.settings['thresholds.change_flag']:g}"))
            return
        for sentence in sentences:
            st.markdown("- " + sentence)
        st.download_button(view.t("wc_download"), data=lambda: view.csv(shown),
                           file_name=f"what_changed_{before}_{latest}.csv", mime="text/csv", on_click="ignore",
                           key="dl_what_changed")
