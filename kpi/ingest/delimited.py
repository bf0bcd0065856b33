"""Delimited text (CSV, TSV) in UTF-8, parsed by Arrow straight from its bytes: the checks before parsing, the
delimiter sniffed from the first records, and Arrow's parse into text cells.

No pandas here: the command line starts parsing the first file (`kpi.ingest.source.read_ahead`) before it imports
what validation needs, and Arrow parses without holding Python's interpreter. `kpi.ingest.files` turns the cells
into a raw table, and reads every other file (another encoding, a ragged or broken one) the careful way.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import Iterable

import pyarrow as pa
import pyarrow.csv as pa_csv

DELIMITERS = (",", ";", "\t", "|")
MAX_COLUMNS = 16_384  # Excel's own limit: a wider "table" is a wrong file, and pandas slows down per column
SNIFF_CHARS = 65_536  # sniff on whole records from about the first 64 KB
SNIFF_RECORDS = 30
SNIFF_MAX_RECORD = 4 * 1_048_576  # an unclosed quote must not make sniffing read the whole file


def csv_rows(lines: Iterable[str], delim: str):
    """csv.reader that accepts any field size: a free-text answer can exceed csv's 128 KB default."""
    csv.field_size_limit(2**31 - 1)  # the largest value every platform's C long holds
    return csv.reader(lines, delimiter=delim)


def sniff_delimiter(text: str) -> str:
    """The delimiter among `, ; tab |` that splits the first records into the most consistent column count.

    Records are parsed whole, so a quoted answer running over several lines (holding `;` or tabs)
    counts once, in the dialect being tried.
    """
    return sniff(text, complete=True)


def sniff(text: str, complete: bool) -> str | None:
    """`sniff_delimiter`; when `text` is only the start of the file (`complete` false), None if the records
    sampled ran to its end: then only the whole text can decide."""
    best, best_key = ",", (False, 0.0, 0, 0)
    for delim in DELIMITERS:
        counts = _sample_widths(text, delim, complete)
        if counts is None:
            return None
        if not counts or max(counts) < 2:
            continue
        mode = max(set(counts), key=lambda c: (counts.count(c), c))
        consistent = counts.count(mode) / len(counts)
        key = (mode > 1, consistent, mode, -DELIMITERS.index(delim))
        if key > best_key:
            best, best_key = delim, key
    return best


_LINE_END = re.compile(r"\r\n|\r|\n")


def _sample_widths(text: str, delim: str, complete: bool = True) -> list[int] | None:
    """Cells per record of the first records read with `delim`, blank lines left out (None: `text` ran out
    before the sample was taken, and it is not the whole file)."""
    read, cut, ran_out = 0, False, False
    # Lines starting after SNIFF_MAX_RECORD are never read: hand StringIO only the text up to there, not a copy
    # of the whole file (four bytes a character).
    end = len(text)
    if end > SNIFF_MAX_RECORD:
        found = _LINE_END.search(text, SNIFF_MAX_RECORD)
        end = found.end() if found else end

    def lines():
        nonlocal read, cut, ran_out
        for line in io.StringIO(text[:end], newline=""):
            read += len(line)
            yield line
        cut, ran_out = end < len(text), end == len(text)

    widths = []
    try:
        for record in csv_rows(lines(), delim):
            if len(record) > 1 or (record and record[0].strip()):
                widths.append(len(record))
            if len(widths) >= SNIFF_RECORDS or read >= SNIFF_CHARS:
                break
    except csv.Error:
        pass
    if ran_out and not complete:
        return None
    if cut and len(widths) > 1:
        widths.pop()  # the record that was cut short
    return widths


HEAD_BYTES = 1 << 20  # what the checks before parsing look at in a UTF-8 file: its first megabyte
_LETTER_OR_DIGIT = re.compile(rb"[0-9A-Za-z]")


def utf8_cells(data: bytes) -> tuple[pa.Table, str] | None:
    """The cells of the usual file, UTF-8 and well formed, as Arrow text, and its delimiter; None for anything
    else (see `kpi.ingest.files._read_utf8`)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) or b"\x00" in data[:4096]:
        return None
    if not _LETTER_OR_DIGIT.search(data):
        return None
    complete = len(data) <= HEAD_BYTES
    try:
        head = codecs.getincrementaldecoder("utf-8-sig")().decode(data[:HEAD_BYTES], final=complete)
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in head[:2000])
    if printable < 0.9 * min(len(head), 2000):  # the head holds at least 2,000 characters unless it is the file
        return None
    if not complete:
        head = head[:head.rfind("\n") + 1]  # whole lines only
    delim = sniff(head, complete) if head else None
    if delim is None:
        return None
    first_line = head.find("\n") if "\n" in head else SNIFF_CHARS
    if head.count(delim, 0, first_line) >= MAX_COLUMNS:
        return None
    if data.count(b'"') % 2:  # a quote never closed (or a lone inch mark): the careful reader says which
        return None
    try:
        width = len(next(csv.reader(io.StringIO(head, newline=""), delimiter=delim, quotechar='"')))
    except (csv.Error, StopIteration):
        return None
    table = arrow_cells(data, delim, width)
    return None if table is None else (table, delim)


def arrow_cells(data: bytes, delim: str, width: int) -> pa.Table | None:
    """The cells of a rectangular UTF-8 CSV as text, parsed by Arrow's CSV reader (on every core, into the
    Arrow strings pandas keeps text in): what `pd.read_csv(dtype=str, keep_default_na=False)` returns, in a
    fifth of its time. `width`: the cells of the first record. None when Arrow refuses the file (a ragged or
    blank line, a quote never closed, bytes that are not UTF-8): the careful reader takes it then."""
    names = [str(i) for i in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(data),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(delimiter=delim, quote_char='"', double_quote=True,
                                              newlines_in_values=True, ignore_empty_lines=False),
            # large_string: the text type pandas keeps, so that no column is cast (copied) on the way
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.large_string()),
                                                  null_values=[], strings_can_be_null=False,
                                                  quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    return table
