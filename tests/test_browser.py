"""Real browser, real server: empty store → analyst uploads and publishes → viewer opens a shared link.

One `streamlit run app.py` per module (temporary SQLite store, analyst passcode set so roles are
enforced), driven by Debian's chromium through playwright. The tests run in file order and share
the server: the analyst's publish (test 2) is what the export and the viewer see afterwards.
Expected numbers come from the package itself (`kpi.ingest.files` → `kpi.validate.dataset` → `kpi.scoring`) on the
same files the analyst uploads, i.e. what `python -m kpi score` prints.
"""

from __future__ import annotations

import io
import re
import urllib.request
from urllib.parse import parse_qs, urlparse
from pathlib import Path

import pandas as pd
import pytest

from playwright import sync_api
from playwright.sync_api import expect

from kpi.ingest.files import Source
from kpi.scoring import score_table, scores_csv_frame
from kpi.validate.dataset import load
from tests.servers import CHROMIUM, ROOT, clean_env, require_chromium, streamlit_app, wait_idle

SAMPLE = ROOT / "data" / "sample"
UPLOADS = [SAMPLE / "partnership_sample.xlsx", SAMPLE / "fr" / "revues_fr.csv", SAMPLE / "fr" / "reunions_fr.csv"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PASSCODE = "browser-test-passcode"
SHARED = "/partner?partner=Northwind+Media&period=2025-H2"
BANNER = re.compile(r"SAMPLE DATA: nothing has been published yet")  # case-sensitive, the banner only
HABIT_LABELS = {"informed": "Informed", "involved": "Involved", "inspired": "Inspired",
                "interconnected": "Interconnected", "improving": "Improving", "overall": "Overall"}

expect.set_options(timeout=30_000)


# -- the server and the browser ------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run app.py` on a free port and an empty temporary store; yields (base URL, log path)."""
    tmp = tmp_path_factory.mktemp("browser")
    env = clean_env(KPI_DATABASE_URL=f"sqlite:///{tmp / 'kpi.sqlite'}", KPI_ANALYST_PASSCODE=PASSCODE)
    log = tmp / "server.log"
    with streamlit_app(env, log) as port:
        yield f"http://127.0.0.1:{port}", log


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser):
    """A fresh browser context (its own cookies, its own Streamlit session) and one page in it."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    return context, context.new_page()


@pytest.fixture(scope="module")
def analyst(browser):
    """Browser context A: the analyst's tab, kept across tests (signing in lives in its session)."""
    context, page = _new_page(browser)
    yield page
    context.close()


@pytest.fixture(scope="module")
def viewer(browser):
    """Browser context B: a colleague who only got a link, never signs in."""
    context, page = _new_page(browser)
    yield page
    context.close()


@pytest.fixture(scope="module")
def expected():
    """What the CLI path gives on the files the analyst uploads: the dataset and the rounded CSV frame."""
    data = load([Source.from_path(path) for path in UPLOADS])
    table = score_table(data.reviews, data.meetings, data.questions)
    return data, scores_csv_frame(table)


# -- helpers -------------------------------------------------------------------------------------

def open_url(page, base: str, path: str) -> None:
    page.goto(base + path)
    wait_idle(page)


def go_to(page, name: str) -> None:
    """Click a sidebar navigation link (keeps this tab's Streamlit session, unlike page.goto)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    expect(page.get_by_test_id("stSidebarNavLink").filter(has_text=name)).to_have_attribute("aria-current", "page")
    wait_idle(page)


def assert_no_error(page) -> None:
    assert "Traceback" not in page.content()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def nav_links(page) -> list[str]:
    return [text.split("\n")[-1].strip() for text in page.get_by_test_id("stSidebarNavLink").all_inner_texts()]


def grid(frame) -> list[dict[str, str]]:
    """The rows an `st.dataframe` currently draws, as {column header: cell text}.

    The grid paints on a canvas; glide-data-grid keeps an accessible <table role=grid> inside it
    holding the visible cells, which is what we read (so only the rows on screen).
    """
    table = frame.locator("table[role='grid']")
    expect(table.locator("tbody tr").first).to_be_attached()
    rows = table.evaluate("""t => [...t.querySelectorAll('tr')].map(r => ({
        index: Number(r.getAttribute('aria-rowindex')), cells: [...r.children].map(c => c.textContent)}))""")
    header = rows[0]["cells"]
    return [{"_row": row["index"] - 2, **dict(zip(header, row["cells"]))} for row in rows[1:]]


def metrics(page) -> dict[str, str]:
    cards = page.get_by_test_id("stMetric")
    expect(cards).to_have_count(7)  # five habits, overall, delivery gap (in two rows)
    return {cards.nth(i).get_by_test_id("stMetricLabel").inner_text().strip():
            cards.nth(i).get_by_test_id("stMetricValue").inner_text().strip() for i in range(cards.count())}


def expected_row(expected, partner: str, period: str) -> pd.Series:
    frame = expected[1]
    return frame[(frame["partner"] == partner) & (frame["period"] == period)].iloc[0]


# -- 1. nothing published ------------------------------------------------------------------------

def test_empty_store_shows_the_labelled_sample_and_a_heatmap(server, browser):
    base, _ = server
    context, page = _new_page(browser)
    try:
        open_url(page, base, "/")
        expect(page.get_by_test_id("stMain").get_by_text(BANNER)).to_be_visible()
        expect(page.get_by_test_id("stSidebar").get_by_text("Sample data (not published)")).to_be_visible()
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        expect(page.get_by_role("heading", name="Scorecard")).to_be_visible()
        expect(page.get_by_test_id("stSidebar").get_by_text("Viewing", exact=True)).to_be_visible()
        assert_no_error(page)
    finally:
        context.close()


# -- 2. the analyst signs in, uploads three files at once and publishes --------------------------

def test_analyst_uploads_validates_and_publishes(server, analyst, expected):
    base, _ = server
    data, scores = expected
    page = analyst
    open_url(page, base, "/")
    sidebar = page.get_by_test_id("stSidebar")
    assert "Upload" not in nav_links(page)
    sidebar.get_by_text("Analyst sign-in").click()
    sidebar.get_by_label("Analyst passcode").fill(PASSCODE)
    sidebar.get_by_role("button", name="Sign in").click()
    expect(sidebar.get_by_text("Signed in as analyst")).to_be_visible()
    wait_idle(page)
    assert {"Upload", "History"} <= set(nav_links(page))

    go_to(page, "Upload")
    main = page.get_by_test_id("stMain")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(p) for p in UPLOADS])
    expect(main.get_by_role("heading", name="Tables found")).to_be_visible(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)

    found = grid(main.get_by_test_id("stDataFrame").nth(0))
    assert {row["File"].split(" [")[0] for row in found} == {p.name for p in UPLOADS}
    assert {row["Table"] for row in found} == {"reviews", "meetings", "questions"}
    assert all(row["Rejected"] == "0" for row in found)
    n_read, n_dropped = (int(data.summary()[column].sum()) for column in ("rows_read", "dropped"))
    assert n_dropped == len(data.reviews) + len(data.meetings)  # the French files repeat the workbook (§1.6)
    expect(main.get_by_role("heading", name="Validation report")).to_be_visible()
    expect(main.get_by_text(f"All {n_read - n_dropped} rows kept are valid; {n_dropped} left out")).to_be_visible()

    expect(main.get_by_role("heading", name="Preview: the scores this data would give")).to_be_visible()
    preview = grid(main.get_by_test_id("stDataFrame").last)
    assert len(preview) >= 3
    for row in preview:
        want = scores.iloc[row["_row"]]
        assert (row["Partner"], row["Period"]) == (want["partner"], want["period"])  # headers as shown
        for habit, label in HABIT_LABELS.items():
            assert float(row[label]) == pytest.approx(want[habit]), (row, habit)

    main.get_by_role("button", name="Publish", exact=True).click()
    expect(main.get_by_text("Published version 1. Everyone now sees it.")).to_be_visible(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)

    go_to(page, "History")
    versions = grid(page.get_by_test_id("stMain").get_by_test_id("stDataFrame").first)
    assert len(versions) == 1
    assert versions[0]["Version"] == "1"
    assert versions[0]["Added"] == ", ".join(p.name for p in UPLOADS)
    assert versions[0]["Answers"] == str(len(data.reviews))
    assert versions[0]["Meetings"] == str(len(data.meetings))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", versions[0]["Published"])  # no +00:00


# -- 3. the CSV the Export page hands out -------------------------------------------------------

def test_export_csv_download_equals_the_cli_scores(analyst, expected):
    page = analyst
    go_to(page, "Export")
    expect(page.get_by_text(BANNER)).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").click()
    assert download.value.suggested_filename == "partnership_scores.csv"
    body = Path(download.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf"), body[:20]
    got = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig")
    want = expected[1]
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


# -- 4. a viewer opens a copied link ------------------------------------------------------------

def test_viewer_sees_the_published_numbers_for_a_shared_url(server, viewer, expected):
    base, _ = server
    page = viewer
    open_url(page, base, SHARED)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Northwind Media").first).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Viewing", exact=True)).to_be_visible()
    expect(sidebar.get_by_text("Version 1, published")).to_be_visible()
    expect(page.get_by_text(BANNER)).to_have_count(0)
    assert_no_error(page)

    want = expected_row(expected, "Northwind Media", "2025-H2")
    wanted = {label: f"{want[habit]:.1f}" for habit, label in HABIT_LABELS.items()}
    wanted["Delivery gap"] = f"{want['delivery_gap']:+.1f}"
    shown = metrics(page)
    # Northwind Media 2025-H2's delivery gap is exactly 28.25: the CSV says 28.3, so must the card.
    mismatches = {label: (shown.get(label), value) for label, value in wanted.items() if shown.get(label) != value}
    assert not mismatches, f"metric card (shown, CLI): {mismatches}"


def test_viewer_has_no_analyst_pages(server, viewer):
    base, _ = server
    page = viewer
    open_url(page, base, SHARED)
    links = nav_links(page)
    assert {"Overview", "Partner", "Export"} <= set(links)
    assert "Upload" not in links and "History" not in links
    open_url(page, base, "/upload")
    expect(page.get_by_test_id("stMain").get_by_role("heading").first).to_be_visible()
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_have_count(0)
    expect(page.get_by_text("Upload and publish")).to_have_count(0)
    assert_no_error(page)


def test_choosing_a_partner_writes_it_into_the_address_bar(server, viewer, expected):
    base, _ = server
    page = viewer
    open_url(page, base, SHARED)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("combobox", name="Partner", exact=True).click()
    page.get_by_role("option", name="Kestrel PR", exact=True).click()
    expect(page.get_by_test_id("stMain").get_by_role("heading", name="Kestrel PR").first).to_be_visible()
    wait_idle(page)
    assert "partner=Kestrel+PR" in page.url or "partner=Kestrel%20PR" in page.url, page.url
    assert "period=2025-H2" in page.url, page.url
    want = expected_row(expected, "Kestrel PR", "2025-H2")
    assert metrics(page)["Informed"] == f"{want['informed']:.1f}"


# -- 5. the same link in French -----------------------------------------------------------------

def test_the_same_url_in_french(server, viewer, expected):
    base, _ = server
    page = viewer
    open_url(page, base, SHARED + "&lang=Fran%C3%A7ais")
    expect(page.get_by_test_id("stMain").get_by_role("heading", name="Northwind Media").first).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("Consultation", exact=True)).to_be_visible()
    shown = metrics(page)
    want = expected_row(expected, "Northwind Media", "2025-H2")
    assert shown["Informés"] == f"{want['informed']:.1f}".replace(".", ",")  # decimal comma in French
    assert shown["Impliqués"] == f"{want['involved']:.1f}".replace(".", ",")
    assert shown["Global"] == f"{want['overall']:.1f}".replace(".", ",")
    assert "Informed" not in shown
    assert_no_error(page)


# -- 6. one click from a number to its partner; language switches keep the view -----------------

def test_open_a_partner_link_and_heatmap_click(server, viewer, expected):
    base, _ = server
    page = viewer
    open_url(page, base, "/?period=2025-H2")
    with page.context.expect_page() as opened:  # "Open a partner" links open a shareable URL in a new tab
        page.get_by_test_id("stBaseLinkButton-tertiary").filter(has_text="Kestrel PR").click()
    tab = opened.value
    wait_idle(tab)
    expect(tab.get_by_test_id("stMain").get_by_role("heading", name="Kestrel PR").first).to_be_visible()
    assert "/partner?" in tab.url and "partner=Kestrel+PR" in tab.url and "period=2025-H2" in tab.url, tab.url
    assert_no_error(tab)
    tab.close()

    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()  # below the "What changed" panel
    page.wait_for_timeout(800)
    box = chart.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + 150)  # a cell in the first rows
    page.wait_for_url(re.compile(r"/partner\?"), timeout=30_000)
    wait_idle(page)
    clicked = parse_qs(urlparse(page.url).query)["partner"][0]  # the cell's partner, at the same period
    assert clicked in set(expected[1]["partner"]) and "period=2025-H2" in page.url, page.url
    expect(page.get_by_test_id("stMain").get_by_role("heading", name=clicked).first).to_be_visible()
    assert_no_error(page)


def test_switching_language_keeps_the_filters(server, viewer):
    base, _ = server
    page = viewer
    open_url(page, base, "/?period=2025-H2")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("combobox", name="Habit", exact=True).click()
    page.get_by_role("option", name="Inspired", exact=True).click()
    wait_idle(page)
    sidebar.get_by_text("Q1 · Q2 · Q3 · Q4").click()
    wait_idle(page)
    for language in ("Français", "English", "Français"):
        sidebar.get_by_text(language, exact=True).click()
        wait_idle(page)
        assert_no_error(page)
    expect(sidebar.get_by_role("combobox", name="Habitude", exact=True)).to_have_value("Inspirés")
    expect(sidebar.get_by_role("radio", name="Q1 · Q2 · Q3 · Q4")).to_be_checked()
    assert "lang=Fran" in page.url and "habit=Inspir" in page.url, page.url


# -- 7. a survey export with no partner question: the mapping step, then a saved mapping -----------

def test_mapping_step_settles_a_survey_export_once(server, analyst, tmp_path):
    from tests.test_app import qualtrics_without_partner
    from kpi.ingest.mapping import Profile

    page = analyst  # signed in since test 2
    first, second = tmp_path / "survey.csv", tmp_path / "next.csv"
    for path in (first, second):
        path.write_bytes(qualtrics_without_partner())
    go_to(page, "Upload")
    main = page.get_by_test_id("stMain")
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(first))
    section = main.get_by_test_id("stExpander").filter(
        has_text="Mapping of survey.csv (Qualtrics): what could not be guessed")
    expect(section).to_be_visible(timeout=60_000)
    wait_idle(page)
    expect(section.get_by_text("Qualtrics export, 3 header row(s). 9 responses read, 7 kept.")).to_be_visible()
    partner = section.get_by_role("combobox", name="Partner being rated")
    partner.scroll_into_view_if_needed()  # a click that scrolls the page first closes the menu it opens
    wait_idle(page)
    partner.click()
    page.get_by_role("option", name="One partner for the whole file").click()
    wait_idle(page)
    section.get_by_label("Name of that partner").fill("Northwind Media")
    section.get_by_label("Name of that partner").press("Enter")
    wait_idle(page)
    section.get_by_role("button", name="Apply").click()
    done = main.get_by_test_id("stExpander").filter(
        has_text="Mapping of survey.csv (Qualtrics): settled, not saved yet")
    expect(done).to_be_visible(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)

    # Applied but not saved: the section stays open and says that saving spares the next file the questions.
    expect(done.get_by_text("Your answers are applied to this file. Save them")).to_be_visible()
    done.get_by_label("Name of the saved mapping").fill("Qualtrics, one partner")
    done.get_by_label("Name of the saved mapping").press("Enter")
    wait_idle(page)
    done.get_by_role("button", name="Save for files with these columns").click()
    expect(main.get_by_text("Mapping 'Qualtrics, one partner' saved")).to_be_visible(timeout=60_000)
    wait_idle(page)

    page.get_by_test_id("stFileChipDeleteBtn").first.click()  # the same bytes twice would be refused
    wait_idle(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(second))
    expect(main.get_by_test_id("stExpander").filter(
        has_text="Mapping of next.csv (Qualtrics): nothing to settle, the saved mapping 'Qualtrics, one partner' "
                 "was applied")).to_be_visible(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)

    main.get_by_text("Saved mappings: export, import").click()
    wait_idle(page)
    with page.expect_download() as download:
        main.get_by_test_id("stDownloadButton").filter(has_text="Download (TOML)").click()
    saved = Profile.from_toml(Path(download.value.path()).read_text(encoding="utf-8"))
    assert (saved.name, saved.format, saved.mapping.partner) == ("Qualtrics, one partner", "qualtrics",
                                                                "Northwind Media")


# -- 8. the worst hostile files, one after another: a clear error each, and the server keeps serving ------

HOSTILE_UPLOADS = ["far_cell_XFD1048576.xlsx", "zip_bomb.xlsx", "header_100k_columns.csv"]


def test_hostile_uploads_get_a_clear_error_and_the_server_keeps_serving(server, analyst, browser, tmp_path):
    from tests.test_hostile import HOSTILE, make

    base, _ = server
    page = analyst  # signed in since test 2
    go_to(page, "Upload")
    main = page.get_by_test_id("stMain")
    for name in HOSTILE_UPLOADS:
        path = make.make_big(name, tmp_path) if name in make.BIG else HOSTILE / name
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(path))
        expect(main.get_by_text(f"Cannot read {name}: ")).to_be_visible(timeout=60_000)
        wait_idle(page)
        expect(page.get_by_text("Reading the files…")).to_have_count(0)
        assert_no_error(page)
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=5) as response:
            assert response.read().decode().strip() == "ok"
    context, other = _new_page(browser)  # a second session, while the first holds the hostile files
    try:
        open_url(other, base, "/")
        expect(other.get_by_role("heading", name="Scorecard")).to_be_visible()
        expect(other.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        assert_no_error(other)
    finally:
        context.close()


# -- 9. a data set that grows: the 2025 answers, then the 2026 wave added; a tab left open is told ------------

def test_a_second_wave_is_added_and_a_tab_left_open_is_told(server, analyst, browser, tmp_path):
    from tests.test_app_publishing import waves

    base, _ = server
    files = waves()
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    context, tab = _new_page(browser)  # a colleague's tab, left open on a shared link
    try:
        open_url(tab, base, SHARED)
        page = analyst
        go_to(page, "Upload")
        main = page.get_by_test_id("stMain")
        while page.get_by_test_id("stFileChipDeleteBtn").count():  # the files the tests above left there
            page.get_by_test_id("stFileChipDeleteBtn").first.click()
            wait_idle(page)
        # A fresh start: the files published so far removed, the 2025 answers added, in one publish.
        main.get_by_role("combobox", name="Remove from the data set").click()
        for upload in UPLOADS:
            page.get_by_role("option", name=upload.name, exact=True).click()
            wait_idle(page)
        page.keyboard.press("Escape")
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(tmp_path / "reviews_2025.csv"))
        expect(main.get_by_text("it adds reviews_2025.csv; removes partnership_sample.xlsx")).to_be_visible(
            timeout=60_000)
        wait_idle(page)
        main.get_by_role("button", name="Publish", exact=True).click()
        expect(main.get_by_text(re.compile(r"Published version (\d+)\. Everyone now sees it\. Version \1 adds "
                                           r"reviews_2025\.csv; removes"))).to_be_visible(timeout=60_000)
        wait_idle(page)

        # The 2026 wave, added to it; the 2025 file again is refused before it is read.
        page.get_by_test_id("stFileChipDeleteBtn").first.click()
        wait_idle(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(
            [str(tmp_path / "reviews_2026.csv"), str(tmp_path / "reviews_2025.csv")])
        expect(main.get_by_text("reviews_2025.csv is refused: this very file is already published")).to_be_visible(
            timeout=60_000)
        expect(main.get_by_text(re.compile(r"it adds reviews_2026\.csv\. The data set goes from \d+ answers and "
                                           r"0 meetings to \d+ answers"))).to_be_visible(timeout=60_000)
        wait_idle(page)
        assert_no_error(page)
        main.get_by_role("button", name="Publish", exact=True).click()
        done = main.get_by_text(re.compile(r"Published version (\d+)\. Everyone now sees it\. Version \1 adds "
                                           r"reviews_2026\.csv;"))
        expect(done).to_be_visible(timeout=60_000)
        newest = re.search(r"version (\d+)", done.inner_text()).group(1)
        wait_idle(page)

        go_to(page, "History")
        versions = grid(page.get_by_test_id("stMain").get_by_test_id("stDataFrame").first)
        assert (versions[0]["Version"], versions[0]["Added"], versions[0]["Removed"]) == (
            newest, "reviews_2026.csv", "")
        assert versions[1]["Added"] == "reviews_2025.csv"
        assert versions[1]["Removed"] == ", ".join(p.name for p in UPLOADS)
        go_to(page, "Export")
        with page.expect_download() as download:
            page.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").click()
        got = pd.read_csv(download.value.path(), encoding="utf-8-sig")
        data = load([Source(name, content) for name, content in files.items()])
        pd.testing.assert_frame_equal(got, scores_csv_frame(score_table(data.reviews, None, data.questions)),
                                      check_dtype=False)  # the scores of both waves

        # The colleague's tab, untouched, hears of the new version within a few seconds.
        notice = tab.get_by_text(f"A newer version has been published: version {newest}")
        expect(notice).to_be_visible(timeout=30_000)
        tab.get_by_role("button", name=f"Show version {newest}").click()
        wait_idle(tab)
        expect(tab.get_by_test_id("stSidebar").get_by_text(f"Version {newest}, published")).to_be_visible()
        expect(notice).to_have_count(0)
        assert_no_error(tab)
    finally:
        context.close()


def test_the_server_logged_no_traceback(server):
    _, log = server
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text[-3000:]
