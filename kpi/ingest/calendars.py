"""The calendar-export rules of METHODOLOGY §9, shared by the Outlook CSV and the iCalendar readers.

A calendar export holds events; a meeting is an occurrence of one that involved a directory partner.
`CalendarStep` does it for one load: it expands each `.ics` series (`recurring_ical_events`: RRULE,
RDATE, EXDATE, moved and cancelled occurrences by RECURRENCE-ID), reads each Outlook CSV row as one
occurrence, and turns every occurrence into a row of the meetings table (date, partner from the
attendees and the subject through the partner directory, meeting type from the categories then the
subject, duration, agenda from the description) or drops it by a stated reason: cancelled, all-day,
future (after the day of import) or no partner. Rows read = kept + rejected + dropped, as everywhere.

A series without an end stops at the as-of date (METHODOLOGY §2) of the reviews and the non-recurring
meetings, that day included, and nothing is expanded after the day of import. The work is bounded:
series repeating more often than daily are refused, a rule that can never occur is found in a
bounded probe instead of running dateutil to the year 9999, and a file expanding into more than
`limits.calendar_occurrences` occurrences is refused.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from kpi.contracts.schema import fold
from kpi.directory import Directory, phrase
from kpi.settings import MEETING_KEYWORDS, Settings

CALENDAR_FORMATS = ("ics", "outlook_csv", "calendar_table")
DROP_REASONS = ("cancelled", "all_day", "future", "no_partner")
"""Why an occurrence is not a meeting, in the order the rules are tried."""

CANCELLED_WORDS = ("canceled", "cancelled", "annule", "abgesagt", "geannuleerd", "cancelado", "annullato")
"""Folded words that, before a colon at the start of a subject, say the organiser cancelled the event."""

ONLINE_LINKS = ("teams.microsoft.com", "zoom.us", "meet.google.com", "webex.com")
"""Links of the online-meeting block an invitation carries: no agenda."""

MEETING_COLUMNS = ["date", "partner", "meeting_type", "duration_min", "agenda_shared", "meeting_id", "notes"]
LISTED_COLUMNS = ["end", "organizer", "attendees", "categories"]
"""The meetings columns each occurrence fills, then what the list of dropped events also shows."""

_BOILERPLATE = re.compile(
    r"join|rejoindre|participer|teilnehmen|meeting id|meeting-id|id de (?:la )?reunion|besprechungs-id|passcode|"
    r"password|mot de passe|code secret|kenncode|dial|phone|telephone|one tap|conference id|id de conference|"
    r"meeting options|options de (?:la )?reunion|besprechungsoptionen|learn more|en savoir plus|weitere infos|"
    r"need help|besoin d.aide|microsoft teams|zoom|google meet|webex|joining info|informations de connexion|"
    r"do not edit this section|ne modifiez pas cette section|"
    r"^\s*(?:\(\w{2,3}\)\s*)?(?:\+|00)?\d[\d\s().\-/,;#*]{6,}")  # a dial-in number, then maybe its place
_SEPARATOR = re.compile(r"^[\s_\-=~*.:·•]*$")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^>]*)?/?>")  # a tag, not Outlook's `text<https://link>`
_HREF = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']?([^\"' >]+)[^>]*>", re.IGNORECASE)
_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/tr)\s*/?\s*>", re.IGNORECASE)
_CANCELLED_SUBJECT = re.compile(r"^\s*([^:]{1,20}?)\s*:")
_NEVER_PROBE_YEAR = 9600  # a rule is probed from its start moved 400·k years on (same weekdays and leap years)


@dataclass
class Occurrence:
    """One occurrence of a calendar event as read: what §9's rules look at, and the row the user sees."""

    row: int
    uid: str
    subject: str
    start: dt.datetime | dt.date | None
    end: dt.datetime | dt.date | None
    all_day: bool = False
    cancelled: bool = False
    organizer: str = ""
    attendees: str = ""
    categories: str = ""
    description: str = ""
    recurring: bool = False


@dataclass
class Refused:
    """An event that cannot be read: it is a rejected row, with the cell and the problem."""

    row: int
    column: str
    value: str
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class CalendarRead:
    """What a load made of one calendar export (what `inspect` shows for it): the events read, the occurrences
    kept and dropped by reason, where each meetings column comes from."""

    events: int
    series: int
    occurrences: int
    as_of: dt.date
    dropped: dict[str, np.ndarray]
    mapping: dict[str, str]
    needs: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the export's own headers (a calendar table's)
    roles: dict[str, str] = field(default_factory=dict)  # role (CALENDAR_ROLES) → the header it is read from
    categories: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # category → (meetings, type, how)
    unmatched: list[str] = field(default_factory=list)
    labels_unknown: list[str] = field(default_factory=list)
    partner_codes: list[str] = field(default_factory=list)
    sides_unknown: list[str] = field(default_factory=list)


def today() -> dt.date:
    """The day of import: no occurrence after it is a meeting (tests pin it)."""
    return dt.date.today()


def is_calendar(raw) -> bool:
    """True for a raw table read from a calendar export."""
    return raw.layout is not None and raw.layout.format in CALENDAR_FORMATS


def load_order(raw) -> int:
    """Where a table is checked in a load: the question bank and the directory first (the others read them),
    calendars last (their open series stop at the as-of date of the reviews and the other meetings)."""
    if raw.table in ("questions", "partners"):
        return 0
    return 2 if is_calendar(raw) else 1


# ---------------------------------------------------------------- the rules of §9, one occurrence at a time


def is_cancelled(subject: str) -> bool:
    """The subject starts `Canceled:`, `Cancelled:`, `Annulé :`, `Abgesagt:` or `Geannuleerd:`."""
    m = _CANCELLED_SUBJECT.match(subject or "")
    return bool(m) and fold(m.group(1)) in CANCELLED_WORDS


@lru_cache(maxsize=16_384)
def agenda_text(description: str) -> str:
    """The description without its online-meeting block: the lines holding a Teams, Zoom, Meet or Webex link,
    and the join/rejoindre boilerplate and separator lines around them; HTML tags removed."""
    text = description or ""
    if not text.strip():
        return ""
    if _TAG.search(text):  # an HTML description (Google, X-ALT-DESC): its links kept as text, its tags gone
        text = html.unescape(_TAG.sub(" ", _BREAK.sub("\n", _HREF.sub(r" \1 ", text))))
    if not any(link in text.lower() for link in ONLINE_LINKS):
        return " ".join(text.split())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    drop = np.zeros(len(lines), dtype=bool)

    def around(i: int) -> bool:
        return _SEPARATOR.match(lines[i]) is not None or _BOILERPLATE.search(phrase(lines[i]).strip()) is not None \
            or _BOILERPLATE.search(lines[i].lower()) is not None

    for i, line in enumerate(lines):
        if any(link in line.lower() for link in ONLINE_LINKS):
            drop[i] = True
            for step in (-1, 1):
                j = i + step
                while 0 <= j < len(lines) and not drop[j] and around(j):
                    drop[j] = True
                    j += step
    return " ".join(" ".join(line.split()) for line, gone in zip(lines, drop) if not gone and line.strip())


def meeting_type(categories: str, subject: str, rules: list[tuple[str, re.Pattern]]) -> str:
    """From the categories, then the subject: the first type whose keyword appears as a whole word or phrase."""
    for text in (categories, subject):
        if not text:
            continue
        padded = phrase(text)
        for kind, pattern in rules:
            if pattern.search(padded):
                return kind
    return "other"


def split_categories(categories: str) -> list[str]:
    """The categories of an event, as Outlook (`;`) and iCalendar (`,`) list them."""
    return [c.strip() for c in re.split(r"[;,]", categories or "") if c.strip()]


def mapped_type(categories: str, mapped: dict[str, str]) -> str | None:
    """The meeting type the mapping gives the first of an event's categories it names (`mapped` is keyed by
    folded category), or None."""
    for category in split_categories(categories):
        kind = mapped.get(fold(category))
        if kind:
            return kind
    return None


def keyword_rules(settings: Settings) -> list[tuple[str, re.Pattern]]:
    """The keyword rules in force (settings `calendar.keywords.*`), in the order they are tried."""
    out = []
    for kind in MEETING_KEYWORDS:
        words = [phrase(w) for w in settings[f"calendar.keywords.{kind}"] if phrase(w).strip()]
        if words:
            out.append((kind, re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))))
    return out


def partners_of(occurrence: Occurrence, directory: Directory) -> list[str]:
    """Every directory partner an attendee or the organiser belongs to (e-mail domain, or a name or alias in
    the attendee text), or whose name or alias is in the subject; in directory order."""
    people = "; ".join(p for p in (occurrence.organizer, occurrence.attendees) if p)
    found = set(directory.by_addresses(people)) | set(directory.by_phrases(people)) | set(
        directory.by_phrases(occurrence.subject))
    return [p for p in directory.partners if p in found]


def _wall(value):
    """A start or end as the clock in its own time zone shows it (floating times as written)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# ---------------------------------------------------------------- one load


class CalendarStep:
    """The calendar exports of one load: their as-of date (found once, over all of them) and their meetings."""

    def __init__(self, raws, clean: dict[str, list[pd.DataFrame]], settings: Settings, month_first: bool,
                 published: pd.DataFrame | None = None):
        self.raws = [raw for raw in raws if is_calendar(raw)]
        self.published = published  # the published partner directory: in force when the files bring none
        self.clean, self.settings, self.month_first = clean, settings, month_first
        self.today = today()
        self._read: dict[int, tuple[list[Occurrence], list[Refused], dict]] = {}  # id(raw) → its one-off events
        self._directory: Directory | None = None
        self._as_of: dt.date | None = None
        self.rules = keyword_rules(settings)
        self._matched: dict[tuple[str, str, str], list[str]] = {}
        self._types: dict[tuple[str, str], str] = {}

    def holds(self, raw) -> bool:
        """True when `raw` is one of this load's calendar exports."""
        return is_calendar(raw)

    @property
    def directory(self) -> Directory:
        if self._directory is None:
            frames = [f for f in self.clean.get("partners", []) if len(f)]
            self._directory = Directory.from_table(pd.concat(frames, ignore_index=True) if frames else self.published)
        return self._directory

    @property
    def as_of(self) -> dt.date:
        """The latest date of the reviews, the hand-kept meetings and the calendars' non-recurring meetings,
        never after the day of import (METHODOLOGY §2, §9); the day of import when there is none."""
        if self._as_of is None:
            days = []
            for table, column in (("reviews", "review_date"), ("meetings", "date")):
                for frame in self.clean.get(table, []):
                    if len(frame) and frame[column].notna().any():
                        days.append(frame[column].max().date())
            for raw in self.raws:
                singles, _, _ = self._occurrences(raw, singles_only=True)
                days += [_day(o.start) for o in singles if self._reason(o) is None]
            self._as_of = min(max(days), self.today) if days else self.today
        return self._as_of

    def _occurrences(self, raw, singles_only: bool = False) -> tuple[list[Occurrence], list[Refused], dict]:
        """The occurrences of one export (only its non-recurring events while the as-of date is being found),
        the events that cannot be read, and facts for `inspect`; each read once."""
        from kpi.ingest import ics, outlook_csv

        if id(raw) not in self._read:
            if raw.layout.format == "ics":
                found, refused = ics.singles(raw.survey)
                self._read[id(raw)] = (found, refused, {"events": len(raw.survey.events), "mapping": ics.MAPPING})
            else:
                self._read[id(raw)] = outlook_csv.occurrences(raw, self.month_first)
        found, refused, facts = self._read[id(raw)]
        if singles_only or raw.layout.format != "ics":
            return found, refused, facts
        more, refused_series, facts = ics.series(raw.survey, self.as_of, self.today, self.settings)
        every = sorted(found + more, key=lambda o: (o.row, str(_wall(o.start))))
        return every, sorted(refused + refused_series, key=lambda r: r.row), facts

    def _partners(self, o: Occurrence) -> list[str]:
        """`partners_of`, once per distinct organiser, attendees and subject (a series repeats them)."""
        key = (o.organizer, o.attendees, o.subject)
        if key not in self._matched:
            self._matched[key] = partners_of(o, self.directory)
        return self._matched[key]

    def _reason(self, o: Occurrence) -> str | None:
        if o.cancelled or is_cancelled(o.subject):
            return "cancelled"
        if o.all_day:
            return "all_day"
        if o.start is not None and _day(o.start) > self.today:
            return "future"
        if not self._partners(o):
            return "no_partner"
        return None

    def clean_table(self, raw, clean_meetings, place) -> tuple[pd.DataFrame, np.ndarray, list[pd.DataFrame]]:
        """The calendar's meetings, checked like any meetings table (`clean_meetings`, on the kept occurrences),
        its events that cannot be read, and its dropped occurrences: `raw` becomes the table of its occurrences
        (kept, then rejected, then dropped), so that rows read = kept + rejected + dropped."""
        source_headers = list(raw.headers) if raw.layout.format != "ics" else []
        roles = {role: raw.headers[pos] for role, pos in raw.layout.roles.items()
                 if role != "date" and source_headers and pos < len(raw.headers)}
        if source_headers and "start_date" not in raw.layout.roles:  # a mapping took the start away
            raw.survey = CalendarRead(len(raw.frame), 0, 0, self.as_of, {}, {}, headers=source_headers, roles=roles)
            return raw.frame.iloc[0:0], np.arange(0), [place.note("", "", "calendar_no_start", "error")]
        occurrences, refused, facts = self._occurrences(raw)
        kept, dropped = [], {reason: [] for reason in DROP_REASONS}
        for o in occurrences:
            reason = self._reason(o)
            (kept if reason is None else dropped[reason]).append(o)
        left_out = [o for reason in DROP_REASONS for o in dropped[reason]]
        mapped = {fold(k): v for k, v in (raw.mapping.categories if raw.mapping else {}).items() if v}
        cells = [self._cells(o, mapped) for o in kept] + [_refused_cells(r) for r in refused] + [
            self._cells(o, mapped) for o in left_out]
        rows = [o.row for o in kept] + [r.row for r in refused] + [o.row for o in left_out]
        headers = MEETING_COLUMNS + LISTED_COLUMNS
        frame = pd.DataFrame(cells, columns=range(len(headers)), dtype=object) if cells else pd.DataFrame(
            columns=range(len(headers)), dtype=object)
        raw.frame, raw.rows, raw.headers = frame, pd.Series(rows, dtype="int64"), list(headers)
        raw.repeated, raw.row_problems = {}, []
        n_kept, n_refused = len(kept), len(refused)
        positions: dict[str, np.ndarray] = {}
        start = n_kept + n_refused
        for reason in DROP_REASONS:
            if dropped[reason]:
                positions[reason] = np.arange(start, start + len(dropped[reason]))
                start += len(dropped[reason])
        raw.survey = CalendarRead(facts.get("events", 0), facts.get("series", 0), len(frame), self.as_of, positions,
                                  dict(facts.get("mapping", {})), headers=source_headers, roles=roles,
                                  categories=self._categories(kept, mapped))
        meetings = replace(raw, frame=frame.iloc[:n_kept, :len(MEETING_COLUMNS)], rows=raw.rows.iloc[:n_kept],
                           headers=list(MEETING_COLUMNS), layout=None, survey=None)
        typed, kept_positions, found = clean_meetings(meetings, False)
        found = list(found)
        if n_refused:
            found.append(place.cells([r.row for r in refused], [r.column for r in refused],
                                     [r.value for r in refused], [r.code for r in refused],
                                     [{"value": r.value, "column": r.column, **r.params} for r in refused],
                                     np.arange(n_kept, n_kept + n_refused)))
        for reason, where in positions.items():
            shown = np.unique(raw.rows.to_numpy()[where])
            found.append(place.note("", "", f"dropped_{reason}", row=int(shown[0]), n=len(where),
                                    rows=_row_list(shown)))
        for code, severity, params in facts.get("notes", []):
            found.append(place.note("", "", code, severity, **params))
        if not self.directory and occurrences:
            found.append(place.note("", "", "calendar_no_directory"))
        if facts.get("series"):
            found.append(place.note("", "", "calendar_expanded", events=facts.get("events", 0),
                                    series=facts["series"], n=len(occurrences), as_of=self.as_of.isoformat()))
        return typed, kept_positions, found

    def _categories(self, kept: list[Occurrence], mapped: dict[str, str]) -> dict[str, tuple[int, str, str]]:
        """Each category of the meetings kept: how many meetings carry it, the type it gives and how ("mapped":
        the mapping says so; "keywords": a keyword rule matches it; "subject": none does, the subject decides)."""
        counts: dict[str, int] = {}
        for o in kept:
            for category in split_categories(o.categories):
                counts[category] = counts.get(category, 0) + 1
        out = {}
        for category, n in sorted(counts.items(), key=lambda item: (-item[1], fold(item[0]))):
            if fold(category) in mapped:
                out[category] = (n, mapped[fold(category)], "mapped")
            else:
                kind = meeting_type(category, "", self.rules)
                out[category] = (n, kind, "keywords") if kind != "other" else (n, "", "subject")
        return out

    def _cells(self, o: Occurrence, mapped: dict[str, str] | None = None) -> list[object]:
        partners = self._partners(o)
        start, end = _wall(o.start), _wall(o.end)
        timed = isinstance(start, dt.datetime)
        duration = ""
        if timed and isinstance(end, dt.datetime):
            minutes = (end - start).total_seconds() / 60
            duration = f"{minutes:g}"
        date = start.strftime("%Y-%m-%d %H:%M") if timed else (start.isoformat() if start is not None else "")
        agenda = len(agenda_text(o.description)) >= self.settings["calendar.agenda_min_chars"]
        meeting_id = f"{o.uid} {date}" if o.uid else str(o.row)
        end_text = end.strftime("%Y-%m-%d %H:%M") if isinstance(end, dt.datetime) else (
            end.isoformat() if end is not None else "")
        kind = mapped_type(o.categories, mapped) if mapped else None
        kind = kind or self._types.get((o.categories, o.subject))
        if kind is None:
            kind = self._types[(o.categories, o.subject)] = meeting_type(o.categories, o.subject, self.rules)
        return [date, "; ".join(partners), kind, duration,
                "yes" if agenda else "no", meeting_id, o.subject, end_text, o.organizer, o.attendees, o.categories]



def unmatched_events(loads) -> pd.DataFrame:
    """The occurrences a load dropped as matching no partner (`no_partner`), one row per distinct event
    (subject, organiser, attendees): file, row (its first), occurrences, subject, organizer, attendees, and
    domains, the e-mail domains in the organiser and attendees (`;`-separated): what an analyst can add to
    the directory so that the event finds its partner."""
    from kpi.directory import domains_in
    from kpi.validate.values import original

    columns = ["file", "row", "occurrences", "subject", "organizer", "attendees", "domains"]
    frames = []
    for load in loads:
        where = load.dropped.get("no_partner")
        if where is None or not len(where) or load.raw.layout is None or not is_calendar(load.raw):
            continue
        headers = load.raw.headers
        cells = load.raw.frame.iloc[where].apply(original).fillna("").astype(str)
        frames.append(pd.DataFrame({
            "file": load.file, "row": load.raw.rows.iloc[where].to_numpy(),
            **{name: cells.iloc[:, headers.index(column)].to_numpy()
               for name, column in (("subject", "notes"), ("organizer", "organizer"), ("attendees", "attendees"))}}))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("row", "occurrences") else "str") for c in columns})
    every = pd.concat(frames, ignore_index=True)
    events = (every.groupby(["file", "subject", "organizer", "attendees"], sort=False, dropna=False)
              .agg(row=("row", "min"), occurrences=("row", "size")).reset_index())
    events["domains"] = ["; ".join(domains_in(f"{o} {a}")) for o, a in zip(events["organizer"], events["attendees"])]
    return events.sort_values(["file", "row"], kind="stable")[columns].reset_index(drop=True)


def _refused_cells(r: Refused) -> list[object]:
    return [r.value if r.column == "date" else "", "", "", "", "", "", r.params.get("subject", ""), "", "", "", ""]


def _row_list(rows, shown: int = 10) -> str:
    listed = ", ".join(str(r) for r in rows[:shown])
    return listed + (f", … (+{len(rows) - shown})" if len(rows) > shown else "")
