"""The scoring code keeps to the methodology: a function per component and score, its formula on top."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import kpi.scoring
from kpi.scoring.scores import SCORE_FUNCTIONS
from kpi.settings import SCORE_COMPONENTS, SCORES

MODULES = [importlib.import_module(f"kpi.scoring.{m.name}") for m in pkgutil.iter_modules(kpi.scoring.__path__)]
PUBLIC = {name: obj for module in MODULES for name, obj in vars(module).items()
          if not name.startswith("_") and callable(obj) and getattr(obj, "__module__", "") == module.__name__}


def first_line(name: str) -> str:
    return PUBLIC[name].__doc__.strip().splitlines()[0]


@pytest.mark.parametrize("component", sorted({c for comps in SCORE_COMPONENTS.values() for c in comps}))
def test_every_component_has_a_documented_function(component):
    name = "survey" if component.startswith("survey_") else component
    assert first_line(name).startswith((f"{name} = ", f"{name}(k) = ")), first_line(name)


@pytest.mark.parametrize("name", [*SCORES, "overall", "low_confidence", "trend", "delivery_gap"])
def test_every_score_has_a_documented_function(name):
    assert first_line(name).startswith(f"{name} = "), first_line(name)


@pytest.mark.parametrize("score", SCORES)
def test_each_score_function_names_its_components(score):
    assert SCORE_FUNCTIONS[score] is PUBLIC[score]
    for component in SCORE_COMPONENTS[score]:
        assert component in first_line(score), component


def test_the_score_functions_are_the_five_scores_in_order():
    assert tuple(SCORE_FUNCTIONS) == SCORES


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_function_has_a_docstring(name):
    assert PUBLIC[name].__doc__
