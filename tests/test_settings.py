"""Tests of kpi.settings: defaults (METHODOLOGY §4), TOML overrides, and the errors a bad file gives."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi.errors import ConfigError
from kpi.questions import default_questions
from kpi.contracts.schema import CLEAN_COLUMNS
from kpi.scoring import score_table
from kpi.settings import SCORE_COMPONENTS, SCORES, SETTINGS, Settings, load_settings, parse_settings

NAN = float("nan")


# ---------------------------------------------------------------- defaults

def test_default_weights_are_those_of_methodology_section_4():
    settings = Settings()
    assert {score: settings.weights(score) for score in SCORES} == {
        "informed": {"survey_informed": 0.7, "agenda_rate": 0.3},
        "involved": {"survey_involved": 0.5, "cadence": 0.5},
        "inspired": {"survey_inspired": 0.7, "workshops": 0.3},
        "interconnected": {"survey_interconnected": 0.6, "joint": 0.4},
        "improving": {"survey_improving": 0.4, "feedback": 0.3, "follow_through": 0.3},
    }


def test_other_defaults():
    settings = Settings()
    assert settings["period"] == "half"
    assert [settings[f"targets.{t}"] for t in ("meetings_per_month", "qbrs_per_quarter", "workshops_per_quarter",
                                                "joint_per_quarter")] == [1.0, 1.0, 1.0, 1.0]
    assert (settings["feedback.both_sides"], settings["feedback.one_side"]) == (100.0, 50.0)
    assert settings["thresholds.low_confidence_reviews"] == 3
    assert settings["thresholds.delivery_gap_flag"] == 10.0
    assert settings.overrides() == {}
    assert settings == Settings({}) == load_settings(None)


def test_every_setting_has_a_reason_and_every_component_a_weight():
    assert all(s.help.strip() for s in SETTINGS)
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)
    names = {s.name for s in SETTINGS}
    assert {f"weights.{score}.{c}" for score, comps in SCORE_COMPONENTS.items() for c in comps} <= names


# ---------------------------------------------------------------- TOML overrides

def test_toml_overrides_weights_targets_thresholds_and_period():
    settings = parse_settings("""
period = "quarter"

[weights.informed]
survey_informed = 0.8
agenda_rate = 0.2

[targets]
qbrs_per_quarter = 2
meetings_per_month = 0.5

[thresholds]
low_confidence_reviews = 5
delivery_gap_flag = 15
""")
    assert settings["period"] == "quarter"
    assert settings.weights("informed") == {"survey_informed": 0.8, "agenda_rate": 0.2}
    assert settings.weights("involved") == {"survey_involved": 0.5, "cadence": 0.5}       # untouched
    assert settings["targets.qbrs_per_quarter"] == 2.0
    assert settings["targets.meetings_per_month"] == 0.5
    assert settings["targets.workshops_per_quarter"] == 1.0
    assert settings["thresholds.low_confidence_reviews"] == 5
    assert settings["thresholds.delivery_gap_flag"] == 15.0
    assert isinstance(settings["thresholds.delivery_gap_flag"], float)   # an integer in TOML becomes the float


def test_dotted_keys_work_like_tables():
    assert parse_settings("weights.inspired.workshops = 0.5\n").weights("inspired") == {
        "survey_inspired": 0.7, "workshops": 0.5}


def test_load_settings_reads_a_file(tmp_path):
    path = tmp_path / "weights.toml"
    path.write_text('\ufeffperiod = "quarter"\n[targets]\njoint_per_quarter = 3\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.overrides() == {"period": "quarter", "targets.joint_per_quarter": 3.0}
    assert load_settings(str(path)) == settings


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("document, named", [
    ("bogus = 1", "'bogus'"),
    ("[weights.informed]\nsurvey_inspired = 0.5", "'weights.informed.survey_inspired'"),
    ("[targets]\nmeetings_per_week = 1", "'targets.meetings_per_week'"),
    ("targets = 1", "'targets'"),
    ("[weights.informed]\nagenda_rate = -0.1", "'weights.informed.agenda_rate'"),
    ("[thresholds]\ndelivery_gap_flag = -5", "'thresholds.delivery_gap_flag'"),
    ("[weights.informed]\nagenda_rate = \"0.3\"", "'weights.informed.agenda_rate'"),
    ("[weights.informed]\nagenda_rate = true", "'weights.informed.agenda_rate'"),
    ("[targets]\nqbrs_per_quarter = [1]", "'targets.qbrs_per_quarter'"),
    ("[targets]\nqbrs_per_quarter = 0", "'targets.qbrs_per_quarter'"),
    ("[targets]\nworkshops_per_quarter = 0.0", "'targets.workshops_per_quarter'"),
    ('period = "month"', "'period'"),
    ("period = 6", "'period'"),
    ("[weights.improving]\nsurvey_improving = 0\nfeedback = 0\nfollow_through = 0", "'improving'"),
    ("[weights.joint]\njoint = 1", "'weights.joint.joint'"),
])
def test_bad_settings_raise_config_error_naming_the_setting(document, named):
    with pytest.raises(ConfigError) as caught:
        parse_settings(document, "weights.toml")
    assert named in str(caught.value)
    assert str(caught.value).startswith("weights.toml: ")


@pytest.mark.parametrize("document, named", [
    ("[weights.informed]\nsurvey_informed = nan", "'weights.informed.survey_informed'"),
    ("[weights.informed]\nsurvey_informed = inf", "'weights.informed.survey_informed'"),
    ("[targets]\nmeetings_per_month = inf", "'targets.meetings_per_month'"),
    ("[thresholds]\ndelivery_gap_flag = nan", "'thresholds.delivery_gap_flag'"),
])
def test_non_finite_numbers_are_refused(document, named):
    # A NaN weight blanks every score it weighs; an infinite target makes the component always 0.
    with pytest.raises(ConfigError, match=named):
        parse_settings(document, "weights.toml")


def test_all_zero_weights_message_names_the_score():
    with pytest.raises(ConfigError, match="'informed'.*add up to 0"):
        Settings({"weights.informed.survey_informed": 0, "weights.informed.agenda_rate": 0})
    # one positive weight is enough
    assert Settings({"weights.informed.survey_informed": 0}).weights("informed") == {
        "survey_informed": 0.0, "agenda_rate": 0.3}


@pytest.mark.parametrize("document", ["period = ", "[weights.informed\nx = 1", "a = 1\na = 2", "= 3"])
def test_invalid_toml_names_the_source(document):
    with pytest.raises(ConfigError, match=r"^my\.toml: not valid TOML"):
        parse_settings(document, "my.toml")


def test_unreadable_settings_file_names_the_file(tmp_path):
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(ConfigError, match="nowhere.toml.*cannot read"):
        load_settings(missing)
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path)                      # a folder


def test_invalid_file_content_names_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[targets]\nqbrs_per_quarter = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml: setting 'targets\.qbrs_per_quarter' must not be negative"):
        load_settings(path)


def test_settings_file_not_in_utf8_is_a_config_error(tmp_path):
    path = tmp_path / "windows.toml"
    path.write_bytes("# réglages\nperiod = 'quarter'\n".encode("cp1252"))
    with pytest.raises(ConfigError, match="windows.toml"):
        load_settings(path)


# ---------------------------------------------------------------- round trips and copies

@pytest.mark.parametrize("overrides", [
    {},
    {"period": "quarter"},
    {"weights.informed.survey_informed": 0.8, "weights.informed.agenda_rate": 0.2,
     "targets.qbrs_per_quarter": 2.0, "thresholds.low_confidence_reviews": 5,
     "thresholds.delivery_gap_flag": 12.5, "feedback.one_side": 40.0, "limits.upload_mb": 10},
    {"weights.improving.feedback": 0.0, "weights.improving.follow_through": 1.0},
])
def test_to_toml_round_trips(overrides):
    settings = Settings(overrides)
    text = settings.to_toml()
    again = parse_settings(text)
    assert again == settings
    assert again.overrides() == settings.overrides()
    assert (text == "") == (overrides == {})


def test_to_toml_holds_only_the_overrides():
    text = Settings({"targets.joint_per_quarter": 2.0}).to_toml()
    assert text.strip().splitlines() == ["targets.joint_per_quarter = 2.0"]


def test_with_values_keeps_other_overrides():
    base = Settings({"period": "quarter", "weights.informed.agenda_rate": 0.5})
    changed = base.with_values({"targets.qbrs_per_quarter": 2, "weights.informed.agenda_rate": 0.1})
    assert changed["period"] == "quarter"
    assert changed["weights.informed.agenda_rate"] == 0.1
    assert changed["targets.qbrs_per_quarter"] == 2.0
    assert base["weights.informed.agenda_rate"] == 0.5 and base["targets.qbrs_per_quarter"] == 1.0  # unchanged
    with pytest.raises(ConfigError):
        base.with_values({"targets.qbrs_per_quarter": 0})


def test_replace_takes_double_underscores_for_dots():
    changed = Settings({"period": "quarter"}).replace(targets__qbrs_per_quarter=3)
    assert changed.overrides() == {"period": "quarter", "targets.qbrs_per_quarter": 3.0}


def test_settings_are_a_hashable_mapping():
    a = Settings({"weights.interconnected.joint": 0.2})
    b = parse_settings("[weights.interconnected]\njoint = 0.2\n")
    assert a == b and hash(a) == hash(b)
    assert a != Settings()
    assert len(a) == len(SETTINGS) and set(a) == {s.name for s in SETTINGS}
    assert {a: 1}[b] == 1


# ---------------------------------------------------------------- settings reach the scores

def meetings(*rows) -> pd.DataFrame:
    """Clean meetings from (date, partner, meeting_type)."""
    records = [{
        "meeting_id": f"M{number}", "date": pd.Timestamp(date), "partner": partner, "meeting_type": kind,
        "duration_min": 60.0, "agenda_shared": None, "actions_opened": NAN, "actions_closed": NAN,
        "notes": "", "source_file": "meetings.csv", "source_row": number + 2,
    } for number, (date, partner, kind) in enumerate(rows)]
    return pd.DataFrame(records, columns=list(CLEAN_COLUMNS["meetings"])).astype(CLEAN_COLUMNS["meetings"])


# 2025-H1 is finished (a July meeting moves the as-of date): months = 6, quarters = 2.
# A has 4 status meetings and 1 QBR: 5 meetings.
CADENCE_MEETINGS = meetings(
    *[(f"2025-0{m}-10", "A", "status") for m in (1, 2, 3, 4)],
    ("2025-05-10", "A", "qbr"),
    ("2025-07-01", "Z", "other"),
)


@pytest.mark.parametrize("document, expected", [
    ("", 50 * 5 / 6 + 50 * 1 / 2),
    ("[targets]\nmeetings_per_month = 2", 50 * 5 / 12 + 50 * 1 / 2),
    ("[targets]\nqbrs_per_quarter = 0.5", 50 * 5 / 6 + 50 * 1),
    ("[targets]\nmeetings_per_month = 0.5\nqbrs_per_quarter = 2", 50 * 1 + 50 * 1 / 4),
])
def test_a_changed_target_changes_cadence(document, expected):
    table = score_table(None, CADENCE_MEETINGS, default_questions(), parse_settings(document))
    row = table[(table["partner_key"] == "a") & (table["period"] == "2025-H1")].iloc[0]
    assert row["cadence"] == pytest.approx(expected)
    assert row["involved"] == pytest.approx(expected)       # no survey: involved is cadence alone
