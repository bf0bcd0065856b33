"""Outlook calendar CSV exports (METHODOLOGY §9): File → Open & Export → Import/Export → Export to a file.

One header row of 22 columns, in the language of the Outlook that wrote it (English, French, German):
`Subject, Start Date, Start Time, End Date, End Time, All day event, Reminder on/off, Reminder Date,
Reminder Time, Meeting Organizer, Required Attendees, Optional Attendees, Meeting Resources, Billing
Information, Categories, Description, Location, Mileage, Priority, Private, Sensitivity, Show time as`.
One row per occurrence (Outlook expands series itself over the range chosen at export); dates and
times in the locale's format; attendees as display names separated by `;` (an e-mail address for
people outside the organisation); descriptions over several lines. kpi.ingest.calendars turns the
rows into meetings.

The same reader serves a calendar table in any other layout once its columns are mapped (format
`calendar_table`: an Outlook of another language, another tool's event list, a sheet kept by hand):
`guess_roles` proposes each role from its header in several languages, the user confirms or corrects it
in the mapping step, and a saved profile (`Mapping.columns`) reads the next file of that shape unasked.
A mapping also settles a recognised Outlook export's columns (which column is the organizer).
"""

from __future__ import annotations

import datetime as dt
import re

from dataclasses import replace
from functools import lru_cache

from kpi.contracts.schema import fold
from kpi.ingest.base import Layout, find, roles_from, words
from kpi.ingest.mapping import CALENDAR_ROLES, IGNORE

FORMAT = "outlook_csv"
TABLE_FORMAT = "calendar_table"
"""A calendar table whose columns were mapped by the user (or a saved profile)."""

_ROLES = {
    "subject": ("Subject", "Objet", "Betreff"),
    "start_date": ("Start Date", "Date de début", "Début", "Beginnt am", "Startdatum"),
    "start_time": ("Start Time", "Heure de début", "Beginnt um", "Startzeit"),
    "end_date": ("End Date", "Date de fin", "Fin", "Endet am", "Enddatum"),
    "end_time": ("End Time", "Heure de fin", "Endet um", "Endzeit"),
    "all_day": ("All day event", "Journée entière", "Événement d'une journée entière", "Ganztägiges Ereignis",
                "Ganztägig"),
    "organizer": ("Meeting Organizer", "Organisateur d'une réunion", "Organisateur de la réunion", "Organisateur",
                  "Besprechungsplanung", "Organisator"),
    "required": ("Required Attendees", "Participants obligatoires", "Erforderliche Teilnehmer"),
    "optional": ("Optional Attendees", "Participants facultatifs", "Optionale Teilnehmer"),
    "categories": ("Categories", "Catégories", "Kategorien"),
    "description": ("Description", "Beschreibung", "Notes", "Notizen"),
    "location": ("Location", "Emplacement", "Lieu", "Ort"),
}
"""Role → the header each language of Outlook writes for it."""

_ROLES["date"] = _ROLES["start_date"]  # the column whose slash dates prove the file's date order (METHODOLOGY §1.7)

_OTHERS = ("Reminder on/off", "Reminder Date", "Reminder Time", "Meeting Resources", "Billing Information",
           "Mileage", "Priority", "Private", "Sensitivity", "Show time as",
           "Rappel actif/inactif", "Date du rappel", "Heure du rappel", "Ressources de la réunion",
           "Informations facturation", "Kilométrage", "Priorité", "Privé", "Critère de diffusion",
           "Afficher la disponibilité",
           "Erinnerung Ein/Aus", "Erinnerung am", "Erinnerung um", "Besprechungsressourcen",
           "Abrechnungsinformationen", "Reisekilometer", "Priorität", "Privat", "Vertraulichkeit",
           "Zeitspanne zeigen als")
"""The columns Outlook writes that no rule reads (reminders, billing, sensitivity…)."""


def sniff(head: list[list[str]], sheet: str | None = None) -> float:
    """Outlook when the first row names the subject, the start date and time, the end date and time and the
    all-day flag in one language, with most of the export's other columns."""
    if not head:
        return 0.0
    first = head[0]
    needed = ("subject", "start_date", "start_time", "end_date", "end_time", "all_day")
    if any(find(first, *_ROLES[role]) is None for role in needed):
        return 0.0
    known = sum(find(first, name) is not None for name in _OTHERS) + len(roles_from(first, _ROLES))
    return 0.95 if known >= 10 else 0.7


def layout(head: list[list[str]]) -> Layout:
    """One header row; every column's role by its header, in whichever language it is written."""
    first = head[0]
    roles = roles_from(first, _ROLES)
    return Layout(FORMAT, 1, list(first), roles=roles, metadata=set(range(len(first))), table="meetings")


# ---------------------------------------------------------------- columns mapped by the user

_GUESS = {
    "subject": ("subject", "title", "summary", "event", "objet", "titre", "intitule", "asunto", "titulo", "oggetto",
                "titolo", "onderwerp", "titel", "assunto", "betreff"),
    "start_date": ("start date", "start", "starts", "begin", "date", "when", "date de debut", "debut",
                   "fecha de comienzo", "fecha de inicio", "fecha", "inicio", "data inizio", "data di inizio",
                   "inizio", "begindatum", "data de inicio", "startdatum", "beginnt am", "beginn"),
    "start_time": ("start time", "heure de debut", "hora de comienzo", "hora de inicio", "comienzo", "ora inizio",
                   "ora di inizio", "begintijd", "hora de inicio", "startzeit", "beginnt um"),
    "end_date": ("end date", "end", "ends", "until", "date de fin", "fin", "fecha de finalizacion",
                 "fecha de fin", "fecha final", "data fine", "data di fine", "fine", "einddatum", "einde",
                 "data de termino", "data de fim", "enddatum", "endet am", "ende"),
    "end_time": ("end time", "heure de fin", "hora de finalizacion", "hora de fin", "finalizacion", "ora fine",
                 "ora di fine", "eindtijd", "hora de termino", "hora de fim", "endzeit", "endet um"),
    "all_day": ("all day", "all day event", "journee entiere", "toute la journee", "todo el dia", "giornata intera",
                "tutto il giorno", "hele dag", "dia inteiro", "ganztagig", "ganztaegig"),
    "organizer": ("organizer", "organiser", "meeting organizer", "host", "owner", "organisateur", "organizador",
                  "organizzatore", "organisator"),
    "required": ("required attendees", "attendees", "participants", "guests", "invitees", "participants obligatoires",
                 "invites", "asistentes obligatorios", "asistentes", "partecipanti obbligatori", "partecipanti",
                 "vereiste deelnemers", "deelnemers", "participantes obrigatorios", "participantes",
                 "erforderliche teilnehmer", "teilnehmer"),
    "optional": ("optional attendees", "participants facultatifs", "participants optionnels", "asistentes opcionales",
                 "partecipanti facoltativi", "optionele deelnemers", "participantes opcionais",
                 "optionale teilnehmer"),
    "categories": ("categories", "category", "labels", "label", "tags", "tag", "colour", "color", "couleur", "categorie", "categorias", "categoria",
                   "categorieen", "kategorien", "kategorie"),
    "description": ("description", "notes", "body", "details", "agenda", "descripcion", "descrizione", "beschrijving",
                    "descricao", "beschreibung", "notizen"),
}
"""Role → header words that suggest it, in English, French, Spanish, Italian, Dutch, Portuguese and German."""


def guess_roles(headers: list[str]) -> dict[str, int]:
    """Role → column position for a calendar table in a layout no rule knows: each role to the header that
    names it best (the whole header, else the most words of one of its names), each header once at most."""
    return dict(_guessed(tuple(headers)))


@lru_cache(maxsize=32)
def _guessed(headers: tuple[str, ...]) -> dict[str, int]:
    exact, by_first_word = _names()
    candidates = []
    for pos, header in enumerate(headers):
        said = words(header)
        best = dict(exact.get(fold(header), {}))  # the whole header is one of the role's names
        for word in set(said.split()):  # else a name whose words are among the header's: found by its first word
            for role, name, score in by_first_word.get(word, ()):
                if score > best.get(role, 0) and name in said:
                    best[role] = score
        candidates += [(-score, pos, CALENDAR_ROLES.index(role), role) for role, score in best.items()]
    roles: dict[str, int] = {}
    for _, pos, _, role in sorted(candidates):
        if role not in roles and pos not in roles.values():
            roles[role] = pos
    return {role: roles[role] for role in CALENDAR_ROLES if role in roles}


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, dict[str, int]], dict[str, list[tuple[str, str, int]]]]:
    """Every name of every role, indexed once: by its folded whole (score 100 + its length) and by its first word
    (its words as `words` writes them, score its length), so that a header of a 100,000-column file is looked
    up, not compared with every name."""
    exact: dict[str, dict[str, int]] = {}
    by_first_word: dict[str, list[tuple[str, str, int]]] = {}
    for role, guessed in _GUESS.items():
        for name in (*guessed, *_ROLES.get(role, ())):
            scores = exact.setdefault(fold(name), {})
            scores[role] = max(scores.get(role, 0), 100 + len(name))
            phrase = words(name)
            if phrase.strip():
                by_first_word.setdefault(phrase.split()[0], []).append((role, phrase, len(name)))
    return exact, by_first_word


def signature(raw) -> str:
    """The signature a saved profile must have to settle `raw`: its layout's, or for a table no rule recognised,
    the one it has once read as a calendar table."""
    if raw.layout is not None:
        return raw.layout.signature
    if raw.table:
        return ""
    return Layout(TABLE_FORMAT, 1, list(raw.headers)).signature


def settle(raw) -> list[str]:
    """A calendar table's columns as the raw's mapping settles them (`Mapping.columns`): a table no rule
    recognised becomes a calendar table, a recognised Outlook export gets its columns changed. The headers the
    mapping names that the file lacks are returned (each a warning)."""
    columns = raw.mapping.columns if raw.mapping is not None else {}
    if not columns:
        return []
    if raw.layout is None and not raw.table:
        # A mapping given for a whole workbook reaches each of its sheets: only the one it names is a calendar.
        have = {fold(h) for h in raw.headers}
        if not looks_like_calendar(raw.headers) or any(fold(h) not in have for h in columns.values() if h != IGNORE):
            return []
        raw.layout, missing = mapped_layout(raw.headers, columns)
        raw.table = "meetings"
        return missing
    if raw.layout is not None and raw.layout.format in (FORMAT, TABLE_FORMAT):
        raw.layout, missing = mapped_layout(raw.headers, columns, raw.layout)
        return missing
    return []


def looks_like_calendar(headers: list[str]) -> bool:
    """True when a table no rule recognised may be a calendar: a start and a subject or attendees are guessed."""
    roles = guess_roles(headers)
    return "start_date" in roles and bool({"subject", "organizer", "required"} & set(roles))


def mapped_layout(headers: list[str], columns: dict[str, str], base: Layout | None = None) -> tuple[Layout, list[str]]:
    """The layout of a calendar table with the user's columns (role → header, IGNORE: not read) over `base`'s
    roles (a recognised Outlook export), or over the guess for a table no rule knows; and the headers the
    mapping names that the file does not have."""
    position = {h: i for i, h in reversed(list(enumerate(headers)))}
    folded = {fold(h): i for i, h in reversed(list(enumerate(headers)))}
    roles = dict(base.roles) if base is not None else guess_roles(headers)
    missing = []
    for role, header in columns.items():
        if header == IGNORE:
            roles.pop(role, None)
            continue
        pos = position.get(header, folded.get(fold(header)))
        if pos is None:
            missing.append(header)
            continue
        roles = {r: p for r, p in roles.items() if p != pos}  # a column holds one role
        roles[role] = pos
    roles["date"] = roles["start_date"] if "start_date" in roles else roles.pop("date", None)
    roles = {r: p for r, p in roles.items() if p is not None}
    if base is not None:
        return replace(base, roles=roles), missing
    return Layout(TABLE_FORMAT, 1, list(headers), roles=roles, metadata=set(range(len(headers))),
                  table="meetings"), missing


# ---------------------------------------------------------------- occurrences (kpi.ingest.calendars)


_TRUE = {"true", "vrai", "wahr", "ein", "yes", "oui", "ja", "1", "x", "on", "verdadero", "si", "vero", "waar",
         "verdadeiro", "sim"}
_DATE = re.compile(r"^\s*(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?:(?:\s+|T)(\S.*?))?\s*$")  # maybe with its time
_MIDNIGHT = re.compile(r"^0?0[:h.]00(?:[:.]00)?$")
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:h.]\s*(\d{2})(?:[:.](\d{2}))?\s*(?:([aApP])\.?\s*[mM]\.?)?\s*$")


def occurrences(raw, month_first: bool) -> tuple[list, list, dict]:
    """One occurrence per row (Outlook expanded the series itself), the rows whose start cannot be read, and
    facts for `inspect`. Slash dates are read in the order the file proves (METHODOLOGY §1.7), else as asked;
    dotted dates (`15.03.2026`) are always day-first."""
    from kpi.ingest.calendars import Occurrence, Refused
    from kpi.validate.values import proven_order

    roles, frame = raw.layout.roles, raw.frame
    headers = raw.headers
    text = {role: [_text(v) for v in frame[pos]] for role, pos in roles.items() if pos in frame}
    blank = [""] * len(frame)
    dated = [frame[roles[r]].reset_index(drop=True) for r in ("start_date", "end_date") if r in roles]
    proof = proven_order(dated).order
    month_first = proof == "month" if proof else month_first
    out, refused = [], []
    for i, row in enumerate(raw.rows.to_numpy()):
        row = int(row)
        subject = text.get("subject", blank)[i]
        all_day = fold(text.get("all_day", blank)[i]) in _TRUE
        start, problem = _moment(text.get("start_date", blank)[i], text.get("start_time", blank)[i], month_first)
        if problem:
            header = headers[roles["start_date"]] if "start_date" in roles else "Start Date"
            shown = " ".join(v for v in (text.get("start_date", blank)[i], text.get("start_time", blank)[i]) if v)
            refused.append(Refused(row, header, shown, problem, {"subject": subject}))
            continue
        end, problem = _moment(text.get("end_date", blank)[i], text.get("end_time", blank)[i], month_first)
        if problem == "bad_date":
            header = headers[roles["end_date"]] if "end_date" in roles else "End Date"
            shown = " ".join(v for v in (text.get("end_date", blank)[i], text.get("end_time", blank)[i]) if v)
            refused.append(Refused(row, header, shown, problem, {"subject": subject}))
            continue
        if all_day:
            start, end = start.date(), end.date() if end else None
        attendees = "; ".join(v for v in (text.get("required", blank)[i], text.get("optional", blank)[i]) if v)
        out.append(Occurrence(row=row, uid="", subject=subject, start=start, end=end, all_day=all_day,
                              organizer=text.get("organizer", blank)[i], attendees=attendees,
                              categories=text.get("categories", blank)[i],
                              description=text.get("description", blank)[i]))
    return out, refused, {"events": len(frame), "series": 0, "mapping": _sources(headers, roles, raw.mapping)}


def _sources(headers: list[str], roles: dict[str, int], mapping) -> dict[str, str]:
    """Where each meetings column comes from, by the file's own headers as `inspect` shows it."""
    def named(*wanted: str, sep: str = ", ") -> str:
        return sep.join(headers[roles[r]] for r in wanted if r in roles and roles[r] < len(headers))

    subject = named("subject")
    kinds = named("categories") + (" (the mapping's categories first)" if mapping and mapping.categories else "")
    return {"date": named("start_date", "start_time", sep=" + ") or "(no start column)",
            "partner": ", ".join(p for p in (named("organizer", "required", "optional"), subject) if p)
            + " (through the partner directory)",
            "meeting_type": ", then ".join(p for p in (kinds, subject) if p) or "other",
            "duration_min": (named("end_date", "end_time", sep=" + ") or "(no end column)") + " − start",
            "agenda_shared": (named("description") or "(no description column)")
            + " (without its online-meeting block)",
            "meeting_id": "the file row", "notes": subject or "(no subject column)"}


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _moment(date_text: str, time_text: str, month_first: bool) -> tuple[dt.datetime | None, str]:
    """A date and a time as Outlook writes them in the export's locale (`3/15/2026` `2:30:00 PM`, `15/03/2026`
    `14:30:00`, `15.03.2026` `14:30`), or the problem: 'blank' or 'bad_date'."""
    if not date_text:
        return None, "blank"
    m = _DATE.match(date_text)
    if not m:
        return None, "bad_date"
    a, sep, b, c = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
    embedded = m.group(5)  # a date and a time in one cell (a sheet's date-time, `2026-03-15 14:30`)
    if embedded and not (time_text and _MIDNIGHT.match(embedded)):  # a day at 00:00 beside its time column
        if time_text:
            return None, "bad_date"
        time_text = embedded
    if len(m.group(1)) == 4:
        year, month, day = a, b, c
    elif sep == "." or not month_first:
        day, month, year = a, b, c
    else:
        month, day, year = a, b, c
    year += 2000 if year < 100 else 0
    hour = minute = second = 0
    if time_text:
        t = _TIME.match(time_text)
        if not t:
            return None, "bad_date"
        hour, minute, second = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
        if t.group(4):
            if hour > 12:
                return None, "bad_date"
            hour = hour % 12 + (12 if t.group(4).lower() == "p" else 0)
    try:
        return dt.datetime(year, month, day, hour, minute, second), ""
    except ValueError:
        return None, "bad_date"
