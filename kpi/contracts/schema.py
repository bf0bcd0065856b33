"""The three input tables: their columns, aliases (METHODOLOGY Appendix A) and clean form.

Names are matched after `fold`: case and accents folded, every character that is
not a letter or a digit dropped. `Durée (min)` and `duree_min` both fold to `dureemin`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

TABLES = ("reviews", "meetings", "questions")

SIDES = ("client", "agency")
MEETING_TYPES = ("briefing", "status", "qbr", "workshop", "problem_solving", "feedback", "other")


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


@dataclass(frozen=True)
class Column:
    """One column of an input table."""

    name: str
    kind: str  # text, date, number, integer, yesno, side, meeting_type, kpi
    required: bool
    aliases: tuple[str, ...]
    description: str


def _c(name, kind, required, aliases, description):
    return Column(name, kind, required, tuple(aliases), description)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "reviews": (
        _c("review_id", "text", True,
           ["review id", "response id", "responseid", "id", "id revue", "identifiant revue", "id evaluation",
            "questionnaire", "questionnaire id", "id questionnaire", "survey id", "respondent id"],
           "One completed questionnaire."),
        _c("review_date", "date", True,
           ["date", "review date", "submitted", "submitted at", "timestamp", "date de la revue", "date revue",
            "date evaluation", "date de reponse", "completed", "end date"],
           "When the questionnaire was answered."),
        _c("partner", "text", True,
           ["agency", "partner name", "vendor", "supplier", "partenaire", "agence", "prestataire",
            "agency name", "nom partenaire", "nom de l agence", "fournisseur"],
           "The partner the review is about."),
        _c("respondent_side", "side", True,
           ["side", "respondent side", "rater side", "cote", "cote repondant", "respondent type", "role",
            "type de repondant"],
           "Who answered: client or agency."),
        _c("respondent", "text", False,
           ["name", "email", "rater", "repondant", "evaluateur", "respondent name", "nom"],
           "Who answered; may be blank (anonymous)."),
        _c("question_id", "text", True,
           ["question", "question id", "question code", "code question", "id question", "item"],
           "The question answered; must exist in the question bank."),
        _c("score", "number", False,
           ["rating", "value", "answer", "note", "reponse", "valeur", "score"],
           "The answer on the question's scale; blank means not applicable."),
        _c("importance", "number", False,
           ["weight of item", "importance de l item", "importance"],
           "How much the item matters to the respondent, same scale."),
        _c("comment", "text", False,
           ["comments", "verbatim", "commentaire", "commentaires", "remarks", "remarques"],
           "Verbatim comment."),
    ),
    "meetings": (
        _c("date", "date", True,
           ["meeting date", "start", "start date", "date reunion", "date de la reunion", "date de reunion",
            "start time", "when"],
           "When the meeting took place."),
        _c("partner", "text", True,
           ["partners", "agency", "agencies", "partenaire", "partenaires", "agence", "agences", "attendees",
            "participants"],
           "One or more partners, separated by ';'."),
        _c("meeting_type", "meeting_type", True,
           ["type", "meeting type", "category", "type de reunion", "type reunion", "categorie"],
           "What kind of meeting it was."),
        _c("duration_min", "number", False,
           ["duration", "minutes", "duration min", "duree", "duree min", "duration minutes", "duree minutes"],
           "Length in minutes."),
        _c("agenda_shared", "yesno", False,
           ["agenda", "agenda shared", "pre read shared", "ordre du jour partage", "odj partage",
            "agenda partage", "ordre du jour", "odj", "brief shared", "agenda sent"],
           "Agenda or brief sent before the meeting."),
        _c("actions_opened", "integer", False,
           ["actions", "action items opened", "actions opened", "actions ouvertes", "actions decidees",
            "action items"],
           "Action items decided."),
        _c("actions_closed", "integer", False,
           ["action items closed", "actions closed", "actions cloturees", "actions fermees", "actions closes",
            "actions terminees", "actions done"],
           "Action items closed."),
        _c("meeting_id", "text", False, ["meeting id", "id reunion", "id"], "Identifier of the meeting."),
        _c("notes", "text", False,
           ["note", "minutes text", "compte rendu", "notes", "commentaire", "comments"],
           "Free notes."),
    ),
    "questions": (
        _c("question_id", "text", True,
           ["id", "question id", "question code", "code", "code question", "id question"],
           "Identifier answers refer to."),
        _c("kpi", "kpi", True, ["dimension", "habit", "indicateur", "habitude", "kpi"],
           "One of the five habits or delivery."),
        _c("text", "text", True,
           ["question", "question text", "wording", "libelle", "intitule", "texte", "text en", "wording en"],
           "The question as asked."),
        _c("text_fr", "text", False, ["texte fr", "libelle fr", "intitule fr", "text fr", "french"],
           "The question in French (optional)."),
        _c("scale_min", "number", True, ["min", "scale min", "echelle min", "minimum"], "Lowest answer."),
        _c("scale_max", "number", True, ["max", "scale max", "echelle max", "maximum"], "Highest answer."),
        _c("reverse", "yesno", False, ["reversed", "reverse coded", "inverse", "inversee", "inverted"],
           "Yes when a high answer is bad news."),
    ),
}

SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "reviews": ("reviews", "review", "answers", "responses", "survey", "surveys", "revues", "revue",
                "evaluations", "evaluation", "reponses", "questionnaires", "enquete", "partnership reviews"),
    "meetings": ("meetings", "meeting", "meeting log", "meetings log", "reunions", "reunion",
                 "journal des reunions", "log", "calendar", "rendez vous"),
    "questions": ("questions", "question bank", "questionbank", "banque de questions", "items", "bank"),
}

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


def column_lookup(table: str) -> dict[str, str]:
    """Folded header → canonical column name for one table (canonical names win over aliases)."""
    out: dict[str, str] = {fold(c.name): c.name for c in COLUMNS[table]}
    for col in COLUMNS[table]:
        for alias in col.aliases:
            out.setdefault(fold(alias), col.name)
    return out


def column(table: str, name: str) -> Column:
    """The Column of one table by canonical name."""
    for col in COLUMNS[table]:
        if col.name == name:
            return col
    raise KeyError(f"{table}.{name}")


def required_columns(table: str) -> list[str]:
    """Canonical names of the required columns of a table."""
    return [c.name for c in COLUMNS[table] if c.required]


SHEET_LOOKUP: dict[str, str] = {fold(n): t for t, names in SHEET_NAMES.items() for n in names}

_TRAILING_NUMBER = re.compile(r"\d+$")


def table_from_sheet_name(name: str) -> str | None:
    """The table a sheet name announces, or None ("Meetings 2025" counts as meetings)."""
    folded = fold(name)
    if folded in SHEET_LOOKUP:
        return SHEET_LOOKUP[folded]
    stripped = _TRAILING_NUMBER.sub("", folded)
    return SHEET_LOOKUP.get(stripped)


# The clean tables every later stage reads. Columns in this order, with these dtypes.
CLEAN_COLUMNS: dict[str, dict[str, str]] = {
    "reviews": {
        "review_id": "str", "review_key": "str", "review_date": "datetime64[ns]",
        "partner": "str", "partner_key": "str", "respondent_side": "str", "respondent": "str",
        "question_id": "str", "score": "float64", "importance": "float64", "comment": "str",
        "source_file": "str", "source_row": "int64",
    },
    "meetings": {
        "meeting_id": "str", "date": "datetime64[ns]", "partner": "str", "meeting_type": "str",
        "duration_min": "float64", "agenda_shared": "boolean", "actions_opened": "float64",
        "actions_closed": "float64", "notes": "str", "source_file": "str", "source_row": "int64",
    },
    "questions": {
        "question_id": "str", "kpi": "str", "text": "str", "text_fr": "str",
        "scale_min": "float64", "scale_max": "float64", "reverse": "bool",
    },
}


def empty_clean(table: str) -> pd.DataFrame:
    """An empty clean table with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in CLEAN_COLUMNS[table].items()})
