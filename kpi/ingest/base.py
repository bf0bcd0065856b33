"""The importer interface: a format is a module with `FORMAT`, `sniff(head)` and `layout(head)`.

`head` is the top of a raw grid (its first rows, every cell as trimmed text), so a
format is recognised from its first rows alone (METHODOLOGY §8). `sniff` returns a
confidence between 0 and 1; the registry picks the most confident format above
`THRESHOLD`, and a grid no format claims is read by the generic reader (§1).
`layout` then says how many header rows the file has, which header the user sees
for each column, and where the metadata columns (response id, date, e-mail, status…)
are. Everything after that (which question, which partner, which side, which label)
is the shared business of `kpi.ingest.surveys`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import ModuleType

from kpi.contracts.schema import fold

HEAD_ROWS = 4
"""Rows a format may look at to recognise itself."""
THRESHOLD = 0.5

ROLES = ("response_id", "date", "email", "name", "status", "channel", "finished", "submitted")
"""Metadata a survey tool writes: the response id, its date, who answered, and what says a response is real."""


@dataclass
class Layout:
    """How one survey export lays out its header: what a format's `layout` returns."""

    format: str
    header_rows: int
    headers: list[str]  # per column, the header the user sees (the question text row)
    codes: list[str] = field(default_factory=list)  # per column, the tool's short code when it writes one
    roles: dict[str, int] = field(default_factory=dict)  # role (ROLES) → column position
    metadata: set[int] = field(default_factory=set)  # columns that are the tool's bookkeeping, never questions
    row_ids: bool = False  # the tool writes no response id: the file row is the id (Google Forms)
    table: str = "reviews"  # the table the export holds: survey tools give reviews, calendars give meetings

    @property
    def signature(self) -> str:
        """The shape of the file: its format and folded headers, the key a saved profile is found by."""
        return self.format + ":" + "|".join(fold(h) for h in (self.codes or self.headers))


def words(text: object) -> str:
    """Folded text with word boundaries kept: 'Which agency?' → ' which agency '."""
    from kpi.contracts.schema import fold as _fold

    parts = [_fold(w) for w in re.split(r"[^\w]+", str(text))]
    return " " + " ".join(p for p in parts if p) + " "


def has_phrase(text: object, phrases) -> bool:
    """True when one of `phrases` appears in `text` as whole words (folded)."""
    w = words(text)
    return any(words(p) in w for p in phrases)


def _key(text: object) -> str:
    """Folded text, or the trimmed text itself when folding leaves nothing (`#`)."""
    return fold(text) or str(text).strip()


def find(head_row: list[str], *names: str) -> int | None:
    """Position of the first cell of a header row equal (folded) to one of `names`."""
    folded = [_key(c) for c in head_row]
    for name in names:
        key = _key(name)
        if key and key in folded:
            return folded.index(key)
    return None


def roles_from(head_row: list[str], spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Role → position for each role whose header (one of its names) is in the row."""
    out = {}
    for role, names in spec.items():
        pos = find(head_row, *names)
        if pos is not None:
            out[role] = pos
    return out


def metadata_of(head_row: list[str], names) -> set[int]:
    """Positions of the tool's bookkeeping columns, by folded header."""
    wanted = {_key(n) for n in names} - {""}
    return {i for i, c in enumerate(head_row) if _key(c) in wanted}


def metadata_like(head_row: list[str], pattern: str) -> set[int]:
    """Positions of bookkeeping columns named by a pattern (a tool's computed columns: `Q5_NPS_GROUP`)."""
    compiled = re.compile(pattern, re.I)
    return {i for i, c in enumerate(head_row) if compiled.search(str(c).strip())}


def registry() -> list[ModuleType]:
    """Every format recognised from a grid's first rows (survey tools, then the Outlook calendar CSV), most
    specific first. An `.ics` calendar is no grid: kpi.ingest.ics reads it."""
    from kpi.ingest import google_forms, limesurvey, ms_forms, outlook_csv, qualtrics, surveymonkey, typeform

    return [qualtrics, surveymonkey, google_forms, ms_forms, limesurvey, typeform, outlook_csv]


def detect(head: list[list[str]], sheet: str | None = None) -> Layout | None:
    """The layout of the most confident survey format for these first rows, or None (generic)."""
    best, best_score = None, THRESHOLD
    for module in registry():
        score = module.sniff(head, sheet)
        if score > best_score:
            best, best_score = module, score
    return best.layout(head) if best else None
