"""METHODOLOGY §9's rules one at a time: cancelled subjects, the agenda without its online-meeting block,
the meeting type from categories then subject (rules an analyst edits in the settings), the partner from
attendees and subject through the directory, and the bounds on recurring series."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kpi.directory import Directory
from kpi.ingest import calendars, ics
from kpi.ingest.calendars import Occurrence, agenda_text, is_cancelled, keyword_rules, meeting_type, partners_of
from kpi.ingest.files import Source, read_source
from kpi.settings import Settings, parse_settings
from kpi.validate.dataset import load

FIXTURES = Path(__file__).parents[1] / "fixtures" / "calendars"

DIRECTORY = Directory.from_table(pd.DataFrame({
    "partner": ["Kestrel PR", "Agence Lumière", "Blue Fjord Digital"],
    "email_domains": ["kestrel-pr.com; kestrel.fr", "lumiere-agence.fr", "bluefjord.io"],
    "aliases": ["Kestrel; KPR", "Lumière", "Blue Fjord; BFD"]}))
PARTNERS = b"partner,email_domains,aliases\nKestrel PR,kestrel-pr.com,KPR\nAgence Lumiere,lumiere-agence.fr,\n"


@pytest.fixture(autouse=True)
def import_day(monkeypatch):
    monkeypatch.setattr(calendars, "today", lambda: dt.date(2026, 5, 15))


@pytest.mark.parametrize("subject, cancelled", [
    ("Canceled: Weekly status", True), ("Cancelled: QBR", True), ("Annulé : Point hebdo", True),
    ("ANNULE: point", True), ("Abgesagt: Jour fixe", True), ("Geannuleerd: overleg", True),
    ("Weekly status", False), ("QBR: cancelled items review", False), ("Re: Canceled: x", False), ("", False),
])
def test_cancelled_subjects(subject, cancelled):
    assert is_cancelled(subject) is cancelled


TEAMS = ("Agenda: media plan, budget pacing, next steps.\n\n"
         "________________________________________________________________________________\n"
         "Microsoft Teams meeting\nJoin on your computer, mobile app or room device\n"
         "Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3a>\n"
         "Meeting ID: 312 456 789 012\nPasscode: 7hXq2s\n"
         "________________________________________________________________________________\n")
ZOOM = ("Jane Doe is inviting you to a scheduled Zoom meeting.\n\nJoin Zoom Meeting\n"
        "https://us02web.zoom.us/j/81234567890?pwd=abc\n\nMeeting ID: 812 3456 7890\nPasscode: 123456\n"
        "One tap mobile\n+16465588656,,81234567890# US (New York)\n")
MEET = ("Rejoindre avec Google Meet : https://meet.google.com/abc-defg-hij\n"
        "Rejoindre par téléphone\n(FR) +33 1 23 45 67 89 PIN : 123456789#\n")


@pytest.mark.parametrize("description, kept", [
    (TEAMS, "Agenda: media plan, budget pacing, next steps."),
    (ZOOM, ""),  # Zoom's invitation sentence is its boilerplate too
    (MEET, ""),
    ("Webex: https://acme.webex.com/meet/jane", ""),
    ("<p>Goal: two concepts each.</p><a href=\"https://meet.google.com/x\">Join</a>", "Goal: two concepts each."),
    ("Call me on +33 1 23 45 67 89 before", "Call me on +33 1 23 45 67 89 before"),  # no link: nothing removed
])
def test_the_agenda_is_the_description_without_its_online_meeting_block(description, kept):
    assert agenda_text(description) == kept


def test_agenda_shared_needs_40_characters_of_text_a_setting():
    occurrence = Occurrence(2, "", "Weekly status KPR", dt.datetime(2026, 3, 2, 10), dt.datetime(2026, 3, 2, 11),
                            description="x" * 39 + "\n" + TEAMS.split("\n\n", 1)[1])
    raw_cells = calendars.CalendarStep([], {}, Settings(), False)
    raw_cells._directory = DIRECTORY
    assert raw_cells._cells(occurrence)[4] == "no"
    raw_cells.settings = Settings({"calendar.agenda_min_chars": 30})
    assert raw_cells._cells(occurrence)[4] == "yes"


RULES = keyword_rules(Settings())


@pytest.mark.parametrize("categories, subject, expected", [
    ("QBR", "Kestrel catch-up", "qbr"),  # categories first
    ("", "Quarterly business review Kestrel", "qbr"),
    ("", "Revue trimestrielle", "qbr"),
    ("", "Brainstorm spring launch", "workshop"),
    ("", "Atelier créa", "workshop"),
    ("", "Kick-off app redesign", "briefing"),
    ("", "Lancement campagne", "briefing"),
    ("", "Escalation: broken feed", "problem_solving"),
    ("", "Résolution de problème", "problem_solving"),
    ("", "Retro Q1", "feedback"),
    ("", "Bilan trimestriel", "qbr"),  # the qbr phrase wins over 'bilan' (feedback): rules are tried in order
    ("", "Point hebdo", "status"),
    ("", "Weekly sync", "status"),
    ("", "Business review", "qbr"),
    ("", "Review of the brief", "briefing"),  # a bare 'review' is too vague to mean feedback
    ("", "Lunch", "other"),
    ("", "Briefcase shopping", "other"),  # whole words only: 'brief' is not in 'briefcase'
    ("Clients", "Dinner", "other"),
])
def test_meeting_type_from_categories_then_subject(categories, subject, expected):
    assert meeting_type(categories, subject, RULES) == expected


def test_the_keyword_rules_are_settings_an_analyst_edits():
    settings = parse_settings('[calendar.keywords]\nworkshop = ["design sprint"]\nstatus = []\n')
    rules = keyword_rules(settings)
    assert meeting_type("", "Design sprint day 2", rules) == "workshop"
    assert meeting_type("", "Brainstorm", rules) == "other"  # no longer a workshop word
    assert meeting_type("", "Weekly sync", rules) == "other"  # status has no words left
    assert parse_settings(settings.to_toml()) == settings


def test_a_keyword_setting_must_be_a_list_of_words():
    with pytest.raises(Exception, match="list of words"):
        parse_settings('[calendar.keywords]\nqbr = "qbr"\n')


def _occurrence(**fields):
    base = dict(row=2, uid="", subject="", start=dt.datetime(2026, 3, 2, 10), end=dt.datetime(2026, 3, 2, 11))
    return Occurrence(**{**base, **fields})


@pytest.mark.parametrize("fields, expected", [
    ({"attendees": "Paul <paul@kestrel-pr.com>"}, ["Kestrel PR"]),
    ({"attendees": "anne@paris.kestrel.fr"}, ["Kestrel PR"]),  # a subdomain
    ({"attendees": "x@notkestrel.fr"}, []),  # a domain ending like one is not it
    ({"organizer": "Claire <claire@lumiere-agence.fr>"}, ["Agence Lumière"]),
    ({"attendees": "Paul Martin (Kestrel); Ola Nordmann"}, ["Kestrel PR"]),  # an alias in the attendee text
    ({"subject": "QBR Blue Fjord"}, ["Blue Fjord Digital"]),
    ({"subject": "Bluefjord party"}, []),  # whole phrases only
    ({"subject": "Joint session KPR + Lumière"}, ["Kestrel PR", "Agence Lumière"]),
    ({"subject": "Sync", "attendees": "ola@bluefjord.io; paul@kestrel-pr.com"}, ["Kestrel PR", "Blue Fjord Digital"]),
    ({"subject": "1:1", "attendees": "sarah@acme-brands.com"}, []),
])
def test_partner_from_attendee_domains_and_names_and_the_subject(fields, expected):
    assert partners_of(_occurrence(**fields), DIRECTORY) == expected


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n".encode()


def test_an_ics_file_is_recognised_by_its_first_line_whatever_its_name():
    data = _ics("UID:a\r\nSUMMARY:KPR sync\r\nDTSTART:20260302T100000\r\nDTEND:20260302T103000")
    for name in ("calendar.ics", "export.txt", "agenda"):
        raw, = read_source(Source(name, data))
        assert (raw.format, raw.table) == ("ics", "meetings")


def test_a_cut_short_ics_is_a_read_error_and_a_bad_date_a_rejected_row():
    data = load([Source("broken.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260302T100000\r\n")])
    assert data.read_errors and data.read_errors[0].code == "read_ics_broken"
    data = load([Source("p.csv", PARTNERS), Source("bad.ics", _ics("UID:a\r\nSUMMARY:KPR\r\nDTSTART:2026-03-02"))])
    assert data.errors[["row", "code"]].values.tolist() == [[4, "ics_bad_date"]]


def test_a_calendar_over_the_size_limit_is_refused():
    data = _ics("UID:a\r\nSUMMARY:KPR\r\nDTSTART:20260302T100000\r\nDESCRIPTION:" + "x" * 2_000_000)
    loaded = load([Source("big.ics", data)], Settings({"limits.calendar_mb": 1}))
    assert loaded.read_errors[0].code == "read_too_big"


def test_a_calendar_expanding_past_the_occurrence_limit_is_an_error_not_a_hang():
    data = _ics("UID:a\r\nSUMMARY:KPR daily\r\nDTSTART:20000101T090000\r\nDTEND:20000101T093000\r\nRRULE:FREQ=DAILY")
    loaded = load([Source("p.csv", PARTNERS), Source("daily.ics", data)],
                  Settings({"limits.calendar_occurrences": 1000}))
    assert "calendar_too_many" in loaded.errors["code"].tolist()
    assert loaded.meetings.empty


def test_a_series_that_never_occurs_is_found_in_a_bounded_probe():
    rule = ics.icalendar.vRecur.from_ical("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    assert ics._can_occur(rule, dt.datetime(2026, 1, 1, 9)) is False
    leap = ics.icalendar.vRecur.from_ical("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")
    assert ics._can_occur(leap, dt.date(2025, 1, 1)) is True


def test_an_open_series_without_anything_else_stops_at_the_day_of_import():
    data = _ics("UID:a\r\nSUMMARY:KPR weekly\r\nDTSTART:20260302T100000\r\nDTEND:20260302T103000\r\n"
                "RRULE:FREQ=WEEKLY")
    loaded = load([Source("p.csv", PARTNERS), Source("weekly.ics", data)])
    dates = loaded.meetings["date"]
    assert dates.min() == pd.Timestamp("2026-03-02 10:00") and dates.max() == pd.Timestamp("2026-05-11 10:00")
    assert len(dates) == 11


def test_floating_utc_and_windows_zone_times_keep_their_own_clock():
    data = _ics("UID:a\r\nSUMMARY:KPR floating\r\nDTSTART:20260302T100000\r\nDTEND:20260302T103000",
                "UID:b\r\nSUMMARY:KPR utc\r\nDTSTART:20260302T100000Z\r\nDURATION:PT45M",
                "UID:c\r\nSUMMARY:KPR windows\r\nDTSTART;TZID=Pacific Standard Time:20260302T100000\r\n"
                "DTEND;TZID=Pacific Standard Time:20260302T110000")
    loaded = load([Source("p.csv", PARTNERS), Source("zones.ics", data)])
    meetings = loaded.meetings.set_index("notes")
    assert meetings["date"].dt.strftime("%H:%M").to_dict() == {"KPR floating": "10:00", "KPR utc": "10:00",
                                                               "KPR windows": "10:00"}
    assert meetings["duration_min"].to_dict() == {"KPR floating": 30.0, "KPR utc": 45.0, "KPR windows": 60.0}


@pytest.mark.parametrize("name", ["google_en.ics", "outlook_exchange.ics", "outlook_owa.ics", "apple_fr.ics",
                                  "hostile.ics"])
def test_one_off_events_read_from_their_lines_as_icalendar_reads_them(name):
    """One-off events skip icalendar for speed: what the content-line reader makes of each must be what
    icalendar (with x_wr_timezone) makes of it."""
    import icalendar
    import x_wr_timezone
    from pathlib import Path

    data = (Path(__file__).parents[1] / "fixtures" / "calendars" / name).read_bytes()
    parsed = ics.parse(name, data)
    fast, fast_refused = ics.singles(parsed)
    slow, slow_refused = [], []
    zone = f"X-WR-TIMEZONE:{parsed.zone}\r\n" if parsed.zone else ""
    for event in parsed.events:
        if ics._uid(event) in parsed.series:
            continue
        text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{zone}{''.join(parsed.timezones)}{event.text}END:VCALENDAR\r\n"
        component = x_wr_timezone.to_standard(icalendar.Calendar.from_ical(text)).walk("VEVENT")[0]
        one = ics._occurrence(component, event.line, ics._uid(event))
        (slow_refused if isinstance(one, calendars.Refused) else slow).append(one)
    seen = lambda o: (o.row, o.uid, o.subject, calendars._wall(o.start), calendars._wall(o.end), o.all_day,  # noqa: E731
                      o.cancelled, o.organizer, o.attendees, o.categories, o.description)
    assert [seen(o) for o in fast] == [seen(o) for o in slow]
    assert [(r.row, r.code) for r in fast_refused] == [(r.row, r.code) for r in slow_refused]


def test_a_calendar_alone_finds_its_partners_through_the_published_directory(import_day):
    directory = load([Source.from_path(FIXTURES / "partners_en.csv")]).partners
    with_it = load([Source.from_path(FIXTURES / "google_en.ics"), Source.from_path(FIXTURES / "partners_en.csv")])
    alone = load([Source.from_path(FIXTURES / "google_en.ics")])
    published = load([Source.from_path(FIXTURES / "google_en.ics")], directory=directory)

    assert len(alone.meetings) == 0 and len(published.meetings) == len(with_it.meetings) == 6
    pd.testing.assert_frame_equal(published.meetings, with_it.meetings.assign(
        source_file=published.meetings["source_file"]))
    assert published.partners is None  # the upload brought no directory of its own


def test_unmatched_events_are_listed_with_their_domains_and_kept_once_an_alias_names_them(import_day):
    from kpi.directory import checked, with_entry

    directory = load([Source.from_path(FIXTURES / "partners_en.csv")]).partners
    read = load([Source.from_path(FIXTURES / "google_en.ics")], directory=directory)

    events = calendars.unmatched_events(read.loads)

    assert events[["row", "occurrences", "subject"]].values.tolist() == [[120, 1, "1:1 Sarah / Jane"]]
    assert events["domains"].tolist() == ["acme-brands.com"]
    wider, problems = checked(with_entry(directory, "Kestrel PR", alias="1:1 Sarah / Jane"))
    assert problems == []
    again = load([Source.from_path(FIXTURES / "google_en.ics")], directory=wider)
    assert len(again.meetings) == 7 and calendars.unmatched_events(again.loads).empty
    assert "Kestrel PR" in again.meetings.loc[again.meetings["notes"] == "1:1 Sarah / Jane", "partner"].tolist()
