"""Outlook calendar CSV exports (METHODOLOGY §9): File → Open & Export → Import/Export → Export to a file.

One header row of 22 columns, in the language of the Outlook that wrote it (English, French, German):
`Subject, Start Date, Start Time, End Date, End Time, All day event, Reminder on/off, Reminder Date,
Reminder Time, Meeting Organizer, Required Attendees, Optional Attendees, Meeting Resources, Billing
Information, Categories, Description, Location, Mileage, Priority, Private, Sensitivity, Show time as`.
One row per occurrence (Outlook expands series itself over the range chosen at export); dates and
times in the locale's format; attendees as display names separated by `;` (an e-mail address for
people outside the organisation); descriptions over several lines. kpi.ingest.calendars turns the
rows into meetings.
"""

from __future__ import annotations

import datetime as dt
import re

from kpi.contracts.schema import fold
from kpi.ingest.base import Layout, find, roles_from

FORMAT = "outlook_csv"

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


# ---------------------------------------------------------------- occurrences (kpi.ingest.calendars)

MAPPING = {"date": "Start Date + Start Time", "partner": "Meeting Organizer, Required/Optional Attendees, Subject "
           "(through the partner directory)", "meeting_type": "Categories, then Subject",
           "duration_min": "End − Start", "agenda_shared": "Description (without its online-meeting block)",
           "meeting_id": "the file row", "notes": "Subject"}
"""Where each meetings column of an Outlook CSV comes from, as `inspect` shows it."""

_TRUE = {"true", "vrai", "wahr", "ein", "yes", "oui", "ja", "1", "x", "on"}
_DATE = re.compile(r"^\s*(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})\s*$")
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
    return out, refused, {"events": len(frame), "series": 0, "mapping": MAPPING}


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
