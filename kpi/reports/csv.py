"""Write tables for people and other tools: CSV safe for spreadsheets.

Text that a spreadsheet would run as a formula (starting with = + - @, tab, CR
or NUL) is prefixed with a quote (CWE-1236); numbers are left alone.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
_PLAIN_NUMBER = r"^[+-]?\d+(?:[.,]\d+)?$"  # "-2" typed in a cell is a number, not a formula


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells that would start a formula begin with a quote."""
    out = {}
    for name in frame.columns:
        col = frame[name]
        if pd.api.types.is_string_dtype(col) or col.dtype == object:
            text = col.astype("str")
            is_text = col.map(lambda v: isinstance(v, str))
            risky = text.str.startswith(FORMULA_START).fillna(False) & is_text
            risky &= ~text.str.match(_PLAIN_NUMBER).fillna(False)
            out[name] = col.mask(risky, "'" + text)
        else:
            out[name] = col
    return pd.DataFrame(out, index=frame.index)


def to_csv_text(frame: pd.DataFrame, sep: str = ",", decimal: str = ".") -> str:
    """CSV text with blank cells for missing values and true/false for booleans."""
    ready = escape_formulas(frame)
    for name in ready.columns:
        if pd.api.types.is_bool_dtype(ready[name]):
            ready[name] = ready[name].map({True: "true", False: "false"})
    buffer = io.StringIO()
    # CRLF line ends (RFC 4180): the csv writer then also quotes a cell holding a lone CR.
    ready.to_csv(buffer, index=False, sep=sep, decimal=decimal, na_rep="", lineterminator="\r\n")
    return buffer.getvalue()


def to_csv_bytes(frame: pd.DataFrame, french: bool = False) -> bytes:
    """CSV bytes in UTF-8 with a BOM (Excel then reads accents right); `french` uses `;` and a decimal comma."""
    text = to_csv_text(frame, sep=";" if french else ",", decimal="," if french else ".")
    return ("\ufeff" + text).encode("utf-8")
