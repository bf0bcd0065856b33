"""Databases as the released store (schema version 2: clean rows as SQL rows) left them, on SQLite or
PostgreSQL: `data/released_v2.sqlite` was made by the released code (see data/make_released_v2.py);
`released_database` lays its very rows into any database, under the frozen migrations 1 and 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa

from kpi.store import migrations
from kpi.store.engine import create_engine

RELEASED_V2 = Path(__file__).with_name("data") / "released_v2.sqlite"
TABLES_IN_ORDER = ("kpi_versions", "kpi_settings", "kpi_profiles", "kpi_reviews", "kpi_meetings", "kpi_questions")


def released_database(url: str) -> None:
    """Make the (empty) database at `url` a copy of the released version-2 database."""
    if sa.make_url(url).get_backend_name() == "sqlite":
        shutil.copy(RELEASED_V2, sa.make_url(url).database)
        return
    target = create_engine(url)
    source = sa.create_engine(f"sqlite:///{RELEASED_V2}")
    try:
        with target.begin() as conn:
            for migration in migrations.MIGRATIONS[:2]:
                migration(conn)
            conn.execute(sa.text("INSERT INTO kpi_meta (key, value) VALUES ('schema_version', '2')"))
        old, new = sa.MetaData(), sa.MetaData()
        with source.connect() as read, target.begin() as write:
            for name in TABLES_IN_ORDER:
                rows = [dict(row._mapping) for row in read.execute(sa.select(sa.Table(name, old, autoload_with=read)))]
                if rows:
                    write.execute(sa.insert(sa.Table(name, new, autoload_with=write)), rows)
    finally:
        target.dispose()
        source.dispose()
