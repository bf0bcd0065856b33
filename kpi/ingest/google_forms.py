"""Google Forms responses: the CSV download and the Sheets .xlsx (METHODOLOGY §8).

One header row starting `Timestamp` (`Horodateur` in French); the sheet is `Form Responses 1`
(`Réponses au formulaire 1`). Grid questions are one column per row: `Question [Row]`. There
is no response id: the file row is the id.
"""

from __future__ import annotations

from kpi.ingest.base import Layout, metadata_of, roles_from
from kpi.contracts.schema import fold

FORMAT = "google_forms"

_TIMESTAMP = ("Timestamp", "Horodateur", "Horodatage", "Marque temporelle", "Zeitstempel", "Marca temporal")
_ROLES = {
    "date": _TIMESTAMP,
    "email": ("Email Address", "Email", "Adresse e-mail", "Adresse email", "Adresse courriel", "Username",
              "Nom d'utilisateur", "E-Mail-Adresse"),
}
_SHEETS = {fold(s) for s in ("Form Responses 1", "Form responses 1", "Réponses au formulaire 1",
                             "Formularantworten 1")}


def sniff(head: list[list[str]], sheet: str | None = None) -> float:
    """Google Forms when the first header is its timestamp, or the sheet has its name."""
    if not head or not head[0]:
        return 0.0
    first_cell = fold(head[0][0])
    if first_cell in {fold(t) for t in _TIMESTAMP}:
        return 0.9
    if sheet and fold(sheet) in _SHEETS:
        return 0.8
    return 0.0


def layout(head: list[list[str]]) -> Layout:
    """One header row; the timestamp and e-mail are metadata; the row is the response id."""
    first = head[0]
    roles = roles_from(first, _ROLES)
    meta = metadata_of(first, _TIMESTAMP + _ROLES["email"] + ("Score", "Total score", "Note"))
    return Layout(FORMAT, 1, list(first), roles=roles, metadata=meta, row_ids=True)
