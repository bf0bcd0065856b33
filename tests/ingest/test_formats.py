"""Each survey format recognises its own first rows (`sniff`) and reads its header (`layout`),
on tiny inline head rows; the project's own generic tables are claimed by no survey format."""

from pathlib import Path

import pytest

from kpi.ingest import google_forms, limesurvey, ms_forms, qualtrics, surveymonkey, typeform
from kpi.ingest.base import THRESHOLD, detect, registry
from kpi.ingest.files import Source, read_source

ROOT = Path(__file__).parents[2]

QUALTRICS_CODES = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                   "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                   "DistributionChannel", "UserLanguage", "Q1", "Q5", "Q5_NPS_GROUP", "Q2 - Topics"]
# Row 2 follows the account's language: German labels in a real export, so metadata is found by row-1 codes.
QUALTRICS_GERMAN = ["Anfangsdatum", "Enddatum", "Antworttyp", "IP-Adresse", "Fortschritt", "Dauer (in Sekunden)",
                    "Beendet", "Aufgezeichnetes Datum", "Antwort-ID", "Nachname des Empfängers",
                    "Vorname des Empfängers", "E-Mail-Adresse des Empfängers", "Verteilungskanal", "Benutzersprache",
                    "Welche Agentur bewerten Sie?", "Wie wahrscheinlich …?", "Wie wahrscheinlich …? - Gruppe",
                    "Q2 - Topics"]
QUALTRICS_IMPORT = ['{"ImportId":"%s"}' % c for c in QUALTRICS_CODES]
QUALTRICS_ROW = ["2026-03-01 10:00:00", "2026-03-01 10:05:00", "0", "1.2.3.4", "100", "300", "1",
                 "2026-03-01 10:05:01", "R_1", "", "", "", "anonymous", "EN", "Northwind", "8", "2", ""]
LEGACY = [["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "Q1", "LocationAccuracy", ""],
          ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
           "StartDate", "EndDate", "Finished", "INF1. Briefs are clear", "LocationAccuracy", ""]]
MONKEY = [["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
           "Last Name", "Custom Data 1", "You are:", "", "How much do you agree?", "", "Any other comments?"],
          ["", "", "", "", "", "", "", "", "", "Response", "Other (please specify)", "Row A", "Row B",
           "Open-Ended Response"]]
FORMS = [["Timestamp", "Email Address", "Which agency are you rating?", "Rate [Row A]"]]
FORMS_FR = [["Horodateur", "Adresse e-mail", "Quelle agence évaluez-vous ?"]]
MS_FORMS = [["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Which agency?"]]
MS_FORMS_FR = [["ID", "Heure de début", "Heure de fin", "Adresse de messagerie", "Nom", "Quelle agence ?"]]
LIME_CODES = [["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "AGENCY", "INF1"]]
LIME_FULL_FR = [["ID de la réponse", "Date de soumission", "Dernière page", "Langue de départ", "Tête de série",
                 "Date de lancement", "Date de la dernière action", "Quelle agence évaluez-vous ?"]]
LIME_CODETEXT = [["id. Response ID", "submitdate. Date submitted", "lastpage. Last page", "AGENCY. Which agency?",
                  "HAB[INS1]. Agree? [Good work is recognised.]"]]
TYPEFORM = [["#", "Which agency are you rating?", "Response Type", "Start Date (UTC)", "Stage Date (UTC)",
             "Submit Date (UTC)", "Network ID", "Tags"]]
TYPEFORM_OLD = [["#", "Which agency are you rating?", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"]]


@pytest.mark.parametrize("head, sheet, module", [
    ([QUALTRICS_CODES, QUALTRICS_GERMAN, QUALTRICS_IMPORT], None, qualtrics),
    ([QUALTRICS_CODES, QUALTRICS_GERMAN, QUALTRICS_ROW], None, qualtrics),
    (LEGACY, None, qualtrics),
    (MONKEY, None, surveymonkey),
    (FORMS, None, google_forms),
    (FORMS_FR, None, google_forms),
    ([["Which agency are you rating?", "Rate [Row A]"]], "Form Responses 1", google_forms),
    (MS_FORMS, "Sheet1", ms_forms),
    (MS_FORMS_FR, None, ms_forms),
    (LIME_CODES, None, limesurvey),
    (LIME_FULL_FR, None, limesurvey),
    (LIME_CODETEXT, None, limesurvey),
    (TYPEFORM, None, typeform),
    (TYPEFORM_OLD, None, typeform),
], ids=["qualtrics", "qualtrics-2-rows", "qualtrics-legacy", "surveymonkey", "google-forms", "google-forms-fr",
        "google-forms-sheet", "ms-forms", "ms-forms-fr", "limesurvey-codes", "limesurvey-full-fr",
        "limesurvey-codetext", "typeform", "typeform-old"])
def test_each_tool_recognises_its_own_first_rows_and_no_other_claims_them(head, sheet, module):
    assert module.sniff(head, sheet) > THRESHOLD
    others = [m.FORMAT for m in registry() if m is not module and m.sniff(head, sheet) > THRESHOLD]
    assert others == []
    assert detect(head, sheet).format.startswith(module.FORMAT)


def _at(layout, role):
    return layout.headers[layout.roles[role]]


def test_qualtrics_finds_its_metadata_by_the_codes_whatever_the_language_of_row_2():
    layout = qualtrics.layout([QUALTRICS_CODES, QUALTRICS_GERMAN, QUALTRICS_IMPORT])
    assert (layout.format, layout.header_rows) == ("qualtrics", 3)
    assert layout.headers[14] == "Welche Agentur bewerten Sie?"
    assert {r: QUALTRICS_CODES[p] for r, p in layout.roles.items()} == {
        "response_id": "ResponseId", "date": "RecordedDate", "email": "RecipientEmail", "name": "RecipientLastName",
        "status": "Status", "channel": "DistributionChannel", "finished": "Finished"}
    # The computed NPS group and Text iQ topics are bookkeeping; the questions are not.
    assert {16, 17} <= layout.metadata
    assert not {14, 15} & layout.metadata


def test_qualtrics_without_the_import_row_has_two_header_rows():
    assert qualtrics.layout([QUALTRICS_CODES, QUALTRICS_GERMAN, QUALTRICS_ROW]).header_rows == 2


def test_qualtrics_legacy_reads_row_2_and_ignores_the_trailing_empty_column():
    layout = qualtrics.layout(LEGACY)
    assert (layout.format, layout.header_rows) == ("qualtrics_legacy", 2)
    assert (_at(layout, "response_id"), _at(layout, "date"), _at(layout, "finished")) == (
        "ResponseID", "EndDate", "Finished")
    assert (_at(layout, "email"), _at(layout, "name")) == ("EmailAddress", "Name")
    assert {11, 12} <= layout.metadata and 10 not in layout.metadata


def test_surveymonkey_carries_a_question_over_blank_cells_and_ignores_other_please_specify():
    layout = surveymonkey.layout(MONKEY)
    assert (layout.format, layout.header_rows) == ("surveymonkey", 2)
    assert layout.headers[9:] == ["You are:", "You are: - Other (please specify)", "How much do you agree? - Row A",
                                  "How much do you agree? - Row B", "Any other comments?"]
    assert (_at(layout, "response_id"), _at(layout, "date"), _at(layout, "email")) == (
        "Respondent ID", "End Date", "Email Address")
    assert 10 in layout.metadata and not {9, 11, 12, 13} & layout.metadata


def test_google_forms_has_no_response_id_the_row_is_the_id():
    layout = google_forms.layout(FORMS_FR)
    assert (layout.format, layout.header_rows, layout.row_ids) == ("google_forms", 1, True)
    assert (_at(layout, "date"), _at(layout, "email")) == ("Horodateur", "Adresse e-mail")
    assert "response_id" not in layout.roles


def test_ms_forms_roles():
    layout = ms_forms.layout(MS_FORMS)
    assert (_at(layout, "response_id"), _at(layout, "date"), _at(layout, "email"), _at(layout, "name")) == (
        "ID", "Completion time", "Email", "Name")
    assert layout.metadata == set(range(6))


def test_ms_forms_quiz_points_and_feedback_are_no_questions():
    # A quiz export writes, beside each question, the points it scored and the feedback shown.
    head = [["ID", "Start time", "Completion time", "Email", "Name", "Total points", "Quiz feedback",
             "Last modified time", "Q one?", "Points - Q one?", "Feedback - Q one?", "Q two?", "Points - Q two?"]]
    layout = ms_forms.layout(head)
    assert sorted(set(range(13)) - layout.metadata) == [8, 11]


@pytest.mark.parametrize("head, questions", [
    # Full headings: timings, a file-upload count and an equation (its heading is an expression).
    ([["Response ID", "Date submitted", "Last page", "How old are you?", "Upload a photo",
       "filecount - Upload a photo", "{if(age.NAOK > 65, 1, 0)}", "Total time", "Group time: Intro",
       "Question time: age"]], [3, 4]),
    # Codes: `<code>Time` beside the column coded `<code>` is its timing; `visitTime` alone is a question.
    ([["id", "submitdate", "lastpage", "age", "visitTime", "interviewtime", "groupTime722", "ageTime",
       "visitTimeTime"]], [3, 4]),
    # A file-upload count coded `<code>[filecount]` (older versions: `<code>_filecount`).
    ([["id", "submitdate", "photo", "photo[filecount]", "photo_filecount"]], [2]),
])
def test_limesurvey_timings_uploads_and_equations_are_no_questions(head, questions):
    layout = limesurvey.layout(head)
    assert sorted(set(range(len(head[0]))) - layout.metadata) == questions


@pytest.mark.parametrize("head, id_header, submitted", [
    (LIME_CODES, "id", "submitdate"),
    (LIME_FULL_FR, "ID de la réponse", "Date de soumission"),
    (LIME_CODETEXT, "Response ID", "Date submitted"),
])
def test_limesurvey_heading_styles(head, id_header, submitted):
    layout = limesurvey.layout(head)
    assert (layout.format, layout.header_rows) == ("limesurvey", 1)
    assert (_at(layout, "response_id"), _at(layout, "submitted"), _at(layout, "date")) == (
        id_header, submitted, submitted)
    questions = {i for i, h in enumerate(layout.headers) if "agenc" in h.lower() or "INF1" in h or "[" in h}
    assert layout.metadata == set(range(len(head[0]))) - questions


def test_limesurvey_code_and_text_headings_keep_the_codes():
    layout = limesurvey.layout(LIME_CODETEXT)
    assert layout.codes[3:] == ["AGENCY", "HAB[INS1]"]
    assert layout.headers[3:] == ["Which agency?", "Agree? [Good work is recognised.]"]


def test_typeform_submit_date_is_the_date_and_says_a_response_was_finished():
    layout = typeform.layout(TYPEFORM)
    assert (_at(layout, "response_id"), _at(layout, "date"), _at(layout, "submitted")) == (
        "#", "Submit Date (UTC)", "Submit Date (UTC)")
    assert layout.metadata == set(range(2, 8)) | {0}


# ---------------------------------------------------------------- generic tables stay generic

GENERIC = sorted(
    [*(ROOT / "data" / "sample").glob("*.csv"), *(ROOT / "data" / "sample" / "fr").glob("*.csv"),
     ROOT / "data" / "sample" / "partnership_sample.xlsx", ROOT / "kpi" / "data" / "questions.csv",
     *(ROOT / "tests" / "fixtures").glob("*.csv"), *(ROOT / "tests" / "fixtures").glob("*.tsv"),
     ROOT / "tests" / "fixtures" / "workbook_all.xlsx",
     *(ROOT / "tests" / "fixtures" / "surveys").glob("*.expected.csv")])
UNREADABLE = {"empty.csv", "not_a_spreadsheet.csv"}


@pytest.mark.parametrize("path", [p for p in GENERIC if p.name not in UNREADABLE],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_the_projects_own_tables_are_claimed_by_no_survey_format(path):
    for raw in read_source(Source.from_path(path)):
        assert raw.format == "generic", raw.where
        head = [raw.headers, *(["" if v is None else str(v) for v in row] for row in raw.frame.head(3).values)]
        assert [m.FORMAT for m in registry() if m.sniff(head, raw.sheet) > THRESHOLD] == []
