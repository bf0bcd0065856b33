"""kpi.store.engine: where the database is, and URLs that cannot be used."""

import pandas as pd
import pytest

from kpi.errors import StoreError
from kpi.store import DEFAULT_DB_PATH, PROJECT_ROOT, Store, database_url

from tests.store.helpers import questions


# ---------------------------------------------------------------- where the database is


@pytest.mark.parametrize("env, secrets, expected", [
    ({"KPI_DATABASE_URL": "postgresql://env/db"}, {"database_url": "sqlite:///secrets.db"}, "postgresql://env/db"),
    ({"KPI_DATABASE_URL": "  "}, {"database_url": "sqlite:///secrets.db"}, "sqlite:///secrets.db"),
    ({}, {"database_url": "sqlite:///secrets.db"}, "sqlite:///secrets.db"),
    ({}, None, f"sqlite:///{DEFAULT_DB_PATH}"),
    ({"OTHER": "x"}, {"database_url": ""}, f"sqlite:///{DEFAULT_DB_PATH}"),
])
def test_database_url_env_then_secrets_then_default(env, secrets, expected):
    assert database_url(env, secrets) == expected


def test_the_default_database_sits_in_the_data_folder_next_to_the_app():
    assert DEFAULT_DB_PATH == PROJECT_ROOT / "data" / "store" / "kpi.sqlite"
    assert (PROJECT_ROOT / "kpi" / "store" / "__init__.py").is_file()


def test_an_in_memory_database_is_shared_by_all_calls():
    memory = Store("sqlite://")
    memory.publish(None, None, questions(), by="ann", files=[])
    assert memory.current_version() == 1
    pd.testing.assert_frame_equal(memory.load().questions, questions())


def test_the_sqlite_folder_is_created_on_first_use(tmp_path):
    path = tmp_path / "deep" / "er" / "kpi.sqlite"
    Store(f"sqlite:///{path}").close()
    assert path.is_file()


def test_an_unusable_url_is_a_store_error_that_hides_the_password():
    with pytest.raises(StoreError) as raised:
        Store("nosuchdb+driver://user:s3cret@host/db")
    assert "s3cret" not in str(raised.value)
    with pytest.raises(StoreError, match="not a valid"):
        Store("not a url")
