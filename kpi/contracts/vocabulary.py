"""The words a file may use for a value (METHODOLOGY Appendix A), and how words are compared.

Words are matched after `fold`: case and accents folded, every character that is not a
letter or a digit dropped. `Durée (min)` and `duree_min` both fold to `dureemin`.
"""

from __future__ import annotations

import unicodedata

import pandas as pd


def fold(text: object) -> str:
    """Case and accents folded, only letters and digits kept."""
    decomposed = unicodedata.normalize("NFKD", str(text)).casefold()
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def fold_series(values: pd.Series) -> pd.Series:
    """`fold` for a whole column, vectorised over its distinct values."""
    text = values.astype("str")
    uniques = pd.unique(text)
    mapping = {u: fold(u) for u in uniques}
    return text.map(mapping)


VALUE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "side": {
        "client": ("client", "advertiser", "brand", "buyer", "annonceur", "marque"),
        "agency": ("agency", "partner", "vendor", "supplier", "agence", "partenaire", "prestataire", "fournisseur"),
    },
    "meeting_type": {
        "briefing": ("brief", "briefing", "brief creatif", "kick off", "kickoff", "lancement"),
        "status": ("status", "status meeting", "weekly", "check in", "point", "point hebdo", "suivi",
                   "point de suivi", "hebdo", "statut"),
        "qbr": ("qbr", "quarterly business review", "business review", "quarterly review",
                "revue trimestrielle", "bilan trimestriel"),
        "workshop": ("workshop", "brainstorm", "brainstorming", "ideation", "innovation", "atelier"),
        "problem_solving": ("problem solving", "troubleshooting", "resolution de problemes",
                            "resolution de probleme", "problem_solving", "escalation", "escalade"),
        "feedback": ("feedback", "review", "retrospective", "bilan", "retour", "retro"),
        "other": ("other", "autre", "divers"),
    },
    "yesno": {
        "yes": ("yes", "y", "true", "1", "x", "oui", "vrai", "o"),
        "no": ("no", "n", "false", "0", "non", "faux"),
    },
    "kpi": {
        "informed": ("informed", "informe", "informes", "inform"),
        "involved": ("involved", "implique", "impliques", "involve"),
        "inspired": ("inspired", "inspire", "inspires", "inspire"),
        "interconnected": ("interconnected", "interconnecte", "interconnectes", "connected", "connecte"),
        "improving": ("improving", "ameliore", "amelioration", "improve", "progres"),
        "delivery": ("delivery", "livraison", "execution", "prestation"),
    },
}
"""Per column kind with a fixed set of values: each canonical value and the words that mean it."""

SIDES: tuple[str, ...] = tuple(VALUE_ALIASES["side"])
"""Who answered a review: ("client", "agency")."""

MEETING_TYPES: tuple[str, ...] = tuple(VALUE_ALIASES["meeting_type"])
"""The kinds of meeting, in the order of METHODOLOGY §1.3."""

NOT_APPLICABLE = ("", "na", "n a", "nan", "none", "null", "not applicable", "sans objet", "so", "nsp", "-", "--")
"""Folded answers that mean 'not applicable' (kept, not scored)."""


def _lookup(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, aliases in mapping.items():
        for alias in (canonical, *aliases):
            out.setdefault(fold(alias), canonical)
    return out


VALUE_LOOKUP: dict[str, dict[str, str]] = {kind: _lookup(m) for kind, m in VALUE_ALIASES.items()}
NOT_APPLICABLE_FOLDED = frozenset(fold(v) for v in NOT_APPLICABLE)
