"""Raw stage: the input tables as files give them (METHODOLOGY §1, aliases of Appendix A).

One column per field, in the order the columns are read and checked: what a cell holds
(`kind`, which says how kpi.validate.values parses it), the headers it may go by
(`aliases`, matched after folding), whether the table needs it (pandera's `required`) and
what it means. Cells are still as typed, so no dtype is checked at this stage.
"""

from __future__ import annotations

from typing import Any, Iterable

import pandera.pandas as pa
from pandera.typing import Series

from kpi.contracts.stage import Stage

KINDS = ("text", "date", "number", "integer", "yesno", "side", "meeting_type", "kpi")
"""What a raw cell may hold; each kind is parsed its own way."""


def file_column(kind: str, description: str, aliases: Iterable[str], required: bool = False) -> Any:
    """A column of an input file: its kind, meaning, header aliases and whether it must be there."""
    if kind not in KINDS:
        raise ValueError(f"unknown column kind {kind!r}")
    return pa.Field(required=required, nullable=True, description=description,
                    metadata={"kind": kind, "aliases": tuple(aliases)})


class RawReviews(Stage):
    """Answers to partnership review questionnaires, long form: one row per answer (METHODOLOGY §1.1)."""

    review_id: Series[Any] = file_column(
        "text", "One completed questionnaire.", required=True, aliases=(
            "review id", "response id", "responseid", "id", "id revue", "identifiant revue", "id evaluation",
            "questionnaire", "questionnaire id", "id questionnaire", "survey id", "respondent id"))
    review_date: Series[Any] = file_column(
        "date", "When the questionnaire was answered.", required=True, aliases=(
            "date", "review date", "submitted", "submitted at", "timestamp", "date de la revue", "date revue",
            "date evaluation", "date de reponse", "completed", "end date"))
    partner: Series[Any] = file_column(
        "text", "The partner the review is about.", required=True, aliases=(
            "agency", "partner name", "vendor", "supplier", "partenaire", "agence", "prestataire",
            "agency name", "nom partenaire", "nom de l agence", "fournisseur"))
    respondent_side: Series[Any] = file_column(
        "side", "Who answered: client or agency.", required=True, aliases=(
            "side", "respondent side", "rater side", "cote", "cote repondant", "respondent type", "role",
            "type de repondant"))
    respondent: Series[Any] = file_column(
        "text", "Who answered; may be blank (anonymous).", aliases=(
            "name", "email", "rater", "repondant", "evaluateur", "respondent name", "nom"))
    question_id: Series[Any] = file_column(
        "text", "The question answered; must exist in the question bank.", required=True, aliases=(
            "question", "question id", "question code", "code question", "id question", "item"))
    score: Series[Any] = file_column(
        "number", "The answer on the question's scale; blank means not applicable.", aliases=(
            "rating", "value", "answer", "note", "reponse", "valeur", "score"))
    importance: Series[Any] = file_column(
        "number", "How much the item matters to the respondent, same scale.", aliases=(
            "weight of item", "importance de l item", "importance"))
    comment: Series[Any] = file_column(
        "text", "Verbatim comment.", aliases=(
            "comments", "verbatim", "commentaire", "commentaires", "remarks", "remarques"))


class RawMeetings(Stage):
    """The meeting log: one row per meeting between the client and one or more partners (METHODOLOGY §1.3)."""

    date: Series[Any] = file_column(
        "date", "When the meeting took place.", required=True, aliases=(
            "meeting date", "start", "start date", "date reunion", "date de la reunion", "date de reunion",
            "start time", "when"))
    partner: Series[Any] = file_column(
        "text", "One or more partners, separated by ';'.", required=True, aliases=(
            "partners", "agency", "agencies", "partenaire", "partenaires", "agence", "agences", "attendees",
            "participants"))
    meeting_type: Series[Any] = file_column(
        "meeting_type", "What kind of meeting it was.", required=True, aliases=(
            "type", "meeting type", "category", "type de reunion", "type reunion", "categorie"))
    duration_min: Series[Any] = file_column(
        "number", "Length in minutes.", aliases=(
            "duration", "minutes", "duration min", "duree", "duree min", "duration minutes", "duree minutes"))
    agenda_shared: Series[Any] = file_column(
        "yesno", "Agenda or brief sent before the meeting.", aliases=(
            "agenda", "agenda shared", "pre read shared", "ordre du jour partage", "odj partage",
            "agenda partage", "ordre du jour", "odj", "brief shared", "agenda sent"))
    actions_opened: Series[Any] = file_column(
        "integer", "Action items decided.", aliases=(
            "actions", "action items opened", "actions opened", "actions ouvertes", "actions decidees",
            "action items"))
    actions_closed: Series[Any] = file_column(
        "integer", "Action items closed.", aliases=(
            "action items closed", "actions closed", "actions cloturees", "actions fermees", "actions closes",
            "actions terminees", "actions done"))
    meeting_id: Series[Any] = file_column(
        "text", "Identifier of the meeting.", aliases=("meeting id", "id reunion", "id"))
    notes: Series[Any] = file_column(
        "text", "Free notes.", aliases=("note", "minutes text", "compte rendu", "notes", "commentaire", "comments"))


class RawQuestions(Stage):
    """The question bank: one row per question (METHODOLOGY §1.2)."""

    question_id: Series[Any] = file_column(
        "text", "Identifier answers refer to.", required=True, aliases=(
            "id", "question id", "question code", "code", "code question", "id question"))
    kpi: Series[Any] = file_column(
        "kpi", "One of the five habits or delivery.", required=True, aliases=(
            "dimension", "habit", "indicateur", "habitude", "kpi"))
    text: Series[Any] = file_column(
        "text", "The question as asked.", required=True, aliases=(
            "question", "question text", "wording", "libelle", "intitule", "texte", "text en", "wording en"))
    text_fr: Series[Any] = file_column(
        "text", "The question in French (optional).", aliases=(
            "texte fr", "libelle fr", "intitule fr", "text fr", "french"))
    scale_min: Series[Any] = file_column(
        "number", "Lowest answer.", required=True, aliases=("min", "scale min", "echelle min", "minimum"))
    scale_max: Series[Any] = file_column(
        "number", "Highest answer.", required=True, aliases=("max", "scale max", "echelle max", "maximum"))
    reverse: Series[Any] = file_column(
        "yesno", "Yes when a high answer is bad news.", aliases=(
            "reversed", "reverse coded", "inverse", "inversee", "inverted"))


class RawPartners(Stage):
    """The partner directory (optional): one row per partner, its e-mail domains and other names (METHODOLOGY §1.8)."""

    partner: Series[Any] = file_column(
        "text", "The partner's name as it should be shown.", required=True, aliases=(
            "partenaire", "agence", "agency", "name", "nom", "partner name", "nom du partenaire", "vendor",
            "fournisseur", "prestataire"))
    email_domains: Series[Any] = file_column(
        "text", "';'-separated e-mail domains of the partner's people (kestrel-pr.com; kestrel.fr); subdomains "
        "match too.", aliases=(
            "domains", "domain", "email domain", "email domains", "e mail domains", "domaines", "domaine",
            "domaines email", "domaine email", "domaines de messagerie"))
    aliases: Series[Any] = file_column(
        "text", "';'-separated other names, short names and keywords the partner goes by (Kestrel; KPR).", aliases=(
            "alias", "other names", "autres noms", "mots cles", "mot cle", "keywords", "short names",
            "also known as", "aka"))


RAW_MODELS: dict[str, type[Stage]] = {"reviews": RawReviews, "meetings": RawMeetings, "questions": RawQuestions,
                                      "partners": RawPartners}
"""The raw model of each input table, in the order tables are listed everywhere."""
