"""Microsoft Forms .xlsx exports (METHODOLOGY §8).

One header row starting `ID, Start time, Completion time, Email, Name` (newer exports add
`Last modified time`); French: `ID, Heure de début, Heure de fin, Adresse de messagerie, Nom`.
A quiz export adds `Total points`, `Quiz feedback`, and beside each question `Points - <question>`
and `Feedback - <question>`: what the quiz scored and said, never questions.
"""

from __future__ import annotations

import re

from kpi.ingest.base import Layout, find, metadata_of, roles_from
from kpi.contracts.schema import fold

FORMAT = "ms_forms"

_ROLES = {
    "response_id": ("ID",),
    "date": ("Completion time", "Heure de fin", "Fertigstellungszeit"),
    "email": ("Email", "Adresse de messagerie", "Adresse e-mail", "E-Mail"),
    "name": ("Name", "Nom"),
}
_METADATA = ("ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Total points",
             "Quiz feedback", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom",
             "Heure de la dernière modification", "Total des points", "Commentaires sur le questionnaire",
             "Startzeit", "Fertigstellungszeit", "E-Mail")
_PER_QUESTION = re.compile(r"^(?:Points|Feedback)\s*[-\u2013]\s*(?P<question>.+)$", re.I | re.S)
_STARTS = ({"id"}, {fold("Start time"), fold("Heure de début"), fold("Startzeit")})


def sniff(head: list[list[str]], sheet: str | None = None) -> float:
    """Microsoft Forms when the first row starts `ID, Start time, Completion time` (or in French)."""
    if not head or len(head[0]) < 3:
        return 0.0
    first = [fold(c) for c in head[0][:3]]
    if first[0] in _STARTS[0] and first[1] in _STARTS[1] and find(head[0], *_ROLES["date"]) is not None:
        return 0.95
    return 0.0


def layout(head: list[list[str]]) -> Layout:
    """One header row; the first columns are the form's bookkeeping, and so are a quiz's points and feedback."""
    first = head[0]
    metadata = metadata_of(first, _METADATA) | _quiz_columns(first)
    return Layout(FORMAT, 1, list(first), roles=roles_from(first, _ROLES), metadata=metadata)


def _quiz_columns(first: list[str]) -> set[int]:
    """`Points - Q` and `Feedback - Q` beside a column `Q`: a question of its own would not name another."""
    questions = {fold(c) for c in first}
    out = set()
    for i, cell in enumerate(first):
        m = _PER_QUESTION.match(str(cell).strip())
        if m and fold(m["question"]) in questions:
            out.add(i)
    return out
