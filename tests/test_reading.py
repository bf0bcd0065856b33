"""Real browser: the pages a leader reads (Overview, a shared partner link, Gaps), in English and French, at 1024,
1400 and 1920 px wide, show every chart label, legend and table column whole, with French number and date
formats (issue 9, "Reading it right").

One `streamlit run app.py` for the module on the bundled sample (nothing published; an analyst passcode is set,
so the browser is a viewer who only got links). Screenshots go to /tmp/kpi-reading-screens/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.servers import clean_env, streamlit_app, wait_idle
from tests.test_browser import browser, grid  # noqa: F401  (browser: chromium, one per module)

SCREENS = Path("/tmp/kpi-reading-screens")
WIDTHS = (1024, 1400, 1920)
PAGES = {"overview": "/", "partner": "/partner?partner=Northwind+Media", "gaps": "/gaps"}
LANGS = {"en": "English", "fr": "Fran%C3%A7ais"}
HABITS = {"en": ["Informed", "Involved", "Inspired", "Interconnected", "Improving", "Overall"],
          "fr": ["Informés", "Impliqués", "Inspirés", "Interconnectés", "En progrès", "Global"]}

expect.set_options(timeout=30_000)

# Every text Vega drew in each chart (SVG renderer), with whether it lies whole inside the chart's element
# and, for a label Vega shortened, its ellipsis.
CHART_TEXTS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(chart => {
    const box = (chart.closest('[data-testid="stElementContainer"]') || chart).getBoundingClientRect();
    return [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim()).map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, lines: [...t.querySelectorAll('tspan')].map(s => s.textContent),
                inside: r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1
                        && r.bottom <= box.bottom + 1,
                where: [Math.round(r.left), Math.round(r.right), Math.round(box.left), Math.round(box.right),
                        Math.round(r.top), Math.round(r.bottom), Math.round(box.top), Math.round(box.bottom)]};
    });
})"""
# Streamlit texts that cut themselves with an ellipsis (metric labels and deltas), and a page's first table (the
# delivery gaps, a partner's components) scrolling sideways: a column out of sight.
CUT_ELEMENTS = """() => [
    ...[...document.querySelectorAll('[data-testid="stMetricLabel"] p, [data-testid="stMetricDelta"] div')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => 'metric: ' + e.textContent),
    ...[...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')].slice(0, 1)
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => 'first table wider than its frame'),
]"""
# Tables paint their cells on a canvas (their accessible copy holds the raw values): record what is painted.
RECORD_PAINTED_TEXT = """
window.__painted = new Set();
for (const kind of [window.CanvasRenderingContext2D, window.OffscreenCanvasRenderingContext2D]) {
    if (!kind) continue;
    const fillText = kind.prototype.fillText;
    kind.prototype.fillText = function (text, ...rest) {
        window.__painted.add(String(text));
        return fillText.call(this, text, ...rest);
    };
}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reading")
    env = clean_env(KPI_DATABASE_URL=f"sqlite:///{tmp / 'kpi.sqlite'}", KPI_ANALYST_PASSCODE="reading-test-passcode")
    with streamlit_app(env, tmp / "server.log") as port:
        yield f"http://127.0.0.1:{port}"


def open_page(browser, url: str, width: int, height: int = 2400):
    """A fresh viewer's tab at `width` px (tall enough that the whole page is laid out), the page loaded."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(RECORD_PAINTED_TEXT)
    page = context.new_page()
    page.goto(url)
    wait_idle(page)
    expect(page.get_by_test_id("stVegaLiteChart").first.locator("svg text").first).to_be_attached()
    page.wait_for_timeout(800)  # Vega lays out again once the element has its final width
    return context, page


def painted_texts(page) -> set[str]:
    page.wait_for_timeout(500)
    return set(page.evaluate("() => [...window.__painted]"))


def sep(path: str) -> str:
    return "&" if "?" in path else "?"


@pytest.mark.parametrize("width", WIDTHS)
def test_no_chart_label_legend_or_column_is_cut(server, browser, width):
    SCREENS.mkdir(exist_ok=True)
    problems = []
    for lang, lang_param in LANGS.items():
        for name, path in PAGES.items():
            context, page = open_page(browser, f"{server}{path}{sep(path)}lang={lang_param}", width)
            try:
                page.screenshot(path=str(SCREENS / f"{name}_{lang}_{width}.png"), full_page=True)
                charts = page.evaluate(CHART_TEXTS)
                for index, texts in enumerate(charts):
                    problems += [f"{name} {lang} {width}px chart {index}: “{t['text']}” cut {t['where']}"
                                 for t in texts if not t["inside"] or t["text"].endswith("…")]
                # At 1024 px (sidebar open) a table wider than the page scrolls sideways, as Streamlit's tables do;
                # from 1400 px on, every column of the first table is in sight.
                problems += [f"{name} {lang} {width}px {what}" for what in page.evaluate(CUT_ELEMENTS)
                             if width >= 1400 or not what.startswith("first table")]
                if name == "overview":
                    # Vega drops axis labels that would touch: every habit must be named over the heatmap.
                    drawn = {t["text"] for t in charts[0]} | {line for t in charts[0] for line in t["lines"]}
                    words = {word for habit in HABITS[lang] for word in habit.split()}
                    missing = words - drawn
                    problems += [f"overview {lang} {width}px heatmap lacks the label {m}" for m in sorted(missing)]
                if name == "partner":
                    legend = {t["text"] for t in charts[1]}  # scores over time: one line per habit
                    problems += [f"partner {lang} {width}px trend legend lacks {h}" for h in HABITS[lang]
                                 if h not in legend]
            finally:
                context.close()
    assert not problems, "\n".join(problems)


def test_french_numbers_dates_and_values(server, browser):
    context, page = open_page(browser, f"{server}/partner?partner=Northwind+Media&lang=Fran%C3%A7ais", 1400)
    try:
        charts = page.evaluate(CHART_TEXTS)
        timeline = {t["text"] for t in charts[-1]}
        assert {"avril", "juillet", "octobre"} <= timeline, timeline
        assert not {"April", "July", "October"} & timeline
        painted = painted_texts(page)
        assert {"0,70", "0,30"} <= painted and not {"0.70", "0.30"} & painted  # the components' weights
        tables = page.get_by_test_id("stDataFrame")
        comments = next(rows for rows in (grid(tables.nth(i)) for i in range(tables.count())) if "Côté" in rows[0])
        assert {row["Côté"] for row in comments} <= {"client", "agence"}, comments
    finally:
        context.close()
    context, page = open_page(browser, f"{server}/gaps?lang=Fran%C3%A7ais", 1400)
    try:
        dumbbell = {t["text"] for t in page.evaluate(CHART_TEXTS)[0]}
        assert "+35,2" in dumbbell and "+35.2" not in dumbbell
        painted = painted_texts(page)
        assert {"+35,2", "81,0", "45,8"} <= painted and "+35.2" not in painted  # the delivery-gap table
    finally:
        context.close()


def test_blank_cells_are_empty_not_none(server, browser):
    context, page = open_page(browser, f"{server}/", 1920)
    try:
        page.get_by_text("Table and download").click()
        wait_idle(page)
        rows = grid(page.get_by_test_id("stDataFrame").first)
        studio = next(row for row in rows if row["Partner"] == "Studio Quartz")
        assert studio["Delivery gap"] == ""  # blank in the data: the cell must look blank too
        assert "83.3" in painted_texts(page) and "None" not in painted_texts(page)
    finally:
        context.close()
