"""A leader's walk on the sample, in chromium and in French: the Overview opens with what changed, a line leads to
its partner, the partner's QBR pack downloads, and every score card of the page is in the pack as shown."""

import io
import re

import pytest

from tests.servers import CHROMIUM, clean_env, require_chromium, streamlit_app, wait_idle


@pytest.fixture(scope="module")
def sample_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("leader")
    log = tmp / "server.log"
    with streamlit_app(clean_env(KPI_DATABASE_URL=f"sqlite:///{tmp / 'kpi.sqlite'}"), log) as port:
        yield f"http://127.0.0.1:{port}", log


def _pdf_text(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(io.BytesIO(data))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_a_leader_reads_what_changed_opens_a_partner_and_finds_its_numbers_in_the_french_pack(sample_app):
    from playwright import sync_api
    from playwright.sync_api import expect

    base, log = sample_app
    require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
            page = context.new_page()
            page.goto(base + "/?lang=Fran%C3%A7ais")
            wait_idle(page)
            main = page.get_by_test_id("stMain")
            expect(main.get_by_role("heading", name="Ce qui a changé : 2026-H2 par rapport à 2026-H1")).to_be_visible()
            line = main.get_by_role("link", name="Northwind Media").first  # "overall up 10.4 points"
            href = line.get_attribute("href")
            assert href.startswith("partner?") and "period=2026-H2" in href and "lang=Fran" in href
            page.goto(f"{base}/{href}")
            wait_idle(page)
            expect(main.get_by_role("heading", name="Northwind Media").first).to_be_visible()
            cards = page.get_by_test_id("stMetric")
            shown = {cards.nth(i).get_by_test_id("stMetricLabel").inner_text().strip():
                     cards.nth(i).get_by_test_id("stMetricValue").inner_text().strip() for i in range(cards.count())}
            assert len(shown) >= 7 and all(re.fullmatch(r"[+−-]?\d+,\d", v) for v in shown.values()), shown
            with page.expect_download(timeout=60_000) as started:
                main.get_by_role("button", name="Dossier de revue (PDF)").click()
            download = started.value
            assert download.suggested_filename.endswith(".pdf")
            text = _pdf_text(open(download.path(), "rb").read())
            assert "Northwind Media" in text and "2026-H2" in text
            missing = {label: value for label, value in shown.items() if value.replace("−", "-") not in
                       text.replace("−", "-")}
            assert not missing, f"score cards not in the pack as shown: {missing}"
            context.close()
        finally:
            browser.close()
    assert "Traceback" not in log.read_text(errors="replace")
