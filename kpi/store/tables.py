"""The SQL tables as the code reads and writes them today, built from `kpi.contracts.schema.CLEAN_COLUMNS`."""

from __future__ import annotations

from datetime import timezone
from typing import Callable, Mapping

import sqlalchemy as sa

from kpi.contracts.schema import CLEAN_COLUMNS

# The migrations (kpi.store.migrations) create frozen snapshots instead, so any change here (or in
# CLEAN_COLUMNS) needs a new migration; a test compares a freshly migrated database with these
# definitions and fails until one is written.

_SQL_TYPES: dict[str, Callable[[], sa.types.TypeEngine]] = {
    "str": sa.Text,
    "datetime64[ns]": sa.DateTime,
    "float64": sa.Double,
    "int64": sa.BigInteger,
    "bool": sa.Boolean,
    "boolean": sa.Boolean,
}
_NOT_NULL_DTYPES = ("int64", "bool")

PROFILE_NAME_MAX = 200
"""Longest profile name (a unique key: some databases index at most a few hundred characters)."""

DATA_TABLES: dict[str, str] = {"reviews": "kpi_reviews", "meetings": "kpi_meetings", "questions": "kpi_questions"}


class _UtcDateTime(sa.types.TypeDecorator):
    """Aware UTC datetimes in Python, naive UTC in the database (SQLite has no time zones)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


def _build_tables(metadata: sa.MetaData, clean_columns: Mapping[str, Mapping[str, str]]) -> dict[str, sa.Table]:
    tables = {
        "meta": sa.Table(
            "kpi_meta", metadata,
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("value", sa.Text, nullable=False),
        ),
        "versions": sa.Table(
            "kpi_versions", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("created_at", _UtcDateTime, nullable=False),
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("files", sa.Text, nullable=False),
            sa.Column("row_counts", sa.Text, nullable=False),
            sa.Column("note", sa.Text, nullable=False, server_default=""),
            # Filled in the same transaction as the insert (a publish needs its own id first).
            sa.Column("data_version", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=True),
            sa.CheckConstraint("kind IN ('publish', 'restore')", name="ck_kpi_versions_kind"),
            # AUTOINCREMENT: ids are never reused, so a cache keyed by version id stays right forever.
            sqlite_autoincrement=True,
        ),
        "settings": sa.Table(
            "kpi_settings", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("created_at", _UtcDateTime, nullable=False),
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("toml", sa.Text, nullable=False),
            sqlite_autoincrement=True,
        ),
        # Saved mappings of survey exports (kpi.ingest.mapping.Profile); a save under a taken name replaces it.
        "profiles": sa.Table(
            "kpi_profiles", metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("name", sa.String(PROFILE_NAME_MAX), nullable=False),
            sa.Column("signature", sa.Text, nullable=False),
            sa.Column("format", sa.String(64), nullable=False),
            sa.Column("mapping", sa.Text, nullable=False),  # the Mapping as JSON
            sa.Column("created_by", sa.Text, nullable=False),
            sa.Column("created_at", _UtcDateTime, nullable=False),
            sa.UniqueConstraint("name", name="uq_kpi_profiles_name"),
        ),
    }
    for table, sql_name in DATA_TABLES.items():
        tables[table] = sa.Table(
            sql_name, metadata,
            sa.Column("version_id", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=False),
            # Keeps the published row order; with version_id it is the primary key, whose index
            # is the version_id index every load uses.
            sa.Column("row_no", sa.Integer, nullable=False),
            *(sa.Column(name, _SQL_TYPES[dtype](), nullable=dtype not in _NOT_NULL_DTYPES)
              for name, dtype in clean_columns[table].items()),
            sa.PrimaryKeyConstraint("version_id", "row_no", name=f"pk_{sql_name}"),
        )
    return tables


_METADATA = sa.MetaData()
SQL_TABLES = _build_tables(_METADATA, CLEAN_COLUMNS)
VERSIONS_TABLE, SETTINGS_TABLE, META_TABLE = SQL_TABLES["versions"], SQL_TABLES["settings"], SQL_TABLES["meta"]
PROFILES_TABLE = SQL_TABLES["profiles"]
