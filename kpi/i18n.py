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
    "date_order": {
        "en": "no such date {value} in the order expected; if this file writes dates the other way round "
              "(US month/day, or day/month), tick or untick \"month-first\" on the Upload page "
              "(--month-first on the command line)",
        "fr": "la date {value} n'existe pas dans l'ordre attendu ; si ce fichier écrit les dates dans l'autre "
              "ordre (mois/jour américain, ou jour/mois), cochez ou décochez la case « mois/jour » à l'import "
              "(--month-first en ligne de commande)",
    },
    "date_order_conflict": {
        "en": "date {value} contradicts row {first} ({proof}): one is day/month, the other month/day; make the "
              "file use one date order",
        "fr": "la date {value} contredit la ligne {first} ({proof}) : l'une est jour/mois, l'autre mois/jour ; "
              "écrivez toutes les dates du fichier dans le même ordre",
    },
    "not_in_date_range": {
        "en": "date {value} is out of the range this tool reads (1677-09-22 to 2262-04-11)",
        "fr": "la date {value} est hors de la plage lue par cet outil (du 1677-09-22 au 2262-04-11)",
    },
    "bad_number": {
        "en": "'{value}' is not a number",
        "fr": "« {value} » n'est pas un nombre",
    },
    "excel_error": {
        "en": "Excel error value {value} in this cell (a broken formula); fix the formula in Excel or type the value",
        "fr": "valeur d'erreur Excel {value} dans cette cellule (formule cassée) ; corrigez la formule dans Excel "
              "ou saisissez la valeur",
    },
    "repeated_header": {
        "en": "the header '{value}' appears twice (columns {first} and {second}): only one can be read; rename or "
              "delete one of them",
        "fr": "l'en-tête « {value} » apparaît deux fois (colonnes {first} et {second}) : une seule peut être lue ; "
              "renommez ou supprimez l'une d'elles",
    },
    "repeated_header_ignored": {
        "en": "the header '{value}' appears twice (columns {first} and {second}); neither is a known column, both "
              "are ignored",
        "fr": "l'en-tête « {value} » apparaît deux fois (colonnes {first} et {second}) ; ni l'une ni l'autre n'est "
              "une colonne connue, elles sont ignorées",
    },
    "quote_swallows_rows": {
        "en": "a quote opened in this row is only closed on line {last}: {rows} line(s) that look like rows were read "
              "as part of one cell; close the quote (or remove the stray \") in this row",
        "fr": "un guillemet ouvert dans cette ligne n'est fermé qu'à la ligne {last} : {rows} ligne(s) qui "
              "ressemblent à des lignes de données ont été lues comme une seule cellule ; fermez le guillemet (ou "
              "supprimez le \" en trop) dans cette ligne",
    },
    "control_character": {
        "en": "'{value}' holds an invisible control character (such as NUL, a terminal escape or a right-to-left "
              "override); retype the cell",
        "fr": "« {value} » contient un caractère de contrôle invisible (NUL, séquence d'échappement, inversion "
              "droite-à-gauche…) ; ressaisissez la cellule",
    },
    "quote_never_closed": {
        "en": "a quote opened in this row is never closed: every line below it was read as part of one cell; close "
              "the quote (or remove the stray \") in this row",
        "fr": "un guillemet ouvert dans cette ligne n'est jamais fermé : toutes les lignes suivantes ont été lues "
              "comme une seule cellule ; fermez le guillemet (ou supprimez le \" en trop) dans cette ligne",
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
    # ---- the same data twice (METHODOLOGY §1.6)
    "duplicate_questionnaire": {
        "en": "questionnaire {review} ({partner}, {date}, {n} answers) repeats, answer for answer, questionnaire "
              "{other_review} of {other_file}, row {other_row}: it is counted once, there. Nothing to do if the files "
              "overlap; if it is really another questionnaire, check its date, respondent and scores",
        "fr": "le questionnaire {review} ({partner}, {date}, {n} réponses) reprend réponse pour réponse le "
              "questionnaire {other_review} de {other_file}, ligne {other_row} : il n'est compté qu'une fois, là-bas. "
              "Rien à faire si les fichiers se recouvrent ; s'il s'agit vraiment d'un autre questionnaire, vérifiez "
              "sa date, son répondant et ses notes",
    },
    "duplicate_questionnaire_published": {
        "en": "questionnaire {review} ({partner}, {date}, {n} answers) repeats, answer for answer, questionnaire "
              "{other_review} already published in {other_file}, row {other_row}: it is left out of this upload. "
              "Nothing to do if the file overlaps the published data; if it is really another questionnaire, check "
              "its date, respondent and scores",
        "fr": "le questionnaire {review} ({partner}, {date}, {n} réponses) reprend réponse pour réponse le "
              "questionnaire {other_review} déjà publié dans {other_file}, ligne {other_row} : il est écarté de cet "
              "import. Rien à faire si le fichier recoupe les données publiées ; s'il s'agit vraiment d'un autre "
              "questionnaire, vérifiez sa date, son répondant et ses notes",
    },
    "conflicting_answer": {
        "en": "questionnaire {review} ({partner}) answers question {question} with {value} here but {other} in "
              "{other_file}, row {other_row}: both answers are left out until the wrong one is corrected (if these "
              "are two different questionnaires, give one of them another review_id)",
        "fr": "le questionnaire {review} ({partner}) répond {value} à la question {question} ici mais {other} dans "
              "{other_file}, ligne {other_row} : les deux réponses sont écartées jusqu'à correction de la mauvaise "
              "(s'il s'agit de deux questionnaires différents, donnez à l'un d'eux un autre review_id)",
    },
    "conflicting_answer_published": {
        "en": "questionnaire {review} ({partner}) answers question {question} with {value} here but {other} in "
              "the published {other_file}, row {other_row}: this answer is left out; correct this file, or replace "
              "the published source if it is the wrong one (if these are two different questionnaires, give this "
              "one another review_id)",
        "fr": "le questionnaire {review} ({partner}) répond {value} à la question {question} ici mais {other} dans "
              "{other_file} publié, ligne {other_row} : cette réponse est écartée ; corrigez ce fichier, ou "
              "remplacez la source publiée si c'est elle qui se trompe (s'il s'agit de deux questionnaires "
              "différents, donnez à celui-ci un autre review_id)",
    },
    "overlapping_questionnaire": {
        "en": "questionnaire {review} ({partner}) is also in {other_file}, row {other_row}, with other answers "
              "({n} here, {other_n} there, none contradicting): both are counted, as two questionnaires. If it is "
              "one questionnaire, keep all its answers in one file; if two, give one another review_id",
        "fr": "le questionnaire {review} ({partner}) figure aussi dans {other_file}, ligne {other_row}, avec "
              "d'autres réponses ({n} ici, {other_n} là-bas, aucune contradictoire) : les deux sont comptés, comme "
              "deux questionnaires. S'il s'agit d'un seul questionnaire, gardez toutes ses réponses dans un seul "
              "fichier ; s'il y en a deux, donnez à l'un un autre review_id",
    },
    "overlapping_questionnaire_published": {
        "en": "questionnaire {review} ({partner}) is already published in {other_file}, row {other_row}, with "
              "other answers ({n} here, {other_n} there, none contradicting): both will be counted, as two "
              "questionnaires. If it is one questionnaire, replace the published source by a file holding all its "
              "answers; if two, give this one another review_id",
        "fr": "le questionnaire {review} ({partner}) est déjà publié dans {other_file}, ligne {other_row}, avec "
              "d'autres réponses ({n} ici, {other_n} là-bas, aucune contradictoire) : les deux seront comptés, comme "
              "deux questionnaires. S'il s'agit d'un seul questionnaire, remplacez la source publiée par un fichier "
              "contenant toutes ses réponses ; s'il y en a deux, donnez à celui-ci un autre review_id",
    },
    "duplicate_meeting": {
        "en": "the {meeting_type} meeting of {date} with {partner} is also in {other_file}, row {other_row}: it is "
              "counted once, there. Nothing to do if the files overlap; if it is another meeting, correct its date "
              "and time",
        "fr": "la réunion {meeting_type} du {date} avec {partner} figure aussi dans {other_file}, ligne {other_row} : "
              "elle n'est comptée qu'une fois, là-bas. Rien à faire si les fichiers se recouvrent ; s'il s'agit "
              "d'une autre réunion, corrigez sa date et son heure",
    },
    "duplicate_meeting_published": {
        "en": "the {meeting_type} meeting of {date} with {partner} is already published in {other_file}, row "
              "{other_row}: it is left out of this upload. Nothing to do if the file overlaps the published data; "
              "if it is another meeting, correct its date and time",
        "fr": "la réunion {meeting_type} du {date} avec {partner} est déjà publiée dans {other_file}, ligne "
              "{other_row} : elle est écartée de cet import. Rien à faire si le fichier recoupe les données "
              "publiées ; s'il s'agit d'une autre réunion, corrigez sa date et son heure",
    },
    "duplicates_reviews": {
        "en": "{file}: {n} questionnaire(s) ({answers} answers) repeat {other_file}: left out, counted once",
        "fr": "{file} : {n} questionnaire(s) ({answers} réponses) reprennent {other_file} : écartés, comptés une fois",
    },
    "duplicates_meetings": {
        "en": "{file}: {n} meeting(s) repeat {other_file}: left out, counted once",
        "fr": "{file} : {n} réunion(s) reprennent {other_file} : écartées, comptées une fois",
    },
    "reason_duplicate": {"en": "duplicate (METHODOLOGY §1.6)", "fr": "doublon (MÉTHODOLOGIE §1.6)"},
    "unknown_table": {
        "en": "cannot tell whether this is reviews, meetings or questions (columns: {columns}); rename its columns "
              "as in the README's input formats (e.g. review_id, partner, question_id, score), or name the sheet "
              "reviews, meetings or questions; on the command line, --reviews/--meetings/--questions force it",
        "fr": "impossible de savoir s'il s'agit de revues, de réunions ou de questions (colonnes : {columns}) ; "
              "renommez ses colonnes comme dans les formats d'entrée du README (p. ex. review_id, partner, "
              "question_id, score) ou nommez la feuille revues, réunions ou questions ; en ligne de commande, "
              "--reviews/--meetings/--questions forcent la table",
    },
    # ---- files that cannot be read at all
    "read_missing": {"en": "no such file", "fr": "fichier introuvable"},
    "read_folder": {"en": "is a folder, not a file", "fr": "c'est un dossier, pas un fichier"},
    "read_unopenable": {"en": "cannot be opened ({reason})", "fr": "impossible à ouvrir ({reason})"},
    "read_empty": {"en": "the file is empty (0 bytes)", "fr": "le fichier est vide (0 octet)"},
    "read_too_big": {"en": "the file is {size} MB; the limit is {limit} MB",
                     "fr": "le fichier fait {size} Mo ; la limite est de {limit} Mo"},
    "read_xls": {"en": "old Excel 97-2003 (.xls) files are not supported: open it in Excel and save it as .xlsx, "
                       "or export it as CSV",
                 "fr": "les anciens fichiers Excel 97-2003 (.xls) ne sont pas pris en charge : ouvrez-le dans Excel "
                       "et enregistrez-le en .xlsx, ou exportez-le en CSV"},
    "read_binary": {"en": "this is not a text spreadsheet (it holds binary data); upload a .csv or .xlsx file",
                    "fr": "ce n'est pas un tableau texte (il contient des données binaires) ; importez un fichier "
                          ".csv ou .xlsx"},
    "read_blank": {"en": "the file holds no text (only blanks)", "fr": "le fichier ne contient que des blancs"},
    "read_unreadable": {"en": "this does not look like a spreadsheet (unreadable characters); upload a .csv or "
                              ".xlsx file",
                        "fr": "cela ne ressemble pas à un tableau (caractères illisibles) ; importez un fichier .csv "
                              "ou .xlsx"},
    "read_csv_broken": {"en": "the CSV cannot be parsed ({reason}); check quotes and delimiters",
                        "fr": "le CSV est illisible ({reason}) ; vérifiez les guillemets et les séparateurs"},
    "read_no_rows": {"en": "the file holds no rows", "fr": "le fichier ne contient aucune ligne"},
    "read_damaged": {"en": "the workbook is damaged (not a valid .xlsx archive); open it in Excel and save it again",
                     "fr": "le classeur est endommagé (archive .xlsx invalide) ; ouvrez-le dans Excel et "
                           "enregistrez-le de nouveau"},
    "read_too_many_parts": {"en": "the workbook holds {n} parts; refusing to open it",
                            "fr": "le classeur contient {n} parties ; ouverture refusée"},
    "read_zip_bomb": {"en": "the workbook expands to an unsafe size (possible zip bomb); refusing to open it",
                      "fr": "le classeur se décompresse en une taille dangereuse (bombe zip possible) ; "
                            "ouverture refusée"},
    "read_password": {"en": "the workbook is password-protected; save a copy without a password",
                      "fr": "le classeur est protégé par mot de passe ; enregistrez une copie sans mot de passe"},
    "read_workbook_broken": {"en": "the workbook cannot be read ({reason}); open it in Excel and save it again as "
                                   ".xlsx",
                             "fr": "le classeur est illisible ({reason}) ; ouvrez-le dans Excel et enregistrez-le "
                                   "de nouveau en .xlsx"},
    "read_sheet_broken": {"en": "sheet '{sheet}' cannot be read ({reason})",
                          "fr": "la feuille « {sheet} » est illisible ({reason})"},
    "read_too_many_cells": {
        "en": "sheet '{sheet}' spans {rows} rows × {columns} columns, more than the {limit} cells read at most "
              "(a stray cell far to the right or bottom?); delete the empty rows and columns after your data in "
              "Excel (select them, Delete), save and upload again",
        "fr": "la feuille « {sheet} » s'étend sur {rows} lignes × {columns} colonnes, plus que les {limit} cellules "
              "lues au plus (une cellule isolée loin à droite ou en bas ?) ; supprimez dans Excel les lignes et "
              "colonnes vides après vos données, enregistrez et importez de nouveau",
    },
    "read_no_sheet": {"en": "the workbook has no sheet with data", "fr": "le classeur n'a aucune feuille remplie"},
    "read_html": {"en": "this is a web page (HTML) saved under a spreadsheet's name, not a workbook: open it in "
                        "Excel and save it as .xlsx, or export the data as CSV",
                  "fr": "c'est une page web (HTML) enregistrée sous un nom de tableur, pas un classeur : ouvrez-la "
                        "dans Excel et enregistrez-la en .xlsx, ou exportez les données en CSV"},
    "read_no_values": {"en": "the file holds only separators (commas, semicolons…) and blanks, no values: export "
                             "the data again",
                       "fr": "le fichier ne contient que des séparateurs (virgules, points-virgules…) et des blancs, "
                             "aucune valeur : exportez de nouveau les données"},
    "read_too_many_columns": {"en": "the file has more than {limit} columns (Excel's own limit): no table of "
                                    "reviews, meetings or questions is that wide; check the file and its delimiter",
                              "fr": "le fichier a plus de {limit} colonnes (la limite d'Excel) : aucune table de "
                                    "revues, de réunions ou de questions n'est aussi large ; vérifiez le fichier et "
                                    "son séparateur"},
    "read_too_big_cli": {"en": "the file is {size} MB; the limit is {limit} MB: raise it with --max-mb N, or with "
                               "upload_mb under [limits] in the --config file",
                         "fr": "le fichier fait {size} Mo ; la limite est de {limit} Mo : relevez-la avec --max-mb N, "
                               "ou avec upload_mb sous [limits] dans le fichier --config"},
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
    "dates_month_first": {
        "en": "{value} can only be month/day: this file's slash dates are all read month-first (US order)",
        "fr": "{value} ne peut être que mois/jour : les dates à barres obliques de ce fichier sont toutes lues "
              "mois en premier (ordre américain)",
    },
    "dates_day_first": {
        "en": "{value} can only be day/month: this file's slash dates are all read day-first, although "
              "month-first was chosen",
        "fr": "{value} ne peut être que jour/mois : les dates à barres obliques de ce fichier sont toutes lues "
              "jour en premier, bien que l'ordre mois/jour ait été choisi",
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
    # ---- survey-tool exports (METHODOLOGY §8)
    "survey_no_partner": {
        "en": "no column names the partner being rated (a question such as \"Which agency are you rating?\"): "
              "pick the partner column or one partner for the whole file in the mapping step on the Upload "
              "page (command line: --partner NAME or --profile)",
        "fr": "aucune colonne ne nomme le partenaire évalué (une question comme « Quelle agence évaluez-vous ? ») : "
              "choisissez la colonne du partenaire ou un partenaire pour tout le fichier à l'étape de "
              "correspondance de la page Import (ligne de commande : --partner NOM ou --profile)",
    },
    "survey_no_respondent_side": {
        "en": "no column says who answered, client or agency (a question such as \"You are:\"): pick that "
              "column or one side for the whole file in the mapping step on the Upload page (command line: "
              "--side client|agency or --profile)",
        "fr": "aucune colonne ne dit qui a répondu, annonceur ou agence (une question comme « Vous êtes : ») : "
              "choisissez cette colonne ou un côté pour tout le fichier à l'étape de correspondance de la page "
              "Import (ligne de commande : --side client|agency ou --profile)",
    },
    "survey_no_questions": {
        "en": "no column is a question of the bank, so no answer can be read: assign the question columns to bank "
              "questions in the mapping step on the Upload page (command line: --profile)",
        "fr": "aucune colonne n'est une question de la banque, aucune réponse ne peut être lue : rattachez les "
              "colonnes des questions aux questions de la banque à l'étape de correspondance de la page Import "
              "(ligne de commande : --profile)",
    },
    "survey_unmatched_column": {
        "en": "column '{value}' matches no question of the bank: ignored; assign it to a question in the "
              "mapping step if it is one",
        "fr": "la colonne « {value} » ne correspond à aucune question de la banque : ignorée ; rattachez-la à "
              "une question à l'étape de correspondance si c'en est une",
    },
    "not_a_label": {
        "en": "'{value}' is not a number nor a label of a known answer scale; map it to a score in the "
              "mapping step",
        "fr": "« {value} » n'est ni un nombre ni un libellé d'échelle connu ; associez-lui une note à l'étape "
              "de correspondance",
    },
    "not_a_label_agreement": {
        "en": "'{value}' is not a label of the agreement scale (strongly disagree … strongly agree); "
              "correct it or map it to a score in the mapping step",
        "fr": "« {value} » n'est pas un libellé de l'échelle d'accord (pas du tout d'accord … tout à fait "
              "d'accord) ; corrigez-le ou associez-lui une note à l'étape de correspondance",
    },
    "not_a_label_quality": {
        "en": "'{value}' is not a label of the quality scale (very poor … excellent); correct it or map it "
              "to a score in the mapping step",
        "fr": "« {value} » n'est pas un libellé de l'échelle de qualité (très mauvais … excellent) ; "
              "corrigez-le ou associez-lui une note à l'étape de correspondance",
    },
    "not_a_label_frequency": {
        "en": "'{value}' is not a label of the frequency scale (never … always); correct it or map it to a "
              "score in the mapping step",
        "fr": "« {value} » n'est pas un libellé de l'échelle de fréquence (jamais … toujours) ; corrigez-le "
              "ou associez-lui une note à l'étape de correspondance",
    },
    "dropped_preview": {"en": "{n} survey preview response(s) left out (file rows: {rows})",
                        "fr": "{n} réponse(s) d'aperçu du questionnaire écartée(s) (lignes du fichier : {rows})"},
    "dropped_test": {"en": "{n} survey test response(s) left out (file rows: {rows})",
                     "fr": "{n} réponse(s) de test écartée(s) (lignes du fichier : {rows})"},
    "dropped_spam": {"en": "{n} response(s) marked as spam left out (file rows: {rows})",
                     "fr": "{n} réponse(s) marquée(s) comme spam écartée(s) (lignes du fichier : {rows})"},
    "dropped_unfinished": {"en": "{n} unfinished response(s) left out (file rows: {rows})",
                           "fr": "{n} réponse(s) inachevée(s) écartée(s) (lignes du fichier : {rows})"},
    "dropped_empty": {"en": "{n} response(s) with no answer, partner or side left out (file rows: {rows})",
                      "fr": "{n} réponse(s) vide(s) écartée(s) : ni note, ni partenaire, ni côté (lignes du fichier : {rows})"},
    "reason_preview": {"en": "survey preview", "fr": "aperçu du questionnaire"},
    "reason_test": {"en": "survey test", "fr": "test du questionnaire"},
    "reason_spam": {"en": "spam", "fr": "spam"},
    "reason_unfinished": {"en": "unfinished", "fr": "inachevée"},
    "reason_empty": {"en": "empty", "fr": "vide"},
    # ---- calendar exports (METHODOLOGY §9)
    "dropped_cancelled": {"en": "{n} cancelled event(s) left out (file rows: {rows})",
                          "fr": "{n} événement(s) annulé(s) écarté(s) (lignes du fichier : {rows})"},
    "dropped_all_day": {"en": "{n} all-day event(s) left out: not meetings (file rows: {rows})",
                        "fr": "{n} événement(s) d'une journée entière écarté(s) : pas des réunions (lignes du fichier : "
                              "{rows})"},
    "dropped_future": {"en": "{n} event(s) after the day of import left out: not held yet (file rows: {rows})",
                       "fr": "{n} événement(s) postérieur(s) au jour de l'import écarté(s) : pas encore tenu(s) "
                             "(lignes du fichier : {rows})"},
    "dropped_no_partner": {"en": "{n} event(s) matching no partner of the directory ignored (internal meetings, or a "
                                 "partner whose domain or name the directory lacks: add it to assign them; file rows: "
                                 "{rows})",
                           "fr": "{n} événement(s) ne correspondant à aucun partenaire de l'annuaire ignoré(s) "
                                 "(réunions internes, ou partenaire dont l'annuaire ignore le domaine ou le nom : "
                                 "ajoutez-le pour les rattacher ; lignes du fichier : {rows})"},
    "reason_cancelled": {"en": "cancelled", "fr": "annulé"},
    "reason_all_day": {"en": "all-day event", "fr": "journée entière"},
    "reason_future": {"en": "after the day of import", "fr": "postérieur au jour de l'import"},
    "reason_no_partner": {"en": "no directory partner", "fr": "aucun partenaire de l'annuaire"},
    "calendar_no_directory": {
        "en": "no partner directory was given: a calendar event finds its partner through the directory's e-mail "
              "domains and names, so every event is ignored; add a partners table (partner, email_domains, aliases)",
        "fr": "aucun annuaire des partenaires fourni : un événement trouve son partenaire par les domaines de "
              "messagerie et les noms de l'annuaire, tous les événements sont donc ignorés ; ajoutez une table des "
              "partenaires (partenaire, domaines, alias)"},
    "calendar_unconfirmed": {
        "en": "no rule knows these columns ({columns}), but they look like a calendar's: confirm them in the "
              "calendar section of the Upload page (or give --profile FILE.toml; `python -m kpi inspect` prints the "
              "guess), and the rows are read as events",
        "fr": "aucune règle ne connaît ces colonnes ({columns}), mais elles ressemblent à celles d'un agenda : "
              "confirmez-les dans la section de l'agenda de la page Import (ou donnez --profile FICHIER.toml ; "
              "`python -m kpi inspect` affiche la proposition), et les lignes seront lues comme des événements"},
    "calendar_no_start": {
        "en": "no column of this calendar table is its start date: choose it in the Upload page's calendar columns "
              "(or in the profile's [mapping.columns], start_date = \"header\")",
        "fr": "aucune colonne de ce tableau d'agenda n'est sa date de début : choisissez-la dans les colonnes de "
              "l'agenda de la page Import (ou dans [mapping.columns] du profil, start_date = \"en-tête\")"},
    "mapping_column_missing": {
        "en": "the mapping reads a column '{header}' this file does not have: choose another in the calendar columns",
        "fr": "la correspondance lit une colonne « {header} » absente de ce fichier : choisissez-en une autre dans "
              "les colonnes de l'agenda"},
    "calendar_expanded": {
        "en": "{events} calendar event(s) read, {series} recurring series expanded: {n} occurrence(s) up to "
              "{as_of} (series without an end stop at the as-of date)",
        "fr": "{events} événement(s) lu(s), {series} série(s) récurrente(s) développée(s) : {n} occurrence(s) "
              "jusqu'au {as_of} (une série sans fin s'arrête à la date d'arrêté)"},
    "calendar_too_many": {
        "en": "the calendar expands into more than {limit} occurrences (limits.calendar_occurrences): export a "
              "shorter date range",
        "fr": "le calendrier donne plus de {limit} occurrences (limits.calendar_occurrences) : exportez une "
              "période plus courte"},
    "ics_no_start": {"en": "the event has no start (DTSTART)", "fr": "l'événement n'a pas de début (DTSTART)"},
    "ics_bad_date": {"en": "the event '{subject}' has a start or end that is no date: {reason}",
                     "fr": "l'événement « {subject} » a un début ou une fin qui n'est pas une date : {reason}"},
    "ics_rrule_too_frequent": {
        "en": "the series '{subject}' repeats more often than daily ({value}): not a meeting series, not expanded",
        "fr": "la série « {subject} » se répète plus d'une fois par jour ({value}) : pas une série de réunions, "
              "non développée"},
    "ics_rrule_never": {
        "en": "the series '{subject}' has a recurrence rule that no date can match ({value})",
        "fr": "la série « {subject} » a une règle de récurrence qu'aucune date ne peut satisfaire ({value})"},
    "ics_bad_series": {
        "en": "the series '{subject}' cannot be expanded: {reason}",
        "fr": "la série « {subject} » ne peut pas être développée : {reason}"},
    "read_ics_broken": {"en": "not a readable iCalendar (.ics) file: {reason}",
                        "fr": "fichier iCalendar (.ics) illisible : {reason}"},
    # ---- the partner directory (METHODOLOGY §1.8)
    "duplicate_partner": {"en": "the partner '{value}' is already listed on row {first}",
                          "fr": "le partenaire « {value} » figure déjà ligne {first}"},
    "bad_domain": {"en": "'{domain}' is not an e-mail domain (write it like kestrel-pr.com)",
                   "fr": "« {domain} » n'est pas un domaine de messagerie (écrivez-le comme kestrel-pr.com)"},
    "domain_taken": {"en": "the domain {domain} is already {other}'s: a domain belongs to one partner",
                     "fr": "le domaine {domain} appartient déjà à {other} : un domaine appartient à un seul partenaire"},
    "alias_taken": {"en": "'{alias}' already names {other}: a name or alias belongs to one partner",
                    "fr": "« {alias} » désigne déjà {other} : un nom ou alias appartient à un seul partenaire"},
    "profile_applied": {"en": "the saved mapping '{name}' was applied (same columns as before)",
                        "fr": "la correspondance enregistrée « {name} » a été appliquée (mêmes colonnes qu'avant)"},
    "bank_replaced": {
        "en": "the uploaded question bank ({n} questions) replaces the default one",
        "fr": "la banque de questions fournie ({n} questions) remplace celle par défaut",
    },
    # ---- command line
    "cli_no_rows": {
        "en": "nothing to check in {file}: it holds a header but no data rows; export it again with its rows, or "
              "leave it out",
        "fr": "rien à vérifier dans {file} : il contient un en-tête mais aucune ligne de données ; exportez-le de "
              "nouveau avec ses lignes, ou retirez-le",
    },
}

UI: dict[str, dict[str, str]] = {
    # navigation and shell
    "app_title": {"en": "Partnership KPI", "fr": "KPI partenariats"},
    "nav_overview": {"en": "Overview", "fr": "Vue d'ensemble"},
    "nav_partner": {"en": "Partner", "fr": "Partenaire"},
    "nav_gaps": {"en": "Gaps", "fr": "Écarts"},
    "nav_upload": {"en": "Upload", "fr": "Import"},
    "nav_history": {"en": "History", "fr": "Historique"},
    "nav_export": {"en": "Export", "fr": "Export"},
    "nav_methodology": {"en": "Methodology", "fr": "Méthodologie"},
    "language": {"en": "Language", "fr": "Langue"},
    "period": {"en": "Period", "fr": "Période"},
    "partner": {"en": "Partner", "fr": "Partenaire"},
    "habit": {"en": "Habit", "fr": "Habitude"},
    "all_habits": {"en": "All habits", "fr": "Toutes les habitudes"},
    "period_kind": {"en": "Periods", "fr": "Périodes"},
    "half": {"en": "Half-years", "fr": "Semestres"},
    "quarter": {"en": "Quarters", "fr": "Trimestres"},
    "copy_link": {"en": "Copy this page's URL to share exactly this view (period, partner, habit, language).",
                  "fr": "Copiez l'URL de cette page pour partager exactement cette vue (période, partenaire, "
                        "habitude, langue)."},
    "sample_banner": {"en": "SAMPLE DATA: nothing has been published yet, so you are looking at the bundled "
                            "sample. An analyst can publish real data on the Upload page.",
                      "fr": "DONNÉES D'EXEMPLE : rien n'a encore été publié, vous voyez l'exemple fourni. "
                            "Un analyste peut publier de vraies données depuis la page Import."},
    "source_sample": {"en": "Sample data (not published)", "fr": "Données d'exemple (non publiées)"},
    "source_version": {"en": "Version {version}, published {when} by {who}",
                       "fr": "Version {version}, publiée le {when} par {who}"},
    "example_passcode": {"en": "This dashboard will not serve with the passcode of the example file: set your own, "
                               "long one as {setting} in .streamlit/secrets.toml (or {env}), then restart the app.",
                         "fr": "Ce tableau de bord refuse de servir avec le code du fichier d'exemple : mettez le vôtre, "
                               "long, en {setting} dans .streamlit/secrets.toml (ou {env}), puis redémarrez "
                               "l'application."},
    "local_mode_on_network": {"en": "Local mode (no analyst passcode, no login) serves this computer only, but the "
                                    "server listens on {address}: anyone on the network could publish. Start it with "
                                    "--server.address 127.0.0.1 (as `make run` does), or set analyst_passcode in "
                                    ".streamlit/secrets.toml (or KPI_ANALYST_PASSCODE), or configure a login.",
                              "fr": "Le mode local (sans code analyste ni connexion) ne sert que cet ordinateur, mais "
                                    "le serveur écoute sur {address} : n'importe qui sur le réseau pourrait publier. "
                                    "Démarrez-le avec --server.address 127.0.0.1 (comme `make run`), ou définissez "
                                    "analyst_passcode dans .streamlit/secrets.toml (ou KPI_ANALYST_PASSCODE), ou "
                                    "configurez une connexion."},
    "foreign_host": {"en": "Local mode answers only to localhost or 127.0.0.1, not to “{host}”: open "
                           "http://localhost:8501 on this computer.",
                     "fr": "Le mode local ne répond qu'à localhost ou 127.0.0.1, pas à « {host} » : ouvrez "
                           "http://localhost:8501 sur cet ordinateur."},
    "foreign_host_deployed": {"en": "This dashboard does not answer to the address “{host}”: use the address you "
                                    "were given, or add it to allowed_hosts in .streamlit/secrets.toml "
                                    "(or KPI_ALLOWED_HOSTS).",
                              "fr": "Ce tableau de bord ne répond pas à l'adresse « {host} » : utilisez l'adresse "
                                    "qui vous a été donnée, ou ajoutez-la à allowed_hosts dans "
                                    ".streamlit/secrets.toml (ou KPI_ALLOWED_HOSTS)."},
    "role_local": {"en": "Local mode: no passcode or login is configured, so everyone is an analyst; the dashboard "
                         "serves this computer only (localhost).",
                   "fr": "Mode local : aucun code ni connexion n'est configuré, tout le monde est analyste ; le "
                         "tableau de bord ne sert que cet ordinateur (localhost)."},
    "role_analyst": {"en": "Signed in as analyst", "fr": "Connecté en tant qu'analyste"},
    "role_viewer": {"en": "Viewing", "fr": "Consultation"},
    "analyst_sign_in": {"en": "Analyst sign-in", "fr": "Connexion analyste"},
    "passcode": {"en": "Analyst passcode", "fr": "Code analyste"},
    "viewer_passcode": {"en": "Passcode", "fr": "Code d'accès"},
    "sign_in": {"en": "Sign in", "fr": "Se connecter"},
    "sign_out": {"en": "Sign out", "fr": "Se déconnecter"},
    "login_oidc": {"en": "Sign in with your organisation", "fr": "Se connecter avec votre organisation"},
    "wrong_passcode": {"en": "Wrong passcode.", "fr": "Code incorrect."},
    "gate_title": {"en": "Partnership KPI: sign in", "fr": "KPI des partenariats : connexion"},
    "gate_needs_passcodes": {"en": "the sign-in gate needs an analyst passcode and a viewer passcode (behind it, "
                                   "reading needs one): set KPI_ANALYST_PASSCODE and KPI_VIEWER_PASSCODE, or "
                                   "analyst_passcode and viewer_passcode in .streamlit/secrets.toml",
                             "fr": "la porte de connexion demande un code analyste et un code lecteur (derrière "
                                   "elle, lire demande un code) : définissez KPI_ANALYST_PASSCODE et "
                                   "KPI_VIEWER_PASSCODE, ou analyst_passcode et viewer_passcode dans "
                                   ".streamlit/secrets.toml"},
    # the Overview's "what changed" panel (kpi.movement)
    "wc_title": {"en": "What changed: {latest} against {before}", "fr": "Ce qui a changé : {latest} par rapport à {before}"},
    "wc_nothing": {"en": "Nothing moved since {before}: no overall score moved by {n} points or more, no new "
                         "overpromise flag or blind spot, no habit fell for most partners, no partner had fewer "
                         "questionnaires.",
                   "fr": "Rien n'a bougé depuis {before} : aucun score global n'a varié de {n} points ou plus, aucun "
                         "nouveau signal de surpromesse ni angle mort, aucune habitude n'a baissé pour la plupart des "
                         "partenaires, aucun partenaire n'a eu moins de questionnaires."},
    "wc_moved_up": {"en": "{partner}: overall up {change} points ({before} → {now}).",
                    "fr": "{partner} : score global en hausse de {change} points ({before} → {now})."},
    "wc_moved_down": {"en": "{partner}: overall down {change} points ({before} → {now}).",
                      "fr": "{partner} : score global en baisse de {change} points ({before} → {now})."},
    "wc_new_overpromise": {"en": "{partner}: new overpromise flag, delivery gap {gap} (was {before}).",
                           "fr": "{partner} : nouveau signal de surpromesse, écart de livraison {gap} (avant : {before})."},
    "wc_new_blind_spot": {"en": "{partner}: new blind spot on {habit}, the client rates itself {gap} points above "
                                "the partner's view.",
                          "fr": "{partner} : nouvel angle mort sur {habit}, le client se note {gap} points au-dessus "
                                "de la vue du partenaire."},
    "wc_habit_fell": {"en": "{habit} fell for {count} of {of} partners (median change {change} points).",
                      "fr": "{habit} a baissé pour {count} partenaires sur {of} (variation médiane {change} points)."},
    "wc_fewer_reviews": {"en": "{partner}: fewer questionnaires than last time ({before} → {now}): the response "
                               "rate is falling.",
                         "fr": "{partner} : moins de questionnaires que la fois précédente ({before} → {now}) : le "
                               "taux de réponse baisse."},
    "wc_running": {"en": "{latest} is still running (the data ends on {last}): its counts are so far, so fewer "
                         "questionnaires than last time may only mean they are not all in yet.",
                   "fr": "{latest} est en cours (les données s'arrêtent au {last}) : ses chiffres sont partiels, "
                         "moins de questionnaires que la fois précédente peut signifier qu'ils ne sont pas encore "
                         "tous arrivés."},
    "wc_download": {"en": "Download these lines (CSV)", "fr": "Télécharger ces lignes (CSV)"},
    "wc_kind_moved": {"en": "overall moved", "fr": "score global"},
    "wc_kind_new_overpromise": {"en": "new overpromise flag", "fr": "nouveau signal de surpromesse"},
    "wc_kind_new_blind_spot": {"en": "new blind spot", "fr": "nouvel angle mort"},
    "wc_kind_habit_fell": {"en": "habit fell for most partners", "fr": "habitude en baisse"},
    "wc_kind_fewer_reviews": {"en": "fewer questionnaires", "fr": "moins de questionnaires"},
    # the Upload page's meeting-type rules for calendars (ui.keywords)
    "kw_title": {"en": "Meeting types of the calendars: the keyword rules", "fr": "Types des réunions d'agenda : les règles de mots-clés"},
    "kw_caption": {"en": "An event's type comes from its categories, then its subject: the first type below with a word "
                         "or phrase found there (whole words, any case and accents). Edit the lists (comma-separated) "
                         "to see what changes on the calendars above; save to use them for everyone.",
                   "fr": "Le type d'un événement vient de ses catégories, puis de son objet : le premier type ci-dessous "
                         "dont un mot ou une expression s'y trouve (mots entiers, casse et accents ignorés). Modifiez "
                         "les listes (séparées par des virgules) pour voir ce qui change sur les agendas ci-dessus ; "
                         "enregistrez pour les appliquer à tous."},
    "kw_type": {"en": "Type", "fr": "Type"},
    "kw_now": {"en": "Now", "fr": "Actuel"},
    "kw_edited": {"en": "With your edit", "fr": "Avec votre modification"},
    "kw_subject": {"en": "Subject", "fr": "Objet"},
    "kw_categories": {"en": "Categories", "fr": "Catégories"},
    "kw_no_change": {"en": "Your edit changes the type of no event in these calendars.",
                     "fr": "Votre modification ne change le type d'aucun événement de ces agendas."},
    "kw_changes": {"en": "Your edit changes the type of {n} event(s):", "fr": "Votre modification change le type de {n} événement(s) :"},
    "kw_save": {"en": "Save these rules for everyone (the files are read again)",
                "fr": "Enregistrer ces règles pour tous (les fichiers sont relus)"},
    "kw_saved": {"en": "Keyword rules saved: the calendars were read again with them.",
                 "fr": "Règles de mots-clés enregistrées : les agendas ont été relus avec elles."},
    "too_many_attempts": {"en": "Too many wrong passcodes from this computer: try again in {seconds} s.",
                          "fr": "Trop de codes erronés depuis cet ordinateur : réessayez dans {seconds} s."},
    "viewer_gate": {"en": "This dashboard is private: enter the passcode you were given.",
                    "fr": "Ce tableau de bord est privé : saisissez le code qui vous a été communiqué."},
    "whatif_export": {"en": "These scores use your what-if weights, not the published ones (Methodology page: "
                            "\"Back to the published weights\").",
                      "fr": "Ces scores utilisent vos pondérations de simulation, pas celles publiées (page "
                            "Méthodologie : « Revenir aux pondérations publiées »)."},
    "whatif_active": {"en": "What-if weights are active in this session only.",
                      "fr": "Des pondérations de simulation sont actives pour cette session seulement."},
    "no_data": {"en": "No data yet. Upload a reviews export or a meetings log on the Upload page.",
                "fr": "Pas encore de données. Importez un export de revues ou un journal de réunions."},
    "no_rows_period": {"en": "No partner has data in {period}. Pick another period in the sidebar.",
                       "fr": "Aucun partenaire n'a de données en {period}. Choisissez une autre période."},
    # habits and columns
    "informed": {"en": "Informed", "fr": "Informés"},
    "involved": {"en": "Involved", "fr": "Impliqués"},
    "inspired": {"en": "Inspired", "fr": "Inspirés"},
    "interconnected": {"en": "Interconnected", "fr": "Interconnectés"},
    "improving": {"en": "Improving", "fr": "En progrès"},
    "overall": {"en": "Overall", "fr": "Global"},
    "delivery": {"en": "Delivery", "fr": "Livraison"},
    "delivery_gap": {"en": "Delivery gap", "fr": "Écart de livraison"},
    "self": {"en": "Partner's self-view", "fr": "Auto-évaluation du partenaire"},
    "client_view": {"en": "Client's view", "fr": "Vue du client"},
    "n_reviews": {"en": "Questionnaires", "fr": "Questionnaires"},
    "n_meetings": {"en": "Meetings", "fr": "Réunions"},
    "low_confidence": {"en": "Low confidence", "fr": "Confiance faible"},
    "score": {"en": "Score", "fr": "Score"},
    "change": {"en": "Change", "fr": "Variation"},
    "survey_informed": {"en": "Survey: informed", "fr": "Enquête : informés"},
    "survey_involved": {"en": "Survey: involved", "fr": "Enquête : impliqués"},
    "survey_inspired": {"en": "Survey: inspired", "fr": "Enquête : inspirés"},
    "survey_interconnected": {"en": "Survey: interconnected", "fr": "Enquête : interconnectés"},
    "survey_improving": {"en": "Survey: improving", "fr": "Enquête : en progrès"},
    "agenda_rate": {"en": "Agenda shared", "fr": "Ordre du jour partagé"},
    "cadence": {"en": "Meeting cadence", "fr": "Rythme des réunions"},
    "workshops": {"en": "Workshops", "fr": "Ateliers"},
    "joint": {"en": "Joint sessions", "fr": "Sessions communes"},
    "feedback": {"en": "Feedback both ways", "fr": "Retours des deux côtés"},
    "follow_through": {"en": "Actions followed through", "fr": "Actions menées à bien"},
    "overpromise": {"en": "Overpromise / underdeliver", "fr": "Promet trop / livre moins"},
    "underpromise": {"en": "Underpromise / overdeliver", "fr": "Promet peu / livre plus"},
    # overview
    "overview_title": {"en": "Scorecard", "fr": "Tableau de bord"},
    "overview_caption": {"en": "Every partner's five habits and overall score (0–100) in {period}, best first on "
                               "{habit}. Faded cells rest on fewer than {n} questionnaires (low confidence). "
                               "Click a cell to open that partner.",
                         "fr": "Les cinq habitudes et le score global (0–100) de chaque partenaire en {period}, "
                               "les meilleurs d'abord en {habit}. Les cellules pâles reposent sur moins de {n} "
                               "questionnaires (confiance faible). Cliquez sur une cellule pour ouvrir ce partenaire."},
    "heatmap_title": {"en": "Scores by partner and habit, {period}", "fr": "Scores par partenaire et habitude, {period}"},
    "running_period": {"en": "{period}, to {day} {month}", "fr": "{period}, jusqu'au {day} {month}"},
    "months_short": {"en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
                     "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."},
    "months_long": {"en": "January February March April May June July August September October November December",
                    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"},
    "days_long": {"en": "Sunday Monday Tuesday Wednesday Thursday Friday Saturday",
                  "fr": "dimanche lundi mardi mercredi jeudi vendredi samedi"},
    "days_short": {"en": "Sun Mon Tue Wed Thu Fri Sat", "fr": "dim. lun. mar. mer. jeu. ven. sam."},
    "running_note": {"en": "{period} is not over: the data stops on {date}, so its scores count the months up to "
                           "then (METHODOLOGY §2).",
                     "fr": "{period} n'est pas terminée : les données s'arrêtent le {date}, ses scores comptent donc "
                           "les mois jusque-là (méthodologie §2)."},
    "change_legend": {"en": "Under each score, in small type: its change since the partner's previous period with a "
                            "score (+ up, − down).",
                      "fr": "Sous chaque score, en petit : sa variation depuis la période précédente du partenaire "
                            "qui a un score (+ hausse, − baisse)."},
    "change_since": {"en": "Change since the previous period", "fr": "Variation depuis la période précédente"},
    "unsurveyed_title": {"en": "Not surveyed in {period}", "fr": "Sans questionnaire en {period}"},
    "unsurveyed_caption": {"en": "No questionnaire about these partners in this period: their scores rest on meeting "
                                 "components alone, so they are not ranked with the surveyed partners above.",
                           "fr": "Aucun questionnaire sur ces partenaires pendant cette période : leurs scores ne "
                                 "reposent que sur les réunions, ils ne sont donc pas classés avec les partenaires "
                                 "interrogés ci-dessus."},
    "yes": {"en": "yes", "fr": "oui"},
    "no": {"en": "no", "fr": "non"},
    "unknown_partner_link": {"en": "This link asks for the partner “{value}”, which is not in the data: showing "
                                   "{shown} instead.",
                             "fr": "Ce lien demande le partenaire « {value} », absent des données : affichage de "
                                   "{shown} à la place."},
    "unknown_period_link": {"en": "This link asks for the period “{value}”, which has no data: showing {shown} "
                                  "(the latest) instead.",
                            "fr": "Ce lien demande la période « {value} », sans données : affichage de {shown} (la plus "
                                  "récente) à la place."},
    "unknown_habit_link": {"en": "This link asks for the habit “{value}”, which does not exist: showing {shown} "
                                 "instead.",
                           "fr": "Ce lien demande l'habitude « {value} », qui n'existe pas : affichage de {shown} à la "
                                 "place."},
    "first_partner": {"en": "{partner} (the first partner)", "fr": "{partner} (le premier partenaire)"},
    "side_client": {"en": "client", "fr": "client"},
    "side_agency": {"en": "agency", "fr": "agence"},
    "largest_gaps": {"en": "Largest delivery gaps", "fr": "Plus grands écarts de livraison"},
    "gap_line": {"en": "{partner}: {gap} points ({flag})", "fr": "{partner} : {gap} points ({flag})"},
    "no_gap_flag": {"en": "within ±{n}", "fr": "dans ±{n}"},
    "no_gaps": {"en": "No partner has delivery answers from both sides in this period.",
                "fr": "Aucun partenaire n'a de réponses de livraison des deux côtés sur cette période."},
    "open_partner": {"en": "Open a partner", "fr": "Ouvrir un partenaire"},
    "table_and_download": {"en": "Table and download", "fr": "Tableau et téléchargement"},
    "download_csv": {"en": "Download CSV", "fr": "Télécharger le CSV"},
    "download_xlsx": {"en": "Download Excel", "fr": "Télécharger l'Excel"},
    # partner
    "partner_title": {"en": "{partner}", "fr": "{partner}"},
    "pick_partner": {"en": "Pick a partner in the sidebar.", "fr": "Choisissez un partenaire dans la barre latérale."},
    "partner_no_period": {"en": "{partner} has no data in {period}; showing {shown}.",
                          "fr": "{partner} n'a pas de données en {period} ; affichage de {shown}."},
    "trend_title": {"en": "Scores over time", "fr": "Évolution des scores"},
    "why_title": {"en": "Why these scores: components, weights and contributions",
                  "fr": "Pourquoi ces scores : composantes, pondérations et contributions"},
    "why_caption": {"en": "Each score is the weighted mean of its components that are not blank; "
                          "weights are rescaled over those present.",
                    "fr": "Chaque score est la moyenne pondérée de ses composantes non vides ; "
                          "les poids sont recalculés sur celles présentes."},
    "component": {"en": "Component", "fr": "Composante"},
    "value": {"en": "Value", "fr": "Valeur"},
    "weight": {"en": "Weight", "fr": "Poids"},
    "effective_weight": {"en": "Weight used", "fr": "Poids appliqué"},
    "contribution": {"en": "Contribution", "fr": "Contribution"},
    "gap_over_time": {"en": "Delivery: self-view vs client view over time",
                      "fr": "Livraison : auto-évaluation et vue du client dans le temps"},
    "meeting_history": {"en": "Meeting history", "fr": "Historique des réunions"},
    "no_meetings": {"en": "No meetings logged for this partner. Upload a meetings log to see cadence.",
                    "fr": "Aucune réunion pour ce partenaire. Importez un journal de réunions pour voir le rythme."},
    "comments": {"en": "What respondents wrote", "fr": "Ce que les répondants ont écrit"},
    "no_comments": {"en": "No comments for this partner in this period.",
                    "fr": "Aucun commentaire pour ce partenaire sur cette période."},
    "rows_behind": {"en": "Rows behind these numbers", "fr": "Lignes derrière ces chiffres"},
    "answers_rows": {"en": "{n} review answers", "fr": "{n} réponses aux revues"},
    "meeting_rows": {"en": "{n} meetings", "fr": "{n} réunions"},
    "meeting_type": {"en": "Meeting type", "fr": "Type de réunion"},
    "mt_briefing": {"en": "Briefing", "fr": "Brief"},
    "mt_status": {"en": "Status", "fr": "Point de suivi"},
    "mt_qbr": {"en": "QBR", "fr": "Revue trimestrielle"},
    "mt_workshop": {"en": "Workshop", "fr": "Atelier"},
    "mt_problem_solving": {"en": "Problem solving", "fr": "Résolution de problèmes"},
    "mt_feedback": {"en": "Feedback", "fr": "Bilan"},
    "mt_other": {"en": "Other", "fr": "Autre"},
    "date": {"en": "Date", "fr": "Date"},
    # gaps
    "gaps_title": {"en": "Overpromise vs underdeliver", "fr": "Promettre trop, livrer moins"},
    "gaps_caption": {"en": "Each partner rates its own delivery; the client rates it too. A gap of {n} points or "
                           "more flags overpromising.",
                     "fr": "Chaque partenaire note sa propre livraison ; le client la note aussi. Un écart de {n} "
                           "points ou plus signale une promesse excessive."},
    "dumbbell_title": {"en": "Delivery: partner self-view vs client view, {period}",
                       "fr": "Livraison : auto-évaluation et vue du client, {period}"},
    "ipa_title": {"en": "Needs vs delivered: importance–performance", "fr": "Attentes et réalisations : importance–performance"},
    "ipa_caption": {"en": "Each dot is a question the client rated for importance. Lines split at the means.",
                    "fr": "Chaque point est une question dont le client a noté l'importance. Les lignes passent par les moyennes."},
    "importance": {"en": "Importance (0–100)", "fr": "Importance (0–100)"},
    "performance": {"en": "Performance (0–100)", "fr": "Performance (0–100)"},
    "needs_gap": {"en": "Needs gap", "fr": "Écart attentes"},
    "quadrant": {"en": "Quadrant", "fr": "Quadrant"},
    "concentrate_items": {"en": "Concentrate here", "fr": "À concentrer ici"},
    "Concentrate here": {"en": "Concentrate here", "fr": "À concentrer ici"},
    "Keep up the good work": {"en": "Keep up the good work", "fr": "Continuer ainsi"},
    "Low priority": {"en": "Low priority", "fr": "Faible priorité"},
    "Possible overkill": {"en": "Possible overkill", "fr": "Effort peut-être excessif"},
    "no_importance": {"en": "No client answered with an importance in this selection: add an importance column to "
                            "the reviews to see this chart.",
                      "fr": "Aucune réponse client avec importance dans cette sélection : ajoutez une colonne "
                            "importance aux revues pour voir ce graphique."},
    "question": {"en": "Question", "fr": "Question"},
    "all_partners": {"en": "All partners", "fr": "Tous les partenaires"},
    # upload
    "upload_title": {"en": "Upload and publish", "fr": "Importer et publier"},
    "upload_help": {"en": "Drop CSV or Excel (.xlsx) files: reviews exports, meeting logs, a question bank. "
                          "Each table is recognised from its sheet name or its columns, in English or French.",
                    "fr": "Déposez des fichiers CSV ou Excel (.xlsx) : exports de revues, journaux de réunions, "
                          "banque de questions. Chaque table est reconnue par son nom de feuille ou ses colonnes."},
    "files": {"en": "Files", "fr": "Fichiers"},
    "month_first": {"en": "Slash dates are month-first (US files)",
                    "fr": "Dates au format américain mois/jour (03/15/2026)"},
    "reading": {"en": "Reading {n} files…", "fr": "Lecture de {n} fichiers…"},
    "progress_reading": {"en": "Reading the files…", "fr": "Lecture des fichiers…"},
    "progress_recognising": {"en": "Recognising the tables…", "fr": "Reconnaissance des tables…"},
    "progress_checking": {"en": "Checking {where}…", "fr": "Vérification de {where}…"},
    "progress_assembling": {"en": "Assembling the clean tables…", "fr": "Assemblage des tables propres…"},
    "progress_done": {"en": "Done.", "fr": "Terminé."},
    "tables_found": {"en": "Tables found", "fr": "Tables trouvées"},
    "validation_report": {"en": "Validation report", "fr": "Rapport de validation"},
    "all_valid": {"en": "All {n} rows are valid.", "fr": "Les {n} lignes sont valides."},
    "all_kept_valid": {"en": "All {n} rows kept are valid; {dropped} left out by the import rules (survey exports, "
                             "copies of rows already counted, calendar events): each is listed below with its reason.",
                       "fr": "Les {n} lignes gardées sont valides ; {dropped} écartée(s) par les règles d'import "
                             "(exports d'enquête, copies de lignes déjà comptées, événements d'agenda) : chacune est "
                             "listée ci-dessous avec sa raison."},
    "rejected_until_mapped": {"en": "{rejected} of {read} rows are rejected for now: the mapping step above still "
                                    "asks about {files}. Answer it and press Apply; the file is read again.",
                              "fr": "{rejected} lignes sur {read} sont rejetées pour l'instant : l'étape de "
                                    "correspondance ci-dessus attend encore vos réponses pour {files}. Répondez puis "
                                    "cliquez sur Appliquer ; le fichier sera relu."},
    "some_rejected": {"en": "{rejected} of {read} rows are rejected. Fix them in your files and upload again, or "
                            "publish the valid rows only.",
                      "fr": "{rejected} lignes sur {read} sont rejetées. Corrigez vos fichiers et importez-les de "
                            "nouveau, ou publiez seulement les lignes valides."},
    "download_report": {"en": "Download the report (CSV)", "fr": "Télécharger le rapport (CSV)"},
    "download_rejected": {"en": "Download the rejected rows (CSV)", "fr": "Télécharger les lignes rejetées (CSV)"},
    "unreadable": {"en": "Cannot read {message}", "fr": "Lecture impossible : {message}"},
    "preview": {"en": "Preview: the scores this data would give", "fr": "Aperçu : les scores que donneraient ces données"},
    "publish": {"en": "Publish", "fr": "Publier"},
    "publish_valid_only": {"en": "Publish the valid rows only ({n} rows left out)",
                           "fr": "Publier seulement les lignes valides ({n} lignes écartées)"},
    "publish_note": {"en": "Note for this version (optional)", "fr": "Note pour cette version (facultatif)"},
    "published": {"en": "Published version {version}. Everyone now sees it.",
                  "fr": "Version {version} publiée. Tout le monde la voit désormais."},
    "publishing": {"en": "Publishing…", "fr": "Publication…"},
    "replaces_version": {"en": "Publishing replaces what everyone sees, version {version} ({reviews} answers, "
                               "{meetings} meetings), with {new_reviews} answers and {new_meetings} meetings. "
                               "Older versions stay in History and can be restored.",
                         "fr": "Publier remplace ce que tout le monde voit, la version {version} ({reviews} "
                               "réponses, {meetings} réunions), par {new_reviews} réponses et {new_meetings} "
                               "réunions. Les versions précédentes restent dans l'historique et peuvent être "
                               "restaurées."},
    "your_name": {"en": "Your name (recorded in History)", "fr": "Votre nom (enregistré dans l'historique)"},
    "weights_history": {"en": "Weights saved for everyone", "fr": "Pondérations enregistrées pour tous"},
    "nothing_to_publish": {"en": "Nothing to publish: no valid review answers or meetings.",
                           "fr": "Rien à publier : aucune réponse ou réunion valide."},
    "upload_first": {"en": "Upload files to see what they hold.", "fr": "Importez des fichiers pour voir leur contenu."},
    "rows_read": {"en": "Rows read", "fr": "Lignes lues"},
    "valid": {"en": "Valid", "fr": "Valides"},
    "rejected": {"en": "Rejected", "fr": "Rejetées"},
    "table": {"en": "Table", "fr": "Table"},
    "table_reviews": {"en": "reviews", "fr": "revues"},
    "table_meetings": {"en": "meetings", "fr": "réunions"},
    "table_questions": {"en": "questions", "fr": "questions"},
    "table_partners": {"en": "partner directory", "fr": "annuaire des partenaires"},
    "file": {"en": "File", "fr": "Fichier"},
    "row": {"en": "Row", "fr": "Ligne"},
    "column": {"en": "Column", "fr": "Colonne"},
    "problem": {"en": "Problem", "fr": "Problème"},
    "severity": {"en": "Severity", "fr": "Gravité"},
    "publisher_name": {"en": "Your name (recorded with the version)", "fr": "Votre nom (enregistré avec la version)"},
    "dropped": {"en": "Left out", "fr": "Écartées"},
    "format": {"en": "Format", "fr": "Format"},
    "reason": {"en": "Reason", "fr": "Motif"},
    "severity_error": {"en": "error", "fr": "erreur"},
    "severity_warning": {"en": "warning", "fr": "avertissement"},
    "download_dropped": {"en": "Download the responses left out (CSV)",
                         "fr": "Télécharger les réponses écartées (CSV)"},
    # upload: the mapping step of survey-tool exports (METHODOLOGY §8)
    "format_qualtrics": {"en": "Qualtrics", "fr": "Qualtrics"},
    "format_qualtrics_legacy": {"en": "Qualtrics (legacy)", "fr": "Qualtrics (ancien format)"},
    "format_surveymonkey": {"en": "SurveyMonkey", "fr": "SurveyMonkey"},
    "format_google_forms": {"en": "Google Forms", "fr": "Google Forms"},
    "format_ms_forms": {"en": "Microsoft Forms", "fr": "Microsoft Forms"},
    "format_limesurvey": {"en": "LimeSurvey", "fr": "LimeSurvey"},
    "format_typeform": {"en": "Typeform", "fr": "Typeform"},
    "format_generic": {"en": "spreadsheet", "fr": "feuille de calcul"},
    "format_outlook_csv": {"en": "Outlook calendar (CSV)", "fr": "calendrier Outlook (CSV)"},
    "format_ics": {"en": "iCalendar (.ics)", "fr": "iCalendar (.ics)"},
    "format_calendar_table": {"en": "calendar table (columns mapped)", "fr": "tableau d'agenda (colonnes associées)"},
    "mapping_open": {"en": "Mapping of {file} ({format}): what could not be guessed",
                     "fr": "Correspondance de {file} ({format}) : ce qui n'a pas pu être deviné"},
    "cal_open": {"en": "{file} looks like a calendar: confirm its columns",
                 "fr": "{file} ressemble à un agenda : confirmez ses colonnes"},
    "cal_done": {"en": "Calendar {file} ({format}): columns and categories",
                 "fr": "Agenda {file} ({format}) : colonnes et catégories"},
    "cal_unknown_help": {
        "en": "No rule knows these columns, but they look like a calendar's. Check the guess below and Apply: the "
              "{n} rows are then read as events (METHODOLOGY §9). Save it, and the next file with these columns is "
              "read without asking.",
        "fr": "Aucune règle ne connaît ces colonnes, mais elles ressemblent à celles d'un agenda. Vérifiez la "
              "proposition ci-dessous et appliquez : les {n} lignes sont alors lues comme des événements "
              "(MÉTHODOLOGIE §9). Enregistrez-la, et le prochain fichier aux mêmes colonnes sera lu sans question."},
    "cal_facts": {"en": "{format}: {events} event(s) read, {read} occurrence(s), {kept} meeting(s) kept.",
                  "fr": "{format} : {events} événement(s) lu(s), {read} occurrence(s), {kept} réunion(s) gardée(s)."},
    "cal_ics_profile": {"en": "Calendar categories", "fr": "Catégories d'agenda"},
    "cal_columns": {"en": "Which column holds each part of an event", "fr": "Quelle colonne porte chaque partie "
                    "d'un événement"},
    "cal_role_subject": {"en": "Subject", "fr": "Objet"},
    "cal_role_start_date": {"en": "Start date (or date and time)", "fr": "Date de début (ou date et heure)"},
    "cal_role_start_time": {"en": "Start time", "fr": "Heure de début"},
    "cal_role_end_date": {"en": "End date (or date and time)", "fr": "Date de fin (ou date et heure)"},
    "cal_role_end_time": {"en": "End time", "fr": "Heure de fin"},
    "cal_role_all_day": {"en": "All-day flag", "fr": "Journée entière"},
    "cal_role_organizer": {"en": "Organizer", "fr": "Organisateur"},
    "cal_role_required": {"en": "Attendees", "fr": "Participants"},
    "cal_role_optional": {"en": "Optional attendees", "fr": "Participants facultatifs"},
    "cal_role_categories": {"en": "Categories", "fr": "Catégories"},
    "cal_role_description": {"en": "Description (agenda)", "fr": "Description (ordre du jour)"},
    "cal_not_read": {"en": "— not in this file —", "fr": "— absent de ce fichier —"},
    "cal_no_categories": {"en": "The meetings kept carry no category: their type comes from the subject.",
                          "fr": "Les réunions gardées n'ont aucune catégorie : leur type vient de l'objet."},
    "cal_categories": {"en": "Which meeting type each category means", "fr": "Quel type de réunion chaque catégorie "
                       "désigne"},
    "cal_categories_help": {
        "en": "A category given a type decides before the keyword rules (a colour category says nothing by itself). "
              "Left to the keyword rules, a category's own words decide, else the subject's.",
        "fr": "Une catégorie à laquelle un type est donné décide avant les règles de mots-clés (une catégorie de "
              "couleur ne dit rien par elle-même). Laissée aux règles, ses propres mots décident, sinon ceux de "
              "l'objet."},
    "cal_category": {"en": "{category} ({n} meeting(s))", "fr": "{category} ({n} réunion(s))"},
    "cal_by_keywords": {"en": "Keyword rules: {type}", "fr": "Règles de mots-clés : {type}"},
    "cal_by_subject": {"en": "by the subject", "fr": "selon l'objet"},
    "profile_calendar_columns": {"en": "{n} calendar column(s)", "fr": "{n} colonne(s) d'agenda"},
    "profile_categories": {"en": "{n} category type(s)", "fr": "{n} type(s) de catégorie"},
    "mapping_done": {"en": "Mapping of {file} ({format}): nothing to settle",
                     "fr": "Correspondance de {file} ({format}) : rien à régler"},
    "mapping_done_unsaved": {"en": "Mapping of {file} ({format}): settled, not saved yet",
                             "fr": "Correspondance de {file} ({format}) : réglée, pas encore enregistrée"},
    "mapping_save_hint": {"en": "Your answers are applied to this file. Save them to read the next file with the same "
                                "columns the same way, without asking.",
                          "fr": "Vos réponses sont appliquées à ce fichier. Enregistrez-les pour lire de même, sans "
                                "rien demander, le prochain fichier aux mêmes colonnes."},
    "mapping_done_saved": {"en": "Mapping of {file} ({format}): nothing to settle, the saved mapping '{name}' was "
                                 "applied",
                           "fr": "Correspondance de {file} ({format}) : rien à régler, la correspondance enregistrée "
                                 "« {name} » a été appliquée"},
    "mapping_facts": {"en": "{format} export, {header_rows} header row(s). {read} responses read, {kept} kept.",
                      "fr": "Export {format}, {header_rows} ligne(s) d'en-tête. {read} réponses lues, {kept} "
                            "gardées."},
    "mapping_left_out": {"en": "Left out: {reasons}.", "fr": "Écartées : {reasons}."},
    "mapping_help": {"en": "Settle below what the rules could not; the automatic guess is filled in. Apply reads "
                           "the file again with it; save it to read the next file with the same columns the same "
                           "way, without asking.",
                     "fr": "Réglez ci-dessous ce que les règles n'ont pas pu trancher ; la proposition automatique "
                           "est déjà remplie. Appliquer relit le fichier ainsi ; enregistrez-la pour lire de même, "
                           "sans rien demander, le prochain fichier aux mêmes colonnes."},
    "mapping_applied": {"en": "The saved mapping '{name}' was applied: this file has the same columns.",
                        "fr": "La correspondance enregistrée « {name} » a été appliquée : ce fichier a les mêmes "
                              "colonnes."},
    "map_partner": {"en": "Partner being rated", "fr": "Partenaire évalué"},
    "map_partner_whole": {"en": "One partner for the whole file", "fr": "Un seul partenaire pour tout le fichier"},
    "map_partner_name": {"en": "Name of that partner", "fr": "Nom de ce partenaire"},
    "map_side": {"en": "Who answered (side)", "fr": "Qui a répondu (côté)"},
    "map_side_client": {"en": "Everyone answered as the client", "fr": "Tous ont répondu côté client"},
    "map_side_agency": {"en": "Everyone answered as the agency", "fr": "Tous ont répondu côté agence"},
    "map_partner_placeholder": {"en": "Partner name", "fr": "Nom du partenaire"},
    "map_code": {"en": "Code {code}", "fr": "Code {code}"},
    "map_answer": {"en": "Answer “{answer}”", "fr": "Réponse « {answer} »"},
    "map_choose_side": {"en": "The client or the agency?", "fr": "L'annonceur ou l'agence ?"},
    "map_choose": {"en": "Choose a column or one value for the whole file",
                   "fr": "Choisissez une colonne ou une valeur pour tout le fichier"},
    "map_questions": {"en": "Columns that match no question of the bank", "fr": "Colonnes qui ne correspondent à "
                                                                               "aucune question de la banque"},
    "map_ignore": {"en": "Not a question: ignore", "fr": "Pas une question : ignorer"},
    "map_labels": {"en": "Answers that are not a label of a known scale: the score each one stands for",
                   "fr": "Réponses qui ne sont le libellé d'aucune échelle connue : la note que chacune représente"},
    "map_partner_values": {"en": "The partner column holds codes, not names (a numeric export): the partner each "
                                 "code stands for",
                           "fr": "La colonne du partenaire contient des codes, pas des noms (export numérique) : le "
                                 "partenaire que représente chaque code"},
    "map_side_values": {"en": "Answers to the side question that name neither the client nor the agency: who "
                              "answered",
                        "fr": "Réponses à la question du côté qui ne nomment ni l'annonceur ni l'agence : qui a "
                              "répondu"},
    "map_value_client": {"en": "the client", "fr": "l'annonceur"},
    "map_value_agency": {"en": "the agency", "fr": "l'agence"},
    "map_guessed": {"en": "The whole mapping, as guessed", "fr": "Toute la correspondance, telle que devinée"},
    "map_to": {"en": "Read as", "fr": "Lu comme"},
    "map_from": {"en": "Column of the file", "fr": "Colonne du fichier"},
    "map_apply": {"en": "Apply", "fr": "Appliquer"},
    "map_profile_name": {"en": "Name of the saved mapping", "fr": "Nom de la correspondance enregistrée"},
    "map_save": {"en": "Save for files with these columns", "fr": "Enregistrer pour ces colonnes"},
    "map_saved": {"en": "Mapping '{name}' saved: the next file with the same columns asks nothing.",
                  "fr": "Correspondance « {name} » enregistrée : le prochain fichier aux mêmes colonnes ne demandera "
                        "rien."},
    "map_name_needed": {"en": "Give the mapping a name.", "fr": "Donnez un nom à la correspondance."},
    "profiles_title": {"en": "Saved mappings: export, import", "fr": "Correspondances enregistrées : export, import"},
    "profiles_none": {"en": "No saved mapping yet: the mapping step of a survey export saves one.",
                      "fr": "Aucune correspondance enregistrée : l'étape de correspondance d'un export de "
                            "questionnaire en enregistre une."},
    "profile_line": {"en": "{name} ({format}): {what}", "fr": "{name} ({format}) : {what}"},
    "profile_partner": {"en": "partner {name} for the whole file", "fr": "partenaire {name} pour tout le fichier"},
    "profile_partner_column": {"en": "partner read from “{column}”", "fr": "partenaire lu dans « {column} »"},
    "profile_side": {"en": "answered by {side}", "fr": "réponses de {side}"},
    "profile_side_column": {"en": "side read from “{column}”", "fr": "côté lu dans « {column} »"},
    "profile_questions": {"en": "{n} column(s) assigned to questions", "fr": "{n} colonne(s) rattachée(s) aux questions"},
    "profile_labels": {"en": "{n} answer label(s) scored", "fr": "{n} libellé(s) de réponse noté(s)"},
    "profile_partner_codes": {"en": "{n} partner code(s) named", "fr": "{n} code(s) de partenaire nommé(s)"},
    "profile_side_answers": {"en": "{n} side answer(s) settled", "fr": "{n} réponse(s) de côté réglée(s)"},
    "profile_nothing": {"en": "the automatic guess, nothing changed", "fr": "la proposition automatique, sans changement"},
    "profile_download": {"en": "Download (TOML)", "fr": "Télécharger (TOML)"},
    "profile_delete": {"en": "Delete", "fr": "Supprimer"},
    "profile_deleted": {"en": "Mapping '{name}' deleted.", "fr": "Correspondance « {name} » supprimée."},
    "profile_import": {"en": "Import a saved mapping (.toml)", "fr": "Importer une correspondance (.toml)"},
    "profile_imported": {"en": "Mapping '{name}' imported.", "fr": "Correspondance « {name} » importée."},
    "profile_import_error": {"en": "Cannot import {file}: {message}", "fr": "Import impossible de {file} : {message}"},
    "profile_not_text": {"en": "not a text file (UTF-8)", "fr": "ce n'est pas un fichier texte (UTF-8)"},
    "profile_no_signature": {"en": "it names no file shape (signature); export mappings from this page to share "
                                   "them",
                             "fr": "il ne désigne aucune forme de fichier (signature) ; exportez les correspondances "
                                   "depuis cette page pour les partager"},
    # history
    "history_title": {"en": "Published versions", "fr": "Versions publiées"},
    "no_versions": {"en": "Nothing published yet. Publish from the Upload page.",
                    "fr": "Rien n'a encore été publié. Publiez depuis la page Import."},
    "restore": {"en": "Restore version {version}", "fr": "Restaurer la version {version}"},
    "restored": {"en": "Version {version} restored as version {new}.", "fr": "Version {version} restaurée en version {new}."},
    "version": {"en": "Version", "fr": "Version"},
    "current": {"en": "Current", "fr": "Actuelle"},
    "history_caption": {"en": "Each publish or restore made a version; each says what it changed in the data set "
                              "before it. Times are in your time zone.",
                        "fr": "Chaque publication ou restauration a créé une version ; chacune dit ce qu'elle a "
                              "changé dans les données d'avant. Heures dans votre fuseau horaire."},
    "hist_when": {"en": "Published", "fr": "Publiée le"},
    "hist_who": {"en": "By", "fr": "Par"},
    "hist_what": {"en": "What", "fr": "Quoi"},
    "hist_added": {"en": "Added", "fr": "Ajouté"},
    "hist_replaced": {"en": "Replaced", "fr": "Remplacé"},
    "hist_removed": {"en": "Removed", "fr": "Retiré"},
    "hist_answers": {"en": "Answers", "fr": "Réponses"},
    "hist_meetings": {"en": "Meetings", "fr": "Réunions"},
    "hist_questions": {"en": "Questions", "fr": "Questions"},
    "hist_note": {"en": "Note", "fr": "Note"},
    "hist_saved": {"en": "Saved", "fr": "Enregistrées le"},
    "kind_publish": {"en": "publish", "fr": "publication"},
    "kind_restore": {"en": "restore of version {version}", "fr": "restauration de la version {version}"},
    # the published data set, its sources, and what a publish changes in it (Upload)
    "data_set_title": {"en": "Published now: version {version}", "fr": "Publié actuellement : version {version}"},
    "data_set_caption": {"en": "Each file published is a source of the data set everyone sees. Files uploaded below "
                               "are added to it, or replace a source by a corrected version; sources can also be "
                               "removed. Each publish makes a new version; History keeps the earlier ones.",
                         "fr": "Chaque fichier publié est une source des données que tout le monde voit. Les fichiers "
                               "importés ci-dessous s'y ajoutent, ou remplacent une source par une version corrigée ; "
                               "on peut aussi retirer des sources. Chaque publication crée une version ; l'historique "
                               "garde les précédentes."},
    "data_set_empty": {"en": "Nothing published yet: your first publish makes version 1, and each of its files a "
                             "source of the data set everyone sees.",
                       "fr": "Rien n'est encore publié : votre première publication crée la version 1, et chacun de "
                             "ses fichiers devient une source des données que tout le monde voit."},
    "source_added_by": {"en": "Added by", "fr": "Ajouté par"},
    "source_added_at": {"en": "Added", "fr": "Ajouté le"},
    "remove_sources": {"en": "Remove from the data set", "fr": "Retirer des données publiées"},
    "remove_sources_none": {"en": "None: every source stays", "fr": "Aucune : toutes les sources restent"},
    "remove_sources_help": {"en": "The next version leaves these sources out; the earlier versions keep them.",
                            "fr": "La prochaine version laisse ces sources de côté ; les versions précédentes les "
                                  "gardent."},
    "same_bytes_published": {"en": "{file} is refused: it has exactly the same content as {source}, already published. "
                                   "A file is published once. To correct a file, upload the corrected version and "
                                   "choose to replace {source}.",
                             "fr": "{file} est refusé : son contenu est exactement celui de {source}, déjà publié. "
                                   "Un fichier n'est publié qu'une fois. Pour corriger un fichier, importez la version "
                                   "corrigée et choisissez de remplacer {source}."},
    "same_file_published": {"en": "{file} is refused: this very file is already published (the same content). A file "
                                  "is published once. To correct it, upload the corrected version: it replaces "
                                  "{source}.",
                            "fr": "{file} est refusé : ce fichier est déjà publié (contenu identique). Un fichier "
                                  "n'est publié qu'une fois. Pour le corriger, importez la version corrigée : elle "
                                  "remplace {source}."},
    "same_bytes_uploaded": {"en": "{file} is refused: it has exactly the same content as {other}, uploaded with it. "
                                  "Only {other} is read.",
                            "fr": "{file} est refusé : son contenu est exactement celui de {other}, importé avec lui. "
                                  "Seul {other} est lu."},
    "same_name_uploaded": {"en": "{file} is refused: another uploaded file has the same name. Rename one of them.",
                           "fr": "{file} est refusé : un autre fichier importé porte le même nom. Renommez l'un "
                                 "des deux."},
    "what_each_file": {"en": "What to do with each file", "fr": "Que faire de chaque fichier"},
    "file_add": {"en": "Add to the data set", "fr": "Ajouter aux données"},
    "file_replace": {"en": "Replace {name}", "fr": "Remplacer {name}"},
    "change_name_taken": {"en": "A source named {name} is already in the data set: choose to replace it, or remove "
                                "it first.",
                          "fr": "Une source nommée {name} est déjà dans les données : choisissez de la remplacer, ou "
                                "retirez-la d'abord."},
    "change_replaced_twice": {"en": "{first} and {second} both replace {name}: choose one.",
                              "fr": "{first} et {second} remplacent tous deux {name} : choisissez-en un."},
    "change_removed_and_replaced": {"en": "{name} is both replaced and removed: choose one.",
                                    "fr": "{name} est à la fois remplacé et retiré : choisissez."},
    "change_unknown_source": {"en": "There is no source named {name} in the published data set any more (someone "
                                    "may just have published): reload the page.",
                              "fr": "Il n'y a plus de source nommée {name} dans les données publiées (quelqu'un "
                                    "vient peut-être de publier) : rechargez la page."},
    "change_adds": {"en": "adds {names}", "fr": "ajoute {names}"},
    "change_replaces": {"en": "replaces {pairs}", "fr": "remplace {pairs}"},
    "change_pair": {"en": "{old} by {new}", "fr": "{old} par {new}"},
    "change_removes": {"en": "removes {names}", "fr": "retire {names}"},
    "change_bank": {"en": "brings a new question bank", "fr": "apporte une nouvelle banque de questions"},
    "change_first": {"en": "Publishing makes version 1 of {files}: {answers} answers and {meetings} meetings, which "
                           "everyone will see.",
                     "fr": "Publier crée la version 1 à partir de {files} : {answers} réponses et {meetings} "
                           "réunions, que tout le monde verra."},
    "change_next": {"en": "Publishing makes a new version from version {version}: it {changes}. The data set goes "
                          "from {answers_before} answers and {meetings_before} meetings to {answers_after} answers "
                          "and {meetings_after} meetings. Version {version} stays in History and can be restored.",
                    "fr": "Publier crée une nouvelle version à partir de la version {version} : elle {changes}. Les "
                          "données passent de {answers_before} réponses et {meetings_before} réunions à "
                          "{answers_after} réponses et {meetings_after} réunions. La version {version} reste dans "
                          "l'historique et peut être restaurée."},
    "change_nothing": {"en": "Nothing to publish yet: add or replace files, or choose sources to remove.",
                       "fr": "Rien à publier pour l'instant : ajoutez ou remplacez des fichiers, ou choisissez des "
                             "sources à retirer."},
    "version_did": {"en": "Version {version} {changes}; it holds {answers} answers and {meetings} meetings.",
                    "fr": "La version {version} {changes} ; elle contient {answers} réponses et {meetings} réunions."},
    "preview_caption": {"en": "Scored on the data set as it would be after publishing: the published sources kept "
                              "and the files above.",
                        "fr": "Calculés sur les données telles qu'elles seraient après publication : les sources "
                              "publiées gardées et les fichiers ci-dessus."},
    "upload_more": {"en": "To publish more, remove these files from the uploader (×) and drop the next ones.",
                    "fr": "Pour publier d'autres fichiers, retirez ceux-ci de la zone d'import (×) et déposez les "
                          "suivants."},
    # the store: a busy or broken database, and a tab left open while a newer version is published
    "action_read": {"en": "read the published data", "fr": "lire les données publiées"},
    "action_publish": {"en": "publish", "fr": "publier"},
    "action_restore": {"en": "restore the version", "fr": "restaurer la version"},
    "action_save_settings": {"en": "save the weights", "fr": "enregistrer les pondérations"},
    "action_save_profile": {"en": "save the mapping", "fr": "enregistrer la correspondance"},
    "action_delete_profile": {"en": "delete the mapping", "fr": "supprimer la correspondance"},
    "store_busy": {"en": "Could not {action}: the database stayed busy for {seconds} seconds (other analysts were "
                         "publishing), so nothing was changed. Wait a minute, then try again.",
                   "fr": "Impossible de {action} : la base de données est restée occupée pendant {seconds} secondes "
                         "(d'autres analystes publiaient) ; rien n'a été modifié. Attendez une minute, puis "
                         "réessayez."},
    "store_failed": {"en": "Could not {action}: the database of published data did not answer as expected. Try again "
                           "in a minute; if it goes on, tell whoever runs the dashboard (`python -m kpi health` says "
                           "what is wrong).",
                     "fr": "Impossible de {action} : la base des données publiées n'a pas répondu comme prévu. "
                           "Réessayez dans une minute ; si cela continue, prévenez la personne qui gère le tableau de "
                           "bord (`python -m kpi health` dit ce qui ne va pas)."},
    "store_failed_detail": {"en": "What the database said: {detail}", "fr": "Réponse de la base de données : {detail}"},
    "store_retry": {"en": "Try again", "fr": "Réessayer"},
    "store_waiting": {"en": "The database is busy: another publish is running. Waiting… {seconds} s (at most {limit} s)",
                      "fr": "La base de données est occupée : une autre publication est en cours. Attente… {seconds} s "
                            "(au plus {limit} s)"},
    "saving": {"en": "Saving…", "fr": "Enregistrement…"},
    "newer_version": {"en": "A newer version has been published: version {version}, by {who} on {when}. This tab still "
                            "shows the data it was opened with.",
                      "fr": "Une version plus récente a été publiée : la version {version}, par {who} le {when}. Cet "
                            "onglet affiche encore les données de son ouverture."},
    "show_newer_version": {"en": "Show version {version}", "fr": "Afficher la version {version}"},
    # export
    "export_title": {"en": "Export the scores", "fr": "Exporter les scores"},
    "export_caption": {"en": "The scores table, for every partner and period or only the ones chosen in the "
                             "sidebar: the same rows and values as `python -m kpi score` on the same data.",
                       "fr": "Le tableau des scores, pour tous les partenaires et périodes ou seulement ceux choisis "
                             "dans la barre latérale : mêmes lignes et valeurs que `python -m kpi score` sur les "
                             "mêmes données."},
    "export_scope": {"en": "Rows", "fr": "Lignes"},
    "scope_all": {"en": "All partners and periods", "fr": "Tous les partenaires et périodes"},
    "scope_view": {"en": "Only the period and partner chosen in the sidebar",
                   "fr": "Seulement la période et le partenaire choisis"},
    "csv_french": {"en": "French Excel (';' separator, decimal comma)", "fr": "Excel français (séparateur « ; », virgule décimale)"},
    # methodology
    "method_title": {"en": "How every number is computed", "fr": "Comment chaque chiffre est calculé"},
    "weights_in_force": {"en": "Weights in force", "fr": "Pondérations en vigueur"},
    "whatif": {"en": "What-if weights", "fr": "Simulation des pondérations"},
    "whatif_caption": {"en": "Change weights to recompute every page for your session only.",
                       "fr": "Modifiez les pondérations pour recalculer toutes les pages pour votre session seulement."},
    "apply_whatif": {"en": "Apply to my session", "fr": "Appliquer à ma session"},
    "reset_whatif": {"en": "Back to the published weights", "fr": "Revenir aux pondérations publiées"},
    "save_weights": {"en": "Save as the published weights (analysts)", "fr": "Enregistrer comme pondérations publiées (analystes)"},
    "weights_saved": {"en": "Weights saved: everyone now sees scores with them.",
                      "fr": "Pondérations enregistrées : tout le monde voit désormais les scores calculés avec elles."},
    "bad_weights": {"en": "Give at least one component of each score a weight above 0.",
                    "fr": "Donnez un poids supérieur à 0 à au moins une composante de chaque score."},
}

COLUMNS: dict[str, dict[str, str]] = {
    f"col_{name}": {"en": en, "fr": fr} for name, en, fr in (
        ("partner", "Partner", "Partenaire"), ("period", "Period", "Période"),
        ("review_id", "Questionnaire", "Questionnaire"), ("review_key", "Questionnaire key", "Clé du questionnaire"),
        ("review_date", "Date", "Date"), ("partner_key", "Partner key", "Clé partenaire"),
        ("respondent_side", "Side", "Côté"), ("respondent", "Respondent", "Répondant"),
        ("question_id", "Question", "Question"), ("score", "Score", "Note"), ("importance", "Importance", "Importance"),
        ("comment", "Comment", "Commentaire"), ("source_file", "File", "Fichier"), ("source_row", "Row", "Ligne"),
        ("meeting_id", "Meeting", "Réunion"), ("date", "Date", "Date"), ("meeting_type", "Type", "Type"),
        ("duration_min", "Minutes", "Minutes"), ("agenda_shared", "Agenda shared", "Ordre du jour partagé"),
        ("actions_opened", "Actions opened", "Actions ouvertes"), ("actions_closed", "Actions closed",
                                                                    "Actions clôturées"),
        ("notes", "Notes", "Notes"), ("kpi", "Habit", "Habitude"), ("text", "Question", "Question"),
        ("created_at", "When", "Quand"), ("created_by", "Who", "Qui"), ("kind", "Kind", "Type"),
        ("files", "Files", "Fichiers"), ("n_questions", "Questions", "Questions"), ("note", "Note", "Note"),
        ("data_version", "Data of version", "Données de la version"), ("weight", "Weight", "Poids"),
        ("component", "Component", "Composante"), ("key", "Key", "Clé"),
    )
}
"""Column headers of the tables on screen (the data keeps its canonical column names)."""

DIRECTORY: dict[str, dict[str, str]] = {
    "nav_directory": {"en": "Directory", "fr": "Annuaire"},
    "directory_title": {"en": "Partner directory", "fr": "Annuaire des partenaires"},
    "directory_help": {
        "en": "Who each partner is: the e-mail domains its people write from and the other names it goes by. Calendar "
              "events find their partner through it, and its aliases unify partner spellings, in the files read "
              "after a change. Each change is published as a new version.",
        "fr": "Qui est chaque partenaire : les domaines e-mail d'où écrivent ses équipes et ses autres noms. Les "
              "événements d'agenda trouvent leur partenaire par lui, et ses alias unifient les graphies des partenaires, "
              "dans les fichiers lus après une modification. Chaque modification est publiée comme une nouvelle version."},
    "directory_empty": {
        "en": "No partner directory is published yet: add a partner below, or upload a directory file on the Upload page.",
        "fr": "Aucun annuaire n'est encore publié : ajoutez un partenaire ci-dessous, ou importez un fichier d'annuaire "
              "sur la page Import."},
    "directory_nothing_published": {
        "en": "Nothing is published yet: publish data first on the Upload page (a directory file can come with it).",
        "fr": "Rien n'est encore publié : publiez d'abord des données sur la page Import (un fichier d'annuaire peut "
              "les accompagner)."},
    "directory_version": {"en": "The directory of version {version}: {n} partners.",
                          "fr": "L'annuaire de la version {version} : {n} partenaires."},
    "directory_partner": {"en": "Partner", "fr": "Partenaire"},
    "directory_domains": {"en": "E-mail domains", "fr": "Domaines e-mail"},
    "directory_aliases": {"en": "Other names", "fr": "Autres noms"},
    "directory_download": {"en": "Download the directory (CSV)", "fr": "Télécharger l'annuaire (CSV)"},
    "directory_add_partner": {"en": "Add a partner", "fr": "Ajouter un partenaire"},
    "directory_add_domain": {"en": "Add a domain", "fr": "Ajouter un domaine"},
    "directory_add_alias": {"en": "Add an alias", "fr": "Ajouter un alias"},
    "directory_new_name": {"en": "Partner name, as it should be shown", "fr": "Nom du partenaire, tel qu'il doit s'afficher"},
    "directory_domain": {"en": "E-mail domain (like kestrel-pr.com)", "fr": "Domaine e-mail (comme kestrel-pr.com)"},
    "directory_alias": {"en": "Other name, short name or keyword", "fr": "Autre nom, nom court ou mot clé"},
    "directory_which": {"en": "Partner", "fr": "Partenaire"},
    "directory_new_partner": {"en": "A new partner…", "fr": "Un nouveau partenaire…"},
    "directory_publish": {"en": "Add and publish", "fr": "Ajouter et publier"},
    "directory_unchanged": {"en": "The directory already holds this: nothing to publish.",
                            "fr": "L'annuaire contient déjà ceci : rien à publier."},
    "directory_rejected": {"en": "Not published: {problem}", "fr": "Non publié : {problem}"},
    "directory_published": {"en": "Version {version} published: {what}.", "fr": "Version {version} publiée : {what}."},
    "directory_note_partner": {"en": "Partner directory: adds the partner {partner}",
                               "fr": "Annuaire : ajoute le partenaire {partner}"},
    "directory_note_domain": {"en": "Partner directory: adds the domain {domain} to {partner}",
                              "fr": "Annuaire : ajoute le domaine {domain} à {partner}"},
    "directory_note_alias": {"en": "Partner directory: adds the alias '{alias}' to {partner}",
                             "fr": "Annuaire : ajoute l'alias « {alias} » à {partner}"},
    "hist_directory": {"en": " · partner directory", "fr": " · annuaire des partenaires"},
    "directory_in_upload": {
        "en": "These files bring a partner directory ({n} partners): publishing them replaces the published one.",
        "fr": "Ces fichiers apportent un annuaire ({n} partenaires) : les publier remplace l'annuaire publié."},
    "unmatched_title": {"en": "Calendar events that match no partner ({n})",
                        "fr": "Événements d'agenda sans partenaire ({n})"},
    "unmatched_help": {
        "en": "Internal meetings stay out. For a partner's meeting, add its e-mail domain or a name from it to the "
              "directory: the change is published at once and the files are read again.",
        "fr": "Les réunions internes restent à l'écart. Pour une réunion avec un partenaire, ajoutez son domaine "
              "e-mail ou un nom qu'elle contient à l'annuaire : la modification est publiée aussitôt et les fichiers "
              "sont relus."},
    "unmatched_own_directory": {
        "en": "These files bring their own directory: add the domain or alias to that file, or leave it out and use "
              "the Directory page.",
        "fr": "Ces fichiers apportent leur propre annuaire : ajoutez le domaine ou l'alias à ce fichier, ou retirez-le "
              "et utilisez la page Annuaire."},
    "unmatched_event": {"en": "Event", "fr": "Événement"},
    "unmatched_as": {"en": "Add to the directory", "fr": "Ajouter à l'annuaire"},
    "unmatched_as_domain": {"en": "the domain {domain}", "fr": "le domaine {domain}"},
    "unmatched_as_alias": {"en": "a name in it, as an alias", "fr": "un nom qu'il contient, comme alias"},
    "unmatched_subject": {"en": "Subject", "fr": "Objet"},
    "unmatched_organizer": {"en": "Organiser", "fr": "Organisateur"},
    "unmatched_attendees": {"en": "Attendees", "fr": "Participants"},
    "unmatched_domains": {"en": "Domains", "fr": "Domaines"},
    "unmatched_occurrences": {"en": "Occurrences", "fr": "Occurrences"},
}
"""The Directory page, and the Upload page's list of calendar events that match no partner."""

REPORT: dict[str, dict[str, str]] = {
    "pack_title": {"en": "QBR pack", "fr": "Dossier de revue trimestrielle"},
    "pack_portfolio_title": {"en": "Portfolio QBR pack", "fr": "Dossier de revue trimestrielle du portefeuille"},
    "pack_generated": {"en": "Period {period} · made {today}", "fr": "Période {period} · établi le {today}"},
    "pack_quoted": {"en": "“{text}”", "fr": "« {text} »"},
    "pack_counts": {"en": "{n_reviews} questionnaires · {n_meetings} meetings",
                    "fr": "{n_reviews} questionnaires · {n_meetings} réunions"},
    "pack_low_confidence": {"en": "Low confidence: fewer than 3 questionnaires in the period.",
                            "fr": "Confiance faible : moins de 3 questionnaires sur la période."},
    "pack_scores": {"en": "The five scores", "fr": "Les cinq scores"},
    "pack_change": {"en": "Change {period}", "fr": "Variation {period}"},
    "pack_change_none": {"en": "Change (no earlier period)", "fr": "Variation (aucune période antérieure)"},
    "pack_delivery": {"en": "Delivery gap: what the partner promises against what the client sees",
                      "fr": "Écart de livraison : ce que le partenaire promet face à ce que voit le client"},
    "pack_gap_line": {"en": "Partner's self-view {self} → client's view {client}: gap {gap} ({flag})",
                      "fr": "Auto-évaluation du partenaire {self} → vue du client {client} : écart {gap} ({flag})"},
    "pack_no_gap": {"en": "No delivery gap this period: both sides must answer the delivery questions.",
                    "fr": "Pas d'écart de livraison sur la période : les deux côtés doivent répondre aux questions "
                          "de livraison."},
    "pack_blind_spots": {"en": "Blind spots on the habits", "fr": "Angles morts sur les habitudes"},
    "pack_client_self": {"en": "Client about itself", "fr": "Le client sur lui-même"},
    "pack_partner_view": {"en": "Partner's view", "fr": "Vue du partenaire"},
    "pack_habit_gap": {"en": "Gap", "fr": "Écart"},
    "pack_blind_spot": {"en": "blind spot", "fr": "angle mort"},
    "pack_hidden_strength": {"en": "hidden strength", "fr": "force cachée"},
    "pack_no_concentrate": {"en": "No question falls in “Concentrate here” this period.",
                            "fr": "Aucune question en « À concentrer ici » sur la période."},
    "pack_cadence": {"en": "Meeting cadence against its target", "fr": "Rythme des réunions face à sa cible"},
    "pack_cadence_meetings": {"en": "Meetings: {n} for a target of {target} ({per} a month over {months} months)",
                              "fr": "Réunions : {n} pour une cible de {target} ({per} par mois sur {months} mois)"},
    "pack_cadence_qbrs": {"en": "QBRs: {n} for a target of {target} ({per} a quarter over {quarters} quarters)",
                          "fr": "Revues trimestrielles : {n} pour une cible de {target} ({per} par trimestre sur "
                                "{quarters} trimestres)"},
    "pack_cadence_score": {"en": "Cadence component: {value} / 100", "fr": "Composante rythme : {value} / 100"},
    "pack_side_client": {"en": "Client side", "fr": "Côté client"},
    "pack_side_agency": {"en": "Agency side", "fr": "Côté agence"},
    "pack_no_comment": {"en": "No comment this period.", "fr": "Aucun commentaire sur la période."},
    "pack_notes": {"en": "How each number is computed", "fr": "Comment chaque chiffre est calculé"},
    "pack_note_scores": {
        "en": "Each score (0–100) is the weighted mean of its components present, the weights rescaled over those "
              "present; overall is the mean of the five. Here n = {n_reviews} questionnaires and {n_meetings} "
              "meetings in {period}. Rounded to one decimal like the scores CSV.",
        "fr": "Chaque score (0–100) est la moyenne pondérée de ses composantes présentes, les poids remis à l'échelle "
              "sur celles-ci ; le global est la moyenne des cinq. Ici n = {n_reviews} questionnaires et {n_meetings} "
              "réunions sur {period}. Arrondis à une décimale comme le CSV des scores."},
    "pack_note_change": {
        "en": "Change: the score minus the same partner's score in its previous period that has one.",
        "fr": "Variation : le score moins celui du même partenaire à sa période précédente qui en a un."},
    "pack_note_gap": {
        "en": "Delivery gap = partner's self-view − client's view on the delivery questions (questionnaire means "
              "first), flagged at ±{flag} points; n = {n_reviews} questionnaires of both sides.",
        "fr": "Écart de livraison = auto-évaluation du partenaire − vue du client sur les questions de livraison "
              "(moyennes par questionnaire d'abord), signalé à ±{flag} points ; n = {n_reviews} questionnaires des "
              "deux côtés."},
    "pack_note_blind": {
        "en": "Habit gap = the client's view of itself − the partner's view of the client, per habit; ≥ {flag} "
              "flags a blind spot, ≤ −{flag} a hidden strength; n = the questionnaires behind each view "
              "(client / partner).",
        "fr": "Écart d'habitude = vue du client sur lui-même − vue du partenaire sur le client, par habitude ; "
              "≥ {flag} signale un angle mort, ≤ −{flag} une force cachée ; n = questionnaires derrière chaque vue "
              "(client / partenaire)."},
    "pack_note_ipa": {
        "en": "Concentrate here: questions the client rates above the mean importance but below the mean "
              "performance (importance–performance analysis); needs gap = importance − performance; n = the client "
              "answers with an importance ({n} in all).",
        "fr": "À concentrer ici : questions que le client juge plus importantes que la moyenne mais moins bien "
              "notées que la moyenne (analyse importance–performance) ; écart attentes = importance − performance ; "
              "n = réponses du client avec une importance ({n} en tout)."},
    "pack_note_cadence": {
        "en": "cadence = 50 × min(1, meetings / (months × target)) + 50 × min(1, QBRs / (quarters × target)), "
              "targets from the settings; n = {n_meetings} meetings in the period.",
        "fr": "rythme = 50 × min(1, réunions / (mois × cible)) + 50 × min(1, revues / (trimestres × cible)), cibles "
              "des réglages ; n = {n_meetings} réunions sur la période."},
    "pack_note_comments": {
        "en": "Comments verbatim, newest first, at most three per side; {n} in the period.",
        "fr": "Commentaires tels quels, les plus récents d'abord, trois au plus par côté ; {n} sur la période."},
    "pack_summary": {"en": "Portfolio summary · {n} partners", "fr": "Synthèse du portefeuille · {n} partenaires"},
    "pack_page": {"en": "Page {page}/{pages}", "fr": "Page {page}/{pages}"},
    "pack_download": {"en": "QBR pack (PDF)", "fr": "Dossier de revue (PDF)"},
    "pack_download_portfolio": {"en": "Portfolio QBR pack (PDF)", "fr": "Dossier de revue du portefeuille (PDF)"},
    "pack_building": {"en": "Building the PDF…", "fr": "Création du PDF…"},
}
"""The QBR pack (kpi/reports/pdf.py) and its download buttons."""

MESSAGES.update(UI)
MESSAGES.update(COLUMNS)
MESSAGES.update(DIRECTORY)
MESSAGES.update(REPORT)


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


BLIND_SPOTS = {
    "client_self": {"en": "Client about itself", "fr": "Le client sur lui-même"},
    "partner_view": {"en": "Partner's view of the client", "fr": "Vue du partenaire sur le client"},
    "habit_gap": {"en": "Gap (client − partner)", "fr": "Écart (client − partenaire)"},
    "n_client_self": {"en": "n client", "fr": "n client"},
    "n_partner_view": {"en": "n partner", "fr": "n partenaire"},
    "habit_flag": {"en": "Flag", "fr": "Signal"},
    "blind_spot": {"en": "blind spot", "fr": "angle mort"},
    "hidden_strength": {"en": "hidden strength", "fr": "force cachée"},
    "bs_note": {"en": "Note", "fr": "Remarque"},
    "bs_note_no_answers": {"en": "neither side answered", "fr": "aucun côté n'a répondu"},
    "bs_note_no_client": {"en": "the client side did not answer: no gap",
                          "fr": "le côté client n'a pas répondu : pas d'écart"},
    "bs_note_no_partner": {"en": "the partner side did not answer: no gap",
                           "fr": "le côté partenaire n'a pas répondu : pas d'écart"},
    "bs_note_thin": {"en": "thin sample: fewer than {n} questionnaires on a side",
                     "fr": "échantillon mince : moins de {n} questionnaires d'un côté"},
    "bs_no_answer": {"en": "no answer", "fr": "pas de réponse"},
    "bs_client": {"en": "Client (n)", "fr": "Client (n)"},
    "bs_partner": {"en": "Partner (n)", "fr": "Partenaire (n)"},
    "bs_gap": {"en": "Gap", "fr": "Écart"},
    "bs_within": {"en": "within ±{n}", "fr": "dans ±{n}"},
    "bs_thin_habits": {"en": "⚠ thin sample (fewer than {n} questionnaires on a side): {habits}",
                       "fr": "⚠ échantillon mince (moins de {n} questionnaires d'un côté) : {habits}"},
    "bs_thin_partners": {"en": "⚠ thin samples: in {k} of the {total} partner × habit gaps behind these means, a "
                               "side has fewer than {n} questionnaires",
                         "fr": "⚠ échantillons minces : dans {k} des {total} écarts partenaire × habitude derrière "
                               "ces moyennes, un côté a moins de {n} questionnaires"},
    "bs_title": {"en": "Blind spots: the client's view of itself against the partner's",
                 "fr": "Angles morts : la vue du client sur lui-même face à celle du partenaire"},
    "bs_caption": {
        "en": "Both sides answer the habit questions: the client about itself, the partner about how it experiences "
              "the client. Gap = client − partner, blank unless both sides answered; +{n} or more is a blind spot "
              "(the client thinks it does better than the partner feels), −{n} or less a hidden strength. n = the "
              "questionnaires behind each view.",
        "fr": "Les deux côtés répondent aux questions sur les habitudes : le client sur lui-même, le partenaire sur "
              "la façon dont il vit le client. Écart = client − partenaire, vide sauf si les deux côtés ont répondu ; "
              "+{n} ou plus est un angle mort (le client pense faire mieux que ce que ressent le partenaire), −{n} ou "
              "moins une force cachée. n = les questionnaires derrière chaque vue."},
    "bs_portfolio_title": {"en": "Which habits the client over-rates most, across partners · {period}",
                           "fr": "Les habitudes que le client surestime le plus, tous partenaires · {period}"},
    "bs_portfolio_caption": {
        "en": "One dot per partner: its gap (client's view of itself − the partner's view of the client) on the "
              "habit; the bar is the mean over the partners where both sides answered, each partner counted once. "
              "Habits the client over-rates most come first. Dashed lines: ±{n}.",
        "fr": "Un point par partenaire : son écart (vue du client sur lui-même − vue du partenaire sur le client) "
              "sur l'habitude ; la barre est la moyenne des partenaires dont les deux côtés ont répondu, chacun "
              "compté une fois. Les habitudes que le client surestime le plus viennent d'abord. Tirets : ±{n}."},
    "bs_none": {"en": "No habit has answers from both sides in this period: no gap to show.",
                "fr": "Aucune habitude n'a de réponses des deux côtés sur cette période : pas d'écart à montrer."},
    "mean_gap": {"en": "Mean gap", "fr": "Écart moyen"},
    "n_partners": {"en": "Partners", "fr": "Partenaires"},
    "blind_spots": {"en": "Blind spots", "fr": "Angles morts"},
    "hidden_strengths": {"en": "Hidden strengths", "fr": "Forces cachées"},
    "largest_partner": {"en": "Largest gap, at", "fr": "Plus grand écart, chez"},
}
"""Habit blind spots (METHODOLOGY §5.1) on the Partner and Gaps pages."""

MESSAGES.update(BLIND_SPOTS)
