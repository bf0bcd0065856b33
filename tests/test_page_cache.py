"""What viewer pages share across sessions (ui.data.kept, View.key, chart specs): never stale, never mixed up."""

from pathlib import Path

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from kpi.settings import Settings
from kpi.store import Store
from tests.test_app import app, db  # noqa: F401  (db is a fixture)
from tests.test_app_publishing import publish, waves

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
NORTHWIND = {"partner": "Northwind Media", "period": "2025-H2"}


def chart_data(chart) -> pd.DataFrame:
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets]
    return pd.concat(frames, ignore_index=True)


def charts(at) -> list:
    return list(at.get("vega_lite_chart"))


def _both_ways():
    import altair as alt
    import pandas as pd
    import streamlit as st

    from kpi import charts
    from ui.charts import show, spec

    line = alt.Chart(pd.DataFrame({"x": [1, 2, 3], "y": [0.5, 1.25, 2.0]})).mark_line(point=True).encode(
        x="x:Q", y=alt.Y("y:Q", title=None), tooltip=["x:Q", "y:Q"])
    rule = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(strokeDash=[4, 4]).encode(y="y:Q")
    chart = charts.localized(alt.layer(line, rule).properties(height=120), "fr")
    st.altair_chart(chart, width="stretch", height=120 + 130)
    show(spec(chart))


def test_a_chart_drawn_from_its_spec_is_the_element_altair_chart_draws():
    at = AppTest.from_function(_both_ways, default_timeout=60).run()
    assert not at.exception, at.exception
    direct, from_spec = (chart.proto for chart in charts(at))
    assert from_spec.spec == direct.spec
    assert [(d.name, d.data.data) for d in from_spec.datasets] == [(d.name, d.data.data) for d in direct.datasets]
    assert from_spec.theme == direct.theme


def test_a_newer_version_is_shown_not_the_views_cached_for_the_last(db):
    files = waves()
    publish(db, {"reviews_2025.csv": files["reviews_2025.csv"]})
    first = app("pages/partner.py", **NORTHWIND)
    assert not first.exception, first.exception
    trend = chart_data(charts(first)[1])
    assert trend["period"].max() == "2025-H2"
    publish(db, {"reviews_2026.csv": files["reviews_2026.csv"]})
    second = app("pages/partner.py", **NORTHWIND)  # the same URL: only the version differs
    assert not second.exception, second.exception
    assert chart_data(charts(second)[1])["period"].max() > "2025-H2"


def test_filters_language_and_settings_each_get_their_own_views(db):
    publish(db, {"reviews.csv": (SAMPLE / "reviews.csv").read_bytes()})

    def heatmap(**params) -> pd.DataFrame:
        at = app(**params)
        assert not at.exception, at.exception
        return chart_data(charts(at)[0])

    h2 = heatmap(period="2025-H2")
    h1 = heatmap(period="2025-H1")
    assert not h2.equals(h1)
    assert heatmap(period="2025-H2").equals(h2)  # the same view again: the same rows
    french = heatmap(period="2025-H2", lang="Français")
    assert set(french["habit_label"]) != set(h2["habit_label"])
    assert set(h2["habit_label"]) >= {"Informed", "Overall"}

    partner = app("pages/partner.py", **NORTHWIND)
    other = app("pages/partner.py", partner="Blue Fjord Digital", period="2025-H2")
    assert partner.title[0].value != other.title[0].value
    assert not chart_data(charts(partner)[0]).equals(chart_data(charts(other)[0]))

    gaps = app("pages/gaps.py", period="2025-H2")
    flagged = gaps.dataframe[0].value
    Store(db).save_settings(Settings({"thresholds.delivery_gap_flag": 1.0}), by="ana")
    stricter = app("pages/gaps.py", period="2025-H2").dataframe[0].value
    assert (stricter["gap_flag"] != "").sum() > (flagged["gap_flag"] != "").sum()


def test_a_view_is_computed_once_for_every_session_and_once_per_key():
    from ui.data import kept

    calls = []

    def compute(value):
        calls.append(value)
        return {"value": value}

    first = kept(("v1", "a", "test"), lambda: compute(1))
    assert kept(("v1", "a", "test"), lambda: compute(2)) is first  # shared, not copied
    assert kept(("v2", "a", "test"), lambda: compute(3)) == {"value": 3}
    assert calls == [1, 3]


def test_the_server_runs_no_full_garbage_collection_after_each_page_run():
    # Streamlit's default collects the whole heap after every script run (`runner.postScriptGC`): about 0.1 s a
    # run over what a server keeps, more than a viewer's page. The project's config turns it off.
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
