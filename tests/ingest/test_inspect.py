"""kpi.ingest.inspect.describe: what each table of a load is, on tiny inline files with hand-computed answers."""

import json
from pathlib import Path

import pytest

from kpi.ingest.files import Source
from kpi.ingest.inspect import FIELDS, describe
from kpi.ingest.mapping import IGNORE, Mapping, Profile
from kpi.validate.dataset import load

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# A Qualtrics export (choice text): 3 header rows; a preview (Status 1), an unfinished response
# (Finished 0) and a typo 'Aagree' among 4 responses.
QUALTRICS = (
    "StartDate,EndDate,Status,Progress,Finished,RecordedDate,ResponseId,RecipientEmail,DistributionChannel,"
    "Q1,Q2,Q3_1,Q3_2,Q4,Q5\n"
    "Start Date,End Date,Response Type,Progress,Finished,Recorded Date,Response ID,Recipient Email,"
    "Distribution Channel,Which agency are you rating?,You are:,"
    "How much do you agree? - The partner delivers within budget.,"
    "How much do you agree? - The partner delivers on time.,"
    "How likely are you to recommend working with this partner?,Any other comments?\n"
    + ",".join('"{""ImportId"":""%s""}"' % c for c in ("startDate", "endDate", "status", "progress", "finished",
                                                       "recordedDate", "_recordId", "recipientEmail",
                                                       "distributionChannel", "QID1", "QID2", "QID3_1", "QID3_2",
                                                       "QID4", "QID5")) + "\n"
    "2026-03-01 10:00:00,2026-03-01 10:05:00,0,100,1,2026-03-01 10:05:01,R_1,ann@brand.com,anonymous,"
    "Northwind Media,Client (advertiser),Agree,Strongly agree,9,Great team\n"
    "2026-03-02 10:00:00,2026-03-02 10:05:00,1,100,1,2026-03-02 10:05:01,R_prev,,preview,"
    "Northwind Media,Agency,Agree,Agree,9,\n"
    "2026-03-03 10:00:00,2026-03-03 10:05:00,0,50,0,2026-03-03 10:05:01,R_unf,,anonymous,"
    "Northwind Media,Agency,Agree,,,\n"
    "2026-03-04 10:00:00,2026-03-04 10:05:00,0,100,1,2026-03-04 10:05:01,R_2,bob@nw.com,anonymous,"
    "Northwind Media,Agency,Strongly agree,Aagree,10,\n"
)
QUALTRICS_SIGNATURE = ("qualtrics:startdate|enddate|status|progress|finished|recordeddate|responseid|recipientemail|"
                       "distributionchannel|q1|q2|q31|q32|q4|q5")

# A Google Forms CSV with no partner and no side question, a column that is no question, and an empty response.
FORMS = (
    'Timestamp,Email Address,"Briefs state goals, audience, budget and timeline up front.",'
    "The partner delivers on time.,Favourite colour\n"
    "2026/03/02 10:15:00 AM GMT+1,ann@brand.com,4,5,blue\n"
    "2026/03/03 11:00:00 AM GMT+1,bob@brand.com,Agree,3,red\n"
    "2026/03/04 09:00:00 AM GMT+1,,,,\n"
)
FORMS_SIGNATURE = ("google_forms:timestamp|emailaddress|briefsstategoalsaudiencebudgetandtimelineupfront|"
                   "thepartnerdeliversontime|favouritecolour")
INF1 = "Briefs state goals, audience, budget and timeline up front."


def source(name, text, mapping=None):
    return Source(name, text.encode("utf-8"), mapping=mapping)


def test_a_qualtrics_export_is_described_field_by_field():
    [table] = describe(load([source("q2.csv", QUALTRICS)]))
    assert table == {
        "file": "q2.csv", "sheet": None, "format": "qualtrics", "table": "reviews",
        "header_rows": 3, "header_row": 1, "rows_read": 4, "rows_kept": 2,
        "dropped": {"preview": 1, "unfinished": 1},
        "mapping": {
            "review_id": "Response ID", "review_date": "Recorded Date", "respondent": "Recipient Email",
            "partner": "Which agency are you rating?", "respondent_side": "You are:",
            "comment": "Any other comments?",
            "DEL3": "How much do you agree? - The partner delivers within budget.",
            "DEL2": "How much do you agree? - The partner delivers on time.",
            "NPS": "How likely are you to recommend working with this partner?",
        },
        "needs": ["labels"], "unmatched": [], "labels_unknown": ["Aagree"], "values_unknown": {},
        "signature": QUALTRICS_SIGNATURE, "profile": None, "calendar_guess": {},
    }
    assert list(table) == list(FIELDS)
    json.dumps(table)  # plain data all the way down


def test_a_survey_export_without_partner_or_side_says_what_it_needs():
    [table] = describe(load([source("forms.csv", FORMS)]))
    assert (table["format"], table["header_rows"], table["rows_read"], table["rows_kept"], table["dropped"]) == (
        "google_forms", 1, 3, 2, {"empty": 1})
    assert table["mapping"] == {"review_date": "Timestamp", "review_id": "(file row)", "respondent": "Email Address",
                                "INF1": INF1, "DEL2": "The partner delivers on time."}
    assert table["needs"] == ["partner", "respondent_side", "questions"]
    assert table["unmatched"] == ["Favourite colour"]
    assert table["signature"] == FORMS_SIGNATURE


def test_constants_settle_partner_and_side_and_show_as_constants():
    [table] = describe(load([source("forms.csv", FORMS, Mapping(partner="Acme", side="client"))]))
    assert table["mapping"]["partner"] == "= Acme"
    assert table["mapping"]["respondent_side"] == "= client"
    assert table["needs"] == ["questions"]


def test_the_profile_applied_is_named():
    profile = Profile("Forms, one partner", FORMS_SIGNATURE,
                      Mapping(partner="Acme", side="agency", questions={"Favourite colour": IGNORE}), "google_forms")
    other = Profile("Other shape", "google_forms:timestamp", Mapping(partner="Zed"))
    forms, qualtrics = describe(load([source("forms.csv", FORMS), source("q2.csv", QUALTRICS)],
                                     profiles=[profile, other]))
    assert forms["profile"] == "Forms, one partner"
    assert forms["needs"] == [] and forms["unmatched"] == []
    assert qualtrics["profile"] is None


def test_a_generic_long_table_maps_its_aliases():
    text = "Response ID,Date,Agence,Side,Question,Score,Notes\nR1,2026-03-15,Acme,client,INF1,4,x\n"
    [table] = describe(load([source("r.csv", text)]))
    assert table == {
        "file": "r.csv", "sheet": None, "format": "generic", "table": "reviews", "header_rows": 1, "header_row": 1,
        "rows_read": 1, "rows_kept": 1, "dropped": {},
        "mapping": {"review_id": "Response ID", "review_date": "Date", "partner": "Agence",
                    "respondent_side": "Side", "question_id": "Question", "score": "Score"},
        "needs": [], "unmatched": ["Notes"], "labels_unknown": [], "values_unknown": {}, "signature": None, "profile": None,
        "calendar_guess": {},
    }


def test_a_generic_wide_table_maps_its_question_columns():
    text = f'review_id,partner,respondent_side,review_date,"{INF1}",DEL2,Extra\nR1,Acme,client,2026-03-15,4,5,x\n'
    [table] = describe(load([source("wide.csv", text)]))
    assert table["table"] == "reviews"
    assert table["mapping"] == {"review_id": "review_id", "partner": "partner", "respondent_side": "respondent_side",
                                "review_date": "review_date", "INF1": INF1, "DEL2": "DEL2"}
    assert table["needs"] == [] and table["unmatched"] == ["Extra"]


def test_a_generic_table_missing_a_required_column_needs_it():
    text = "review_id,review_date,respondent_side,question_id,score\nR1,2026-03-15,client,INF1,4\n"
    [table] = describe(load([source("r.csv", text)]))
    assert table["needs"] == ["partner"]


def test_an_unrecognised_table_needs_its_table():
    [table] = describe(load([source("notes.csv", "colour,size\nblue,3\nred,4\n")]))
    assert (table["table"], table["rows_read"], table["mapping"], table["needs"], table["unmatched"]) == (
        None, 2, {}, ["table"], ["colour", "size"])


def test_tables_come_in_the_order_of_the_files_and_sheets_are_named():
    book = FIXTURES / "workbook_all.xlsx"
    tables = describe(load([source("q2.csv", QUALTRICS), Source.from_path(book)]))
    assert [(t["file"], t["sheet"], t["table"]) for t in tables][0] == ("q2.csv", None, "reviews")
    assert {(t["file"], t["sheet"], t["table"]) for t in tables[1:]} == {
        ("workbook_all.xlsx", "reviews", "reviews"), ("workbook_all.xlsx", "meetings", "meetings"),
        ("workbook_all.xlsx", "questions", "questions")}


@pytest.mark.parametrize("rows_above", [0, 2])
def test_the_header_row_is_the_row_the_user_sees(rows_above):
    text = "Partnership survey export\n" * rows_above + "review_id,review_date,partner,respondent_side,question_id," \
        "score\nR1,2026-03-15,Acme,client,INF1,4\n"
    [table] = describe(load([source("r.csv", text)]))
    assert (table["header_rows"], table["header_row"], table["rows_read"]) == (1, rows_above + 1, 1)
