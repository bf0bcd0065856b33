"""Drawing the dashboard's charts (kpi.charts) on a page: once converted as Streamlit sends them (`spec`), by any
number of sessions (`show`)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import altair as alt
import streamlit as st

from ui.shell import plain


@dataclass(frozen=True)
class Spec:
    """A chart as Streamlit sends it: the Vega-Lite spec as JSON text, its data as Arrow bytes by dataset name.
    Built once (`spec`) and drawn by any number of sessions (`show`), since building an Altair chart and
    converting it take far longer than a page run."""

    json: str
    datasets: tuple[tuple[str, bytes], ...]
    height: int | None


def spec(chart: alt.TopLevelMixin) -> Spec:
    """The chart converted as `st.altair_chart` converts it (the theme in force; the data as Arrow)."""
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    converted = _convert_altair_to_vega_lite_spec(chart)
    datasets = converted.pop("datasets", {})
    if any(not isinstance(data, bytes) for data in datasets.values()):  # only tables are expected
        raise TypeError("a chart dataset that is not a table")
    height = chart.height if isinstance(getattr(chart, "height", None), int) else None
    return Spec(json.dumps(converted), tuple(datasets.items()), height)


def show(chart: alt.TopLevelMixin | Spec, container=None, title: str | None = None, room: int = 130, **options):
    """Draw a chart full width: the element is the plot's height plus `room` for its axes and legends (Streamlit
    fits the whole chart in the element, so a legend with more rows needs more room or is cut).

    The title is Streamlit text above the chart, not a Vega title: Vega cuts a title longer than the chart
    ("…dans le te…") where Streamlit's text wraps. A `Spec` (built once, cached) draws the same element as
    its chart would."""
    where = container or st
    if title:
        where.markdown(f"**{plain(title)}**")
    if isinstance(chart, Spec):
        # A fresh dict each time: Streamlit patches the spec it is given in place.
        drawn = {**json.loads(chart.json), "datasets": dict(chart.datasets)}
        return where.vega_lite_chart(drawn, width="stretch", height=(chart.height or 300) + room, **options)
    plot = chart.height if isinstance(getattr(chart, "height", None), int) else 300
    return where.altair_chart(chart, width="stretch", height=plot + room, **options)


