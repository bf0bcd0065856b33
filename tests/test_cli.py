import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kpi.cli import main

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
