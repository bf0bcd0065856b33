"""Getting files in: read them, recognise their layout, turn them into canonical tables.

    source.py       a file to read (Source), what kind it is, and parsing it ahead (no pandas)
    delimited.py    UTF-8 CSV: checks, delimiter sniffing, Arrow's parse into text cells (no pandas)
    workbook.py     .xlsx: archive and cell-extent checks, then calamine's typed cells (no pandas)
    files.py        bytes → raw grids (CSV in any dialect and encoding, every sheet of an .xlsx)
    base.py         the importer interface and the registry of formats
    <format>.py     one module per survey tool: how it lays out its header rows and metadata
    surveys.py      the survey-export rules of METHODOLOGY §8, shared by every survey format
    outlook_csv.py  Outlook's calendar CSV (recognised from its header like a survey tool)
    ics.py          iCalendar files: events from their content lines, recurring series through icalendar
    calendars.py    the calendar rules of METHODOLOGY §9: occurrences → meetings, through the partner directory
    mapping.py      what a user settles once (partner/side, unmatched questions, labels): a profile
    inspect.py      what a load made of each table (format, rows kept and dropped, mapping, needs)

See docs/architecture.md for how to add a format.
"""
