"""Two app servers on one store: a publish made elsewhere shows on the other within 5 s, and a tab left open there
is told of it.

Both servers run `streamlit run app.py` on one SQLite file (the store tests run the same store code on
PostgreSQL); the publish comes from a third process, `python -m kpi publish`.
"""

import subprocess
import sys
import time

import pytest

from tests.servers import CHROMIUM, ROOT, clean_env, require_chromium, streamlit_app, wait_idle

PARTNER_URL = "/partner?partner=Northwind+Media&period=2025-H2"


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    """(base URL of server A, base URL of server B, store URL, folder), version 1 published (the sample's reviews)."""
    tmp = tmp_path_factory.mktemp("replicas")
    url = f"sqlite:///{tmp / 'kpi.sqlite'}"
    env = clean_env(KPI_DATABASE_URL=url)
    done = subprocess.run([sys.executable, "-m", "kpi", "publish", str(ROOT / "data" / "sample" / "reviews.csv"),
                           "--by", "Ana"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with streamlit_app(env, tmp / "a.log") as port_a, streamlit_app(env, tmp / "b.log") as port_b:
        yield f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}", env, tmp


def test_a_publish_shows_on_every_server_within_5_s_and_open_tabs_are_told(replicas):
    from playwright import sync_api
    from playwright.sync_api import expect

    base_a, base_b, env, tmp = replicas
    require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            left_open = browser.new_page()  # a colleague's tab on server B, open before the publish
            left_open.goto(base_b + PARTNER_URL)
            expect(left_open.get_by_test_id("stSidebar").get_by_text("Version 1, published")).to_be_visible(
                timeout=60_000)
            wait_idle(left_open)
            for base in (base_a, base_b):  # both servers have shown version 1 (and cached what they read)
                page = browser.new_page()
                page.goto(base + PARTNER_URL)
                expect(page.get_by_test_id("stSidebar").get_by_text("Version 1, published")).to_be_visible(
                    timeout=60_000)
                page.close()

            done = subprocess.run([sys.executable, "-m", "kpi", "publish", str(ROOT / "data" / "sample" /
                                                                               "meetings.csv"), "--by", "Omar"],
                                  cwd=ROOT, env=env, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            published = time.monotonic()
            shown_after = []
            for base in (base_b, base_a):  # a page opened on each server right after shows version 2
                page = browser.new_page()
                page.goto(base + PARTNER_URL)
                expect(page.get_by_test_id("stSidebar").get_by_text("Version 2, published")).to_be_visible(
                    timeout=60_000)
                shown_after.append(time.monotonic() - published)
                page.close()
            assert shown_after[0] < 5, shown_after  # the page's own load included
            # The tab left open on B says so by itself (it asks every 10 s) and shows version 2 on request.
            expect(left_open.get_by_text("A newer version has been published: version 2")).to_be_visible(
                timeout=30_000)
            left_open.get_by_role("button", name="Show version 2").click()
            expect(left_open.get_by_test_id("stSidebar").get_by_text("Version 2, published")).to_be_visible(
                timeout=60_000)
        finally:
            browser.close()
    for log in ("a.log", "b.log"):
        assert "Traceback" not in (tmp / log).read_text(errors="replace")
