import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kpi.cli import main
from kpi.ingest.mapping import Mapping, Profile
from kpi.store import Store
from tests.ingest.test_inspect import FORMS, FORMS_SIGNATURE, QUALTRICS

ROOT = Path(__file__).resolve().parents[1]
GOOD_REVIEWS = (
    "review_id,review_date,partner,respondent_side,question_id,score\n"
    "R1,2026-03-15,Agence Lumière,client,INF1,4\n"
    "R2,2026-03-16,Agence Lumière,agency,INF1,5\n"
)
BAD_ROW = "R3,2026-03-17,Agence Lumière,client,DEL1,9\n"
MEETINGS = "date;partner;meeting_type;agenda_shared\n01/03/2026;Agence Lumière;QBR;oui\n"


@pytest.fixture
def files(tmp_path):
    def write(name, text, encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return str(path)
    return write


def test_validate_exit_0_when_valid(files, capsys):
    code = main(["validate", files("r.csv", GOOD_REVIEWS), files("m.csv", MEETINGS)])
    out = capsys.readouterr().out
    assert code == 0
    assert "r.csv: reviews: 2 rows read, 2 valid, 0 rejected" in out
    assert "m.csv: meetings: 1 rows read, 1 valid, 0 rejected" in out


def test_validate_exit_1_and_full_report(files, tmp_path, capsys):
    report = tmp_path / "report.csv"
    code = main(["validate", files("r.csv", GOOD_REVIEWS + BAD_ROW), "--report", str(report)])
    out = capsys.readouterr().out
    assert code == 1
    assert "2 valid, 1 rejected" in out
    assert "row 4, column score [9]: score 9 is outside the 1–5 scale of question DEL1" in out
    frame = pd.read_csv(report)
    assert list(frame.columns[:6]) == ["file", "table", "row", "column", "value", "problem"]
    assert frame.loc[0, "row"] == 4


@pytest.mark.parametrize("name, content", [
    ("empty.csv", b""),
    ("junk.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
    ("broken.xlsx", b"PK\x03\x04broken"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
])
def test_unreadable_file_exit_2_one_line_no_traceback(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    for command in ("validate", "score"):
        result = subprocess.run([sys.executable, "-m", "kpi", command, str(path)], capture_output=True, text=True,
                                cwd=ROOT)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0]


def test_missing_file_exit_2(capsys):
    assert main(["validate", "no/such/file.csv"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_score_writes_the_table(files, capsys):
    code = main(["score", files("r.csv", GOOD_REVIEWS), files("m.csv", MEETINGS)])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("partner,period,informed,involved,inspired,interconnected,improving,overall,"
                               "delivery_gap,n_reviews,n_meetings,low_confidence,survey_informed")
    assert lines[1].startswith("Agence Lumière,2026-H1,")
    header = lines[0].split(",")
    assert header[-25:-20] == ["client_self_informed", "partner_view_informed", "habit_gap_informed",
                               "n_client_self_informed", "n_partner_view_informed"]   # METHODOLOGY §5.1, with n


def test_score_refuses_rejected_rows_unless_skip_invalid(files, tmp_path, capsys):
    reviews = files("r.csv", GOOD_REVIEWS + BAD_ROW)
    assert main(["score", reviews]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "--skip-invalid" in captured.err
    rejected, out = tmp_path / "rejected.csv", tmp_path / "scores.csv"
    code = main(["score", reviews, "--skip-invalid", "--rejected", str(rejected), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0
    assert "1 rejected rows left out" in err
    left_out = pd.read_csv(rejected)
    assert left_out["row"].tolist() == [4] and left_out["question_id"].tolist() == ["DEL1"]
    assert pd.read_csv(out)["n_reviews"].tolist() == [2]


def test_score_quarters_and_config(files, tmp_path, capsys):
    config = tmp_path / "weights.toml"
    config.write_text("[weights.involved]\nsurvey_involved = 1.0\ncadence = 0.0\n")
    assert main(["score", files("m.csv", MEETINGS), "--period", "quarter", "--config", str(config)]) == 0
    frame = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert frame["period"].tolist() == ["2026-Q1"]
    assert pd.isna(frame.loc[0, "involved"])  # cadence weighs 0 and there is no survey


def test_bad_config_exit_2(files, tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text("[weights.informed]\nagenda = 0.3\n")
    assert main(["score", files("r.csv", GOOD_REVIEWS), "--config", str(config)]) == 2
    assert "unknown setting 'weights.informed.agenda'" in capsys.readouterr().err


def test_forced_table_flag(files, capsys):
    path = files("export.csv", "when,who,kind\n01/03/2026,A,qbr\n")
    assert main(["validate", "--meetings", path]) == 1
    assert "required column 'partner' is missing" in capsys.readouterr().out


def test_sample_command_is_deterministic(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["sample", "--out", str(a), "--partners", "3", "--seed", "3", "--csv-only"]) == 0
    assert main(["sample", "--out", str(b), "--partners", "3", "--seed", "3", "--csv-only"]) == 0
    assert (a / "reviews.csv").read_bytes() == (b / "reviews.csv").read_bytes()
    assert main(["validate", str(a / "reviews.csv"), str(a / "meetings.csv")]) == 0


def test_unreadable_file_message_in_french(tmp_path, capsys):
    path = tmp_path / "vieux.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert main(["validate", str(path), "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: vieux.xls: les anciens fichiers Excel 97-2003 (.xls) ne sont pas pris en charge")


# ---------------------------------------------------------------- survey exports: inspect, constants, profiles

FORMS_PROFILE = Profile("Forms, one partner", FORMS_SIGNATURE, Mapping(partner="Acme", side="client"), "google_forms")


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'kpi.sqlite'}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    return url


def scores(out):
    return pd.read_csv(io.StringIO(out))


def test_validate_counts_dropped_responses_by_reason(files, capsys):
    assert main(["validate", files("q2.csv", QUALTRICS)]) == 1
    out = capsys.readouterr().out
    assert "q2.csv: reviews: 4 rows read, 1 valid, 1 rejected, 2 dropped (1 preview, 1 unfinished)" in out


def test_validate_report_keeps_every_problem_of_a_survey_export(files, tmp_path, capsys):
    report = tmp_path / "report.csv"
    assert main(["validate", files("q2.csv", QUALTRICS), "--report", str(report)]) == 1
    frame = pd.read_csv(report)
    errors = frame[frame["severity"] == "error"]
    assert errors[["row", "value"]].values.tolist() == [[7, "Aagree"]]  # 3 header rows: the 4th response is row 7
    assert "report written to" in capsys.readouterr().out


def test_inspect_json_lists_each_table_and_exits_0_with_open_needs(files, capsys):
    code = main(["inspect", files("q2.csv", QUALTRICS), files("forms.csv", FORMS), "--json"])
    tables = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(t["file"], t["format"], t["header_rows"], t["rows_read"], t["rows_kept"], t["dropped"], t["needs"])
            for t in tables] == [
        ("q2.csv", "qualtrics", 3, 4, 2, {"preview": 1, "unfinished": 1}, ["labels"]),
        ("forms.csv", "google_forms", 1, 3, 2, {"empty": 1}, ["partner", "respondent_side", "questions"]),
    ]
    assert tables[1]["mapping"]["INF1"].startswith("Briefs state goals")


def test_inspect_for_people_names_the_format_rows_mapping_and_needs(files, capsys):
    assert main(["inspect", files("forms.csv", FORMS)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("forms.csv\n  format     google_forms, 1 header row from row 1\n  table      reviews\n")
    assert "  rows       3 after the header: 2 kept, 1 dropped (1 empty)\n" in out
    assert "  mapping    review_date  ← Timestamp\n" in out
    assert "  not read   Favourite colour\n" in out
    assert "  needs      partner: no question names the partner rated: give --partner NAME, or a profile\n" in out
    assert "  profile    none applied\n" in out
    assert out.endswith("1 table: 1 with open needs (settle them with --partner, --side or --profile, or in the "
                        "mapping step of the Upload page)\n")


def test_inspect_exit_2_on_an_unreadable_file(files, capsys):
    assert main(["inspect", files("q2.csv", QUALTRICS), files("empty.csv", ""), "--json"]) == 2
    captured = capsys.readouterr()
    assert [t["file"] for t in json.loads(captured.out)] == ["q2.csv"]
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: empty.csv: ")


def test_partner_and_side_constants_make_a_file_without_those_questions_score(files, capsys):
    forms = files("forms.csv", FORMS)
    assert main(["score", forms]) == 1
    capsys.readouterr()
    assert main(["score", forms, "--partner", "Northwind Media", "--side", "client"]) == 0
    table = scores(capsys.readouterr().out)
    # INF1 answered 4 and 'Agree' (4 of 1–5): survey_informed = (4 − 1) / 4 × 100 = 75
    assert table[["partner", "n_reviews", "survey_informed"]].values.tolist() == [["Northwind Media", 2, 75.0]]


def test_partner_flag_on_a_file_in_our_own_columns_says_it_does_nothing(files, capsys):
    assert main(["validate", files("r.csv", GOOD_REVIEWS), "--partner", "Acme"]) == 0
    assert "--partner and --side settle survey-tool exports only" in capsys.readouterr().err


def test_profile_by_path_applies_to_the_files_it_fits_and_flags_go_on_top(files, tmp_path, capsys):
    path = tmp_path / "forms.toml"
    path.write_text(FORMS_PROFILE.to_toml(), encoding="utf-8")
    forms, qualtrics = files("forms.csv", FORMS), files("q2.csv", QUALTRICS)
    assert main(["validate", forms, qualtrics, "--profile", str(path)]) == 1  # q2.csv's 'Aagree' is rejected
    out = capsys.readouterr().out
    assert "forms.csv: reviews: 3 rows read, 2 valid, 0 rejected, 1 dropped (1 empty)" in out
    assert "note: forms.csv, row 1: the saved mapping 'Forms, one partner' was applied" in out
    assert main(["score", forms, "--profile", str(path), "--partner", "Zed"]) == 0
    assert scores(capsys.readouterr().out)["partner"].tolist() == ["Zed"]


def test_a_profile_that_fits_none_of_the_files_exit_2(files, tmp_path, capsys):
    path = tmp_path / "forms.toml"
    path.write_text(FORMS_PROFILE.to_toml(), encoding="utf-8")
    for command in ("validate", "score", "inspect"):
        assert main([command, files("q2.csv", QUALTRICS), "--profile", str(path)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith(f"error: profile {path} fits none of the files: its columns differ")


def test_profile_by_name_comes_from_the_store(files, store_url, capsys):
    with Store(store_url) as store:
        store.save_profile(FORMS_PROFILE, by="ann")
    assert main(["score", files("forms.csv", FORMS), "--profile", "Forms, one partner"]) == 0
    assert scores(capsys.readouterr().out)["partner"].tolist() == ["Acme"]
    assert main(["validate", files("forms.csv", FORMS), "--profile", "Nobody"]) == 2
    assert "no saved profile named 'Nobody'" in capsys.readouterr().err


@pytest.mark.parametrize("content, message", [
    (None, "no such profile file"),
    ("name = [", "not a valid TOML profile"),
    ('[mapping]\nside = "vendor"\n', "side must be client or agency"),
])
def test_a_profile_file_that_cannot_be_used_exit_2(files, tmp_path, capsys, content, message):
    path = tmp_path / "p.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["validate", files("forms.csv", FORMS), "--profile", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_profile_import_list_show_export_delete_round_trip(tmp_path, store_url, capsys):
    given = tmp_path / "given.toml"
    given.write_text(FORMS_PROFILE.to_toml(), encoding="utf-8")
    assert main(["profile", "list"]) == 0
    assert capsys.readouterr().out.startswith("no saved profiles in ")
    assert main(["profile", "import", str(given), "--by", "ann"]) == 0
    assert main(["profile", "import", str(given), "--name", "Copy"]) == 0
    assert main(["profile", "import", str(given)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(" in ")[0] for line in out] == [
        "profile 'Forms, one partner' saved", "profile 'Copy' saved", "profile 'Forms, one partner' replaced"]
    assert main(["profile", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Copy  [google_forms]  partner = Acme; side = client",
        "Forms, one partner  [google_forms]  partner = Acme; side = client"]

    exported = tmp_path / "exported.toml"
    assert main(["profile", "export", "Forms, one partner", "--out", str(exported)]) == 0
    assert Profile.from_toml(exported.read_text(encoding="utf-8")) == FORMS_PROFILE
    capsys.readouterr()
    assert main(["profile", "show", "Copy"]) == 0
    assert Profile.from_toml(capsys.readouterr().out) == Profile("Copy", FORMS_SIGNATURE, FORMS_PROFILE.mapping,
                                                                 "google_forms")

    assert main(["profile", "delete", "Copy"]) == 0
    assert main(["profile", "delete", "Copy"]) == 2
    assert "no saved profile named 'Copy'" in capsys.readouterr().err
    with Store(store_url) as store:
        assert store.profiles() == [FORMS_PROFILE]


def test_a_profile_without_a_signature_is_not_imported(tmp_path, store_url, capsys):
    path = tmp_path / "p.toml"
    path.write_text('name = "No shape"\n[mapping]\npartner = "Acme"\n', encoding="utf-8")
    assert main(["profile", "import", str(path)]) == 2
    assert "has no signature" in capsys.readouterr().err


# ---------------------------------------------------------------- what the command line prints, and its size cap

def test_printable_escapes_what_a_terminal_would_obey():
    from kpi.cli import printable

    assert printable("a\x1b[2Jb\nc\rd\te\x00f\x7fg\x9bh\u202ei\u2028j") == \
        "a\\x1b[2Jb\\nc\\rd\\te\\x00f\\x7fg\\x9bh\\u202ei\\u2028j"
    assert printable("C:\\data\\Agence Lumière 🦊.csv") == "C:\\data\\Agence Lumière 🦊.csv"


def test_inspect_json_escapes_controls_and_stays_json(files, capsys):
    path = files("r.csv", "review_id,review_date,partner,respondent_side,question_id,score\n"
                          "R1,2026-03-15,Kestrel\u202e PR\x1b[31m,client,INF1,4\n")
    assert main(["inspect", path, "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert json.loads(out)[0]["file"] == "r.csv"


def test_usage_errors_quote_arguments_escaped(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["validate", "--lang", "fr\x1b[2J"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "fr\\x1b[2J" in err


def test_size_cap_from_max_mb_and_from_the_config(files, tmp_path, capsys):
    path = files("r.csv", GOOD_REVIEWS + "".join(f"R{i},2026-03-20,Agence Lumière,client,INF1,4\n"
                                                 for i in range(10, 30_000)))  # 1.3 MB
    assert main(["validate", path, "--max-mb", "1"]) == 2
    assert capsys.readouterr().err == (f"error: {path}: the file is 1 MB; the limit is 1 MB: raise it with --max-mb N, "
                                       "or with upload_mb under [limits] in the --config file\n")
    config = tmp_path / "limits.toml"
    config.write_text("[limits]\nupload_mb = 1\n", encoding="utf-8")
    assert main(["score", path, "--config", str(config), "--lang", "fr"]) == 2
    assert "la limite est de 1 Mo : relevez-la avec --max-mb N" in capsys.readouterr().err
    assert main(["validate", path, "--config", str(config), "--max-mb", "1.5"]) == 0
    with pytest.raises(SystemExit):
        main(["validate", path, "--max-mb", "0"])
    assert "'0' is not a size in MB" in capsys.readouterr().err


def test_a_pipe_is_read_no_further_than_the_size_cap(tmp_path):
    # A pipe says no size before it is read: the cap stops the read itself, not a look at the size.
    fifo = tmp_path / "reviews.csv"
    os.mkfifo(fifo)
    body = (GOOD_REVIEWS + "".join(f"R{i},2026-03-20,A,client,INF1,4\n" for i in range(10, 60_000))).encode()
    source = tmp_path / "big.csv"
    source.write_bytes(body)
    writer = subprocess.Popen(["sh", "-c", 'cat "$0" > "$1"', str(source), str(fifo)], stderr=subprocess.DEVNULL)
    reader = subprocess.run([sys.executable, "-m", "kpi", "validate", str(fifo), "--max-mb", "1"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    writer.wait(timeout=60)
    assert len(body) > 1_900_000
    assert reader.returncode == 2
    assert reader.stderr == (f"error: {fifo}: the file is > 1 MB; the limit is 1 MB: raise it with --max-mb N, "
                             "or with upload_mb under [limits] in the --config file\n")


def test_a_file_holding_a_header_only_is_not_valid(files, capsys):
    header_only = files("h.csv", GOOD_REVIEWS.splitlines()[0] + "\n")
    assert main(["validate", header_only]) == 1
    assert "nothing to check in h.csv: it holds a header but no data rows" in capsys.readouterr().err
    assert main(["validate", header_only, files("r.csv", GOOD_REVIEWS)]) == 1
    assert main(["score", header_only, files("m.csv", MEETINGS)]) == 1
    assert main(["score", header_only, files("m.csv", MEETINGS), "--skip-invalid", "--lang", "fr"]) == 0
    assert "rien à vérifier dans h.csv" in capsys.readouterr().err


# ---------------------------------------------------------------- health


def test_health_says_ok_when_the_store_opens_and_answers(store_url, capsys):
    assert main(["health"]) == 0
    out, err = capsys.readouterr()
    assert out == "ok\n" and "schema 4, nothing published" in err


@pytest.mark.parametrize("url, reason", [
    ("postgresql+psycopg://kpi:s3cret@127.0.0.1:1/kpi", "could not open the database"),
    ("not a url", "not a valid SQLAlchemy URL"),
])
def test_health_exit_2_with_the_reason_when_the_store_fails(monkeypatch, capsys, url, reason):
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    assert main(["health"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and reason in err and "s3cret" not in err


def test_health_as_a_process(store_url):
    done = subprocess.run([sys.executable, "-m", "kpi", "health"], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    assert (done.returncode, done.stdout) == (0, "ok\n")


# ---------------------------------------------------------------- duplicates (METHODOLOGY §1.6), publish, --published

SAMPLE = ROOT / "data" / "sample"


def test_the_sample_workbook_with_its_csv_copies_scores_like_the_workbook_alone(tmp_path, capsys):
    alone, together = tmp_path / "alone.csv", tmp_path / "together.csv"
    assert main(["score", str(SAMPLE / "partnership_sample.xlsx"), "--out", str(alone)]) == 0
    capsys.readouterr()
    assert main(["score", str(SAMPLE / "partnership_sample.xlsx"), str(SAMPLE / "reviews.csv"),
                 str(SAMPLE / "meetings.csv"), "--out", str(together)]) == 0
    err = capsys.readouterr().err
    assert together.read_bytes() == alone.read_bytes()
    assert ("duplicates: reviews.csv: 124 questionnaire(s) (2480 answers) repeat partnership_sample.xlsx [reviews]: "
            "left out, counted once") in err
    assert "duplicates: meetings.csv: 747 meeting(s) repeat partnership_sample.xlsx [meetings]" in err
    assert "  duplicate: reviews.csv, row 2: questionnaire R00001 " in err
    assert "... and 866 more duplicates (write them all with validate --report PATH)" in err


def test_validate_reports_duplicates_as_warnings_and_conflicts_as_errors(files, tmp_path, capsys):
    conflicting = GOOD_REVIEWS.replace("client,INF1,4", "client,INF1,2")
    report = tmp_path / "report.csv"
    assert main(["validate", files("a.csv", GOOD_REVIEWS), files("copy.csv", GOOD_REVIEWS), "--report",
                 str(report)]) == 0
    out = capsys.readouterr().out
    assert "copy.csv: reviews: 2 rows read, 0 valid, 0 rejected, 2 dropped (2 duplicate)" in out
    frame = pd.read_csv(report)
    assert frame[["file", "row", "severity"]].values.tolist() == [["copy.csv", 2, "warning"], ["copy.csv", 3, "warning"]]
    assert main(["validate", files("a.csv", GOOD_REVIEWS), files("b.csv", conflicting), "--report",
                 str(report)]) == 1
    out = capsys.readouterr().out
    assert "b.csv: reviews: 2 rows read, 0 valid, 1 rejected, 1 dropped (1 duplicate)" in out  # R2 is a copy
    assert "b.csv, row 2, column score [2]: questionnaire R1 (Agence Lumière) answers question INF1 with 2 here " \
           "but 4 in a.csv, row 2" in out
    frame = pd.read_csv(report)
    assert frame[["file", "row", "severity"]].values.tolist() == [
        ["a.csv", 2, "error"], ["b.csv", 2, "error"], ["b.csv", 3, "warning"]]


def test_score_rejects_conflicts_unless_skip_invalid(files, capsys):
    conflicting = GOOD_REVIEWS.replace("client,INF1,4", "client,INF1,2")
    given = [files("a.csv", GOOD_REVIEWS), files("b.csv", conflicting)]
    assert main(["score", *given]) == 1
    assert "nothing scored" in capsys.readouterr().err
    assert main(["score", *given, "--skip-invalid"]) == 0
    out, err = capsys.readouterr()
    assert "2 rejected rows left out of the scores" in err
    assert "duplicates: b.csv: 1 questionnaire(s) (1 answers) repeat a.csv" in err
    assert scores(out)["n_reviews"].sum() == 1  # R1 answers nothing left, R2 counted once


def _versions(url):
    with Store(url) as store:
        return store.versions()["id"].tolist()


def test_publish_adds_files_and_refuses_the_same_bytes(store_url, capsys):
    workbook = str(SAMPLE / "partnership_sample.xlsx")
    assert main(["publish", workbook, "--by", "ci", "--note", "first wave"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("version 1 published in sqlite:///") and out.rstrip().endswith(
        "added partnership_sample.xlsx")
    assert main(["publish", workbook, "--by", "ci"]) == 1
    err = capsys.readouterr().err
    assert ("error: partnership_sample.xlsx has the same bytes as the published source 'partnership_sample.xlsx': "
            "it is already in the data set") in err
    assert err.rstrip().endswith("nothing published")
    assert _versions(store_url) == [1]


def test_publish_refuses_the_same_file_given_twice(store_url, files, capsys):
    a, b = files("a.csv", GOOD_REVIEWS), files("b.csv", GOOD_REVIEWS)
    assert main(["publish", a, b, "--by", "ci"]) == 1
    assert "b.csv has the same bytes as a.csv, given too" in capsys.readouterr().err
    assert _versions(store_url) == []


def test_publish_leaves_out_what_is_published_and_scores_by_version(store_url, tmp_path, capsys):
    workbook = str(SAMPLE / "partnership_sample.xlsx")
    alone = tmp_path / "alone.csv"
    assert main(["score", workbook, "--out", str(alone)]) == 0
    assert main(["publish", workbook, "--by", "ci"]) == 0
    capsys.readouterr()
    # CSV copies of the published workbook: every row already there, nothing new, no version made
    assert main(["publish", str(SAMPLE / "reviews.csv"), str(SAMPLE / "meetings.csv"), "--by", "ci"]) == 0
    err = capsys.readouterr().err
    assert "duplicates: reviews.csv: 124 questionnaire(s) (2480 answers) repeat partnership_sample.xlsx [reviews]" in err
    assert "the published partnership_sample.xlsx [reviews]" not in err  # copies name the place, not a conflict
    assert "nothing new to publish" in err
    assert _versions(store_url) == [1]
    published = tmp_path / "published.csv"
    assert main(["score", "--published", "--out", str(published)]) == 0
    assert "published version 1 of sqlite:///" in capsys.readouterr().err
    assert published.read_bytes() == alone.read_bytes()


def test_publish_rejects_answers_contradicting_published_ones(store_url, files, capsys):
    assert main(["publish", files("a.csv", GOOD_REVIEWS), "--by", "ci"]) == 0
    later = GOOD_REVIEWS.replace("client,INF1,4", "client,INF1,2") + "R5,2026-04-01,Agence Lumière,client,INF1,3\n"
    b = files("b.csv", later)
    assert main(["publish", b, "--by", "ci"]) == 1
    err = capsys.readouterr().err
    assert ("questionnaire R1 (Agence Lumière) answers question INF1 with 2 here but 4 in the published a.csv, row 2"
            in err) and "nothing published" in err
    assert main(["publish", b, "--by", "ci", "--skip-invalid"]) == 0
    with Store(store_url) as store:
        assert store.sources()["name"].tolist() == ["a.csv", "b.csv"]
        assert store.load().reviews["review_id"].tolist() == ["R1", "R2", "R5"]  # R2 of b.csv repeats a.csv's


def test_publish_replace_and_remove(store_url, files, capsys):
    a = files("a.csv", GOOD_REVIEWS)
    m = files("m.csv", MEETINGS)
    assert main(["publish", a, m, "--by", "ci"]) == 0
    corrected = files("a2.csv", GOOD_REVIEWS.replace("client,INF1,4", "client,INF1,2"))
    assert main(["publish", corrected, "--replace", "a.csv", "--by", "ci"]) == 0  # no conflict with what it replaces
    assert capsys.readouterr().out.rstrip().endswith("replaced a.csv")
    assert main(["publish", "--remove", "m.csv", "--by", "ci"]) == 0
    with Store(store_url) as store:
        assert store.sources()["name"].tolist() == ["a2.csv"]
        assert store.load().reviews["score"].tolist() == [2.0, 5.0]
    assert main(["publish", "--remove", "nope.csv", "--by", "ci"]) == 2
    assert "there is no published source named 'nope.csv' (published sources: 'a2.csv')" in capsys.readouterr().err
    assert main(["publish", a, m, "--replace", "a2.csv"]) == 2
    assert "--replace NAME takes exactly one FILE" in capsys.readouterr().err


def test_score_published_needs_something_published(store_url, files, capsys):
    assert main(["score", "--published"]) == 2
    assert "nothing has been published yet" in capsys.readouterr().err
    assert main(["score", "--published", "3", files("a.csv", GOOD_REVIEWS)]) == 2
    assert "give files or --published, not both" in capsys.readouterr().err
    assert main(["publish", files("a.csv", GOOD_REVIEWS), "--by", "ci"]) == 0
    assert main(["score", "--published", "7"]) == 2
    assert "there is no published version 7" in capsys.readouterr().err


def test_passcode_prints_the_hashed_form_of_a_passcode_typed_twice(monkeypatch, capsys):
    from kpi.passcodes import matches

    typed = iter(["a long passcode of ours", "a long passcode of ours"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert main(["passcode"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("pbkdf2_sha256$600000$") and matches("a long passcode of ours", printed)
    assert "a long passcode" not in printed
    for first, again, message in [("one", "two", "the two passcodes differ"), ("  ", "  ", "an empty passcode"),
                                  ("change-me", "change-me", "the example file's passcode")]:
        typed = iter([first, again])
        assert main(["passcode"]) == 2
        assert message in capsys.readouterr().err


def test_a_new_wave_is_checked_against_the_published_question_bank(files, tmp_path, monkeypatch, capsys):
    # A data set published with its own bank (question ids the default bank does not know); the next wave brings
    # answers only: they are checked against the published bank, not rejected as unknown questions.
    monkeypatch.setenv("KPI_DATABASE_URL", f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    bank = files("bank.csv", "question_id,kpi,text,scale_min,scale_max\nOWN1,informed,Our own question,1,5\n"
                             "OWN2,involved,Another of ours,1,5\n")
    wave1 = files("wave1.csv", "review_id,review_date,partner,respondent_side,question_id,score\n"
                               "R1,2026-03-02,Agence Lumière,client,OWN1,4\nR1,2026-03-02,Agence Lumière,client,OWN2,5\n")
    wave2 = files("wave2.csv", "review_id,review_date,partner,respondent_side,question_id,score\n"
                               "S1,2026-09-02,Agence Lumière,client,OWN1,3\nS1,2026-09-02,Agence Lumière,client,OWN2,2\n")
    assert main(["publish", bank, wave1, "--by", "ana"]) == 0
    capsys.readouterr()
    assert main(["publish", wave2, "--by", "ana"]) == 0, capsys.readouterr().err
    published = Store(f"sqlite:///{tmp_path / 'kpi.sqlite'}").load()
    assert sorted(published.questions["question_id"]) == ["OWN1", "OWN2"]  # the bank kept, not the default
    assert sorted(published.reviews["review_id"]) == ["R1", "R1", "S1", "S1"]


def test_profile_list_says_what_a_calendar_profile_settles(tmp_path, store_url, capsys):
    calendar = Profile("Team calendar", "calendar_table:eventtitle|starts", Mapping(
        columns={"subject": "Event title", "start_date": "Starts"}, categories={"Orange": "qbr"}), "calendar_table")
    given = tmp_path / "calendar.toml"
    given.write_text(calendar.to_toml(), encoding="utf-8")
    assert main(["profile", "import", str(given)]) == 0
    capsys.readouterr()
    assert main(["profile", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Team calendar  [calendar_table]  2 calendar columns; 1 category type"]
