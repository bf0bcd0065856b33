"""Rebuild the hostile corpus in this folder: `python tests/data/hostile/make_hostile.py`.

Every file is spelled out below, byte for byte: broken, hostile or odd inputs that must each get
exactly the outcome EXPECTED.md gives them. The output is identical on every run. Files too big to
commit (a 300 MB CSV, a 100,000-column header, a 10,001-part zip) are built by `make_big(name, folder)`
at test time, into a temporary folder.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path
from typing import Callable

HERE = Path(__file__).parent
STAMP = (2026, 6, 1, 9, 0, 0)  # fixed zip dates: byte-identical workbooks

HEADER = "review_id,review_date,partner,respondent_side,question_id,score\n"
GOOD = ("R1,2026-03-15,Agence Lumière,client,INF1,4\n"
        "R1,2026-03-15,Agence Lumière,client,DEL1,5\n"
        "R2,2026-03-16,Kestrel PR,agency,INF1,3\n")
MEETINGS = "date,partner,meeting_type,duration_min,agenda_shared\n"


def reviews(*rows: str, header: str = HEADER) -> bytes:
    """A reviews CSV in UTF-8: the header, then `rows` (each a line without its newline)."""
    return (header + "".join(row + "\n" for row in rows)).encode("utf-8")


# ---------------------------------------------------------------- workbooks written by hand

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'sheet.main+xml"/>{sheets}</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _zip(parts: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = method
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


def workbook(sheets: dict[str, str], extra: dict[str, str] | None = None, book_xml: str | None = None,
             styles: bool = False) -> bytes:
    """An .xlsx from sheet name → the worksheet XML (whole, as written), like hostile files are made."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
    listed = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, 1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
    if styles:
        rels += ('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'styles" Target="styles.xml"/>')
    parts: dict[str, str] = {
        "[Content_Types].xml": CONTENT_TYPES.format(sheets=overrides),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": book_xml or f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {NS_R}><sheets>{listed}'
                                      '</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                                      f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
    }
    for i, xml in enumerate(sheets.values(), 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    parts.update(extra or {})
    return _zip(parts)


def _col(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def cell(ref: str, value) -> str:
    """One cell: text inline, a number as a number, ('e', '#REF!') an Excel error value."""
    if isinstance(value, tuple):
        kind, text = value
        return f'<c r="{ref}" t="{kind}"><v>{text}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet(rows: list[list], prolog: str = "", tail: str = "", dimension: str = "") -> str:
    """Worksheet XML of `rows` (row 1 first), with an optional DOCTYPE or other prolog before the root."""
    body = "".join(
        f'<row r="{r}">' + "".join(cell(f"{_col(c)}{r}", v) for c, v in enumerate(row, 1) if v is not None)
        + "</row>" for r, row in enumerate(rows, 1))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {NS}>{dim}<sheetData>{body}{tail}</sheetData>' \
           "</worksheet>"


REVIEW_ROWS = [["review_id", "review_date", "partner", "respondent_side", "question_id", "score"],
               ["R1", "2026-03-15", "Agence Lumière", "client", "INF1", 4],
               ["R1", "2026-03-15", "Agence Lumière", "client", "DEL1", 5]]


def far_cell(ref: str) -> bytes:
    """A valid little reviews sheet plus one stray cell at `ref` (and a <dimension> that hides it)."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    xml = sheet(REVIEW_ROWS, dimension="A1:F3", tail=f'<row r="{row}">{cell(ref, "x")}</row>')
    return workbook({"reviews": xml})


def excel_errors() -> bytes:
    rows = [REVIEW_ROWS[0],
            ["R1", "2026-03-15", "Agence Lumière", "client", "INF1", ("e", "#REF!")],
            ["R1", "2026-03-15", "Agence Lumière", "client", "DEL1", ("e", "#DIV/0!")],
            ["R2", "2026-03-16", ("e", "#N/A"), "agency", "INF1", 3],
            ["R2", "2026-03-16", "Kestrel PR", "agency", "DEL1", ("e", "#VALUE!")],
            ["R3", "2026-03-17", "Kestrel PR", "client", "INF1", 4]]
    return workbook({"reviews": sheet(rows)})


STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><fonts count="1"><font/></fonts><fills count="1">'
          '<fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')


def excel_dates_out_of_range() -> bytes:
    """Cells formatted as dates (built-in format 14), as Excel stores them: 9999-12-31 (serial 2958465, Excel's
    last day) and 2262-04-12 (a day after pandas' last) are real Excel dates pandas cannot hold."""
    rows = [REVIEW_ROWS[0],
            ["R1", ("n", 2958465), "Agence Lumière", "client", "INF1", 4],
            ["R2", ("n", 46096), "Kestrel PR", "agency", "INF1", 3],
            ["R3", ("n", 132855), "Kestrel PR", "client", "INF1", 5]]
    xml = sheet(rows).replace('t="n">', 's="1">')
    return workbook({"reviews": xml}, extra={"xl/styles.xml": STYLES}, styles=True)


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(2, 10)) + "]>")


def billion_laughs_sheet() -> bytes:
    rows = [REVIEW_ROWS[0], ["R1", "2026-03-15", "&lol9;", "client", "INF1", 4]]
    return workbook({"reviews": sheet(rows, prolog=LAUGHS)})


def billion_laughs_book() -> bytes:
    book = (f'<?xml version="1.0" encoding="UTF-8"?>{LAUGHS}<workbook {NS} {NS_R}><sheets><sheet name="&lol9;" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>')
    return workbook({"reviews": sheet(REVIEW_ROWS)}, book_xml=book)


def external_entity() -> bytes:
    """A DOCTYPE declaring an external entity (XXE): the file's content must never reach a cell."""
    prolog = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    rows = [REVIEW_ROWS[0], ["R1", "2026-03-15", "&xxe;", "client", "INF1", 4]]
    return workbook({"reviews": sheet(rows, prolog=prolog)})


def no_sheets() -> bytes:
    book = f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {NS_R}><sheets/></workbook>'
    parts = {"[Content_Types].xml": CONTENT_TYPES.format(sheets=""), "_rels/.rels": ROOT_RELS,
             "xl/workbook.xml": book,
             "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
                                           'schemas.openxmlformats.org/package/2006/relationships"/>'}
    return _zip(parts)


def zip_not_xlsx() -> bytes:
    return _zip({"notes.txt": "Minutes of the QBR, not a workbook.\n", "photo.jpg": b"\xff\xd8\xff\xe0" + bytes(64)})


def zip_bomb() -> bytes:
    """A 50 KB workbook whose one sheet part expands to 100 MB of zeros (a ratio of about 2,000)."""
    return _zip({"[Content_Types].xml": CONTENT_TYPES.format(sheets=""), "_rels/.rels": ROOT_RELS,
                 "xl/worksheets/sheet1.xml": b"0" * 100_000_000})


def truncated_workbook() -> bytes:
    whole = workbook({"reviews": sheet(REVIEW_ROWS)})
    return whole[: len(whole) // 2]


def escape_sheet_name() -> bytes:
    """A sheet named with a terminal escape (clear screen) and a newline: the CLI must not obey it."""
    rows = [["colour", "size"], ["red", 3]]
    name = "\x1b[2J\x1b[31mred&#10;alert"
    return workbook({name: sheet(rows)})


def encrypted_workbook() -> bytes:
    """What Excel writes for a password-protected .xlsx: an OLE compound file holding EncryptionInfo and
    EncryptedPackage streams (here with a few bytes of each)."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)   # minor, major, byte order, sector shifts
    struct.pack_into("<I", header, 44, 1)            # one FAT sector
    struct.pack_into("<I", header, 48, 1)            # directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)         # mini stream cutoff
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)  # no mini FAT, no DIFAT
    struct.pack_into("<I", header, 76, 0)            # the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<IIII", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE, 0xFFFFFFFE)  # FAT, dir, two streams

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF):
        out = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        out[: len(encoded)] = encoded
        struct.pack_into("<HBB", out, 64, len(encoded), kind, 1)
        struct.pack_into("<III", out, 68, 0xFFFFFFFF, right, child)
        struct.pack_into("<II", out, 116, start, size)
        return bytes(out)

    directory = (entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1) + entry("EncryptionInfo", 2, 2, 64, right=2)
                 + entry("EncryptedPackage", 2, 3, 64) + bytes(128))
    streams = (b"\x04\x00\x04\x00\x40\x00\x00\x00" + bytes(sector - 8)) + (b"\x10" * 64 + bytes(sector - 64))
    return bytes(header) + bytes(fat) + directory + streams


# ---------------------------------------------------------------- the corpus

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
BINARY = bytes((i * 7919 + 13) % 256 for i in range(4096))
PROSE = ("Minutes of the quarterly review, 12 March 2026\n\nPresent: the client team and the agency.\n"
         "We agreed to share briefs a week earlier and to meet every month.\nNext review in June.\n")

FILES: dict[str, Callable[[], bytes]] = {
    # files that hold nothing, or nothing like a table
    "empty.csv": lambda: b"",
    "bom_only.csv": lambda: b"\xef\xbb\xbf",
    "blank_lines.csv": lambda: b" \r\n\r\n\t\r\n",
    "only_delimiters.csv": lambda: b",,,,,\n,,,,,\n;;;\n",
    "header_only.csv": lambda: HEADER.encode(),
    "header_only_blank_rows.csv": lambda: (HEADER + ",,,,,\n,,,,,\n").encode(),
    "text_file.txt": lambda: PROSE.encode(),
    "json_renamed.csv": lambda: b'{"reviews": [{"partner": "Kestrel PR", "score": 4}]}\n',
    "html_table.xls": lambda: b"<html><body><table><tr><td>partner</td><td>score</td></tr></table></body></html>",
    "binary.csv": lambda: BINARY,
    "png_renamed.csv": lambda: PNG,
    "old_excel.xls": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
    "encrypted.xlsx": encrypted_workbook,
    # broken or hostile workbooks
    "zip_not_xlsx.xlsx": zip_not_xlsx,
    "no_sheets.xlsx": no_sheets,
    "truncated.xlsx": truncated_workbook,
    "zip_bomb.xlsx": zip_bomb,
    "far_cell_XFD1048576.xlsx": lambda: far_cell("XFD1048576"),
    "far_cell_XFD10000.xlsx": lambda: far_cell("XFD10000"),
    "billion_laughs_sheet.xlsx": billion_laughs_sheet,
    "billion_laughs_book.xlsx": billion_laughs_book,
    "external_entity.xlsx": external_entity,
    "excel_errors.xlsx": excel_errors,
    "excel_dates_out_of_range.xlsx": excel_dates_out_of_range,
    "escape_sheet_name.xlsx": escape_sheet_name,
    # text encodings and line ends
    "utf16_bom.csv": lambda: (HEADER + GOOD).replace(",", "\t").encode("utf-16"),
    "utf16le_no_bom.csv": lambda: (HEADER + GOOD).replace(",", "\t").encode("utf-16-le"),
    "mixed_encodings.csv": lambda: HEADER.encode() + "R1,2026-03-15,Agence Lumière,client,INF1,4\n".encode()
    + "R2,2026-03-16,Agence Lumière,agency,INF1,3\n".encode("cp1252"),
    "cr_only.csv": lambda: (HEADER + GOOD).replace("\n", "\r").encode(),
    "lone_cr_in_quotes.csv": lambda: HEADER.replace("score", "score,comment").encode()
    + b'R1,2026-03-15,Kestrel PR,client,INF1,4,"first\rsecond"\nR1,2026-03-15,Kestrel PR,client,DEL1,5,ok\n',
    "tabs_and_commas.csv": lambda: (HEADER.replace(",", "\t") + "R1\t2026-03-15\tPartners, Inc.\tclient\tINF1\t4\n"
                                    "R2\t2026-03-16\tSmith, Jones & Co\tagency\tINF1\t3\n").encode(),
    "quoted_header.csv": lambda: ('"review_id","review_date","partner","respondent_side","question_id","score"\n'
                                  + GOOD).encode(),
    "nul_in_partner.csv": lambda: reviews("R1,2026-03-15,North\x00wind,client,INF1,4", GOOD.splitlines()[2]),
    "control_chars_in_cells.csv": lambda: reviews("R1,2026-03-15,\x1b[2J\x1b[31mKestrel PR,client,INF1,4",
                                                  "R2,2026-03-16,Kestrel PR\x07,agency,INF1,3",
                                                  "R3,2026-03-17,Kestrel PR,client,INF1,5"),
    "escape_in_header.csv": lambda: b"\x1b]0;owned\x07colour,size\nred,3\n",
    # structure
    "quote_swallows_rows.csv": lambda: reviews(
        *[f"R{i},2026-03-{10 + i},Kestrel PR,client,INF1,4," for i in range(1, 4)],
        'R4,2026-03-14,Kestrel PR,client,INF1,4,"said ""fine',
        "R5,2026-03-15,Kestrel PR,client,INF1,4,",
        'R6,2026-03-16,Kestrel PR,client,INF1,4,ok"',
        *[f"R{i},2026-03-{10 + i},Kestrel PR,client,INF1,4," for i in range(7, 11)],
        header=HEADER.replace("score", "score,comment")),
    "quote_never_closed.csv": lambda: reviews(
        *[f"R{i},2026-03-{10 + i},Kestrel PR,client,INF1,4" for i in range(1, 4)],
        'R4,2026-03-14,"Kestrel PR,client,INF1,4',
        *[f"R{i},2026-03-{10 + i},Kestrel PR,client,INF1,4" for i in range(5, 11)]),
    "decimal_comma_unquoted.csv": lambda: reviews("R1,2026-03-15,Kestrel PR,client,INF1,4,5",
                                                  "R2,2026-03-16,Kestrel PR,agency,INF1,3"),
    "repeated_header.csv": lambda: reviews("R1,2026-03-15,Kestrel PR,client,INF1,4,2",
                                           header=HEADER.replace("\n", ",score\n")),
    "ragged_rows.csv": lambda: reviews("R1,2026-03-15,Kestrel PR,client,INF1,4", "R2,2026-03-16",
                                       "R3,2026-03-17,Kestrel PR,client,INF1,5,extra,more"),
    "columns_10000.csv": lambda: reviews(
        "R1,2026-03-15,Kestrel PR,client,INF1,4" + ",x" * 9994,
        header=HEADER.rstrip("\n") + "".join(f",extra_{i}" for i in range(1, 9995)) + "\n"),
    "long_comment_200kb.csv": lambda: reviews('R1,2026-03-15,Kestrel PR,client,INF1,4,"' + "très long " * 14_000
                                              + '"', "R2,2026-03-16,Kestrel PR,agency,INF1,3,",
                                              header=HEADER.replace("score", "score,comment")),
    "long_partner_name.csv": lambda: reviews("R1,2026-03-15," + "Kestrel " * 5000 + ",client,INF1,4"),
    "formula_injection.csv": lambda: reviews('R1,2026-03-15,"=HYPERLINK(""http://evil.example"",""x"")",client,INF1,4',
                                             "R2,2026-03-16,+cmd|' /C calc'!A0,agency,INF1,3",
                                             "R3,2026-03-17,@SUM(1+1),client,INF1,5",
                                             "R4,2026-03-18,-2+3,client,INF1,2"),
    # partner names people cannot tell apart
    "homoglyph_partners.csv": lambda: reviews("R1,2026-03-15,Kestrel PR,client,INF1,4",
                                              "R2,2026-03-16,K\u0435strel PR,client,INF1,3"),
    "unicode_forms.csv": lambda: reviews("R1,2026-03-15,Agence Lumi\u00e8re,client,INF1,4",
                                         "R2,2026-03-16,Agence Lumie\u0300re,client,INF1,3",
                                         "R3,2026-03-17,Agence Lumi\u00e8re\u200b,client,INF1,5",
                                         "R4,2026-03-18,\ufeffAgence Lumi\u00e8re,client,INF1,2"),
    "rtl_marks.csv": lambda: reviews("R1,2026-03-15,\u05e1\u05d5\u05db\u05e0\u05d5\u05ea \u05d0\u05d5\u05e8\u200f,"
                                     "client,INF1,4",
                                     "R2,2026-03-16,Kestrel PR\u202e\u202c,client,INF1,3",
                                     "R3,2026-03-17,evil\u202egpj.exe,client,INF1,5"),
    "emoji.csv": lambda: reviews("R1,2026-03-15,Studio 🦊,client,INF1,4",
                                 "R2,2026-03-16,Team 👩\u200d💻,agency,INF1,5",
                                 header=HEADER),
    # values
    "dates_out_of_range.csv": lambda: reviews("R1,9999-12-31,Kestrel PR,client,INF1,4",
                                              "R2,0000-01-01,Kestrel PR,client,INF1,4",
                                              "R3,1677-09-21,Kestrel PR,client,INF1,4",
                                              "R4,2263-01-01,Kestrel PR,client,INF1,4",
                                              "R5,2026-03-15,Kestrel PR,client,INF1,4"),
    "date_31_02.csv": lambda: reviews("R1,31/02/2026,Kestrel PR,client,INF1,4", "R2,28/02/2026,Kestrel PR,client,INF1,4"),
    "negative_scores.csv": lambda: reviews("R1,2026-03-15,Kestrel PR,client,INF1,-3",
                                           "R2,2026-03-16,Kestrel PR,client,INF1,4"),
    "score_4.5.1.csv": lambda: reviews("R1,2026-03-15,Kestrel PR,client,INF1,4.5.1",
                                       "R2,2026-03-16,Kestrel PR,client,INF1,4"),
    "scores_inf_nan.csv": lambda: reviews("R1,2026-03-15,Kestrel PR,client,INF1,inf",
                                          "R2,2026-03-16,Kestrel PR,client,INF1,1e999",
                                          "R3,2026-03-17,Kestrel PR,client,INF1,NaN",
                                          "R4,2026-03-18,Kestrel PR,client,INF1,4"),
    "meetings_inf_negative.csv": lambda: (MEETINGS + "2026-03-15,Kestrel PR,QBR,inf,yes\n"
                                          "2026-03-16,Kestrel PR,QBR,-30,yes\n2026-03-17,Kestrel PR,QBR,60,yes\n"
                                          ).encode(),
    "questions_inf_scale.csv": lambda: (
        "question_id,kpi,text,scale_min,scale_max\nQ1,informed,Briefs are clear.,1,inf\n"
        "Q2,informed,We get what we need.,1,5\n").encode(),
}


BIG: dict[str, Callable[[Path], Path | None]] = {}
ESCAPE_NAME = "reviews\n\x1b[31m.csv"  # what `escape_in_file_name.csv` is really called


def big(name: str):
    def register(build: Callable[[Path], Path | None]):
        BIG[name] = build
        return build
    return register


@big("over_cap_300mb.csv")
def _over_cap(path: Path) -> None:
    """300 MB: a real header, then a hole (sparse, so free to make); only the size cap may look at it."""
    with open(path, "wb") as out:
        out.write(HEADER.encode())
        out.truncate(300 * 1_048_576)


@big("line_50mb.csv")
def _long_line(path: Path) -> None:
    """One 6 MB comment on the first data line: over csv's 128 KB field limit and the sniffer's 4 MB record."""
    path.write_bytes(reviews("R1,2026-03-15,Kestrel PR,client,INF1,4," + "x" * 6_000_000,
                             "R2,2026-03-16,Kestrel PR,agency,INF1,3,fine",
                             header=HEADER.replace("score", "score,comment")))


@big("header_100k_columns.csv")
def _wide_header(path: Path) -> None:
    """A 100,000-column header (1.2 MB on one line) and one row."""
    extra = "".join(f",x{i}" for i in range(1, 100_000 - 5))
    path.write_bytes(reviews("R1,2026-03-15,Kestrel PR,client,INF1,4" + ",1" * (100_000 - 6),
                             header=HEADER.rstrip("\n") + extra + "\n"))


@big("deep_nesting.xlsx")
def _deep_nesting(path: Path) -> None:
    """100,000 nested elements in one cell, stored uncompressed (700 KB) so that no ratio guard refuses it
    first: a recursive XML reader would overflow its stack."""
    depth = 100_000
    tail = ('<row r="4"><c r="A4" t="inlineStr"><is>' + "<r>" * depth + "<t>R9</t>" + "</r>" * depth + "</is></c>"
            + "".join(cell(f"{c}4", v) for c, v in zip("BCDEF", REVIEW_ROWS[1][1:])) + "</row>")
    xml = sheet(REVIEW_ROWS, tail=tail)
    whole = _zip({name: data for name, data in _parts(workbook({"reviews": xml})).items()}, zipfile.ZIP_STORED)
    path.write_bytes(whole)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@big("too_many_parts.xlsx")
def _too_many_parts(path: Path) -> None:
    """10,001 empty parts in an otherwise valid workbook (about 1 MB)."""
    whole = io.BytesIO(workbook({"reviews": sheet(REVIEW_ROWS)}))
    with zipfile.ZipFile(whole, "a", zipfile.ZIP_STORED) as archive:
        for i in range(10_001):
            archive.writestr(zipfile.ZipInfo(f"xl/media/p{i}", STAMP), b"")
    path.write_bytes(whole.getvalue())


@big("escape_in_file_name.csv")
def _escape_in_name(path: Path) -> Path:
    """A valid file whose name holds a newline and a terminal escape (made here: no checkout should hold it)."""
    path = path.with_name(ESCAPE_NAME)
    path.write_bytes(reviews(*GOOD.splitlines()))
    return path


def make_big(name: str, folder: Path) -> Path:
    """Build the file `name` of BIG into `folder`; returns its path."""
    path = folder / name
    return BIG[name](path) or path


def main(folder: Path = HERE) -> None:
    for name, build in FILES.items():
        (folder / name).write_bytes(build())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
