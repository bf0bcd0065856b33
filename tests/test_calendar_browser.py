"""An analyst brings a calendar in, as a new user would, in chromium: a survey export, an .ics and a partner
directory published together; the next wave is a calendar alone, matched through the published directory; the
event it cannot match is assigned to a partner by adding an alias, and the Partner page shows the meetings."""

import pytest

from tests.servers import CHROMIUM, ROOT, clean_env, require_chromium, streamlit_app, wait_idle

FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def local_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("calendar")
    log = tmp / "server.log"
    url = f"sqlite:///{tmp / 'kpi.sqlite'}"
    with streamlit_app(clean_env(KPI_DATABASE_URL=url), log) as port:
        yield f"http://127.0.0.1:{port}", log, url


def _settle(page) -> None:
    wait_idle(page)
    page.wait_for_timeout(1000)
    wait_idle(page)


def _upload(page, base: str, *files):
    """The Upload page with `files` dropped on it; its main area."""
    page.goto(base + "/upload")
    _settle(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(f) for f in files])
    return page.get_by_test_id("stMain")


def test_a_calendar_and_a_directory_become_meetings_and_an_unmatched_event_is_assigned(local_app):
    from playwright import sync_api
    from playwright.sync_api import expect

    from kpi.store import Store

    base, log, url = local_app
    require_chromium()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2000})
            main = _upload(page, base, FIXTURES / "surveys" / "google_forms_fr.csv",
                           FIXTURES / "calendars" / "google_en.ics", FIXTURES / "calendars" / "partners_en.csv")
            expect(main.get_by_role("heading", name="Tables found")).to_be_visible(timeout=60_000)
            _settle(page)
            main.get_by_role("button", name="Publish", exact=True).click()
            expect(main.get_by_text("Published version 1")).to_be_visible(timeout=60_000)
            _settle(page)

            # The next wave: a calendar alone, read through the published directory.
            _upload(page, base, FIXTURES / "calendars" / "apple_fr.ics")
            expect(main.get_by_role("heading", name="Calendar events that match no partner (1)")).to_be_visible(
                timeout=60_000)
            _settle(page)
            # Assign the one event left by adding a name from it to a partner, as an alias.
            main.get_by_role("button", name="Add and publish").click()
            _settle(page)
            expect(main.get_by_role("heading", name="Calendar events that match no partner (1)")).to_have_count(
                0, timeout=60_000)
            main.get_by_role("button", name="Publish", exact=True).click()
            expect(main.get_by_text("Published version 3")).to_be_visible(timeout=60_000)
            _settle(page)
            assert "Traceback" not in page.content()
            with Store(url) as store:
                published = store.load()
                # google_en.ics: 6 meetings; apple_fr.ics: 5 matched through the directory, 1 by the new alias.
                assert published.meetings["source_file"].value_counts().to_dict() == {
                    "google_en.ics": 6, "apple_fr.ics": 6}
                assert "Dentiste" in ";".join(published.partners["aliases"].astype(str))

            # The Partner page shows the meetings the calendars brought.
            page.goto(base + "/partner?partner=Kestrel+PR&period=2026-H1")
            _settle(page)
            expect(main.get_by_role("heading", name="Kestrel PR").first).to_be_visible(timeout=60_000)
            expect(main.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        finally:
            browser.close()
    assert "Traceback" not in log.read_text(errors="replace")


def test_a_calendar_no_rule_knows_is_confirmed_once_and_the_next_export_is_read_unasked(local_app, tmp_path):
    from playwright import sync_api
    from playwright.sync_api import expect

    from kpi.store import Store

    base, log, url = local_app
    require_chromium()
    first = FIXTURES / "calendars" / "team_calendar.csv"
    later = tmp_path / "team_calendar_april.csv"  # the next export: the same columns, one more event
    later.write_bytes(first.read_bytes() + b"Blue Fjord check-in;2026-04-13 09:00;2026-04-13 09:30;"
                      b"jane.doe@ourco.com;ola@bluefjord.io;Orange;\n")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2000})
            main = _upload(page, base, first, FIXTURES / "calendars" / "partners_en.csv")
            expect(main.get_by_text("team_calendar.csv looks like a calendar: confirm its columns")).to_be_visible(
                timeout=60_000)
            _settle(page)
            main.get_by_role("button", name="Apply").click()
            expect(main.get_by_text("settled, not saved yet")).to_be_visible(timeout=60_000)
            _settle(page)
            main.get_by_role("button", name="Save for files with these columns").click()
            expect(main.get_by_text("Mapping 'team_calendar' saved")).to_be_visible(timeout=60_000)
            _settle(page)
            with Store(url) as store:
                assert [p.name for p in store.profiles()] == ["team_calendar"]

            _upload(page, base, later, FIXTURES / "calendars" / "partners_en.csv")  # a new visit: asks nothing
            expect(main.get_by_text("the saved mapping 'team_calendar' was applied").first).to_be_visible(
                timeout=60_000)
            _settle(page)
            assert "confirm its columns" not in main.inner_text()
            main.get_by_role("button", name="Publish", exact=True).click()
            expect(main.get_by_text("Published version")).to_be_visible(timeout=60_000)
            _settle(page)
            with Store(url) as store:
                meetings = store.load().meetings
                mine = meetings[meetings["source_file"] == "team_calendar_april.csv"]
                assert len(mine) == 4  # 5 events: the team lunch matches no partner

            page.goto(base + "/partner?partner=Blue+Fjord+Digital&period=2026-H1")
            _settle(page)
            expect(main.get_by_role("heading", name="Blue Fjord Digital").first).to_be_visible(timeout=60_000)
            expect(main.get_by_test_id("stVegaLiteChart").first).to_be_visible()
            assert "Traceback" not in page.content()
        finally:
            browser.close()
    assert "Traceback" not in log.read_text(errors="replace")
