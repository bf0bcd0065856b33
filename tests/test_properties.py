"""Property-based tests over reading, validation and scoring (hypothesis).

Random reviews (long and wide), meetings and question-bank tables, written as CSV (`,` `;` tab; UTF-8,
BOM, Windows-1252; decimal comma) and as .xlsx, mixing valid cells with broken ones (bad dates, scores
off the scale, unknown sides and types, blanks, text in numbers, huge numbers, control characters, very
long strings, any Unicode), blank rows, cells beyond the header, title rows. Properties:

1. reading and validating never crash: `load` always returns, `read_source` raises only ReadError,
   whatever the bytes (random, truncated);
2. for every table, rows read = valid + rejected + dropped, each row in exactly one of them, and
   every rejected row has a problem in the report;
3. every score and component is within 0–100 or blank, reached without an overflow; n_reviews ≥ 0;
4. shuffling rows, re-spelling a partner's case and spaces, or splitting a file in two never changes
   a score;
5. a valid table validates to the same clean rows from CSV and from .xlsx.

The `ci` settings profile (tests/conftest.py), the default, derandomises the examples: every run draws
the same ones. `HYPOTHESIS_PROFILE=explore` draws new ones each run and keeps failures in .hypothesis/.
Where a rule of the methodology depends on order or on the file (a questionnaire's first row decides; a
file proves its date order; a file that is UTF-8 is read as UTF-8), the property says so where it applies.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kpi.contracts.schema import COLUMNS, VALUE_ALIASES, column_lookup, fold
from kpi.errors import ReadError
from kpi.ingest.base import detect
from kpi.ingest.files import Source, read_source
from kpi.questions import default_questions
from kpi.scoring import score_table, scores_csv_frame
from kpi.settings import COMPONENTS, SCORES
from kpi.validate.dataset import load

BANK = default_questions()
QUESTION_IDS = BANK["question_id"].tolist()
SCALE = dict(zip(BANK["question_id"], zip(BANK["scale_min"], BANK["scale_max"])))
REVIEW_META = ("review_id", "review_date", "partner", "respondent_side", "respondent", "comment")
PARTNERS = ("Agence Lumière", "Kestrel PR", "ÉCLAT Média", "Straße & Co", "north wind", "Ωmega Ads", "北京广告",
            "O'Neil, Brandt", "Zoë \"Z\" Studio")
CONTROL = "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f"
FAST = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# An overflow or an invalid operation in the arithmetic is a wrong number even when it lands in 0–100, and
# what pandas announces will raise in its next version is a crash to come.
pytestmark = [pytest.mark.filterwarnings("error::RuntimeWarning"),
              pytest.mark.filterwarnings("error::pandas.errors.Pandas4Warning"),
              pytest.mark.filterwarnings("ignore:Generating overly large repr")]


# ---------------------------------------------------------------- cells


def _spelled(word: str) -> st.SearchStrategy[str]:
    """A word as people type it: any case, stray spaces around."""
    return st.tuples(st.sampled_from([str.lower, str.upper, str.title, str]), st.sampled_from(["", " ", "  "]),
                     st.sampled_from(["", " "])).map(lambda t: t[1] + t[0](word) + t[2])


def _category(kind: str) -> st.SearchStrategy[str]:
    return st.sampled_from([a for canon, aliases in VALUE_ALIASES[kind].items() for a in (canon, *aliases)]
                           ).flatmap(_spelled)


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
CLEAN_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)
JUNK = st.one_of(
    st.just(""), st.just("   "), TEXT,
    st.text(st.sampled_from("abc;,\t\"' \r\n" + CONTROL), min_size=1, max_size=6),  # delimiters, quotes, controls
    st.builds(lambda n, ch: ch * n, st.sampled_from([3_000, 40_000, 140_000]), st.sampled_from("xé;\"")),
    st.sampled_from(["inf", "-inf", "nan", "1e999", "9" * 400, "-0", "0x1F", "1_000", "١٢", "½", "#REF!", "=1+1",
                     "TRUE", "N/A", "n/a", "—", "\u00a0", "\ufeff", "NULL", "\u202e5", "5\u200b"]),
)
GOOD_DAY = st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31))
GOOD_STAMP = st.datetimes(dt.datetime(2019, 1, 1), dt.datetime(2027, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0))


@st.composite
def good_date(draw, typed: bool = True):
    """A date as a file holds it: a real date (xlsx), or text in one of the documented spellings."""
    if draw(st.integers(0, 19)) == 0:  # the first and last days pandas holds
        return draw(st.sampled_from(["1677-09-22", "1677-09-22 00:00:01", "2262-04-10", "2262-04-11 23:00"]))
    stamp = draw(st.one_of(GOOD_DAY, GOOD_STAMP))
    if typed and draw(st.booleans()):
        return stamp
    with_time = isinstance(stamp, dt.datetime)
    style = draw(st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M"] if with_time else ["%Y-%m-%d", "%d/%m/%Y"]))
    if with_time and style == "%d/%m/%Y":
        style += " %H:%M"
    elif with_time and style == "%Y-%m-%d":
        style += " %H:%M:%S"
    return stamp.strftime(style)


# Broken dates that prove no day/month order (METHODOLOGY §1.7: a proof is file-order dependent).
BAD_DATE_NO_PROOF = st.sampled_from(["soon", "31/02/2026", "2026-13-01", "2026-02-30", "32/13/2026", "9999-12-31",
                                     "0000-01-01", "1677-09-21", "2263-01-01", "2026", "15-03", "tomorrow 10:00",
                                     "2026-03-15 25:00", "15/03/2026 10:75", "45000"])
BAD_DATE = st.one_of(BAD_DATE_NO_PROOF, st.sampled_from(["03/15/2026", "12/31/2025 9:00"]), JUNK,
                     st.sampled_from([-5, 0, 1e12, 3e6, True]),  # Excel serials out of range, a boolean
                     st.integers(1, 2958465),  # a serial: a date in a workbook, no date as CSV text
                     st.datetimes(dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31)))


def score_cell(question: str, typed: bool = True) -> st.SearchStrategy:
    low, high = SCALE.get(question, (1.0, 5.0))
    halves = st.integers(int(low) * 2, int(high) * 2).map(lambda n: n / 2)
    text = halves.map(lambda v: str(int(v)) if v.is_integer() else str(v))
    options = [text, st.sampled_from(["", "N/A", "na", "-", "sans objet"])]
    if typed:
        options.append(halves)
    return st.one_of(*options)


def bad_number(question: str | None = None) -> st.SearchStrategy:
    low, high = SCALE.get(question, (1.0, 5.0))
    return st.one_of(st.sampled_from([str(int(low) - 1), str(int(high) + 1), "-1", "1e308", "four", "4 stars",
                                      1e308, -3, high + 0.5, True]), JUNK)


def partner_name() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(PARTNERS), st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"],
                                                                      exclude_characters=";"),
                                                        min_size=1, max_size=10).filter(lambda s: s.strip()))


def maybe_bad(good: st.SearchStrategy, bad: st.SearchStrategy, broken: bool) -> st.SearchStrategy:
    """Mostly `good`; one cell in five from `bad` when the table may hold broken cells."""
    if not broken:
        return good
    return st.integers(0, 4).flatmap(lambda i: bad if i == 0 else good)


# ---------------------------------------------------------------- tables


@st.composite
def header_for(draw, table: str, name: str) -> str:
    """The canonical name, or now and then one of its aliases (English or French), as typed."""
    col = next(c for c in COLUMNS[table] if c.name == name)
    word = draw(st.sampled_from([name] * 3 + list(col.aliases)))
    return draw(_spelled(word))


@st.composite
def reviews_long(draw, broken: bool = True, stable_order: bool = False, max_rows: int = 14):
    """(headers, rows) of a long reviews table; `stable_order`: no date proves the month-first order."""
    columns = ["review_id", "review_date", "partner", "respondent_side", "question_id", "score"]
    columns += [c for c in ("respondent", "importance", "comment") if draw(st.booleans())]
    if broken and draw(st.integers(0, 9)) == 0:
        columns.remove(draw(st.sampled_from(columns)))  # a required column missing now and then
    columns = draw(st.permutations(columns))
    headers = [draw(header_for("reviews", c)) for c in columns]
    bad_date = BAD_DATE_NO_PROOF if stable_order else BAD_DATE
    n_reviews = draw(st.integers(1, 5))
    reviews = [dict(review_id=draw(st.sampled_from([f"R{i}", f"q-{i:03d}", f"{i}", i])) if i else "R0",
                    date=draw(good_date()), partner=draw(partner_name()), side=draw(_category("side")))
               for i in range(n_reviews)]
    rows, answered = [], set()
    for _ in range(draw(st.integers(0, max_rows))):
        review = draw(st.sampled_from(reviews))
        question = draw(maybe_bad(st.sampled_from(QUESTION_IDS), st.sampled_from(["Q99", "", "inf1 ", "DEL"]), broken))
        if not broken and (review["review_id"], question) in answered:
            continue  # a valid questionnaire answers each question once
        answered.add((review["review_id"], question))
        cells = {
            "review_id": draw(maybe_bad(st.just(review["review_id"]), st.sampled_from(["", " ", "R\x00"]), broken)),
            "review_date": draw(maybe_bad(st.just(review["date"]), bad_date, broken)),
            "partner": draw(maybe_bad(st.just(review["partner"]), st.one_of(JUNK, partner_name()), broken)),
            "respondent_side": draw(maybe_bad(st.just(review["side"]), st.one_of(JUNK, st.just("robot")), broken)),
            "respondent": draw(st.one_of(st.just(""), TEXT if broken else CLEAN_TEXT)),
            "question_id": question,
            "score": draw(maybe_bad(score_cell(question), bad_number(question), broken)),
            "importance": draw(maybe_bad(score_cell(question), bad_number(question), broken)),
            "comment": draw(st.one_of(st.just(""), TEXT, JUNK) if broken else st.one_of(st.just(""), CLEAN_TEXT)),
        }
        rows.append([cells[c] for c in columns])
    return headers, rows


@st.composite
def reviews_wide(draw, broken: bool = True, stable_order: bool = False, max_rows: int = 6):
    """(headers, rows) of a wide reviews table: one row per questionnaire, one column per question."""
    meta = ["review_date", "partner", "respondent_side"]
    meta += [c for c in ("review_id", "respondent", "comment") if draw(st.booleans())]
    questions = draw(st.lists(st.sampled_from(QUESTION_IDS), min_size=1, max_size=5, unique=True))
    columns = draw(st.permutations(meta + questions))
    text_of = dict(zip(BANK["question_id"], zip(BANK["text"], BANK["text_fr"])))
    headers = [draw(header_for("reviews", c)) if c in REVIEW_META
               else draw(st.sampled_from([c, c.lower(), *(t for t in text_of[c] if isinstance(t, str))]))
               for c in columns]
    bad_date = BAD_DATE_NO_PROOF if stable_order else BAD_DATE
    rows = []
    for i in range(draw(st.integers(0, max_rows))):
        cells = {
            "review_id": draw(maybe_bad(st.just(f"W{i}"), st.sampled_from(["", "W0", "W\x1f"]), broken)),
            "review_date": draw(maybe_bad(good_date(), bad_date, broken)),
            "partner": draw(maybe_bad(partner_name(), JUNK, broken)),
            "respondent_side": draw(maybe_bad(_category("side"), st.one_of(JUNK, st.just("robot")), broken)),
            "respondent": draw(TEXT if broken else CLEAN_TEXT),
            "comment": draw(TEXT if broken else CLEAN_TEXT),
        }
        cells.update({q: draw(maybe_bad(score_cell(q), bad_number(q), broken)) for q in questions})
        rows.append([cells[c] for c in columns])
    return headers, rows


@st.composite
def questions_table(draw, broken: bool = True, max_rows: int = 8):
    """(headers, rows) of an uploaded question bank: it replaces the default one (METHODOLOGY §1.2)."""
    columns = ["question_id", "kpi", "text", "scale_min", "scale_max"]
    columns += [c for c in ("text_fr", "reverse") if draw(st.booleans())]
    columns = draw(st.permutations(columns))
    headers = [draw(header_for("questions", c)) for c in columns]
    scales = st.sampled_from([(1, 5), (0, 10), (1, 7), (-2, 2), (1, "5"), ("0,5", "4,5"), (1, 1.0000000000000002),
                              (-1e308, 1e308)])
    bad_scales = st.sampled_from([(5, 1), (3, 3), ("inf", 5), (1, "1e999"), ("", 5), ("one", "five")])
    rows = []
    for i in range(draw(st.integers(0, max_rows))):
        low, high = draw(maybe_bad(scales, bad_scales, broken))
        cells = {
            "question_id": draw(maybe_bad(st.sampled_from(QUESTION_IDS + ["Q99"]), st.sampled_from(["", "Q\x00"]),
                                          broken)),
            "kpi": draw(maybe_bad(_category("kpi"), st.one_of(JUNK, st.just("happiness")), broken)),
            "text": draw(maybe_bad(CLEAN_TEXT.filter(str.strip), st.just(""), broken)),
            "text_fr": draw(CLEAN_TEXT),
            "scale_min": low, "scale_max": high,
            "reverse": draw(maybe_bad(st.one_of(_category("yesno"), st.just("")), st.just("maybe"), broken)),
        }
        rows.append([cells[c] for c in columns])
    return headers, rows


@st.composite
def partner_list(draw):
    names = draw(st.lists(partner_name(), min_size=1, max_size=3))
    return draw(st.sampled_from([";", "; ", " ; "])).join(names)


@st.composite
def meetings_table(draw, broken: bool = True, stable_order: bool = False, max_rows: int = 12):
    columns = ["date", "partner", "meeting_type"]
    columns += [c for c in ("duration_min", "agenda_shared", "actions_opened", "actions_closed", "meeting_id", "notes")
                if draw(st.booleans())]
    if broken and draw(st.integers(0, 9)) == 0:
        columns.remove(draw(st.sampled_from(columns)))
    columns = draw(st.permutations(columns))
    headers = [draw(header_for("meetings", c)) for c in columns]
    bad_date = BAD_DATE_NO_PROOF if stable_order else BAD_DATE
    counts = st.one_of(st.integers(0, 12).map(str), st.integers(0, 12), st.just(""))
    rows = []
    for i in range(draw(st.integers(0, max_rows))):
        cells = {
            "date": draw(maybe_bad(good_date(), bad_date, broken)),
            "partner": draw(maybe_bad(partner_list(), st.one_of(JUNK, st.sampled_from([";", " ; ", "A\x00B"])),
                                      broken)),
            "meeting_type": draw(maybe_bad(_category("meeting_type"), st.one_of(JUNK, st.just("karaoke")), broken)),
            "duration_min": draw(maybe_bad(st.one_of(st.integers(0, 600), st.sampled_from(["45", "1,5", "90.0", ""])),
                                           st.one_of(JUNK, st.sampled_from(["-5", "abc", -1])), broken)),
            "agenda_shared": draw(maybe_bad(st.one_of(_category("yesno"), st.just(""), st.booleans()),
                                            st.one_of(JUNK, st.just("maybe")), broken)),
            "actions_opened": draw(maybe_bad(counts, st.one_of(JUNK, st.sampled_from(["-1", "1,5", 2.5])), broken)),
            "actions_closed": draw(maybe_bad(counts, st.one_of(JUNK, st.sampled_from(["-1", "x", "1e308"])), broken)),
            "meeting_id": f"M{i}",
            "notes": draw(st.one_of(st.just(""), TEXT if broken else CLEAN_TEXT)),
        }
        if not broken and "actions_opened" in columns and "actions_closed" in columns:
            opened, closed = (_count(cells[c]) for c in ("actions_opened", "actions_closed"))
            if closed is not None and (opened is None or closed > opened):
                cells["actions_closed"] = cells["actions_opened"]  # a valid log closes no more than it opened
        rows.append([cells[c] for c in columns])
    return headers, rows


def _count(cell) -> int | None:
    return None if cell in ("", None) else int(cell)


# ---------------------------------------------------------------- writing files


@st.composite
def csv_style(draw, encodings=("utf-8", "utf-8-sig", "cp1252")):
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    return dict(delimiter=delimiter, encoding=draw(st.sampled_from(encodings)),
                decimal_comma=delimiter != "," and draw(st.booleans()) or draw(st.integers(0, 9)) == 0,
                lineterminator=draw(st.sampled_from(["\r\n", "\n"])))


def _text(cell, decimal_comma: bool) -> str:
    """A cell as a spreadsheet exports it to CSV (dates day-first, as a French or British Excel)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float):
        text = str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
        return text.replace(".", ",") if decimal_comma else text
    return str(cell)


def to_csv(headers, rows, delimiter=",", encoding="utf-8", decimal_comma=False, lineterminator="\r\n",
           exact: bool = False, above=()) -> bytes:
    """A CSV file as a spreadsheet or a script writes it. `exact`: fall back to UTF-8 where Windows-1252
    cannot hold the text, or holds bytes that read as UTF-8 (METHODOLOGY §1: UTF-8 is tried first, and a
    byte sequence that is UTF-8 is read as UTF-8 even among Windows-1252 lines)."""
    buffer = io.StringIO()
    # A lone CR must be quoted like a LF: the csv module quotes only the line terminator's characters.
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator,
                        quoting=csv.QUOTE_MINIMAL if lineterminator == "\r\n" else csv.QUOTE_ALL)
    writer.writerows(above)
    writer.writerow(headers)
    writer.writerows([[_text(c, decimal_comma) for c in row] for row in rows])
    text = buffer.getvalue()
    if encoding == "cp1252":
        try:
            data = text.encode("cp1252")
        except UnicodeEncodeError:
            if exact:
                return text.encode("utf-8")
            return text.encode("cp1252", errors="replace")
        if exact and _UTF8_LOOKING.search(data):
            return text.encode("utf-8")
        return data
    return text.encode(encoding)


_UTF8_LOOKING = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_XLSX_DATE = {"num_format": "yyyy-mm-dd hh:mm"}


def to_xlsx(sheets: dict[str, tuple[list, list]], above=()) -> bytes:
    """A workbook with one sheet per table; numbers, booleans and dates typed, text as text."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    book.set_properties({"created": dt.datetime(2026, 1, 1)})  # the same bytes for the same tables
    date_format = book.add_format(_XLSX_DATE)
    for name, (headers, rows) in sheets.items():
        sheet = book.add_worksheet(name)
        for i, row in enumerate(above):
            for j, cell in enumerate(row):
                sheet.write_string(i, j, cell)
        for j, header in enumerate(headers):
            sheet.write_string(len(above), j, header)
        for i, row in enumerate(rows, start=len(above) + 1):
            for j, cell in enumerate(row):
                if cell is None or cell == "":
                    continue
                if isinstance(cell, bool):
                    sheet.write_boolean(i, j, cell)
                elif isinstance(cell, (int, float)):
                    sheet.write_number(i, j, cell)
                elif isinstance(cell, (dt.date, dt.datetime)):
                    if dt.datetime(1900, 3, 1) <= _as_datetime(cell) <= dt.datetime(9999, 12, 31):
                        sheet.write_datetime(i, j, cell, date_format)
                    else:
                        sheet.write_string(i, j, cell.isoformat())
                else:
                    sheet.write_string(i, j, cell)
    book.close()
    return buffer.getvalue()


def _as_datetime(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)


@st.composite
def noisy(draw, table):
    """A table as files really come: blank rows, cells beyond the header, a column given twice."""
    headers, rows = table
    rows = [list(row) for row in rows]
    if rows and draw(st.integers(0, 3)) == 0:
        for _ in range(draw(st.integers(1, 3))):
            rows.insert(draw(st.integers(0, len(rows))), [])
    if rows and draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(rows) - 1))
        rows[at] = rows[at] + [""] * (len(headers) - len(rows[at])) + [draw(st.sampled_from(["x", "4", "  "]))]
    if headers and draw(st.integers(0, 9)) == 0:
        j = draw(st.integers(0, len(headers) - 1))
        headers = headers + [headers[j]]
        rows = [row + [row[j]] if len(row) > j else row for row in rows]
    return headers, rows


@st.composite
def any_table(draw, broken: bool = True):
    kind = draw(st.sampled_from(["reviews", "wide", "meetings", "questions"]))
    maker = {"reviews": reviews_long, "wide": reviews_wide, "meetings": meetings_table,
             "questions": questions_table}[kind]
    headers, rows = draw(maker(broken=broken))
    if broken:
        headers, rows = draw(noisy((headers, rows)))
    return ("reviews" if kind == "wide" else kind), headers, rows


TITLE = st.sampled_from([""] * 4 + ["Partnership reviews 2026", "Export du 15/03/2026 ; confidentiel"])


@dataclass
class File:
    """A file to write: its name, and its tables (one for a CSV, one per sheet for a workbook)."""

    name: str
    sheets: dict[str, tuple[list, list]]
    style: dict | None = None  # CSV options of `to_csv`; None for a workbook
    title: str = ""  # a title line above the header, then a blank line

    def source(self) -> Source:
        above = [[self.title], []] if self.title else []
        if self.style is None:
            return Source(self.name, to_xlsx({name: (headers, rows) for name, (headers, rows) in self.sheets.items()},
                                             above))
        (headers, rows), = self.sheets.values()
        return Source(self.name, to_csv(headers, rows, **self.style, above=above))


@st.composite
def files(draw, broken: bool = True):
    """One to three files: CSVs and workbooks of random tables."""
    out = []
    for i in range(draw(st.integers(1, 3))):
        table, headers, rows = draw(any_table(broken))
        if draw(st.integers(0, 3)) == 0:
            sheets = {table: (headers, rows)}
            if draw(st.booleans()):
                other, h2, r2 = draw(any_table(broken))
                sheets.setdefault(other if other != table else "Sheet2", (h2, r2))
            out.append(File(f"book{i}.xlsx", sheets, title=draw(TITLE)))
        else:
            out.append(File(f"{table}{i}.csv", {table: (headers, rows)}, draw(csv_style()), draw(TITLE)))
    return out


# ---------------------------------------------------------------- checks


def check_accounting(data) -> None:
    """Rows read = valid + rejected + dropped, each row in exactly one; every rejected row is reported."""
    for load_ in data.loads:
        positions = np.arange(load_.rows_read)
        rejected = set(load_.rejected.tolist())
        dropped = set(np.concatenate(list(load_.dropped.values())).tolist()) if load_.dropped else set()
        clean = {"reviews": data.reviews, "meetings": data.meetings}.get(load_.table)
        rows_of = load_.raw.rows.to_numpy()
        if load_.table == "questions":  # the bank keeps no row numbers: its valid rows are the others
            valid = set(positions.tolist()) - rejected - dropped
        elif clean is not None:
            kept_rows = set(clean.loc[clean["source_file"] == load_.file, "source_row"].tolist())
            valid = {int(p) for p in positions if rows_of[p] in kept_rows}
        else:  # a table nobody recognised: every row is rejected
            valid = set()
        assert not (valid & rejected), f"{load_.file}: rows both kept and rejected: {sorted(valid & rejected)[:5]}"
        assert not (valid & dropped) and not (rejected & dropped), f"{load_.file}: a dropped row is also counted"
        lost = set(positions.tolist()) - valid - rejected - dropped
        assert not lost, f"{load_.file}: rows neither kept, rejected nor dropped: rows {sorted(rows_of[list(lost)])[:5]}"
        assert load_.n_valid == len(valid)
        errors = data.errors[data.errors["file"] == load_.file]
        header_error = (errors["row"] == load_.raw.header_row).any()
        reported = set(errors["row"].tolist())
        silent = [int(rows_of[p]) for p in rejected if rows_of[p] not in reported and not header_error]
        assert not silent, f"{load_.file}: rows rejected without a problem in the report: {silent[:5]}"


def scores_of(data) -> pd.DataFrame:
    """The §7 scores table of the valid rows, keyed by partner key (display spellings may differ)."""
    table = score_table(data.reviews, data.meetings, data.questions)
    out = scores_csv_frame(table).assign(partner_key=table["partner_key"].to_numpy()).drop(columns="partner")
    return out.sort_values(["partner_key", "period"]).reset_index(drop=True)


def check_scores(data) -> None:
    if data.reviews is None and data.meetings is None:
        return
    scores = scores_of(data)
    bounded = scores[[*SCORES, "overall", *COMPONENTS]]
    inside = bounded.isna() | ((bounded >= 0) & (bounded <= 100))
    assert inside.all().all(), scores[~inside.all(axis=1)].T
    gap = scores["delivery_gap"]
    assert (gap.isna() | gap.between(-100, 100)).all()
    assert (scores["n_reviews"] >= 0).all() and (scores["n_meetings"] >= 0).all()


def assert_same_scores(left, right) -> None:
    pd.testing.assert_frame_equal(scores_of(left), scores_of(right), check_exact=True)


# ---------------------------------------------------------------- 1–3: never crash, rows add up, scores bounded


@settings(max_examples=45, **FAST)
@given(files())
def test_random_tables_load_account_for_every_row_and_score_within_0_100(specs):
    sources = [spec.source() for spec in specs]
    data = load(sources)
    by_name = {f.name: f.data for f in sources}
    for error in data.read_errors:  # a text table is unreadable only when NULs make it look binary
        assert error.code == "read_binary" and b"\x00" in by_name[error.file], error.in_language("en")
    check_accounting(data)
    check_scores(data)


@settings(max_examples=120, **FAST)
@given(st.binary(max_size=3000), st.sampled_from(["x.csv", "x.xlsx", "x.txt", "x", "x.tsv"]))
def test_random_bytes_are_read_or_refused_with_a_read_error(data, name):
    try:
        read_source(Source(name, data))
    except ReadError:
        pass
    result = load([Source(name, data)])
    check_accounting(result)


@st.composite
def damaged(draw):
    """A real file, and how it is damaged: cut at a byte, or some bytes overwritten (position, new byte)."""
    table, headers, rows = draw(any_table())
    if draw(st.booleans()):
        spec = File("book.xlsx", {table: (headers, rows)})
    else:
        spec = File(f"{table}.csv", {table: (headers, rows)}, draw(csv_style()))
    size = len(spec.source().data)
    if draw(st.booleans()):
        return spec, draw(st.integers(0, size)), []
    return spec, size, draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, 255)), min_size=1, max_size=4))


@settings(max_examples=60, **FAST)
@given(damaged())
def test_damaged_files_are_read_or_refused_with_a_read_error(damage):
    spec, cut, overwrite = damage
    data = bytearray(spec.source().data[:cut])
    for at, byte in overwrite:
        data[at] = byte
    source = Source(spec.name, bytes(data))
    try:
        read_source(source)
    except ReadError:
        pass
    result = load([source])
    check_accounting(result)
    check_scores(result)


# ---------------------------------------------------------------- 4: order, spelling and splitting change nothing


def _questionnaire(cell) -> str | None:
    """The questionnaire a review_id cell names, as validation reads it (blank or unreadable: None)."""
    text = str(cell).strip() if cell is not None else ""
    return None if not text or re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text) else text


def _column_at(headers, table: str, name: str) -> list[int]:
    """Positions of the columns a header names as `name`, as validation maps headers (folded, aliases)."""
    lookup = column_lookup(table)
    return [j for j, h in enumerate(headers) if lookup.get(fold(h)) == name]


def _keep_questionnaire_order(headers, rows, order):
    """Reorder `rows` by `order` but keep each questionnaire's rows in their file order.

    A row that contradicts its questionnaire's first row (another partner or side, a question answered
    twice) is the one rejected (docs/methodology.md, "Choices": a questionnaire's first row decides), so
    only the interleaving of questionnaires is free.
    """
    if not _column_at(headers, "reviews", "review_id"):
        return [rows[i] for i in order]
    at = _column_at(headers, "reviews", "review_id")[0]
    key_of = [_questionnaire(row[at] if at < len(row) else None) for row in rows]
    groups: dict = {}
    for i, key in enumerate(key_of):
        groups.setdefault(key, []).append(i)
    queues = {k: iter(v) for k, v in groups.items()}
    return [rows[next(queues[key_of[i]])] for i in order]


def _file_style():
    return st.one_of(csv_style().map(lambda s: ("csv", s)), st.just(("xlsx", None)))


def _write(kind, style, name, table, headers, rows) -> Source:
    if kind == "xlsx":
        return Source(f"{name}.xlsx", to_xlsx({table: (headers, rows)}))
    return Source(f"{name}.csv", to_csv(headers, rows, **style, exact=True))


def _load_both(kind, fmt, reviews, meetings):
    """Validate a reviews table and a meetings table written as two files of one kind (csv or xlsx)."""
    (rh, rr), (mh, mr) = reviews, meetings
    return load([_write(kind, fmt, "reviews", "reviews", rh, rr), _write(kind, fmt, "meetings", "meetings", mh, mr)])


@st.composite
def stable_tables(draw, broken: bool = True):
    """Reviews (long or wide) and meetings with broken cells, but no date proving the month-first order."""
    reviews = draw(st.one_of(reviews_long(broken, stable_order=True), reviews_wide(broken, stable_order=True)))
    meetings = draw(meetings_table(broken, stable_order=True))
    return draw(noisy(reviews)), draw(noisy(meetings))


@settings(max_examples=25, **FAST)
@given(stable_tables(), st.randoms(use_true_random=False), _file_style())
def test_shuffling_rows_never_changes_a_score(tables, rnd, style):
    (rh, rr), (mh, mr) = tables
    before = _load_both(*style, (rh, rr), (mh, mr))
    review_order, meeting_order = list(range(len(rr))), list(range(len(mr)))
    rnd.shuffle(review_order)
    rnd.shuffle(meeting_order)
    after = _load_both(*style, (rh, _keep_questionnaire_order(rh, rr, review_order)),
                       (mh, [mr[i] for i in meeting_order]))
    assert_same_scores(before, after)
    assert before.n_rejected == after.n_rejected


def _respelled(name: str, draw) -> str:
    """`name` with other case and spaces: what METHODOLOGY §1.4 says is still the same partner."""
    words = name.split()
    out = []
    for word in words:
        letters = []
        for ch in word:
            options = [c for c in {ch, ch.upper(), ch.lower(), ch.swapcase()} if c.casefold() == ch.casefold()]
            letters.append(draw(st.sampled_from(sorted(options))))
        out.append("".join(letters))
    gap = st.sampled_from([" ", "  ", "   ", " \u00a0", "\t"])
    edge = st.sampled_from(["", " ", "  ", "\u00a0", " \t"])
    inner = "".join(w + (draw(gap) if i < len(out) - 1 else "") for i, w in enumerate(out))
    return draw(edge) + inner + draw(edge)


@st.composite
def respelled_tables(draw):
    """A pair of the same tables, the second with every partner name re-spelled, cell by cell."""
    (rh, rr), (mh, mr) = draw(stable_tables())

    def respell_column(headers, rows, table, split: bool):
        at = _column_at(headers, table, "partner")
        out = []
        for row in rows:
            row = list(row)
            for j in (j for j in at if j < len(row)):
                cell = row[j]
                # A workbook cell holds at most 32,767 characters: longer names are cut, whatever their spelling.
                if (isinstance(cell, str) and cell.strip() and len(cell) < 32_000
                        and not re.search(r"[\x00-\x1f\x7f]", cell)):
                    parts = cell.split(";") if split else [cell]
                    row[j] = ";".join(_respelled(p, draw) if p.strip() else p for p in parts)
            out.append(row)
        return out

    return (rh, rr, respell_column(rh, rr, "reviews", False)), (mh, mr, respell_column(mh, mr, "meetings", True))


@settings(max_examples=25, **FAST)
@given(respelled_tables(), _file_style())
def test_respelling_a_partner_never_changes_a_score(tables, style):
    (rh, rr, rr2), (mh, mr, mr2) = tables
    before = _load_both(*style, (rh, rr), (mh, mr))
    after = _load_both(*style, (rh, rr2), (mh, mr2))
    assert_same_scores(before, after)
    assert before.n_rejected == after.n_rejected


@settings(max_examples=25, **FAST)
@given(stable_tables(), st.randoms(use_true_random=False), _file_style())
def test_splitting_a_file_in_two_never_changes_a_score(tables, rnd, style):
    """Split by whole questionnaires: a questionnaire is a review_id within one file (docs/methodology.md)."""
    (rh, rr), (mh, mr) = tables
    kind, fmt = style
    whole = _load_both(kind, fmt, (rh, rr), (mh, mr))
    ids = _column_at(rh, "reviews", "review_id")
    # Wide form without ids: each row is its own questionnaire.
    keys = ([_questionnaire(row[ids[0]] if ids[0] < len(row) else None) for row in rr] if ids
            else list(range(len(rr))))
    first_part = {k for k in set(keys) if rnd.random() < 0.5}
    in_first = [rnd.random() < 0.5 for _ in mr]
    parts = [
        _write(kind, fmt, "reviews_a", "reviews", rh, [r for r, k in zip(rr, keys) if k in first_part]),
        _write(kind, fmt, "reviews_b", "reviews", rh, [r for r, k in zip(rr, keys) if k not in first_part]),
        _write(kind, fmt, "meetings_a", "meetings", mh, [r for r, a in zip(mr, in_first) if a]),
        _write(kind, fmt, "meetings_b", "meetings", mh, [r for r, a in zip(mr, in_first) if not a]),
    ]
    split = load(parts)
    assert_same_scores(whole, split)
    assert whole.n_rejected == split.n_rejected


# ---------------------------------------------------------------- 5: CSV and .xlsx read alike


def _comparable(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    if frame is None:
        return None
    out = frame.drop(columns=[c for c in ("source_file",) if c in frame])
    if "review_key" in out:
        out = out.assign(review_key=out["review_key"].str.split("#", n=1).str[1])
    return out.reset_index(drop=True)


@settings(max_examples=30, **FAST)
@given(st.one_of(reviews_long(broken=False), reviews_wide(broken=False)), meetings_table(broken=False),
       csv_style())
def test_a_valid_table_validates_alike_from_csv_and_xlsx(reviews, meetings, style):
    (rh, rr), (mh, mr) = reviews, meetings
    # METHODOLOGY §8: a first header `timestamp` (an alias of review_date) says a Google Forms export, read by
    # its own rules; a table in our own columns is one no survey format claims.
    assume(detect([[h.strip() for h in rh]]) is None)
    from_csv = load([Source("reviews.csv", to_csv(rh, rr, **style, exact=True)),
                     Source("meetings.csv", to_csv(mh, mr, **style, exact=True))])
    from_xlsx = load([Source("book.xlsx", to_xlsx({"reviews": (rh, rr), "meetings": (mh, mr)}))])
    assert from_csv.ok, from_csv.report()[["file", "row", "column", "value", "problem"]].to_string()
    assert from_xlsx.ok, from_xlsx.report()[["file", "row", "column", "value", "problem"]].to_string()
    pd.testing.assert_frame_equal(_comparable(from_csv.reviews), _comparable(from_xlsx.reviews))
    pd.testing.assert_frame_equal(_comparable(from_csv.meetings), _comparable(from_xlsx.meetings))
