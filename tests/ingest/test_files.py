import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from kpi.errors import ReadError
from kpi.ingest.files import Source, _read_text, _read_utf8, read_source, sniff_delimiter
from kpi.ingest.generic import recognise
from kpi.settings import Settings

REVIEWS_HEADER = ["review_id", "review_date", "partner", "respondent_side", "question_id", "score"]
REVIEW_ROW = ["R1", "2026-03-15", "Agence Lumière", "client", "INF1", "4,5"]


def csv_bytes(rows, sep=",", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def workbook(sheets: dict) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(sep):
    tables = read_source(Source("r.csv", csv_bytes([REVIEWS_HEADER, REVIEW_ROW], sep)))
    assert tables[0].headers == REVIEWS_HEADER
    assert tables[0].frame.iloc[0, 5] == "4,5"


def test_quoted_field_holding_the_delimiter():
    data = b'date;partner;meeting_type\n01/02/2026;"Agence A; Studio B";qbr\n'
    raw = read_source(Source("m.csv", data))[0]
    assert raw.frame.iloc[0, 1] == "Agence A; Studio B"
    assert sniff_delimiter(data.decode()) == ";"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(encoding):
    rows = [["Date de la réunion", "Partenaires", "Type de réunion"], ["01/02/2026", "Agence Lumière", "Bilan"]]
    raw = read_source(Source("m.csv", csv_bytes(rows, ";", encoding)))[0]
    assert raw.headers[0] == "Date de la réunion"  # no BOM left on the first header
    assert raw.frame.iloc[0, 1] == "Agence Lumière"


def test_row_numbers_skip_blank_lines_and_count_multiline_fields():
    data = b'review_id,partner,comment\nR1,A,"two\nlines"\n\nR2,B,ok\n'
    raw = read_source(Source("r.csv", data))[0]
    assert raw.rows.tolist() == [2, 5]
    assert raw.frame.iloc[1, 0] == "R2"


def test_header_below_title_rows():
    rows = [["Partnership review export"], ["generated 2026-03-01"], REVIEWS_HEADER, REVIEW_ROW]
    raw = read_source(Source("r.csv", csv_bytes(rows)))[0]
    assert raw.header_row == 3 and raw.rows.tolist() == [4]
    assert raw.notes and raw.notes[0][0] == "rows_above_header"


def test_workbook_every_sheet_ids_stay_text_and_dates_are_dates():
    data = workbook({
        "reviews": [REVIEWS_HEADER, ["007", dt.date(2026, 3, 15), "Agence Lumière", "client", "INF1", 4]],
        "Meetings 2026": [["date", "partner", "meeting_type"], [dt.date(2026, 2, 1), "A", "qbr"]],
        "Empty": [],
    })
    tables = read_source(Source("book.xlsx", data))
    assert [t.sheet for t in tables] == ["reviews", "Meetings 2026"]
    assert tables[0].frame.iloc[0, 0] == "007"
    assert tables[0].frame.iloc[0, 1] == dt.date(2026, 3, 15)
    assert [recognise(t) for t in tables] == ["reviews", "meetings"]
    assert tables[1].where == "book.xlsx [Meetings 2026]"


def test_recognition_by_columns_and_forcing():
    meetings = read_source(Source("log.csv", csv_bytes([["Date de la réunion", "Agences", "Type"], ["1/2/2026", "A", "qbr"]])))
    assert recognise(meetings[0]) == "meetings"
    bank = read_source(Source("bank.csv", csv_bytes([["code", "dimension", "libellé", "min", "max"],
                                                      ["Q1", "informed", "x", "1", "5"]])))
    assert recognise(bank[0]) == "questions"
    odd = read_source(Source("odd.csv", csv_bytes([["foo", "bar"], ["1", "2"]])))
    assert recognise(odd[0]) is None
    forced = read_source(Source("odd.csv", csv_bytes([["foo", "bar"], ["1", "2"]]), table="meetings"))
    assert recognise(forced[0]) == "meetings"


def test_wide_questionnaire_is_recognised_as_reviews():
    rows = [["Response ID", "Agency", "Side", "The partner delivers on time.", "INF1"], ["R1", "A", "client", "4", "5"]]
    raw = read_source(Source("wide.csv", csv_bytes(rows)))[0]
    from kpi.questions import default_questions
    from kpi.contracts.schema import fold
    bank = default_questions()
    assert recognise(raw, {fold(v) for v in list(bank["text"]) + list(bank["question_id"])}) == "reviews"


@pytest.mark.parametrize("name, data, words", [
    ("empty.csv", b"", "empty"),
    ("blank.csv", b"  \n\n ", "no text"),
    ("junk.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("broken.xlsx", b"PK\x03\x04garbage", "damaged"),
    ("old.xls", b"anything", ".xls"),
])
def test_unreadable_files_raise_one_clear_error(name, data, words):
    with pytest.raises(ReadError) as info:
        read_source(Source(name, data))
    assert name in str(info.value) and words in str(info.value)


def test_upload_size_cap_applies_to_uploads_only():
    data = b"a,b\n" + b"1,2\n" * 400_000
    with pytest.raises(ReadError, match="limit is 1 MB"):
        read_source(Source("big.csv", data, uploaded=True), Settings({"limits.upload_mb": 1}))
    assert len(read_source(Source("big.csv", data), Settings({"limits.upload_mb": 1}))[0].frame) == 400_000


def test_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    with pytest.raises(ReadError, match="unsafe size"):
        read_source(Source("bomb.xlsx", buffer.getvalue()))


# ---------------------------------------------------------------- what real survey exports contain

def test_multi_line_answers_holding_semicolons_do_not_change_the_delimiter():
    # A Google Forms export: few rows, long answers over several lines, each line holding a `;`.
    text = ('Timestamp,Which agency are you rating?,Comment\n'
            '2025/11/04 10:02:33 AM GMT+1,A,"first; line\nsecond; line\nthird; line"\n'
            '2025/11/05 09:00:00 AM GMT+1,B,"one; two\nthree; four"\n')
    assert sniff_delimiter(text) == ","
    raw = read_source(Source("form.csv", text.encode()))[0]
    assert raw.headers == ["Timestamp", "Which agency are you rating?", "Comment"]
    assert raw.frame.iloc[:, 2].tolist() == ["first; line\nsecond; line\nthird; line", "one; two\nthree; four"]
    assert raw.rows.tolist() == [2, 5]  # the physical line where each record starts


def test_row_numbers_after_multi_line_cells_and_a_blank_line():
    text = 'review_id;comment\r\nR1;"a\r\nb\r\nc"\r\n\r\nR2;"d\ne"\r\nR3;ok\r\n'
    raw = read_source(Source("r.csv", text.encode()))[0]
    assert raw.frame.iloc[:, 0].tolist() == ["R1", "R2", "R3"]
    assert raw.rows.tolist() == [2, 6, 8]


def test_a_field_over_128_kb_is_read():
    text = 'review_id,partner,comment\nR1,A,"' + "x" * 200_000 + '\nmore"\nR2,B,ok\n'
    default = csv.field_size_limit(131_072)  # what a fresh interpreter allows
    try:
        assert sniff_delimiter(text) == ","
        raw = read_source(Source("big.csv", text.encode()))[0]
    finally:
        csv.field_size_limit(default)
    assert len(raw.frame.iloc[0, 2]) == 200_005
    assert raw.rows.tolist() == [2, 4]


TAB_TEXT = "review_id\tpartner\tscore\r\nR1\tAgence Lumière\t4\r\nR2\tStudio Ω\t5\r\n"


@pytest.mark.parametrize("data", [
    b"\xff\xfe" + TAB_TEXT.encode("utf-16-le"),  # Excel "Unicode text", Qualtrics, SurveyMonkey
    b"\xfe\xff" + TAB_TEXT.encode("utf-16-be"),
    TAB_TEXT.encode("utf-16-le"),                # no BOM
], ids=["utf16-le-bom", "utf16-be-bom", "utf16-le"])
def test_utf16_tab_delimited_is_decoded(data):
    raw = read_source(Source("export.txt", data))[0]
    assert raw.headers == ["review_id", "partner", "score"]
    assert raw.frame.values.tolist() == [["R1", "Agence Lumière", "4"], ["R2", "Studio Ω", "5"]]
    assert raw.rows.tolist() == [2, 3]


def test_nul_bytes_on_both_sides_are_still_binary():
    with pytest.raises(ReadError, match="binary"):
        read_source(Source("x.csv", b"a,b\n\x00\x01\x00\x00\x02\x00\x00\x00" * 10))


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_lone_cr_inside_a_quoted_field_with_ragged_rows(newline):
    # The ragged row sends the file to the fallback reader, which must accept the CR inside quotes.
    text = newline.join(['review_id,partner,comment', 'R1,A,"one\rtwo"', 'R2,B,ok,extra', 'R3,C,x', ''])
    raw = read_source(Source("cr.csv", text.encode()))[0]
    assert raw.headers == ["review_id", "partner", "comment", "column_4"]
    assert raw.frame.values.tolist() == [["R1", "A", "one\rtwo", ""], ["R2", "B", "ok", "extra"], ["R3", "C", "x", ""]]
    assert raw.rows.tolist() == [2, 4, 5]


@pytest.mark.parametrize("text", [
    "review_id,partner,score,,\nR1,A,4,,\n,,,,\nR2,B,5,,\n,,,,\n\n \n",   # Excel's trailing separators
    "review_id;partner;score\nR1;A;4;;\n;;;;\nR2;B;5;;\n;;;;\n",          # more cells than the header
    "review_id\tpartner\tscore\t\t\nR1\tA\t4\t\t\n\t\t\t\t\nR2\tB\t5\t\t\n\t\t\t\t\n",
])
def test_blank_trailing_rows_and_unnamed_empty_columns_are_ignored(text):
    raw = read_source(Source("t.csv", text.encode()))[0]
    assert raw.headers == ["review_id", "partner", "score"]
    assert raw.frame.values.tolist() == [["R1", "A", "4"], ["R2", "B", "5"]]
    assert raw.rows.tolist() == [2, 4]


def _one_cell_workbook(cell: str) -> bytes:
    """A tiny .xlsx holding a header cell at A1 and one more cell at `cell` (written by hand, as hostile files are)."""
    row = int("".join(ch for ch in cell if ch.isdigit()))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+'
        'xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="Stray" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        f'review_id</t></is></c></row><row r="{row}"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row>'
        '</sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, text in parts.items():
            archive.writestr(part, text)
    return buffer.getvalue()


@pytest.mark.parametrize("cell, rows, columns", [("XFD1048576", "1,048,576", "16,384"), ("XFD10000", "10,000", "16,384"),
                                                 ("A30000000", "30,000,000", "1")])
def test_a_stray_far_cell_is_refused_before_any_dense_read(cell, rows, columns):
    # One cell at XFD1048576 in a 2.5 KB file asks calamine for ~17 billion cells and aborts the process:
    # the extent is checked from the XML first, against a dimension element that says A1.
    data = _one_cell_workbook(cell)
    assert len(data) < 3000
    with pytest.raises(ReadError) as caught:
        read_source(Source("stray.xlsx", data), Settings())
    assert caught.value.code == "read_too_many_cells"
    message = caught.value.in_language("en")
    assert f"sheet 'Stray' spans {rows} rows × {columns} columns" in message


@pytest.mark.parametrize("damage", ["part name", "part data"])
def test_a_damaged_sheet_part_is_a_read_error(damage):
    # Found by tests/test_properties.py: a byte overwritten in a sheet's part escaped as zipfile or zlib errors.
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("reviews").write_row(0, 0, ["review_id", "partner"] * 50)
    book.close()
    data = bytearray(buffer.getvalue())
    part = data.index(b"xl/worksheets/sheet1.xml")  # its local header comes before the central directory's
    if damage == "part name":
        data[part] = 0
    else:
        data[part + 24:part + 40] = b"\xff" * 16
    with pytest.raises(ReadError) as caught:
        read_source(Source("damaged.xlsx", bytes(data)), Settings())
    assert caught.value.code == "read_damaged"


def test_a_far_cell_within_the_cell_budget_is_read():
    (table,) = read_source(Source("far.xlsx", _one_cell_workbook("Z5000")), Settings())
    assert table.headers == ["review_id", "column_26"] and table.rows.tolist() == [5000]


def test_an_encrypted_workbook_is_called_password_protected_not_old_xls():
    # Excel wraps an encrypted .xlsx in the old binary container, with an "EncryptedPackage" stream.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(ReadError) as caught:
        read_source(Source("locked.xlsx", data), Settings())
    assert caught.value.code == "read_password"
    with pytest.raises(ReadError) as caught:
        read_source(Source("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), Settings())
    assert caught.value.code == "read_xls"


# ---------------------------------------------------------------- reading UTF-8 straight from the bytes

_ROOT = Path(__file__).resolve().parents[2]
_CSV_FILES = sorted(p for folder in ("tests", "data") for p in (_ROOT / folder).rglob("*")
                    if p.suffix.lower() in (".csv", ".tsv", ".txt") and p.is_file())
_LONG_COMMENT = "a comment; running\non; over lines, " * 40_000  # over a megabyte: the checks see its start only


def _same_table(fast, careful):
    assert fast.headers == careful.headers and fast.header_row == careful.header_row
    pd.testing.assert_frame_equal(fast.frame, careful.frame)
    pd.testing.assert_series_equal(fast.rows, careful.rows)
    assert (fast.notes, fast.row_problems, fast.layout, fast.repeated) == (
        careful.notes, careful.row_problems, careful.layout, careful.repeated)


@pytest.mark.parametrize("path", _CSV_FILES, ids=lambda p: str(p.relative_to(_ROOT)))
def test_every_csv_here_reads_the_same_straight_from_its_bytes(path):
    data = path.read_bytes()
    fast = _read_utf8(path.name, data)
    if fast is not None:  # None: a file the careful reader must see whole (another encoding, a broken record…)
        _same_table(fast, _read_text(path.name, data))


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbfreview_id,partner\nR1,Acme\n",  # a BOM
    b'"review_id","partner"\r\nR1,"Acme, Inc."\r\nR2,"Two\r\nlines"\r\nR3,B\r\n',  # CRLF, a record over two lines
    b'review_id;partner;comment\nR1;A;"x\ry"\n\nR2;B;\n',  # a lone CR inside quotes, a blank line
    b"review_id\tpartner\nR1\tA\nR2\tB",  # no newline at the end
    ("review_id,partner,comment\n" + "R0,A,\n" * 40 + 'R1,A,"' + _LONG_COMMENT + '"\nR2,B,\n').encode(),
    ("review_id,partner\n" + "R1,Agence Lumière\n" * 70_000).encode(),  # over the first megabyte
])
def test_utf8_read_straight_from_the_bytes_is_the_careful_read(data):
    fast = _read_utf8("f.csv", data)
    assert fast is not None
    _same_table(fast, _read_text("f.csv", data))


@pytest.mark.parametrize("data", [
    "review_id;partner\nR1;Agence Lumière\n".encode("cp1252"),  # not UTF-8
    "review_id,partner\nR1,A\n".encode("utf-16"),
    b"review_id,partner\nR1,A\nR2,B,extra\n",  # ragged: the careful reader widens the table
    b'review_id,partner\nR1,"never closed\n',
    ('review_id,partner,comment\nR1,A,"' + _LONG_COMMENT + '"\n').encode(),  # sniffing needs more than the head
    ("review_id," + "x," * 600_000 + "\nR1\n").encode(),  # a first line longer than the first megabyte
    b" , ; \n",
])
def test_files_needing_the_careful_reader_are_left_to_it(data):
    assert _read_utf8("f.csv", data) is None


# ---------------------------------------------------------------- a sheet's extent before any dense read

def _part(xml: bytes):
    return lambda: io.BytesIO(b'<worksheet><sheetData>' + xml + b'</sheetData></worksheet>')


@pytest.mark.parametrize("xml, extent", [
    # Only columns A–Z and rows under 700,000: bounded by 26 × 699,999 without parsing each reference.
    (b'<row r="1"><c r="A1"/><c r="Z1"/></row><row r="699999"><c r="B699999"/></row>', (699_999, 26)),
    # A reference beyond those: every reference is parsed, for the exact extent.
    (b'<row r="12"><c r="A12"/><c r="AB12"/></row>', (12, 28)),
    (b'<row r="3"><c r="C3"/></row><row r="750000"><c r="A750000"/></row>', (750_000, 3)),
    (b"<row r='2'><c r='XFD1048576'/></row>", (1_048_576, 16_384)),
])
def test_a_sheets_extent_is_exact_when_it_could_pass_the_limit(xml, extent):
    from kpi.ingest.workbook import _cell_extent
    rows, cols, errors = _cell_extent(_part(xml), 20_000_000)
    assert (rows, cols) == extent and errors == []


def test_a_lower_cell_limit_always_takes_the_exact_extent():
    from kpi.ingest.workbook import _cell_extent
    assert _cell_extent(_part(b'<row r="4"><c r="D4"/></row>'), 1_000)[:2] == (4, 4)


# ---------------------------------------------------------------- a workbook read ahead, text columns as text

def test_a_workbook_read_ahead_gives_the_tables_a_plain_read_gives():
    from kpi.ingest.source import read_ahead
    data = workbook({
        "reviews": [REVIEWS_HEADER, ["007", dt.date(2026, 3, 15), "Agence Lumière", "client", "INF1", 4],
                    ["008", dt.date(2026, 3, 16), "Sable", "agency", "INF2", 5]],
        "Meetings": [["date", "partner", "meeting_type"], [dt.date(2026, 2, 1), "A", "qbr"]],
    })
    ahead = Source("book.xlsx", data)
    read_ahead(ahead, Settings())
    assert ahead.ahead is not None
    tables, plain = read_source(ahead, Settings()), read_source(Source("book.xlsx", data), Settings())
    assert ahead.ahead is None  # taken, and let go of
    for a, b in zip(tables, plain, strict=True):
        assert (a.sheet, a.headers, a.rows.tolist()) == (b.sheet, b.headers, b.rows.tolist())
        pd.testing.assert_frame_equal(a.frame, b.frame)


def test_a_workbook_read_ahead_raises_its_error_where_the_file_is_read():
    from kpi.ingest.source import read_ahead
    source = Source("far.xlsx", _one_cell_workbook("XFD1048576"))
    read_ahead(source, Settings())
    assert source.ahead.done()  # checked before any thread started: calamine never saw it
    with pytest.raises(ReadError) as caught:
        read_source(source, Settings())
    assert caught.value.code == "read_too_many_cells"


def test_a_csv_read_ahead_gives_the_table_a_plain_read_gives_and_a_calendar_is_left_alone():
    from kpi.ingest.source import read_ahead
    data = csv_bytes([REVIEWS_HEADER, ["R1", "15/03/2026", "Agence Lumière", "client", "INF1", "4"],
                      ["R2", "16/03/2026", "Sable", "agency", "INF2", "5"]], sep=";")
    ahead = Source("reviews.csv", data)
    read_ahead(ahead, Settings())
    assert ahead.ahead is not None
    (table,), (plain,) = read_source(ahead, Settings()), read_source(Source("reviews.csv", data), Settings())
    assert ahead.ahead is None
    assert (table.headers, table.rows.tolist()) == (plain.headers, plain.rows.tolist())
    pd.testing.assert_frame_equal(table.frame, plain.frame)
    calendar = Source("team.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    read_ahead(calendar, Settings())
    assert calendar.ahead is None


def test_a_csv_arrow_refuses_read_ahead_is_read_the_careful_way():
    from kpi.ingest.source import read_ahead
    data = "review_id,partner\nR1,Agence\nR2,Sable,extra\n".encode("cp1252")  # ragged: Arrow says no
    source = Source("ragged.csv", data)
    read_ahead(source, Settings())
    (table,) = read_source(source, Settings())
    (plain,) = read_source(Source("ragged.csv", data), Settings())
    assert table.headers == plain.headers and table.frame.shape == plain.frame.shape


def test_a_workbook_column_of_text_is_text_as_in_a_csv_and_typed_cells_stay_typed(monkeypatch):
    from kpi.ingest import files
    monkeypatch.setattr(files, "TEXT_COLUMN_ROWS", 2)  # a long sheet, in two rows
    data = workbook({"reviews": [REVIEWS_HEADER, ["007", dt.date(2026, 3, 15), "Agence Lumière", "client", "INF1", 4],
                                 ["008", dt.date(2026, 3, 16), "Sable", "", "INF2", "n/a"]]})
    (table,) = read_source(Source("book.xlsx", data), Settings())
    kinds = {h: str(table.frame[i].dtype) for i, h in enumerate(table.headers)}
    assert kinds["review_id"] == kinds["partner"] == kinds["respondent_side"] == "str"
    assert kinds["review_date"] == kinds["score"] == "object"  # dates, and numbers beside text, as calamine typed them
    assert table.frame[0].tolist() == ["007", "008"] and table.frame[3].tolist() == ["client", ""]
    assert table.frame[5].tolist() == [4.0, "n/a"]
    monkeypatch.setattr(files, "TEXT_COLUMN_ROWS", 10_000)
    (short,) = read_source(Source("book.xlsx", data), Settings())
    assert str(short.frame[0].dtype) == "object"  # a short sheet is read as calamine typed it
def test_a_long_sheets_column_is_text_only_if_every_cell_is_and_ragged_rows_are_padded(monkeypatch):
    from kpi.ingest import files
    from kpi.ingest.workbook import Sheet
    monkeypatch.setattr(files, "TEXT_COLUMN_ROWS", 2)
    frame = files._sheet_frame(Sheet("s", [["id", "partner"], ["R1", "Sable"], ["R2", 12.0]], False))
    assert [str(frame[c].dtype) for c in frame] == ["str", "object"]  # a number last stops the text column
    assert frame[1].tolist() == ["partner", "Sable", 12.0]
    ragged = files._sheet_frame(Sheet("s", [["a", "b"], ["c"]], False))  # calamine never gives these
    assert ragged.values.tolist() == [["a", "b"], ["c", ""]]


def test_a_csv_arrow_refused_ahead_is_not_parsed_by_arrow_again(monkeypatch):
    from kpi.ingest import files
    from kpi.ingest.source import read_ahead
    source = Source("ragged.csv", b"review_id,partner\nR1,Agence\nR2,Sable,extra\n")
    read_ahead(source, Settings())
    source.ahead.result()  # refused: None
    calls = []
    monkeypatch.setattr(files, "utf8_cells", lambda data: calls.append(data))
    (table,) = read_source(source, Settings())
    assert calls == [] and table.headers == ["review_id", "partner", "column_3"]
