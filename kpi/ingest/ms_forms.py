"""Microsoft Forms .xlsx exports (METHODOLOGY §8).

One header row starting `ID, Start time, Completion time, Email, Name` (newer exports add
`Last modified time`); French: `ID, Heure de début, Heure de fin, Adresse de messagerie, Nom`.
"""

from __future__ import annotations

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
    """One header row; the first columns are the form's bookkeeping."""
    first = head[0]
    return Layout(FORMAT, 1, list(first), roles=roles_from(first, _ROLES), metadata=metadata_of(first, _METADATA))
