"""One catalogue for every user-facing text, in English and French.

`t(key, lang, **params)` formats a message. Validation problems are stored as a
code and parameters, so the same report reads in either language.
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "fr")

MESSAGES: dict[str, dict[str, str]] = {
    # ---- validation problems
    "missing_column": {
        "en": "required column '{column}' is missing (accepted names include: {aliases})",
        "fr": "colonne obligatoire « {column} » absente (noms acceptés, entre autres : {aliases})",
    },
    "blank": {
        "en": "{column} is blank; it is required",
        "fr": "{column} est vide ; cette valeur est obligatoire",
    },
    "bad_date": {
        "en": "'{value}' is not a date (write 2026-03-15 or 15/03/2026)",
        "fr": "« {value} » n'est pas une date (écrire 2026-03-15 ou 15/03/2026)",
    },
    "no_such_date": {
        "en": "no such date {value}",
        "fr": "la date {value} n'existe pas",
    },
    "bad_number": {
        "en": "'{value}' is not a number",
        "fr": "« {value} » n'est pas un nombre",
    },
    "not_whole": {
        "en": "'{value}' is not a whole number",
        "fr": "« {value} » n'est pas un nombre entier",
    },
    "out_of_scale": {
        "en": "{column} {value} is outside the {scale_min}–{scale_max} scale of question {question}",
        "fr": "{column} {value} est hors de l'échelle {scale_min}–{scale_max} de la question {question}",
    },
    "unknown_question": {
        "en": "unknown question id '{value}': it is not in the question bank",
        "fr": "identifiant de question inconnu « {value} » : absent de la banque de questions",
    },
    "unknown_side": {
        "en": "unknown side '{value}' (use client or agency)",
        "fr": "côté inconnu « {value} » (utiliser client ou agence)",
    },
    "unknown_meeting_type": {
        "en": "unknown meeting type '{value}' (use one of: {accepted})",
        "fr": "type de réunion inconnu « {value} » (utiliser : {accepted})",
    },
    "unknown_kpi": {
        "en": "unknown KPI '{value}' (use one of: {accepted})",
        "fr": "indicateur inconnu « {value} » (utiliser : {accepted})",
    },
    "unknown_yesno": {
        "en": "'{value}' is not yes or no (use yes/no, oui/non, 1/0)",
        "fr": "« {value} » n'est ni oui ni non (utiliser oui/non, yes/no, 1/0)",
    },
    "negative": {
        "en": "{column} {value} is negative",
        "fr": "{column} {value} est négatif",
    },
    "closed_gt_opened": {
        "en": "actions_closed {value} is greater than actions_opened {opened}",
        "fr": "actions_closed {value} dépasse actions_opened {opened}",
    },
    "duplicate_answer": {
        "en": "questionnaire {review} already answers question {question} on row {first}",
        "fr": "le questionnaire {review} répond déjà à la question {question} en ligne {first}",
    },
    "duplicate_question": {
        "en": "question id {value} is already defined on row {first}",
        "fr": "l'identifiant de question {value} est déjà défini en ligne {first}",
    },
    "bad_scale": {
        "en": "scale_max {value} must be greater than scale_min {scale_min}",
        "fr": "scale_max {value} doit être supérieur à scale_min {scale_min}",
    },
    "extra_cells": {
        "en": "this row has more cells than the header; a value probably holds an unquoted delimiter",
        "fr": "cette ligne a plus de cellules que l'en-tête ; une valeur contient sans doute un séparateur non protégé",
    },
    "review_conflict": {
        "en": "questionnaire {review} says {column} '{value}' here but '{other}' on row {first}",
        "fr": "le questionnaire {review} indique {column} « {value} » ici mais « {other} » en ligne {first}",
    },
    "unknown_table": {
        "en": "cannot tell whether this is reviews, meetings or questions (columns: {columns}); "
              "rename the columns as in the documentation or force the table (--reviews, --meetings, --questions)",
        "fr": "impossible de savoir s'il s'agit de revues, de réunions ou de questions (colonnes : {columns}) ; "
              "renommer les colonnes comme dans la documentation ou forcer la table (--reviews, --meetings, --questions)",
    },
    # ---- warnings: nothing rejected, but the user should know
    "sheet_skipped": {
        "en": "sheet '{sheet}' is not reviews, meetings or questions: skipped (columns: {columns})",
        "fr": "feuille « {sheet} » ni revues, ni réunions, ni questions : ignorée (colonnes : {columns})",
    },
    "unknown_wide_column": {
        "en": "column '{value}' is neither a question of the bank nor a known column: ignored",
        "fr": "colonne « {value} » ni question de la banque ni colonne connue : ignorée",
    },
    "rows_above_header": {
        "en": "the header was found on row {header}; the rows above it were skipped",
        "fr": "l'en-tête a été trouvé en ligne {header} ; les lignes au-dessus ont été ignorées",
    },
    "duplicate_column": {
        "en": "columns '{value}' and '{used}' both mean {column}; '{used}' was used",
        "fr": "les colonnes « {value} » et « {used} » signifient toutes deux {column} ; « {used} » a été utilisée",
    },
    "review_id_made": {
        "en": "no questionnaire id column: each row is taken as one questionnaire, named after its row",
        "fr": "pas de colonne d'identifiant : chaque ligne est un questionnaire, nommé d'après sa ligne",
    },
    "no_rows": {
        "en": "no data rows below the header",
        "fr": "aucune ligne de données sous l'en-tête",
    },
    "bank_replaced": {
        "en": "the uploaded question bank ({n} questions) replaces the default one",
        "fr": "la banque de questions fournie ({n} questions) remplace celle par défaut",
    },
}


def t(key: str, lang: str = "en", **params: Any) -> str:
    """The message `key` in `lang` (English when missing), formatted with `params`."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry["en"]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
