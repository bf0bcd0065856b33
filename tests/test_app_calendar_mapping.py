"""AppTest: the Upload page's mapping step for calendars — a table no rule knows confirmed as a calendar, a
category given a meeting type, a recognised Outlook export's columns changed, all saved as a profile that reads
the next file of that shape without asking."""

from pathlib import Path

from kpi.store import Store
from tests.test_app import app, by_label, db, expander_labels, texts  # noqa: F401 (db is a fixture)

ROOT = Path(__file__).resolve().parents[1]
CALENDARS = ROOT / "tests" / "fixtures" / "calendars"
CSV = "text/csv"


def upload(*names: str, at=None):
    at = at or app("pages/upload.py")
    files = [(name, (CALENDARS / name).read_bytes(), CSV) for name in ("partners_en.csv", *names)]
    return at.file_uploader(key="uploads").set_value(files).run()


def summary_of(at, name: str) -> list:
    frame = at.dataframe[0].value
    return frame.loc[frame["file"] == name, ["table", "valid", "rejected", "dropped"]].values.tolist()[0]


def meeting_types(at) -> list[str]:
    return at.session_state["upload_data"].meetings.sort_values("date")["meeting_type"].tolist()


def test_a_table_that_looks_like_a_calendar_is_confirmed_then_typed_then_saved(db):
    at = upload("team_calendar.csv")
    assert not at.exception
    assert "team_calendar.csv looks like a calendar: confirm its columns" in expander_labels(at)
    assert summary_of(at, "team_calendar.csv")[1:] == [0, 4, 0]  # not a table yet: rejected while asked
    warnings = [w.value for w in at.warning]
    assert any("the mapping step above still asks about team\\_calendar\\.csv" in w for w in warnings), warnings
    # the guess is filled in
    assert by_label(at.selectbox, "Subject").value == "Event title"
    assert by_label(at.selectbox, "Start date (or date and time)").value == "Starts"
    assert by_label(at.selectbox, "Organizer").value == "Host"
    assert by_label(at.selectbox, "Start time").value == ""  # not in this file

    by_label(at.button, "Apply").click().run()
    assert not at.exception
    assert summary_of(at, "team_calendar.csv") == ["meetings", 3, 0, 1]
    assert meeting_types(at) == ["status", "other", "other"]
    assert "Mapping of team_calendar.csv (calendar table (columns mapped)): settled, not saved yet" in \
        expander_labels(at)
    orange = by_label(at.selectbox, "Orange (1 meeting(s))")
    assert orange.value == "\x00keywords"  # ui.calendar_mapping.BY_KEYWORDS: the keyword rules decide
    orange.set_value("qbr").run()
    by_label(at.selectbox, "Purple (1 meeting(s))").set_value("workshop").run()
    by_label(at.button, "Apply").click().run()
    assert meeting_types(at) == ["status", "qbr", "workshop"]

    by_label(at.text_input, "Name of the saved mapping").input("Team calendar")
    by_label(at.button, "Save for files with these columns").click().run()
    assert not at.exception
    [saved] = Store(db).profiles()
    assert (saved.name, saved.format) == ("Team calendar", "calendar_table")
    assert saved.signature == "calendar_table:eventtitle|starts|ends|host|guests|label|notes"
    assert saved.mapping.columns["organizer"] == "Host" and saved.mapping.categories == {
        "Orange": "qbr", "Purple": "workshop"}

    again = upload("team_calendar.csv")  # another session: only the saved profile is known
    assert not again.exception
    assert summary_of(again, "team_calendar.csv") == ["meetings", 3, 0, 1]
    assert meeting_types(again) == ["status", "qbr", "workshop"]
    assert ("Mapping of team_calendar.csv (calendar table (columns mapped)): nothing to settle, the saved mapping "
            "'Team calendar' was applied") in expander_labels(again)
    report = next(d.value for d in again.dataframe if "problem" in d.value.columns)
    assert "the saved mapping 'Team calendar' was applied" in " ".join(report["problem"])


def test_which_column_is_the_organizer_of_an_outlook_export_can_be_changed(db):
    at = upload("outlook_en.csv")
    assert not at.exception
    assert "Calendar outlook_en.csv (Outlook calendar (CSV)): columns and categories" in expander_labels(at)
    assert summary_of(at, "outlook_en.csv") == ["meetings", 3, 0, 3]
    assert by_label(at.selectbox, "Organizer").value == "Meeting Organizer"
    assert by_label(at.selectbox, "Attendees").value == "Required Attendees"
    assert "Outlook calendar (CSV): 6 event(s) read, 6 occurrence(s), 3 meeting(s) kept." in texts(at)
    by_label(at.selectbox, "Attendees").set_value("").run()  # not read: only the subjects name partners
    by_label(at.button, "Apply").click().run()
    assert not at.exception
    assert summary_of(at, "outlook_en.csv") == ["meetings", 2, 0, 4]


def test_the_calendar_step_in_french(db):
    at = app("pages/upload.py", lang="Français")
    at = upload("team_calendar.csv", at=at)
    assert not at.exception
    assert "team_calendar.csv ressemble à un agenda : confirmez ses colonnes" in expander_labels(at)
    assert by_label(at.selectbox, "Objet").value == "Event title"
    by_label(at.button, "Appliquer").click().run()
    assert not at.exception
    assert by_label(at.selectbox, "Orange (1 réunion(s))").format_func("\x00keywords") == \
        "Règles de mots-clés : selon l'objet"


def test_the_keyword_preview_leaves_alone_the_events_a_category_type_decides(db):
    at = upload("team_calendar.csv")
    by_label(at.button, "Apply").click().run()
    at.text_input(key="kw_status").input("check in").run()  # `Weekly status` would no longer be status
    assert "Your edit changes the type of 1 event(s):" in texts(at)
    by_label(at.selectbox, "Green (1 meeting(s))").set_value("status").run()
    by_label(at.button, "Apply").click().run()
    assert not at.exception
    at.text_input(key="kw_status").input("check in").run()
    assert "Your edit changes the type of no event in these calendars." in texts(at)  # `Green` decides


def test_a_workbook_with_a_survey_export_and_a_calendar_keeps_the_answers_of_both_sections(db):
    import csv
    import io

    import openpyxl

    from tests.test_app import qualtrics_without_partner

    book = openpyxl.Workbook()
    book.active.title = "Survey"
    for row in csv.reader(io.StringIO(qualtrics_without_partner().decode("utf-8"))):
        book.active.append(row)
    for sheet, name, delimiter in (("Partners", "partners_en.csv", ","), ("Agenda", "team_calendar.csv", ";")):
        target = book.create_sheet(sheet)
        for row in csv.reader(io.StringIO((CALENDARS / name).read_text(encoding="utf-8-sig")), delimiter=delimiter):
            target.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    at = app("pages/upload.py")
    at.file_uploader(key="uploads").set_value([("book.xlsx", buffer.getvalue(), "application/octet-stream")]).run()
    assert not at.exception
    by_label(at.selectbox, "Partner being rated").set_value("\x00partner").run()  # ui.mapping.WHOLE_FILE
    by_label(at.text_input, "Name of that partner").input("Kestrel PR")
    at.button[[b.label for b in at.button].index("Apply")].click().run()  # the survey section's
    assert set(at.session_state["upload_data"].reviews["partner"]) == {"Kestrel PR"}
    calendar_apply = [b for b in at.button if b.label == "Apply"][-1]
    calendar_apply.click().run()
    assert not at.exception
    data = at.session_state["upload_data"]
    assert set(data.reviews["partner"]) == {"Kestrel PR"}  # still: the calendar's Apply kept the survey's answer
    assert len(data.meetings) == 3
    mapping = at.session_state["mappings"]["book.xlsx"]
    assert mapping.partner == "Kestrel PR" and mapping.columns["subject"] == "Event title"


def test_an_ics_calendar_shows_its_categories_and_a_type_given_one_is_kept_for_every_ics(db):
    at = upload("outlook_exchange.ics")
    assert not at.exception
    assert "Calendar outlook_exchange.ics (iCalendar (.ics)): columns and categories" in expander_labels(at)
    assert not [s for s in at.selectbox if s.label == "Subject"]  # an .ics has no columns to choose
    qbr = by_label(at.selectbox, "QBR (5 meeting(s))")
    assert qbr.format_func(qbr.value) == "Keyword rules: QBR"
    qbr.set_value("workshop").run()
    by_label(at.button, "Save for files with these columns").click().run()
    assert not at.exception
    [saved] = Store(db).profiles()
    assert (saved.name, saved.format, saved.signature) == ("Calendar categories", "ics", "ics:subject|starts|recurrence|uid")
    assert saved.mapping == type(saved.mapping)(categories={"QBR": "workshop"})
    meetings = at.session_state["upload_data"].meetings
    typed = dict(zip(meetings["notes"], meetings["meeting_type"]))
    assert typed == {"Kestrel PR quarterly": "workshop", "Escalation: broken product feed": "problem_solving",
                     "Retro Q1 with BFD": "feedback"}  # the category decides; events without one by their subject
