"""The Upload page's meeting-type rules for calendars: the rules in force, a preview of what an edit changes on the
calendars uploaded, and saving the edit (the calendars are then read again with it)."""

from pathlib import Path

from kpi.store import Store
from tests.test_app import app, db, texts  # noqa: F401 (db is a fixture)

CALENDARS = Path(__file__).resolve().parent / "fixtures" / "calendars"


def _upload():
    at = app("pages/upload.py")
    files = [(name, (CALENDARS / name).read_bytes(), "text/plain") for name in ("google_en.ics", "partners_en.csv")]
    return at.file_uploader(key="uploads").set_value(files).run()


def _table(at, first_header: str):
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_header)


def test_an_edit_of_the_keyword_rules_is_previewed_then_saved_and_the_calendar_read_again(db):
    at = _upload()
    assert not at.exception
    counts = _table(at, "Type").set_index("Type")
    # google_en.ics: four weekly syncs (status), a brief, a joint brainstorm (workshop).
    assert counts.loc[["Status", "Briefing", "Workshop"], "Now"].tolist() == [4, 1, 1]
    assert counts["Now"].tolist() == counts["With your edit"].tolist()
    assert "Your edit changes the type of no event in these calendars." in texts(at)

    # With only "status" and "check in" as status words, the weekly syncs become "other".
    at.text_input(key="kw_status").input("status, check in").run()
    counts = _table(at, "Type").set_index("Type")
    assert counts.loc["Status", "With your edit"] == 0 and counts.loc["Other", "With your edit"] == 4
    assert "Your edit changes the type of 4 event(s):" in texts(at)
    assert set(_table(at, "File")["Subject"]) == {"Weekly sync – Blue Fjord", "Weekly sync – Blue Fjord (moved)"}

    at.text_input(key="kw_saver").input("Omar")
    at.button(key="kw_save").click().run()
    assert not at.exception
    saved = Store(db).load_settings()
    assert saved["calendar.keywords.status"] == ("status", "check in")
    assert "Keyword rules saved: the calendars were read again with them." in texts(at)
    # Read with the saved rules (a new session, as a reload or another analyst would): the weekly syncs are
    # "other" meetings now.
    counts = _table(_upload(), "Type").set_index("Type")
    assert counts.loc["Status", "Now"] == 0 and counts.loc["Other", "Now"] == 4
