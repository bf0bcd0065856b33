"""What a load made of each table: the format, header rows, responses kept and dropped, the mapping, what is open.

`describe` is what `python -m kpi inspect` prints: the first thing to run on an unknown file,
and what support asks for. It reports what `kpi.validate.dataset.load` did, not a second guess.
"""

from __future__ import annotations

from kpi.ingest import calendars, outlook_csv
from kpi.ingest.surveys import DROP_REASONS
from kpi.validate.dataset import Dataset, TableLoad, columns_read

FIELDS = ("file", "sheet", "format", "table", "header_rows", "header_row", "rows_read", "rows_kept", "dropped",
          "mapping", "needs", "unmatched", "labels_unknown", "values_unknown", "signature", "profile",
          "calendar_guess")
"""The keys of each table's description, in order."""


def describe(data: Dataset) -> list[dict]:
    """One plain dict per table of a load (JSON-ready), with the keys of FIELDS:

    file, sheet (None for a CSV), format (`qualtrics`… or `generic`), table (`reviews`,
    `meetings`, `questions`, `partners`, or None when unrecognised), header_rows, header_row (the row the
    header starts on), rows_read (data rows after the header rows; for a calendar, `outlook_csv` or `ics`,
    the occurrences read, recurring series expanded), rows_kept (read minus dropped), dropped ({reason:
    count}, METHODOLOGY §8 and §9: cancelled, all_day, future, no_partner for a calendar), mapping ({canonical column or question
    id: source header}; `= value` for a constant), needs (what a mapping must still settle:
    `partner`, `respondent_side`, `questions`, `labels`, `partner_values`, `side_values` for a survey
    export; the required columns
    missing from a generic table; `table` when no table was recognised), unmatched (headers of
    columns read as nothing), labels_unknown (answers no label set knows), values_unknown ({partner:
    numeric codes not yet named, respondent_side: answers naming neither side}), signature (the key a
    profile is found by; None for a generic table), profile (the saved profile applied, or None) and
    calendar_guess ({role: header}: for a table no rule recognised that looks like a calendar, the columns the
    mapping step would propose; its needs are then `calendar_columns` and its signature the calendar table's).
    """
    applied = _profiles_applied(data)
    order = {name: i for i, name in enumerate(data.files)}
    loads = sorted(data.loads, key=lambda load: order.get(load.raw.file, len(order)))  # as the files were given
    return [_one(load, data, applied.get(load.raw.where)) for load in loads]


def _one(load: TableLoad, data: Dataset, profile: str | None) -> dict:
    raw = load.raw
    canon = raw.survey
    if canon is not None:
        mapping, needs = dict(canon.mapping), list(canon.needs)
        unmatched, labels = list(canon.unmatched), list(canon.labels_unknown)
        values = {k: v for k, v in (("partner", canon.partner_codes), ("respondent_side", canon.sides_unknown)) if v}
    elif load.table:
        mapping, needs = columns_read(raw, load.table, data.questions)
        read = set(mapping.values())
        unmatched = [h for h in raw.headers if h not in read and not h.startswith("column_")]
        labels, values = [], {}
    else:
        mapping, needs, unmatched, labels = {}, ["table"], [h for h in raw.headers if not h.startswith("column_")], []
        values = {}
    guess = {}
    if load.table is None and outlook_csv.looks_like_calendar(raw.headers):
        guess = {role: raw.headers[pos] for role, pos in outlook_csv.guess_roles(raw.headers).items()}
        needs = ["calendar_columns"]
    reasons = DROP_REASONS + calendars.DROP_REASONS
    dropped = {reason: int(len(load.dropped[reason])) for reason in reasons if reason in load.dropped}
    return {
        "file": raw.file, "sheet": raw.sheet, "format": raw.format, "table": load.table,
        "header_rows": int(raw.header_rows), "header_row": int(raw.header_row),
        "rows_read": int(load.rows_read), "rows_kept": int(load.rows_read - load.n_dropped), "dropped": dropped,
        "mapping": mapping, "needs": needs, "unmatched": unmatched, "labels_unknown": labels,
        "values_unknown": values, "signature": raw.layout.signature if raw.layout else (
            outlook_csv.signature(raw) if guess else None), "profile": profile, "calendar_guess": guess,
    }


def _profiles_applied(data: Dataset) -> dict[str, str]:
    """Table (`file [sheet]`) → name of the profile `load` applied to it."""
    issues = data.issues
    notes = issues[issues["code"] == "profile_applied"]
    return {file: params["name"] for file, params in zip(notes["file"], notes["params"])}
