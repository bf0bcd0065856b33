"""Fixtures of the store tests: a fresh SQLite file per test, and a Store opened on it."""

import pytest

from kpi.store import Store


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'kpi.sqlite'}"


@pytest.fixture
def store(url):
    opened = Store(url)
    yield opened
    opened.close()
