import csv
import io

import pandas as pd
import pytest

from kpi.ingest.files import Source
from kpi.scoring import score_table
from kpi.validate.dataset import load

REVIEWS = ["review_id", "review_date", "partner", "respondent_side", "question_id", "score", "importance"]
MEETINGS = ["date", "partner", "meeting_type", "duration_min", "agenda_shared", "actions_opened", "actions_closed"]


def csv_source(name, rows, sep=",", encoding="utf-8", table=None):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\n").writerows(rows)
    return Source(name, buffer.getvalue().encode(encoding), table)


def problems(data, file=None):
    report = data.report()
    report = report[report["severity"] == "error"]
    if file:
        report = report[report["file"] == file]
    return list(zip(report["row"], report["column"], report["problem"]))


NPS = "Quelle est la probabilité que vous recommandiez ce partenaire ?"
GOOD_REVIEW = ["R1", "2026-03-15", "Agence Lumière", "client", "INF1", "4", "5"]


@pytest.mark.parametrize("row, column, problem", [
    (["R2", "2026-03-15", "A", "client", "DEL1", "9", ""], "score",
     "score 9 is outside the 1–5 scale of question DEL1"),
    (["R2", "2026-03-15", "A", "client", "DEL1", "4", "7"], "importance",
     "importance 7 is outside the 1–5 scale of question DEL1"),
    (["R2", "2026-03-15", "", "client", "INF1", "4", ""], "partner", "partner is blank; it is required"),
    (["R2", "2026-03-15", "A", "client", "Q99", "4", ""], "question_id",
     "unknown question id 'Q99': it is not in the question bank"),
    (["R2", "31/02/2026", "A", "client", "INF1", "4", ""], "review_date", "no such date 31/02/2026"),
    (["R2", "soon", "A", "client", "INF1", "4", ""], "review_date",
     "'soon' is not a date (write 2026-03-15 or 15/03/2026)"),
    (["R2", "2026-03-15", "A", "robot", "INF1", "4", ""], "respondent_side",
     "unknown side 'robot' (use client or agency)"),
    (["R2", "2026-03-15", "A", "client", "INF1", "four", ""], "score", "'four' is not a number"),
])
def test_review_rules_land_on_row_and_column(row, column, problem):
    data = load([csv_source("r.csv", [REVIEWS, GOOD_REVIEW, row])])
    assert problems(data) == [(3, column, problem)]
    assert data.summary().loc[0, ["rows_read", "valid", "rejected"]].tolist() == [2, 1, 1]
    assert data.reviews["source_row"].tolist() == [2]


@pytest.mark.parametrize("row, column, problem", [
    (["01/02/2026", "A", "karaoke", "", "", "", ""], "meeting_type",
     "unknown meeting type 'karaoke' (use one of: briefing, status, qbr, workshop, problem_solving, feedback, other)"),
    (["01/02/2026", "A", "qbr", "", "", "-1", ""], "actions_opened", "actions_opened -1 is negative"),
    (["01/02/2026", "A", "qbr", "", "", "2", "3"], "actions_closed", "actions_closed 3 is greater than actions_opened 2"),
    (["01/02/2026", "A", "qbr", "abc", "", "", ""], "duration_min", "'abc' is not a number"),
    (["01/02/2026", "A", "qbr", "", "", "1,5", ""], "actions_opened", "'1,5' is not a whole number"),
    (["01/02/2026", "A", "qbr", "", "maybe", "", ""], "agenda_shared",
     "'maybe' is not yes or no (use yes/no, oui/non, 1/0)"),
    (["", "A", "qbr", "", "", "", ""], "date", "date is blank; it is required"),
    (["01/02/2026", " ; ", "qbr", "", "", "", ""], "partner", "partner is blank; it is required"),
])
def test_meeting_rules_land_on_row_and_column(row, column, problem):
    good = ["01/02/2026", "A", "qbr", "60", "yes", "2", "1"]
    data = load([csv_source("m.csv", [MEETINGS, good, row])])
    assert problems(data) == [(3, column, problem)]
    assert len(data.meetings) == 1


def test_same_questionnaire_answering_twice_rejects_the_repeat():
    rows = [REVIEWS, GOOD_REVIEW, ["R2", "2026-03-15", "A", "agency", "INF2", "3", ""], GOOD_REVIEW]
    data = load([csv_source("r.csv", rows)])
    assert problems(data) == [(4, "question_id", "questionnaire R1 already answers question INF1 on row 2")]


def test_questionnaire_about_two_partners_is_reported():
    rows = [REVIEWS, GOOD_REVIEW, ["R1", "2026-03-15", "Studio Quartz", "client", "INF2", "3", ""]]
    data = load([csv_source("r.csv", rows)])
    assert problems(data) == [(3, "partner", "questionnaire R1 says partner 'Studio Quartz' here but "
                                            "'Agence Lumière' on row 2")]


def test_missing_required_column_rejects_every_row():
    rows = [REVIEWS[:4] + REVIEWS[5:], ["R1", "2026-03-15", "A", "client", "4", ""]] * 1
    data = load([csv_source("r.csv", rows)])
    assert problems(data)[0][:2] == (1, "question_id")
    assert "required column 'question_id' is missing" in problems(data)[0][2]
    assert data.summary().loc[0, ["rows_read", "valid", "rejected"]].tolist() == [1, 0, 1]


def test_rows_read_equals_valid_plus_rejected_on_a_mixed_file():
    rows = [REVIEWS]
    for i in range(30):
        score = ["4", "9", "", "abc", "N/A"][i % 5]
        side = "robot" if i % 7 == 0 else "client"
        rows.append([f"R{i}", "15/03/2026", f"P{i % 3}", side, "DEL1", score, ""])
    data = load([csv_source("r.csv", rows)])
    s = data.summary().iloc[0]
    assert s["rows_read"] == 30
    assert s["valid"] + s["rejected"] == s["rows_read"]
    assert s["valid"] == len(data.reviews)
    rejected = data.rejected_rows()
    assert len(rejected) == s["rejected"]
    assert set(rejected["row"]) == set(data.errors["row"])
    assert rejected["problems"].str.len().gt(0).all()


def test_french_file_cp1252_semicolon_decimal_comma_day_first():
    header = ["Identifiant revue", "Date de la revue", "Agence", "Côté", "Code question", "Note",
              "Importance de l'item", "Commentaire"]
    rows = [header,
            ["F1", "15/03/2026", "Agence Lumière", "Annonceur", "DEL1", "4", "4,5", "Très bien, merci"],
            ["F1", "15/03/2026", " agence  lumière ", "Annonceur", "NPS", "8", "", ""],
            ["F2", "16/03/2026", "AGENCE LUMIÈRE", "Agence", "DEL1", "5", "", "Nous livrons à l'heure"]]
    data = load([csv_source("revues.csv", rows, sep=";", encoding="cp1252")])
    assert data.ok, problems(data)
    r = data.reviews
    assert r["importance"].iloc[0] == 4.5
    assert r["review_date"].iloc[0] == pd.Timestamp("2026-03-15")
    assert r["respondent_side"].tolist() == ["client", "client", "agency"]
    assert r["partner_key"].nunique() == 1
    assert r["comment"].iloc[2] == "Nous livrons à l'heure"


def test_french_meetings_with_times_and_several_partners():
    header = ["Date de la réunion", "Partenaires", "Type de réunion", "Durée (min)", "Ordre du jour partagé",
              "Actions décidées", "Actions clôturées"]
    rows = [header, ["15/03/2026 14:30", "Agence Lumière; Studio Quartz", "Revue trimestrielle", "45,5", "oui", "3", "2"],
            ["16/03/2026", "Studio Quartz", "Point hebdo", "30", "non", "", ""]]
    data = load([csv_source("reunions.csv", rows, sep=";", encoding="cp1252")])
    assert data.ok, problems(data)
    m = data.meetings
    assert m["date"].iloc[0] == pd.Timestamp("2026-03-15 14:30")
    assert m["meeting_type"].tolist() == ["qbr", "status"]
    assert m["duration_min"].iloc[0] == 45.5
    assert m["agenda_shared"].tolist() == [True, False]
    assert m["partner"].iloc[0] == "Agence Lumière; Studio Quartz"


def test_month_first_option():
    # The option decides for a file whose dates prove no order (§1.7); 03/15/2026 would prove month-first.
    rows = [MEETINGS, ["05/04/2026", "A", "qbr", "", "", "", ""]]
    assert load([csv_source("m.csv", rows)]).meetings["date"].iloc[0] == pd.Timestamp("2026-04-05")
    data = load([csv_source("m.csv", rows)], month_first=True)
    assert data.meetings["date"].iloc[0] == pd.Timestamp("2026-05-04")


def test_wide_form_by_question_text_and_id():
    rows = [["Response ID", "Submitted", "Agency", "Side", "The partner delivers on time.", "INF1", "Country"],
            ["W1", "2026-03-15", "A", "client", "4", "N/A", "FR"],
            ["W2", "2026-03-16", "A", "agency", "9", "5", "FR"]]
    data = load([csv_source("wide.csv", rows)])
    long = data.reviews
    assert list(zip(long["review_id"], long["question_id"], long["score"].fillna(-1))) == [
        ("W1", "DEL2", 4.0), ("W1", "INF1", -1.0)]
    assert problems(data) == [(3, "The partner delivers on time.",
                               "score 9 is outside the 1–5 scale of question DEL2")]
    assert data.summary().loc[0, ["rows_read", "valid", "rejected"]].tolist() == [2, 1, 1]
    warnings = data.report().query("severity == 'warning'")["problem"].tolist()
    assert any("'Country'" in w for w in warnings)


def test_wide_form_without_id_uses_the_row():
    rows = [["Agence", "Côté", "Date", "Le partenaire livre dans les délais."], ["A", "annonceur", "15/03/2026", "4"]]
    data = load([csv_source("wide.csv", rows)])
    assert data.reviews["review_id"].tolist() == ["row 2"]


def test_a_wide_row_that_answers_nothing_is_a_questionnaire_and_its_cells_are_checked():
    # Found by tests/test_properties.py: such a row was counted valid, yet neither kept nor reported.
    rows = [["Comment", "rater side", "partner", NPS, "review_date"],
            ["", "VENDOR", "0x1F", "\u00a0", "2027-05-14 06:16"],
            ["", "client", "B", "", "soon"]]
    data = load([csv_source("wide.csv", rows, sep="\t")])
    assert problems(data) == [(3, "review_date", "'soon' is not a date (write 2026-03-15 or 15/03/2026)")]
    assert data.summary().loc[0, ["rows_read", "valid", "rejected"]].tolist() == [2, 1, 1]
    assert data.reviews[["review_id", "question_id"]].values.tolist() == [["row 2", "NPS"]]
    assert data.reviews["score"].isna().all()
    scores = score_table(data.reviews, None, data.questions)
    assert scores[["partner", "n_reviews", "feedback"]].values.tolist() == [["0x1F", 1, 50.0]]


def test_uploaded_bank_replaces_default_with_a_ten_point_scale():
    bank = csv_source("bank.csv", [["question_id", "kpi", "text", "scale_min", "scale_max", "reverse"],
                                   ["Q1", "Informed", "Briefs are clear", "1", "10", "non"],
                                   ["Q2", "livraison", "On time", "1", "10", "oui"]])
    reviews = csv_source("r.csv", [REVIEWS, ["R1", "2026-03-15", "A", "client", "Q1", "9", ""],
                                   ["R1", "2026-03-15", "A", "client", "INF1", "4", ""]])
    data = load([reviews, bank])
    assert data.bank_source == "uploaded"
    assert data.questions["question_id"].tolist() == ["Q1", "Q2"]
    assert data.questions["reverse"].tolist() == [False, True]
    assert data.questions["kpi"].tolist() == ["informed", "delivery"]
    assert problems(data) == [(3, "question_id", "unknown question id 'INF1': it is not in the question bank")]


def test_question_bank_rules():
    bank = csv_source("bank.csv", [["question_id", "kpi", "text", "scale_min", "scale_max"],
                                   ["Q1", "informed", "a", "1", "5"], ["Q1", "informed", "b", "1", "5"],
                                   ["Q2", "happiness", "c", "1", "5"], ["Q3", "informed", "d", "5", "1"]])
    data = load([bank])
    found = problems(data)
    assert found[0] == (3, "question_id", "question id Q1 is already defined on row 2")
    assert found[1][:2] == (4, "kpi") and "unknown KPI 'happiness'" in found[1][2]
    assert found[2] == (5, "scale_max", "scale_max 1 must be greater than scale_min 5")


def test_unrecognised_file_is_an_error_with_its_columns():
    data = load([csv_source("odd.csv", [["foo", "bar"], ["1", "2"], ["3", "4"]])])
    assert not data.ok
    assert "cannot tell whether this is reviews, meetings or questions (columns: foo, bar)" in problems(data)[0][2]
    assert data.summary().loc[0, "rejected"] == 2


def test_forcing_a_table():
    source = csv_source("odd.csv", [["foo", "bar", "baz"], ["01/02/2026", "A", "qbr"]], table="meetings")
    data = load([source])
    assert problems(data)[0][1] == "date"  # forced as meetings, its columns are then reported missing


def test_extra_cells_beyond_the_header_are_reported():
    text = "date;partner;meeting_type\n01/02/2026;A;qbr\n02/02/2026;A;qbr;extra\n"
    data = load([Source("m.csv", text.encode())])
    assert problems(data) == [(3, "", "this row has more cells than the header; "
                                      "a value probably holds an unquoted delimiter")]
    assert len(data.meetings) == 1


def test_report_in_french():
    data = load([csv_source("m.csv", [MEETINGS, ["01/02/2026", "A", "karaoke", "", "", "", ""]])])
    assert data.report("fr")["problem"].iloc[0].startswith("type de réunion inconnu « karaoke »")


def test_unreadable_file_is_kept_as_a_read_error():
    data = load([Source("empty.csv", b""), csv_source("m.csv", [MEETINGS, ["01/02/2026", "A", "qbr", "", "", "", ""]])])
    assert len(data.read_errors) == 1 and "empty.csv" in str(data.read_errors[0])
    assert len(data.meetings) == 1 and not data.ok


# ---------------------------------------------------------------- date order proven by the file (METHODOLOGY §1.7)

def meetings_dated(*dates):
    return csv_source("m.csv", [MEETINGS] + [[d, "A", "qbr", "", "", "", ""] for d in dates])


def warnings(data, lang="en"):
    report = data.report(lang)
    report = report[report["severity"] == "warning"]
    return list(zip(report["row"], report["column"], report["problem"]))


DAY_NOTE = "31/03/2026 can only be day/month: this file's slash dates are all read day-first, although " \
           "month-first was chosen"
MONTH_NOTE = "03/31/2026 14:30 can only be month/day: this file's slash dates are all read month-first (US order)"


@pytest.mark.parametrize("proof, month_first, read, note", [
    ("31/03/2026", False, ["2026-04-05", "2026-03-31"], None),
    ("31/03/2026", True, ["2026-04-05", "2026-03-31"], DAY_NOTE),
    ("03/31/2026 14:30", False, ["2026-05-04", "2026-03-31 14:30"], MONTH_NOTE),
    ("03/31/2026 14:30", True, ["2026-05-04", "2026-03-31 14:30"], None),
])
def test_a_file_read_in_the_order_it_proves(proof, month_first, read, note):
    data = load([meetings_dated("05/04/2026", proof)], month_first=month_first)
    assert data.ok, problems(data)
    assert data.meetings["date"].tolist() == [pd.Timestamp(d) for d in read]
    assert warnings(data) == ([(3, "date", note)] if note else [])


@pytest.mark.parametrize("month_first", [False, True])
def test_a_file_proving_nothing_follows_the_option(month_first):
    data = load([meetings_dated("05/04/2026", "2026-03-31")], month_first=month_first)
    assert data.meetings["date"].iloc[0] == pd.Timestamp("2026-05-04" if month_first else "2026-04-05")
    assert warnings(data) == []


def test_each_file_proves_its_own_order():
    day = csv_source("day.csv", [MEETINGS, ["05/04/2026", "A", "qbr", "", "", "", ""],
                                 ["31/03/2026", "A", "qbr", "", "", "", ""]])
    month = csv_source("month.csv", [MEETINGS, ["05/04/2026", "B", "qbr", "", "", "", ""],
                                     ["03/31/2026", "B", "qbr", "", "", "", ""]])
    data = load([day, month])
    assert data.ok
    assert data.meetings["date"].tolist() == [pd.Timestamp(d) for d in
                                              ("2026-04-05", "2026-03-31", "2026-05-04", "2026-03-31")]


@pytest.mark.parametrize("month_first", [False, True])
def test_a_file_proving_both_orders_rejects_the_rows_contradicting_the_first(month_first):
    data = load([meetings_dated("05/04/2026", "31/03/2026", "01/02/2026", "03/31/2026")], month_first=month_first)
    assert problems(data) == [(5, "date", "date 03/31/2026 contradicts row 3 (31/03/2026): one is day/month, "
                                          "the other month/day; make the file use one date order")]
    report = data.report("fr")
    assert report.loc[report["severity"] == "error", "problem"].tolist() == [
        "la date 03/31/2026 contredit la ligne 3 (31/03/2026) : l'une est jour/mois, l'autre mois/jour ; "
        "écrivez toutes les dates du fichier dans le même ordre"]
    assert data.summary().loc[0, ["rows_read", "valid", "rejected"]].tolist() == [4, 3, 1]
    assert data.meetings["date"].tolist() == [pd.Timestamp(d) for d in ("2026-04-05", "2026-03-31", "2026-02-01")]


def test_a_review_file_proving_month_first_first_rejects_its_day_first_row():
    rows = [REVIEWS, ["R1", "12/13/2025", "A", "client", "INF1", "4", ""],
            ["R2", "13/12/2025", "A", "client", "INF1", "4", ""]]
    data = load([csv_source("r.csv", rows)])
    assert problems(data) == [(3, "review_date", "date 13/12/2025 contradicts row 2 (12/13/2025): one is "
                                                 "day/month, the other month/day; make the file use one date order")]
    assert data.reviews["review_date"].tolist() == [pd.Timestamp("2025-12-13")]


def test_a_survey_export_proves_its_order_from_its_timestamps():
    rows = [["Timestamp", "Which agency are you rating?", "You are:",
             "Briefs state goals, audience, budget and timeline up front."],
            ["2025/11/04 10:02:33 AM GMT+1", "Agence A", "Client", "4"],
            ["11/13/2025 10:02:33", "Agence A", "Client", "5"],
            ["11/05/2025 09:00:00", "Agence A", "Client", "3"]]
    data = load([csv_source("form.csv", rows)])
    assert data.ok, problems(data)
    assert data.reviews["review_date"].tolist() == [pd.Timestamp(d) for d in (
        "2025-11-04 10:02:33", "2025-11-13 10:02:33", "2025-11-05 09:00:00")]
    assert [w[:2] for w in warnings(data)] == [(3, "Timestamp")]


def test_a_date_pandas_cannot_hold_rejects_its_row_only():
    data = load([meetings_dated("05/04/2026", "9999-12-31")])
    assert problems(data) == [(3, "date", "date 9999-12-31 is out of the range this tool reads "
                                          "(1677-09-22 to 2262-04-11)")]
    assert data.summary().loc[0, ["rows_read", "valid", "rejected"]].tolist() == [2, 1, 1]


def test_a_file_of_delimiters_only_is_not_ok():
    data = load([Source("delims.csv", b",,,\n;;;\n")])
    assert [error.code for error in data.read_errors] == ["read_no_values"]
    assert not data.ok


def _workbook_with_error_cells(errors: dict[str, str]) -> bytes:
    """A reviews sheet whose cells at `errors` (ref → error text) hold Excel error values, as Excel writes them."""
    import re
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "reviews"
    sheet.append(["review_id", "review_date", "partner", "respondent_side", "question_id", "score"])
    sheet.append(["R1", "2026-01-05", "Northwind", "client", "INF1", 4])
    sheet.append(["R2", "2026-01-05", "Northwind", "client", "INF2", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    parts = {n: zipfile.ZipFile(buffer).read(n) for n in zipfile.ZipFile(buffer).namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, error in errors.items():
        xml = re.sub(rf'<c r="{ref}"[^>]*>.*?</c>', f'<c r="{ref}" t="e"><f>A1/0</f><v>{error}</v></c>', xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_excel_error_values_are_rejected_cells_never_not_applicable():
    data = load([Source("book.xlsx", _workbook_with_error_cells({"F2": "#DIV/0!", "C3": "#REF!"}))])
    report = data.report()
    assert report[["row", "column", "value"]].values.tolist() == [[2, "score", "#DIV/0!"], [3, "partner", "#REF!"]]
    assert report["problem"].str.startswith("Excel error value").all()
    assert data.loads[0].n_rejected == 2 and data.reviews.empty


def test_excel_error_values_are_rejected_cells_on_a_long_sheet_too(monkeypatch):
    from kpi.ingest import files
    monkeypatch.setattr(files, "TEXT_COLUMN_ROWS", 2)  # a long sheet: text columns would become Arrow text
    data = load([Source("book.xlsx", _workbook_with_error_cells({"C3": "#REF!"}))])
    report = data.report()
    assert report[["row", "column", "value"]].values.tolist() == [[3, "partner", "#REF!"]]
    assert report["problem"].str.startswith("Excel error value").all()


def test_a_repeated_known_header_rejects_the_table_naming_both_columns():
    data = load([Source("dup.csv", b"review_id,review_date,partner,respondent_side,question_id,score,score\n"
                                   b"R1,2026-01-05,Northwind,client,INF1,4,5\n")])
    report = data.report()
    assert report[["row", "value", "severity"]].values.tolist() == [[1, "score", "error"]]
    assert "columns F and G" in report["problem"].iloc[0]
    assert data.loads[0].n_rejected == 1


def test_a_repeated_unknown_header_is_a_warning():
    data = load([Source("dup.csv", b"review_id,review_date,partner,respondent_side,question_id,score,x,x\n"
                                   b"R1,2026-01-05,Northwind,client,INF1,4,a,b\n")])
    assert data.ok
    assert data.report()["severity"].tolist() == ["warning"]


def test_a_quote_left_open_that_swallows_rows_is_a_rejected_row_not_silence():
    text = ("review_id,review_date,partner,respondent_side,question_id,score,comment\n"
            'R1,2026-01-05,Northwind,client,INF1,4,"good\n'
            "R2,2026-01-05,Northwind,client,INF1,4,ok\n"
            "R3,2026-01-05,Northwind,client,INF1,4,ok\n"
            'R4,2026-01-05,Northwind,client,INF1,4,ok"\n'
            "R5,2026-01-05,Northwind,client,INF1,4,ok\n")
    data = load([Source("quote.csv", text.encode())])
    errors = data.errors
    assert errors["row"].tolist() == [2] and errors["code"].tolist() == ["quote_swallows_rows"]
    assert "closed on line 5: 3 line(s)" in data.report()["problem"].iloc[0]
    assert data.reviews["review_id"].tolist() == ["R5"]


def test_a_multi_line_comment_is_not_a_swallowed_row():
    text = ("review_id,review_date,partner,respondent_side,question_id,score,comment\n"
            'R1,2026-01-05,Northwind,client,INF1,4,"good, fast;\nand kind"\n')
    assert load([Source("ok.csv", text.encode())]).ok
