"""The mapping step for calendars (issue: meetings from the calendar): which column is which, which category
means which meeting type, remembered as a profile.

Fixtures: `outlook_es.csv` is `outlook_en.csv` exported by a Spanish Outlook (headers no rule knows,
day-first dates, 24-hour times, `Verdadero`/`Falso`, `Cancelado:`); `team_calendar.csv` is another tool's
event list (`;`, a date and time in one cell, colour labels that say nothing by themselves).
"""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from kpi.errors import ConfigError
from kpi.ingest import calendars
from kpi.ingest.files import Source
from kpi.ingest.inspect import describe
from kpi.ingest.mapping import IGNORE, Mapping, Profile
from kpi.ingest.outlook_csv import guess_roles, looks_like_calendar, signature
from kpi.validate.dataset import load

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "calendars"
IMPORT_DAY = dt.date(2026, 5, 15)
COMPARED = ["date", "partner", "meeting_type", "duration_min", "agenda_shared"]
TEAM_COLUMNS = {"subject": "Event title", "start_date": "Starts", "end_date": "Ends", "organizer": "Host",
                "required": "Guests", "categories": "Label", "description": "Notes"}


@pytest.fixture(autouse=True)
def import_day(monkeypatch):
    monkeypatch.setattr(calendars, "today", lambda: IMPORT_DAY)


def _source(name: str, mapping: Mapping | None = None) -> Source:
    return Source(name, (FIXTURES / name).read_bytes(), mapping=mapping)


def _load(name: str, mapping: Mapping | None = None, profiles=()):
    return load([_source("partners_en.csv"), _source(name, mapping)], profiles=profiles)


def _table(data, name: str):
    return next(load_ for load_ in data.loads if load_.file == name)


def _meetings(data) -> list[list[str]]:
    frame = data.meetings.sort_values("date")
    return [[row.date.strftime("%Y-%m-%d %H:%M"), row.partner, row.meeting_type, f"{row.duration_min:g}",
             "yes" if row.agenda_shared else "no"] for row in frame.itertuples()]


def _headers(name: str) -> list[str]:
    first = (FIXTURES / name).read_text(encoding="utf-8-sig").splitlines()[0].replace('"', "")
    return first.split(";" if ";" in first else ",")


# ---------------------------------------------------------------- guessing the columns


def test_a_spanish_outlook_export_has_every_column_guessed():
    headers = _headers("outlook_es.csv")
    named = {role: headers[pos] for role, pos in guess_roles(headers).items()}
    assert named == {"subject": "Asunto", "start_date": "Fecha de comienzo", "start_time": "Comienzo",
                     "end_date": "Fecha de finalización", "end_time": "Finalización", "all_day": "Todo el día",
                     "organizer": "Organizador de la reunión", "required": "Asistentes obligatorios",
                     "optional": "Asistentes opcionales", "categories": "Categorías", "description": "Descripción"}


def test_another_tools_event_list_has_its_columns_guessed():
    headers = _headers("team_calendar.csv")
    named = {role: headers[pos] for role, pos in guess_roles(headers).items()}
    assert named == TEAM_COLUMNS


@pytest.mark.parametrize("headers, calendar", [
    (["Title", "Start", "End", "Attendees"], True),
    (["Betreff", "Beginn", "Teilnehmer"], True),
    (["Subject", "Location"], False),  # no start
    (["Start", "End", "Budget"], False),  # a start, but nothing saying whose event
    (["partner", "question_id", "score"], False),
])
def test_a_table_looks_like_a_calendar_when_a_start_and_a_subject_or_attendees_are_guessed(headers, calendar):
    assert looks_like_calendar(headers) is calendar


def test_each_header_holds_one_role_the_closest_name_winning():
    roles = guess_roles(["Start Time", "Start Date", "Start"])
    assert roles == {"start_time": 0, "start_date": 1}  # `Start` left over: start_date is taken by its exact name


# ---------------------------------------------------------------- a table no rule knows, mapped


def test_without_a_mapping_a_table_that_looks_like_a_calendar_waits_for_its_columns():
    data = _load("outlook_es.csv")
    table = _table(data, "outlook_es.csv")
    assert table.table is None and table.n_rejected == 6
    assert data.errors["code"].tolist() == ["calendar_unconfirmed"]
    assert "look like a calendar's: confirm them" in data.report("en")["problem"].str.cat()


def test_a_calendar_sheet_beside_known_tables_is_not_skipped_but_waits_for_its_columns():
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "partners"
    for row in [["partner", "email_domains", "aliases"], ["Kestrel PR", "kestrel-pr.com", "Kestrel"]]:
        book.active.append(row)
    agenda, other = book.create_sheet("Agenda"), book.create_sheet("Budget")
    for row in [["Event title", "Starts", "Ends", "Guests"],
                ["Weekly status", "2026-03-02 10:00", "2026-03-02 10:30", "paul@kestrel-pr.com"]]:
        agenda.append(row)
    for row in [["Line", "Amount"], ["Media", "1200"]]:
        other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    data = load([Source("book.xlsx", content)])
    codes = dict(zip(data.issues["code"], data.issues["severity"]))
    assert codes["calendar_unconfirmed"] == "error" and codes["sheet_skipped"] == "warning"  # Budget: skipped
    assert [(load_.raw.sheet, load_.table, load_.n_rejected) for load_ in data.loads if load_.table != "partners"] \
        == [("Agenda", None, 1)]
    columns = {"subject": "Event title", "start_date": "Starts", "end_date": "Ends", "required": "Guests"}
    mapped = load([Source("book.xlsx", content, mapping=Mapping(columns=columns))])
    assert mapped.errors.empty
    assert mapped.meetings[["partner", "duration_min"]].values.tolist() == [["Kestrel PR", 30.0]]


def test_the_spanish_export_mapped_gives_the_meetings_of_the_english_one():
    headers = _headers("outlook_es.csv")
    columns = {role: headers[pos] for role, pos in guess_roles(headers).items()}
    spanish = _load("outlook_es.csv", Mapping(columns=columns))
    english = _load("outlook_en.csv")
    table = _table(spanish, "outlook_es.csv")
    assert (table.raw.format, table.table) == ("calendar_table", "meetings")
    assert (table.rows_read, table.n_valid, table.n_rejected) == (6, 3, 0)
    assert {r: len(p) for r, p in table.dropped.items()} == {"cancelled": 1, "all_day": 1, "no_partner": 1}
    assert _meetings(spanish) == _meetings(english)
    assert _meetings(spanish)[0] == ["2026-03-02 10:00", "Kestrel PR", "status", "30", "yes"]  # 2/3 is 2 March
    assert spanish.errors.empty


def test_another_tools_list_mapped_reads_dates_and_times_from_one_cell():
    data = _load("team_calendar.csv", Mapping(columns=TEAM_COLUMNS))
    table = _table(data, "team_calendar.csv")
    assert (table.rows_read, table.n_valid, table.n_rejected, table.n_dropped) == (4, 3, 0, 1)
    assert _meetings(data) == [
        ["2026-03-02 10:00", "Kestrel PR", "status", "30", "yes"],  # by its subject
        ["2026-03-16 14:00", "Blue Fjord Digital", "other", "120", "no"],  # `Orange`, `quarterly`: no rule
        ["2026-03-25 13:30", "Kestrel PR; Agence Lumière", "other", "90", "yes"],
    ]


def test_categories_the_mapping_names_decide_the_type_before_the_keyword_rules():
    mapping = Mapping(columns=TEAM_COLUMNS, categories={"orange": "qbr", "Purple": "workshop", "Green": "feedback"})
    data = _load("team_calendar.csv", mapping)
    assert [m[2] for m in _meetings(data)] == ["feedback", "qbr", "workshop"]  # `Green` beats `Weekly status`
    read = _table(data, "team_calendar.csv").raw.survey
    assert read.categories == {"Green": (1, "feedback", "mapped"), "Orange": (1, "qbr", "mapped"),
                               "Purple": (1, "workshop", "mapped")}


def test_categories_not_mapped_are_listed_with_the_type_the_keyword_rules_give():
    data = _load("outlook_en.csv")
    read = _table(data, "outlook_en.csv").raw.survey
    assert read.categories == {"Clients": (1, "", "subject"), "QBR": (1, "qbr", "keywords")}
    assert read.roles["organizer"] == "Meeting Organizer" and read.headers[0] == "Subject"


def test_which_column_is_the_organizer_can_be_changed_on_a_recognised_outlook_export():
    # `Brainstorm spring launch` finds Kestrel PR by the alias "(Kestrel)" and Lumière by an address, both in
    # Required Attendees: with that column not read, only subjects are left to name partners.
    data = _load("outlook_en.csv", Mapping(columns={"required": IGNORE}))
    table = _table(data, "outlook_en.csv")
    assert table.raw.format == "outlook_csv"
    assert [m[1] for m in _meetings(data)] == ["Kestrel PR", "Blue Fjord Digital"]  # by their subjects
    assert len(table.dropped["no_partner"]) == 2
    # Read as the organizer, the attendees column finds them again (the organizer column is read by the same rule)
    moved = _load("outlook_en.csv", Mapping(columns={"required": IGNORE, "organizer": "Required Attendees"}))
    assert _meetings(moved) == _meetings(_load("outlook_en.csv"))


def test_a_mapping_naming_a_column_an_outlook_export_lacks_is_a_warning_and_the_rule_stays():
    data = _load("outlook_en.csv", Mapping(columns={"organizer": "Owner"}))
    report = data.report("en")
    missing = report[report["problem"].str.contains("mapping reads a column")]
    assert len(missing) == 1 and (missing["severity"] == "warning").all() and "'Owner'" in missing["problem"].item()
    assert _meetings(data) == _meetings(_load("outlook_en.csv"))


def test_a_table_lacking_a_column_its_mapping_names_is_not_read_as_that_calendar():
    data = _load("team_calendar.csv", Mapping(columns={**TEAM_COLUMNS, "organizer": "Owner"}))
    assert data.errors["code"].tolist() == ["calendar_unconfirmed"]  # still waiting, its section still open


def test_a_mapping_that_leaves_no_start_rejects_the_table_and_says_what_to_choose():
    data = _load("team_calendar.csv", Mapping(columns={**TEAM_COLUMNS, "start_date": IGNORE}))
    table = _table(data, "team_calendar.csv")
    assert table.n_rejected == table.rows_read == 4
    assert data.errors["code"].tolist() == ["calendar_no_start"]
    report = data.report("en")
    assert "no column of this calendar table is its start date" in report["problem"].str.cat()


def test_inspect_names_the_columns_of_a_mapped_table():
    described = {d["file"]: d for d in describe(_load("team_calendar.csv", Mapping(columns=TEAM_COLUMNS)))}
    team = described["team_calendar.csv"]
    assert team["format"] == "calendar_table"
    assert team["mapping"]["date"] == "Starts"
    assert team["mapping"]["partner"] == "Host, Guests, Event title (through the partner directory)"
    assert team["mapping"]["meeting_type"] == "Label, then Event title"


def test_inspect_shows_the_guess_and_the_signature_of_a_table_that_looks_like_a_calendar():
    team = {d["file"]: d for d in describe(_load("team_calendar.csv"))}["team_calendar.csv"]
    assert team["needs"] == ["calendar_columns"] and team["table"] is None
    assert team["calendar_guess"] == TEAM_COLUMNS and list(team["calendar_guess"])[:2] == ["subject", "start_date"]
    assert team["signature"] == "calendar_table:eventtitle|starts|ends|host|guests|label|notes"
    run = subprocess.run([sys.executable, "-m", "kpi", "inspect", str(FIXTURES / "team_calendar.csv")],
                         capture_output=True, text=True, cwd=ROOT)
    assert 'the guess being: subject = "Event title", start_date = "Starts"' in run.stdout


# ---------------------------------------------------------------- remembered as a profile


def test_a_saved_calendar_profile_reads_the_next_file_of_that_shape_unasked():
    first = _load("team_calendar.csv", Mapping(columns=TEAM_COLUMNS, categories={"Orange": "qbr"}))
    raw = _table(first, "team_calendar.csv").raw
    profile = Profile("Team calendar", raw.layout.signature, raw.mapping, raw.format)
    assert profile.signature.startswith("calendar_table:eventtitle|starts|ends|")
    again = _load("team_calendar.csv", profiles=[profile])
    assert "profile_applied" in again.issues["code"].tolist()
    assert _meetings(again) == _meetings(first)
    assert [m[2] for m in _meetings(again)] == ["status", "qbr", "other"]


def test_an_unknown_tables_signature_is_the_one_its_calendar_profile_gets():
    data = _load("team_calendar.csv")
    raw = _table(data, "team_calendar.csv").raw
    assert signature(raw) == "calendar_table:eventtitle|starts|ends|host|guests|label|notes"


def test_a_profile_for_a_recognised_outlook_export_settles_its_categories():
    data = _load("outlook_en.csv")
    signature_en = _table(data, "outlook_en.csv").raw.layout.signature
    profile = Profile("Outlook", signature_en, Mapping(categories={"clients": "workshop"}), "outlook_csv")
    again = _load("outlook_en.csv", profiles=[profile])
    assert [m[2] for m in _meetings(again)] == ["status", "workshop", "workshop"]  # QBR;Clients → workshop


def test_a_calendar_profile_round_trips_as_toml():
    profile = Profile("Team calendar", "calendar_table:event title|starts", Mapping(
        columns={"subject": "Event title", "organizer": IGNORE}, categories={"Orange \"bright\"": "qbr"}),
        "calendar_table")
    again = Profile.from_toml(profile.to_toml())
    assert again == profile
    assert Profile.from_dict(profile.as_dict()) == profile


@pytest.mark.parametrize("body, problem", [
    ('[mapping.columns]\nhost = "Host"\n', "unknown calendar column role 'host'"),
    ('[mapping.categories]\nOrange = "party"\n', "not 'party'"),
])
def test_a_wrong_calendar_profile_says_what_is_wrong(body, problem):
    with pytest.raises(ConfigError, match=problem):
        Profile.from_toml('name = "x"\nsignature = "calendar_table:a"\n' + body)


def test_old_profiles_without_calendar_fields_still_read():
    old = {"name": "Old", "signature": "qualtrics:a", "format": "qualtrics", "mapping": {
        "partner_column": None, "partner": "Kestrel PR", "side_column": None, "side": "client", "questions": {},
        "labels": {}, "partner_values": {}, "side_values": {}}}
    assert Profile.from_dict(old).mapping == Mapping(partner="Kestrel PR", side="client")


def test_the_command_line_scores_a_calendar_table_with_its_profile(tmp_path):
    profile = Profile("Team calendar", "calendar_table:eventtitle|starts|ends|host|guests|label|notes",
                      Mapping(columns=TEAM_COLUMNS, categories={"Orange": "qbr", "Purple": "workshop"}),
                      "calendar_table")
    (tmp_path / "team.toml").write_text(profile.to_toml(), encoding="utf-8")
    files = [str(FIXTURES / "partners_en.csv"), str(FIXTURES / "team_calendar.csv")]
    run = [sys.executable, "-m", "kpi", "validate", *files]
    without = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    assert without.returncode == 1 and "look like a calendar's" in without.stderr + without.stdout
    mapped = subprocess.run([*run, "--profile", str(tmp_path / "team.toml")], capture_output=True, text=True,
                            cwd=ROOT)
    assert mapped.returncode == 0, mapped.stderr
    out = mapped.stdout + mapped.stderr
    assert "the saved mapping 'Team calendar' was applied" in out
    assert "team_calendar.csv: meetings: 4 rows read, 3 valid, 0 rejected, 1 dropped (1 no_partner)" in out
