"""AppTest: the pages read right the first time (issue 9, "Reading it right").

The sample's data stops on 2026-10-29, inside 2026-H2; Studio Quartz has no questionnaire in 2026-H2;
Northwind Media's delivery gap in 2026-H1 is +23.1 (overpromise at the default ±10).
"""

import json

import pandas as pd
import pyarrow as pa
import pytest

from kpi import views
from tests.test_app import app, db  # noqa: F401  (db is a fixture)
from tests.test_app import texts as markdown_texts

RUNNING = "2026-H2, to 29 Oct"


def texts(at) -> str:
    """The page's texts as read: markdown escapes (`2026\\-H2` in a chart's title) removed."""
    return markdown_texts(at).replace("\\", "")


def chart_data(chart) -> pd.DataFrame:
    """The rows a Vega-Lite chart element was given (all its datasets, one frame)."""
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets]
    return pd.concat(frames, ignore_index=True)


def layers(chart) -> list[dict]:
    spec = json.loads(chart.proto.spec)
    return spec.get("layer", [spec])


@pytest.mark.parametrize("period, as_of, kind, lang, shown", [
    ("2026-H2", "2026-10-29 09:30", "half", "en", RUNNING),
    ("2026-H2", "2026-10-29", "half", "fr", "2026-H2, jusqu'au 29 oct."),
    ("2026-Q4", "2026-10-29", "quarter", "en", "2026-Q4, to 29 Oct"),
    ("2026-H1", "2026-10-29", "half", "en", "2026-H1"),  # over
    ("2026-H2", "2026-12-31 18:00", "half", "en", "2026-H2"),  # the data reaches its last day
])
def test_a_running_period_says_where_its_data_stops(period, as_of, kind, lang, shown):
    assert views.period_text(period, pd.Timestamp(as_of), kind, lang) == shown
    assert views.running(period, pd.Timestamp(as_of), kind) == (shown != period)


def test_the_default_period_is_labelled_as_running_on_every_page(db):
    at = app()
    assert RUNNING in at.caption[0].value or any(RUNNING in c.value for c in at.caption)
    assert f"Scores by partner and habit, {RUNNING}" in texts(at)
    assert at.selectbox(key="period").placeholder == RUNNING
    assert any("2026-H2 is not over: the data stops on 2026-10-29" in c.value for c in at.sidebar.caption)
    assert f"{RUNNING} ·" in texts(app("pages/partner.py", partner="Northwind Media"))
    gaps = texts(app("pages/gaps.py"))
    assert f"Delivery: partner self-view vs client view, {RUNNING}" in gaps
    assert f"importance–performance · {RUNNING}" in gaps
    assert "2026-H2, jusqu'au 29 oct." in texts(app(lang="Français"))
    finished = texts(app(period="2025-H2"))
    assert "2025-H2, to" not in finished and "Scores by partner and habit, 2025-H2" in finished


def test_a_partner_without_questionnaires_is_shown_apart_and_never_ranked(db):
    at = app()
    surveyed, unsurveyed = at.get("vega_lite_chart")[:2]
    assert "Studio Quartz" not in set(chart_data(surveyed)["partner"])
    assert set(chart_data(unsurveyed)["partner"]) == {"Studio Quartz"}
    shown = texts(at)
    assert "Not surveyed in 2026-H2, to 29 Oct" in shown
    assert "their scores rest on meeting components alone, so they are not ranked" in shown


def test_the_change_figures_under_each_score_are_explained(db):
    at = app()
    assert "Under each score, in small type: its change since the partner's previous period" in texts(at)
    tooltips = [t["title"] for layer in layers(at.get("vega_lite_chart")[0]) for t in layer["encoding"]["tooltip"]]
    assert "Change since the previous period" in tooltips


def test_the_heatmap_tooltip_says_yes_or_no_for_low_confidence(db):
    data = chart_data(app().get("vega_lite_chart")[0])
    assert set(data["confidence"]) <= {"yes", "no"}
    assert (data["confidence"] == "yes").tolist() == data["low_confidence"].tolist()
    french = chart_data(app(lang="Français").get("vega_lite_chart")[0])
    assert set(french["confidence"]) <= {"oui", "non"}


def test_the_partner_page_flags_the_delivery_gap(db):
    at = app("pages/partner.py", partner="Northwind Media", period="2026-H1")
    card = next(m for m in at.metric if m.label == "Delivery gap")
    assert (card.value, card.delta) == ("+23.1", "Overpromise / underdeliver")
    kestrel = app("pages/partner.py", partner="Kestrel PR", period="2026-H2")
    card = next(m for m in kestrel.metric if m.label == "Delivery gap")
    assert (card.value, card.delta) == ("-21.5", "Underpromise / overdeliver")
    atelier = app("pages/partner.py", partner="Atelier Nova", period="2026-H2")
    assert next(m for m in atelier.metric if m.label == "Delivery gap").delta == "within ±10"


def test_an_unknown_partner_in_a_link_is_named_with_what_is_shown_instead(db):
    at = app("pages/partner.py", partner="Nobody Inc")
    notices = [w.value for w in at.warning]
    assert any("“Nobody Inc”, which is not in the data: showing Agence Lumière (the first partner) instead" in n
               for n in notices), notices
    assert at.title[0].value == "Agence Lumière"
    overview = [w.value for w in app(partner="Nobody Inc").warning]
    assert any("“Nobody Inc”" in n and "showing all partners instead" in n for n in overview), overview


def test_an_unknown_period_in_a_link_is_named_with_what_is_shown_instead(db):
    notices = [w.value.replace("\\", "") for w in app(period="2031-H1").warning]
    assert any("“2031-H1”, which has no data: showing 2026-H2, to 29 Oct (the latest) instead" in n
               for n in notices), notices
    french = [w.value.replace("\\", "") for w in app("pages/partner.py", partner="Kestrel PR", period="1999-H1",
                                                       lang="Français").warning]
    assert any("« 1999-H1 »" in n and "2026-H2, jusqu'au 29 oct." in n for n in french), french
    assert not [w.value for w in app(period="2025-H1", partner="Kestrel PR").warning if "link" in w.value]

