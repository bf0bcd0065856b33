"""Rebuild the README screenshots in docs/screenshots/ from a real browser.

    python scripts/screenshots.py [--out docs/screenshots] [--width 1400] [--height 1000]

Starts `streamlit run app.py` on a free port with a temporary SQLite store in which the bundled
sample workbook is published as version 1 (so no "sample data" banner), signs in as analyst with
a throw-away passcode for the Upload page, and saves overview, partner (Northwind Media), gaps,
upload (after uploading the sample workbook: report and preview) and methodology as PNG.
Needs Debian's chromium at /usr/bin/chromium and the playwright package (never `playwright install`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpi.ingest.files import Source  # noqa: E402
from kpi.store import Store  # noqa: E402
from kpi.validate.dataset import load  # noqa: E402
from tests.servers import CHROMIUM, IDLE, clean_env, streamlit_app  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WORKBOOK = ROOT / "data" / "sample" / "partnership_sample.xlsx"
PASSCODE = "screenshots"
MAX_HEIGHT = 2400  # px: longer pages are cut there, to keep each PNG small


def publish_sample(url: str) -> None:
    data = load([Source.from_path(WORKBOOK)])
    with Store(url) as store:
        store.publish(data.reviews, data.meetings, data.questions, by="analyst", files=[WORKBOOK.name],
                      note="sample data for the screenshots")


def settle(page) -> None:
    """Script run over, charts drawn, spinners gone."""
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_timeout(500)
    page.wait_for_selector(IDLE, timeout=60_000)
    charts = page.get_by_test_id("stVegaLiteChart")
    for i in range(charts.count()):
        charts.nth(i).locator("canvas, svg").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(1500)


def shoot(page, path: Path, width: int) -> None:
    # The app scrolls inside its own container: grow the viewport to the content, then capture it.
    height = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
        "[data-testid='stMain'], [data-testid='stMainBlockContainer'], [data-testid='stSidebarContent']")]
        .map(e => e.scrollHeight))""")
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": max(original["height"], min(int(height) + 40, MAX_HEIGHT))})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True, scale="css", animations="disabled")
    page.set_viewport_size(original)
    print(f"{path}  {path.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'kpi.sqlite'}"
        publish_sample(db_url)
        env = clean_env(KPI_DATABASE_URL=db_url, KPI_ANALYST_PASSCODE=PASSCODE)
        with streamlit_app(env, Path(tmp) / "server.log", "--server.headless", "true",
                           "--browser.gatherUsageStats", "false") as port, sync_playwright() as playwright:
            base = f"http://127.0.0.1:{port}"
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            for name, path in [("overview", "/"), ("partner", "/partner?partner=Northwind+Media"),
                               ("gaps", "/gaps"), ("methodology", "/methodology")]:
                page.goto(base + path)
                settle(page)
                shoot(page, args.out / f"{name}.png", args.width)

            # Upload, as analyst: sign in, open the page from the sidebar (same session), upload.
            page.goto(base + "/")
            settle(page)
            sidebar = page.get_by_test_id("stSidebar")
            sidebar.get_by_text("Analyst sign-in").click()
            sidebar.get_by_label("Analyst passcode").fill(PASSCODE)
            sidebar.get_by_role("button", name="Sign in").click()
            sidebar.get_by_text("Signed in as analyst").wait_for(timeout=30_000)
            settle(page)
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Upload").click()
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(WORKBOOK))
            page.get_by_role("heading", name="Preview: the scores this data would give").wait_for(timeout=60_000)
            settle(page)
            shoot(page, args.out / "upload.png", args.width)
            browser.close()


if __name__ == "__main__":
    main()
