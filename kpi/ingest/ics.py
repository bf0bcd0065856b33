"""iCalendar `.ics` exports (METHODOLOGY §9): Google Calendar, Outlook/Exchange/OWA, Apple Calendar.

A calendar is no grid: `read` parses it with `icalendar` (time zones by their VTIMEZONE, an IANA
name, or a Windows name such as `Romance Standard Time`; floating times stay as written; Google's
X-WR-TIMEZONE applied by `x_wr_timezone`) and returns a raw table of its events, one row per
VEVENT, numbered by the line its `BEGIN:VEVENT` is on. kpi.ingest.calendars expands the recurring
series (`recurring_ical_events`) and turns the occurrences into meetings once the as-of date is known.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import icalendar
import pandas as pd
import x_wr_timezone

from kpi.errors import ReadError
from kpi.ingest import calendars
from kpi.ingest.base import Layout
from kpi.settings import Settings

if TYPE_CHECKING:
    from kpi.ingest.files import RawTable

FORMAT = "ics"
HEADERS = ["subject", "starts", "recurrence", "uid"]
"""What the raw table of events shows before the series are expanded."""



@dataclass
class Event:
    """One VEVENT as written: its properties (name → [(parameters, value)], values still escaped) and its line."""

    line: int
    props: dict[str, list[tuple[dict[str, str], str]]]
    text: str  # the block, BEGIN:VEVENT to END:VEVENT, as written (a series is handed to icalendar whole)

    def value(self, name: str, default: str = "") -> str:
        found = self.props.get(name)
        return found[0][1] if found else default

    def params(self, name: str) -> dict[str, str]:
        found = self.props.get(name)
        return found[0][0] if found else {}


@dataclass
class IcsCalendar:
    """A calendar as read: its events in file order, the VTIMEZONE blocks, the calendar's own time zone
    (Google's X-WR-TIMEZONE), and its recurring series parsed by icalendar (UID → [(line, icalendar event)])."""

    events: list[Event]
    timezones: list[str] = field(default_factory=list)
    zone: str = ""
    series: dict[str, list] = field(default_factory=dict)
    parsed_timezones: list = field(default_factory=list)


def read(name: str, data: bytes, settings: Settings | None = None) -> "RawTable":
    """The events of an `.ics` file as a raw table (format `ics`, table `meetings`); a file too big or not an
    iCalendar raises ReadError."""
    from kpi.ingest.files import RawTable

    settings = settings or Settings()
    limit = settings["limits.calendar_mb"]
    if len(data) > limit * 1_048_576:
        raise ReadError(name, "read_too_big", size=f"{len(data) / 1_048_576:.0f}", limit=limit)
    parsed = parse(name, data)
    rows = [[_unescape(e.value("SUMMARY")), e.value("DTSTART"), e.value("RRULE"), e.value("UID")] for e in parsed.events]
    frame = pd.DataFrame(rows, columns=range(len(HEADERS)), dtype=object) if rows else pd.DataFrame(
        columns=range(len(HEADERS)), dtype=object)
    lines = pd.Series([e.line for e in parsed.events], dtype="int64")
    raw = RawTable(name, None, list(HEADERS), frame, lines, header_row=1,
                   layout=Layout(FORMAT, 0, list(HEADERS), table="meetings"))
    raw.table = "meetings"
    raw.survey = parsed
    return raw


_CONTENT = re.compile(r'^([A-Za-z0-9-]+)((?:;[^:;"]+=(?:"[^"]*"|[^:;"]*)(?:,(?:"[^"]*"|[^:;",]*))*)*):(.*)$', re.S)
_PARAM = re.compile(r';([^=;:]+)=("[^"]*"|[^;:]*)')


def parse(name: str, data: bytes) -> IcsCalendar:
    """The calendar's events, in file order, each with the line its BEGIN:VEVENT is on; its recurring series parsed
    by icalendar. ReadError when the bytes are no iCalendar.

    One-off events are most of a calendar and icalendar spends about half a millisecond on each: their
    content lines are split here (name, parameters, value: RFC 5545 §3.1), and only the series and
    their moved occurrences, the part that needs time zones and recurrence rules, go to icalendar.
    """
    text = data.decode("utf-8-sig", errors="replace")
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    events: list[Event] = []
    timezones: list[str] = []
    zone, seen_calendar = "", False
    block: list[str] | None = None  # the raw lines of the VEVENT or VTIMEZONE being read
    kind, depth, props, start_line = "", 0, {}, 0
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(physical, start=1):
        if line[:1] in (" ", "\t") and logical:
            at, before = logical[-1]
            logical[-1] = (at, before + line[1:])
        elif line.strip():
            logical.append((number, line))
    for number, line in logical:
        upper = line[:16].upper()
        if upper.startswith("BEGIN:"):
            what = line[6:].strip().upper()
            if what == "VCALENDAR":
                seen_calendar = True
            elif block is None and what in ("VEVENT", "VTIMEZONE"):
                block, kind, depth, props, start_line = [], what, 0, {}, number
                continue
            elif block is not None:
                depth += 1
        elif upper.startswith("END:") and block is not None:
            what = line[4:].strip().upper()
            if depth == 0 and what == kind:
                body = "BEGIN:" + kind + "\r\n" + "\r\n".join(block) + "\r\nEND:" + kind + "\r\n"
                if kind == "VEVENT":
                    events.append(Event(start_line, props, body))
                else:
                    timezones.append(body)
                block = None
                continue
            depth -= 1
        if block is not None:
            block.append(line)
            if kind == "VEVENT" and depth == 0 and not upper.startswith(("BEGIN:", "END:")):
                m = _CONTENT.match(line)
                if m:
                    params = {k.upper(): v.strip('"') for k, v in _PARAM.findall(m.group(2))}
                    props.setdefault(m.group(1).upper(), []).append((params, m.group(3)))
        elif upper.startswith("X-WR-TIMEZONE:"):
            zone = line.split(":", 1)[1].strip()
    if not seen_calendar:
        raise ReadError(name, "read_ics_broken", reason="no BEGIN:VCALENDAR … END:VCALENDAR")
    if block is not None:
        raise ReadError(name, "read_ics_broken", reason=f"the BEGIN:{kind} of line {start_line} has no END:{kind} "
                        "(a file cut short?)")
    parsed = IcsCalendar(events, timezones, zone)
    _parse_series(name, parsed)
    return parsed


def _series_uids(events: list[Event]) -> set[str]:
    """The UIDs of the recurring series: a VEVENT with an RRULE or RDATE and no RECURRENCE-ID defines one."""
    return {_uid(e) for e in events if "RECURRENCE-ID" not in e.props and ("RRULE" in e.props or "RDATE" in e.props)}


def _uid(event: Event) -> str:
    return event.value("UID").strip() or f"line {event.line}"


def _parse_series(name: str, parsed: IcsCalendar) -> None:
    """icalendar reads the series (with the calendar's time zones): UID → [(line, event)] in file order."""
    uids = _series_uids(parsed.events)
    members = [e for e in parsed.events if _uid(e) in uids]
    if not members:
        return
    zone = f"X-WR-TIMEZONE:{parsed.zone}\r\n" if parsed.zone else ""
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kpi//series//EN\r\n" + zone + "".join(parsed.timezones)
            + "".join(e.text for e in members) + "END:VCALENDAR\r\n")
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ReadError(name, "read_ics_broken", reason=_short(exc)) from None
    try:
        calendar = x_wr_timezone.to_standard(calendar)  # Google: floating and UTC times in the calendar's zone
    except Exception:  # a broken X-WR-TIMEZONE leaves the times as written
        pass
    parsed.parsed_timezones = list(calendar.walk("VTIMEZONE"))
    for member, event in zip(members, calendar.walk("VEVENT")):
        parsed.series.setdefault(_uid(member), []).append((member.line, event))


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


# ---------------------------------------------------------------- occurrences (kpi.ingest.calendars)

_TOO_FREQUENT = ("SECONDLY", "MINUTELY", "HOURLY")
_PROBE_FROM_YEAR = 9600


def singles(parsed: IcsCalendar) -> tuple[list, list]:
    """The occurrences of the events that are no recurring series (one each), and the events that cannot be read."""
    out, refused = [], []
    for event in parsed.events:
        if _uid(event) not in parsed.series:
            found = _one_off(event, parsed.zone)
            (refused if isinstance(found, calendars.Refused) else out).append(found)
    return out, refused


def series(parsed: IcsCalendar, as_of: dt.date, today: dt.date, settings: Settings) -> tuple[list, list, dict]:
    """The occurrences of every recurring series, up to the as-of date for a series without an end and never after
    `today`; the series that cannot be expanded; facts for `inspect` (events, series, notes)."""
    import recurring_ical_events

    out, refused, notes = [], [], []
    cap = settings["limits.calendar_occurrences"]
    for uid, members in parsed.series.items():
        row, event = next((line, e) for line, e in members
                          if e.get("RECURRENCE-ID") is None and (e.get("RRULE") is not None or e.get("RDATE") is not None))
        problem = _unusable(event, row)
        if problem is not None:
            refused.append(problem)
            continue
        rules = _rules(event)
        open_ended = bool(rules) and all("UNTIL" not in r and "COUNT" not in r for r in rules)
        last_day = min(as_of, today) if open_ended else today
        moved = {_instant(e["RECURRENCE-ID"].dt): line for line, e in members if e.get("RECURRENCE-ID") is not None}
        own = icalendar.Calendar()
        for timezone in parsed.parsed_timezones:
            own.add_component(timezone)
        for _, e in members:
            own.add_component(e)
        earliest = min(_day(e["DTSTART"].dt) for _, e in members if e.get("DTSTART") is not None)
        found = []
        try:
            for occurrence in recurring_ical_events.of(own).after(earliest):
                start = occurrence["DTSTART"].dt
                if _day(start) > last_day:
                    break
                rid = occurrence.get("RECURRENCE-ID")
                at = moved.get(_instant(rid.dt), row) if rid is not None else row
                one = _occurrence(occurrence, at, uid, event)
                (refused if isinstance(one, calendars.Refused) else found).append(one)
                if len(out) + len(found) > cap:
                    break
        except Exception as exc:  # a rule or date the libraries refuse: the series is a rejected row, the file goes on
            refused.append(calendars.Refused(row, "RRULE", _rule_text(event), "ics_bad_series",
                                             {"reason": _short(exc), "subject": str(event.get("SUMMARY", ""))}))
            continue
        out += found
        if len(out) > cap:
            notes.append(("calendar_too_many", "error", {"limit": f"{cap:,}"}))
            break
    expanded = len(parsed.series) - len({r.row for r in refused})  # the series refused are rejected rows, not expanded
    return out, refused, {"events": len(parsed.events), "series": expanded, "notes": notes, "mapping": MAPPING}


MAPPING = {"date": "DTSTART (in the event's own time zone)", "partner": "ORGANIZER, ATTENDEE, SUMMARY (through the "
           "partner directory)", "meeting_type": "CATEGORIES, then SUMMARY", "duration_min": "DTEND − DTSTART",
           "agenda_shared": "DESCRIPTION (without its online-meeting block)", "meeting_id": "UID + start",
           "notes": "SUMMARY"}
"""Where each meetings column of an `.ics` comes from, as `inspect` shows it."""


def _rules(event) -> list:
    rules = event.get("RRULE")
    return [] if rules is None else list(rules) if isinstance(rules, list) else [rules]


def _rule_text(event) -> str:
    return "; ".join(r.to_ical().decode(errors="replace") for r in _rules(event))


def _unusable(event, row: int):
    """Why a series cannot be expanded (no start, a rule repeating more than daily, a rule that never occurs), or None."""
    subject = str(event.get("SUMMARY", ""))
    if event.get("DTSTART") is None:
        return calendars.Refused(row, "date", "", "ics_no_start", {"subject": subject})
    for rule in _rules(event):
        text = rule.to_ical().decode(errors="replace")
        freq = str((rule.get("FREQ") or [""])[0]).upper()
        if freq in _TOO_FREQUENT:
            return calendars.Refused(row, "RRULE", text, "ics_rrule_too_frequent", {"subject": subject})
        try:
            occurs = _can_occur(rule, event["DTSTART"].dt)
        except Exception as exc:
            return calendars.Refused(row, "RRULE", text, "ics_bad_series", {"reason": _short(exc), "subject": subject})
        if not occurs:
            return calendars.Refused(row, "RRULE", text, "ics_rrule_never", {"subject": subject})
    return None


def _can_occur(rule, start) -> bool:
    """Whether a rule yields any date at all. dateutil looks for the next date up to the year 9999: a rule that
    can never match (the 30th of February) would take seconds to minutes. So the rule, without its end, is
    tried from its start moved on by whole 400-year cycles (same weekdays, same leap years) into the last
    cycle before 9999: a rule that can occur does within a cycle, one that cannot gives up within it."""
    from dateutil.rrule import rrulestr

    bare = icalendar.vRecur({k: v for k, v in rule.items() if k not in ("UNTIL", "COUNT")})
    first = start.replace(tzinfo=None) if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    cycles = max(0, -(-(_PROBE_FROM_YEAR - first.year) // 400))
    moved = first.replace(year=first.year + 400 * cycles)
    return rrulestr(bare.to_ical().decode(), dtstart=moved).after(moved, inc=True) is not None


def _occurrence(event, row: int, uid: str, master=None):
    """The occurrence `event` as icalendar reads it: a one-off event, or one occurrence of the series `master`
    (whose people it shares unless it names its own); or why it cannot be read."""
    subject = str(event.get("SUMMARY", "") or "")
    start = event.get("DTSTART")
    if start is None:
        return calendars.Refused(row, "date", "", "ics_no_start", {"subject": subject})
    begin = start.dt
    end = event.get("DTEND")
    if end is not None:
        finish = end.dt
    elif event.get("DURATION") is not None:
        finish = begin + event["DURATION"].dt
    else:
        finish = begin if isinstance(begin, dt.datetime) else begin + dt.timedelta(days=1)
    all_day = not isinstance(begin, dt.datetime) or str(event.get("X-MICROSOFT-CDO-ALLDAYEVENT", "")).upper() == "TRUE"
    people = event if (event.get("ATTENDEE") is not None or event.get("ORGANIZER") is not None or master is None) \
        else master
    return calendars.Occurrence(
        row=row, uid=uid, subject=subject, start=begin, end=finish, all_day=all_day,
        cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
        organizer=_people(people.get("ORGANIZER")), attendees=_people(people.get("ATTENDEE")),
        categories=_categories(event), description=_description(event), recurring=master is not None)


def _people(value) -> str:
    """`Name <address>` for each attendee or organiser, joined by `; `."""
    if value is None:
        return ""
    out = []
    for person in value if isinstance(value, list) else [value]:
        address = str(person)
        address = address[7:] if address.lower().startswith("mailto:") else address
        params = getattr(person, "params", {}) or {}
        email = str(params.get("EMAIL", "") or "")
        if email and "@" not in address:
            address = email
        name = str(params.get("CN", "") or "").strip().strip('"')
        out.append(f"{name} <{address}>" if name else address)
    return "; ".join(out)


def _categories(event) -> str:
    value = event.get("CATEGORIES")
    if value is None:
        return ""
    out = []
    for item in value if isinstance(value, list) else [value]:
        cats = getattr(item, "cats", None)
        out += [str(c) for c in cats] if cats is not None else [str(item)]
    return ", ".join(c for c in out if c)


def _description(event) -> str:
    text = str(event.get("DESCRIPTION", "") or "")
    return text if text.strip() else str(event.get("X-ALT-DESC", "") or "")


def _instant(value) -> str:
    """A RECURRENCE-ID comparable however it is written (UTC, a zone, floating, a date)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat()
    return value.isoformat()


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# ---------------------------------------------------------------- one-off events, from their content lines

_STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")
_ESCAPE = re.compile(r"\\([\\;,nN])")


def _unescape(value: str) -> str:
    """A TEXT value as meant (RFC 5545 §3.3.11): `\\n` a line break, `\\,` `\\;` `\\\\` the character."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value) if "\\" in value else value


def _moment(value: str, params: dict[str, str], zone: str):
    """A DATE or DATE-TIME as written: a date; a time on its own clock (TZID, floating); a UTC time on the
    calendar's clock when it names one (Google's X-WR-TIMEZONE), else in UTC."""
    m = _STAMP.match(value.strip())
    if not m:
        raise ValueError(f"not a date or date-time: {value!r}")
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is None:
        return dt.date(year, month, day)
    moment = dt.datetime(year, month, day, int(m.group(4)), int(m.group(5)), int(m.group(6)))
    if not m.group(7):
        return moment
    moment = moment.replace(tzinfo=dt.timezone.utc)
    if zone:
        try:
            return moment.astimezone(zoneinfo.ZoneInfo(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return moment


def _one_off(event: Event, zone: str):
    """The occurrence of a one-off event, read from its content lines, or why it cannot be read."""
    subject = _unescape(event.value("SUMMARY"))
    props = event.props
    if "DTSTART" not in props:
        return calendars.Refused(event.line, "date", "", "ics_no_start", {"subject": subject})
    try:
        begin = _moment(event.value("DTSTART"), event.params("DTSTART"), zone)
        if "DTEND" in props:
            finish = _moment(event.value("DTEND"), event.params("DTEND"), zone)
        elif "DURATION" in props:
            finish = begin + icalendar.vDuration.from_ical(event.value("DURATION").strip())
        else:
            finish = begin if isinstance(begin, dt.datetime) else begin + dt.timedelta(days=1)
    except (ValueError, OverflowError) as exc:
        return calendars.Refused(event.line, "date", event.value("DTSTART"), "ics_bad_date",
                                 {"subject": subject, "reason": _short(exc)})
    all_day = not isinstance(begin, dt.datetime) or event.value("X-MICROSOFT-CDO-ALLDAYEVENT").upper() == "TRUE"
    description = _unescape(event.value("DESCRIPTION"))
    return calendars.Occurrence(
        row=event.line, uid=_uid(event), subject=subject, start=begin, end=finish, all_day=all_day,
        cancelled=event.value("STATUS").strip().upper() == "CANCELLED",
        organizer=_written_people(props.get("ORGANIZER", [])), attendees=_written_people(props.get("ATTENDEE", [])),
        categories=", ".join(_unescape(c).strip() for _, v in props.get("CATEGORIES", [])
                             for c in re.split(r"(?<!\\),", v) if c.strip()),
        description=description if description.strip() else _unescape(event.value("X-ALT-DESC")))


def _written_people(values: list[tuple[dict[str, str], str]]) -> str:
    """`_people` for content lines: `Name <address>` for each, joined by `; `."""
    out = []
    for params, value in values:
        address = value.strip()
        address = address[7:] if address.lower().startswith("mailto:") else address
        if params.get("EMAIL") and "@" not in address:
            address = params["EMAIL"]
        name = params.get("CN", "").strip()
        out.append(f"{name} <{address}>" if name else address)
    return "; ".join(out)
