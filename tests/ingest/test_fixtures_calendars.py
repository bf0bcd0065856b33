"""Every calendar fixture of tests/fixtures/calendars/ read as EXPECTED.md says (METHODOLOGY §9).

Each export must be recognised (`ics` or `outlook_csv`), read the right occurrences, keep, reject and
drop the right ones (rows as the user sees them), turn into the meetings of its `.expected.csv`, and
score exactly like that table loaded as a hand-kept meetings log.
"""

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from kpi.ingest import calendars
from kpi.ingest.files import Source
from kpi.ingest.inspect import describe
from kpi.scoring import score_table, scores_csv_frame
from kpi.validate.dataset import load

FIXTURES = Path(__file__).parents[1] / "fixtures" / "calendars"
IMPORT_DAY = dt.date(2026, 5, 15)
COMPARED = ["date", "partner", "meeting_type", "duration_min", "agenda_shared", "meeting_id", "notes"]


@dataclass(frozen=True)
class Fixture:
    """One line of EXPECTED.md's summary."""

    file: str
    format: str
    events: int
    read: int
    kept: int
    rejected: int = 0
    dropped: dict[str, list[int]] = field(default_factory=dict)


FIXTURE_TABLE = [
    Fixture("google_en.ics", "ics", 7, 9, 6, 0, {"cancelled": [70], "all_day": [106], "no_partner": [120]}),
    Fixture("outlook_exchange.ics", "ics", 5, 7, 5, 0, {"cancelled": [58], "all_day": [96]}),
    Fixture("outlook_owa.ics", "ics", 3, 3, 3),
    Fixture("apple_fr.ics", "ics", 5, 7, 5, 0, {"cancelled": [70], "no_partner": [81]}),
    Fixture("outlook_en.csv", "outlook_csv", 6, 6, 3, 0, {"cancelled": [14], "all_day": [23], "no_partner": [24]}),
    Fixture("outlook_fr.csv", "outlook_csv", 4, 4, 2, 0, {"cancelled": [3], "all_day": [7]}),
    Fixture("outlook_de.csv", "outlook_csv", 3, 3, 2, 0, {"cancelled": [2]}),
]
IDS = [f.file for f in FIXTURE_TABLE]


@pytest.fixture(autouse=True)
def import_day(monkeypatch):
    monkeypatch.setattr(calendars, "today", lambda: IMPORT_DAY)


def _source(name: str) -> Source:
    return Source(name, (FIXTURES / name).read_bytes())


def _load(*names: str, directory: str = "partners_en.csv"):
    return load([_source(directory), *(_source(n) for n in names)] if directory else [_source(n) for n in names])


def _calendar_load(data, name):
    return next(load_ for load_ in data.loads if load_.file == name)


def _expected(fixture: Fixture) -> pd.DataFrame:
    return pd.read_csv(FIXTURES / (fixture.file.rsplit(".", 1)[0] + ".expected.csv"), dtype=str, keep_default_na=False)


def _as_written(meetings: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "date": meetings["date"].dt.strftime("%Y-%m-%d %H:%M"), "partner": meetings["partner"],
        "meeting_type": meetings["meeting_type"], "duration_min": meetings["duration_min"].map(lambda v: f"{v:g}"),
        "agenda_shared": meetings["agenda_shared"].map({True: "yes", False: "no"}),
        "meeting_id": meetings["meeting_id"], "notes": meetings["notes"]}).reset_index(drop=True)


@pytest.mark.parametrize("fixture", FIXTURE_TABLE, ids=IDS)
def test_each_export_is_recognised_and_accounted_for(fixture):
    data = _load(fixture.file)
    table = _calendar_load(data, fixture.file)
    assert (table.raw.format, table.table) == (fixture.format, "meetings")
    assert table.raw.survey.events == fixture.events
    assert (table.rows_read, table.n_valid, table.n_rejected) == (fixture.read, fixture.kept, fixture.rejected)
    assert table.rows_read == table.n_valid + table.n_rejected + table.n_dropped
    shown = {reason: sorted(table.raw.rows.to_numpy()[positions].tolist())
             for reason, positions in table.dropped.items()}
    assert shown == fixture.dropped
    assert data.errors.empty


@pytest.mark.parametrize("fixture", FIXTURE_TABLE, ids=IDS)
def test_each_export_turns_into_its_expected_meetings(fixture):
    data = _load(fixture.file)
    pd.testing.assert_frame_equal(_as_written(data.meetings), _expected(fixture)[COMPARED])


@pytest.mark.parametrize("fixture", FIXTURE_TABLE, ids=IDS)
def test_a_calendar_and_the_equivalent_hand_kept_meetings_score_identically(fixture):
    from_calendar = _load(fixture.file)
    hand_kept = load([Source("log.csv", (FIXTURES / (fixture.file.rsplit(".", 1)[0] + ".expected.csv")).read_bytes(),
                             table="meetings")])
    assert hand_kept.ok
    a = scores_csv_frame(score_table(None, from_calendar.meetings, from_calendar.questions))
    b = scores_csv_frame(score_table(None, hand_kept.meetings, hand_kept.questions))
    assert len(a) > 0
    pd.testing.assert_frame_equal(a, b)


def test_several_calendars_and_a_meeting_log_together_score_like_the_logs():
    files = [f.file for f in FIXTURE_TABLE if f.file not in ("outlook_owa.ics", "apple_fr.ics")]
    # The open series of the OWA and Apple files stop at the load's as-of date, which the other files move:
    # these files hold none, so their meetings are the same read together as alone.
    from_calendars = _load(*files)
    logs = [Source(f"{name}.log.csv", (FIXTURES / (name.rsplit(".", 1)[0] + ".expected.csv")).read_bytes(),
                   table="meetings") for name in files]
    hand_kept = load(logs)
    a = scores_csv_frame(score_table(None, from_calendars.meetings, from_calendars.questions))
    b = scores_csv_frame(score_table(None, hand_kept.meetings, hand_kept.questions))
    pd.testing.assert_frame_equal(a, b)


def test_the_french_directory_reads_the_same_partners():
    english, french = _load("google_en.ics"), _load("google_en.ics", directory="partners_fr.csv")
    assert _calendar_load(french, "partners_fr.csv").table == "partners"
    pd.testing.assert_frame_equal(_as_written(english.meetings), _as_written(french.meetings))


def test_hostile_rules_are_rejected_rows_and_found_fast():
    started = time.perf_counter()
    data = _load("hostile.ics")
    assert time.perf_counter() - started < 5
    table = _calendar_load(data, "hostile.ics")
    assert (table.rows_read, table.n_valid, table.n_rejected) == (6, 3, 3)
    errors = data.errors
    assert dict(zip(errors["row"], errors["code"])) == {4: "ics_rrule_too_frequent", 11: "ics_rrule_never",
                                                        18: "ics_no_start"}
    assert data.meetings["partner"].unique().tolist() == ["Kestrel PR"]


def test_an_open_series_stops_at_the_as_of_date_of_the_reviews_and_the_other_meetings():
    log = Source("log.csv", b"date,partner,meeting_type\n2026-04-30,Somebody,status\n")
    alone, with_log = _load("outlook_owa.ics"), load([_source("partners_en.csv"), _source("outlook_owa.ics"), log])
    assert alone.meetings["date"].max() == pd.Timestamp("2026-04-21 14:00")
    from_owa = with_log.meetings[with_log.meetings["source_file"] == "outlook_owa.ics"]
    # The log moves the as-of date to 30 April: the Thursday series adds 23 and 30 April, never 7 May.
    assert sorted(from_owa["date"].dt.strftime("%m-%d")) == ["04-02", "04-17", "04-21", "04-23", "04-30"]


def test_nothing_after_the_day_of_import(monkeypatch):
    monkeypatch.setattr(calendars, "today", lambda: dt.date(2026, 3, 10))
    data = _load("outlook_exchange.ics", "outlook_en.csv")
    exchange = data.meetings[data.meetings["source_file"] == "outlook_exchange.ics"]
    assert exchange["date"].dt.strftime("%m-%d").tolist() == ["01-15", "03-01", "03-03"]
    outlook = _calendar_load(data, "outlook_en.csv")
    assert sorted(outlook.raw.rows.to_numpy()[outlook.dropped["future"]].tolist()) == [22, 24, 25]


def test_without_a_directory_every_event_is_dropped_and_the_user_told_why():
    data = _load("google_en.ics", directory=None)
    table = _calendar_load(data, "google_en.ics")
    assert table.n_valid == 0 and len(table.dropped["no_partner"]) == 7  # 9 read: 1 cancelled, 1 all-day
    assert "calendar_no_directory" in data.issues["code"].tolist()
    assert data.errors.empty


def test_dropped_events_are_listed_with_their_reason_for_download():
    listed = _load("google_en.ics").dropped_rows()
    assert listed[["row", "reason"]].values.tolist() == [[70, "cancelled"], [106, "all-day event"],
                                                         [120, "no directory partner"]]
    assert listed.loc[listed["row"] == 120, "notes"].item() == "1:1 Sarah / Jane"


@pytest.mark.parametrize("fixture", FIXTURE_TABLE, ids=IDS)
def test_inspect_names_the_format_and_counts_occurrences(fixture):
    described = {d["file"]: d for d in describe(_load(fixture.file))}[fixture.file]
    assert (described["format"], described["table"]) == (fixture.format, "meetings")
    assert (described["rows_read"], described["rows_kept"]) == (fixture.read, fixture.read - sum(
        len(r) for r in fixture.dropped.values()))
    assert described["dropped"] == {reason: len(rows) for reason, rows in fixture.dropped.items()}
    # where the partner comes from, named by the file's own headers
    assert described["mapping"]["partner"].startswith(("ORGANIZER", "Meeting Organizer", "Organisateur",
                                                       "Besprechungsplanung", "Organisator"))
    assert described["needs"] == []
