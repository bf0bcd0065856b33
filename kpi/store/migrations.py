"""Schema migrations: `MIGRATIONS[i]` takes the schema from version i to i + 1, inside one transaction.

`kpi_meta.schema_version` says how many have run; opening a `Store` runs the missing ones. Several
processes may open the same database at once (app servers starting together): each migration's
transaction first takes a lock (PostgreSQL: an advisory lock; SQLite: the write lock, BEGIN
IMMEDIATE), then reads the schema version again, so a migration runs once and the others wait
for it and move on.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kpi.errors import StoreError
from kpi.store.engine import writing
from kpi.store.tables import META_TABLE

MIGRATION_LOCK = 0x6B70_6931
"""The PostgreSQL advisory lock key held by a migrating transaction ("kpi1")."""

MIGRATION_WAIT_S = 600
"""How long a process waits for another one's migration (a data migration of millions of rows takes a while)."""

# Never edit a released migration; append a new one.

_V1_CLEAN_COLUMNS: dict[str, dict[str, str]] = {
    "reviews": {
        "review_id": "str", "review_key": "str", "review_date": "datetime64[ns]",
        "partner": "str", "partner_key": "str", "respondent_side": "str", "respondent": "str",
        "question_id": "str", "score": "float64", "importance": "float64", "comment": "str",
        "source_file": "str", "source_row": "int64",
    },
    "meetings": {
        "meeting_id": "str", "date": "datetime64[ns]", "partner": "str", "meeting_type": "str",
        "duration_min": "float64", "agenda_shared": "boolean", "actions_opened": "float64",
        "actions_closed": "float64", "notes": "str", "source_file": "str", "source_row": "int64",
    },
    "questions": {
        "question_id": "str", "kpi": "str", "text": "str", "text_fr": "str",
        "scale_min": "float64", "scale_max": "float64", "reverse": "bool",
    },
}


def _v1_initial(conn: Connection) -> None:
    """Version 1: meta, versions, settings and the three data tables as first released."""
    # A literal copy of the first schema, not _build_tables: the live definitions will move on.
    metadata = sa.MetaData()
    sa.Table("kpi_meta", metadata,
             sa.Column("key", sa.String(64), primary_key=True),
             sa.Column("value", sa.Text, nullable=False))
    sa.Table("kpi_versions", metadata,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("created_at", sa.DateTime, nullable=False),
             sa.Column("created_by", sa.Text, nullable=False),
             sa.Column("kind", sa.String(16), nullable=False),
             sa.Column("files", sa.Text, nullable=False),
             sa.Column("row_counts", sa.Text, nullable=False),
             sa.Column("note", sa.Text, nullable=False, server_default=""),
             sa.Column("data_version", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=True),
             sa.CheckConstraint("kind IN ('publish', 'restore')", name="ck_kpi_versions_kind"),
             sqlite_autoincrement=True)
    sa.Table("kpi_settings", metadata,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("created_at", sa.DateTime, nullable=False),
             sa.Column("created_by", sa.Text, nullable=False),
             sa.Column("toml", sa.Text, nullable=False),
             sqlite_autoincrement=True)
    types = {"str": sa.Text, "datetime64[ns]": sa.DateTime, "float64": sa.Double, "int64": sa.BigInteger,
             "bool": sa.Boolean, "boolean": sa.Boolean}
    for table, sql_name in (("reviews", "kpi_reviews"), ("meetings", "kpi_meetings"), ("questions", "kpi_questions")):
        sa.Table(sql_name, metadata,
                 sa.Column("version_id", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=False),
                 sa.Column("row_no", sa.Integer, nullable=False),
                 *(sa.Column(name, types[dtype](), nullable=dtype not in ("int64", "bool"))
                   for name, dtype in _V1_CLEAN_COLUMNS[table].items()),
                 sa.PrimaryKeyConstraint("version_id", "row_no", name=f"pk_{sql_name}"))
    metadata.create_all(conn)


def _v2_profiles(conn: Connection) -> None:
    """Version 2: saved mappings of survey exports (profiles), one per name."""
    metadata = sa.MetaData()
    sa.Table("kpi_profiles", metadata,
             sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
             sa.Column("name", sa.String(200), nullable=False),
             sa.Column("signature", sa.Text, nullable=False),
             sa.Column("format", sa.String(64), nullable=False),
             sa.Column("mapping", sa.Text, nullable=False),
             sa.Column("created_by", sa.Text, nullable=False),
             sa.Column("created_at", sa.DateTime, nullable=False),
             sa.UniqueConstraint("name", name="uq_kpi_profiles_name"))
    metadata.create_all(conn)


def _v3_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer, compression="zstd",
                   compression_level=1)
    return buffer.getvalue()


def _v3_file_of(source_file: str, files: list[str]) -> str:
    if source_file in files:
        return source_file
    if source_file.endswith("]") and " [" in source_file and source_file.rsplit(" [", 1)[0] in files:
        return source_file.rsplit(" [", 1)[0]
    return source_file


def _v3_rows(conn: Connection, table: sa.Table, version: int, dtypes: dict[str, str]) -> pd.DataFrame:
    """One version's rows of a version-2 data table, in published order, as a frame of `dtypes`."""
    query = (sa.select(*(table.c[name] for name in dtypes)).where(table.c.version_id == version)
             .order_by(table.c.row_no))
    result = conn.execute(query, execution_options={"stream_results": True})
    parts = [pd.DataFrame(np.array(rows, dtype=object).reshape(len(rows), len(dtypes)), columns=list(dtypes))
             for rows in result.partitions(50_000)]
    frame = (pd.concat(parts, ignore_index=True) if parts
             else pd.DataFrame({name: pd.Series(dtype=object) for name in dtypes}))
    return pd.DataFrame({name: frame[name].astype(dtype) if dtype != "bool" else frame[name].astype(bool)
                         for name, dtype in dtypes.items()})


def _v3_sources(conn: Connection) -> None:
    """Version 3: a version lists sources, one per file, each stored once and shared by the versions
    that list it, its clean rows as Parquet blobs; a version keeps its question bank and its scores as
    blobs; version ids come from a counter row (ids in commit order). The rows of every published
    version move into sources (one per file its rows name; a restore shares the sources of the
    version it restored); the row tables are dropped."""
    old = sa.MetaData()
    old_versions = sa.Table("kpi_versions", old, autoload_with=conn)
    data = {table: sa.Table(f"kpi_{table}", old, autoload_with=conn) for table in ("reviews", "meetings", "questions")}
    versions = conn.execute(sa.select(old_versions).order_by(old_versions.c.id)).all()
    conn.execute(sa.text("ALTER TABLE kpi_versions RENAME TO kpi_versions_v2"))

    new = sa.MetaData()
    new_versions = sa.Table(
        "kpi_versions", new,
        sa.Column("id", sa.Integer, autoincrement=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("row_counts", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("data_version", sa.Integer, nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("questions", sa.LargeBinary, nullable=False),
        sa.Column("scores", sa.LargeBinary, nullable=True),
        sa.Column("scores_key", sa.Text, nullable=True),
        sa.CheckConstraint("kind IN ('publish', 'restore')", name="ck_kpi_versions_kind"),
        sa.PrimaryKeyConstraint("id", name="pk_kpi_versions"))
    sources = sa.Table(
        "kpi_sources", new,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True, index=True),
        sa.Column("format", sa.String(64), nullable=False),
        sa.Column("profile", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("n_reviews", sa.Integer, nullable=True),
        sa.Column("n_meetings", sa.Integer, nullable=True),
        sa.Column("rows_read", sa.Integer, nullable=True),
        sa.Column("rows_rejected", sa.Integer, nullable=True),
        sa.Column("rows_dropped", sa.Integer, nullable=True),
        sa.Column("reviews", sa.LargeBinary, nullable=True),
        sa.Column("meetings", sa.LargeBinary, nullable=True),
        sqlite_autoincrement=True)
    links = sa.Table(
        "kpi_version_sources", new,
        sa.Column("version_id", sa.Integer, sa.ForeignKey("kpi_versions.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("kpi_sources.id"), nullable=False, index=True),
        sa.PrimaryKeyConstraint("version_id", "position", name="pk_kpi_version_sources"))
    new.create_all(conn)

    listed: dict[int, list[tuple[int, str]]] = {}  # version id → its sources (id, name)
    previous: list[tuple[int, str]] = []
    for version in versions:
        counts = json.loads(version.row_counts)
        files = [str(f) for f in json.loads(version.files)]
        if version.kind == "restore" and version.data_version in listed:
            mine = listed[version.data_version]
        else:
            frames = {table: None if counts.get(table) is None
                      else _v3_rows(conn, data[table], version.data_version, _V1_CLEAN_COLUMNS[table])
                      for table in ("reviews", "meetings")}
            names = list(dict.fromkeys(files))
            owners = {}
            for table, frame in frames.items():
                if frame is not None:
                    owner = frame["source_file"].fillna("").map(lambda f: _v3_file_of(f, files))
                    owners[table] = owner
                    names += [n for n in pd.unique(owner) if n not in names]
            mine = []
            for name in names:
                row = {"name": name or "(no file name)", "sha256": None, "format": "generic", "profile": None,
                       "created_at": version.created_at, "created_by": version.created_by}
                for table, frame in frames.items():
                    part = None if frame is None else frame[(owners[table] == name).to_numpy()]
                    row[f"n_{table}"] = None if part is None else len(part)
                    row[table] = _v3_parquet(part.reset_index(drop=True)) if part is not None and len(part) else None
                source_id = conn.execute(sa.insert(sources).values(**row)).inserted_primary_key[0]
                mine.append((int(source_id), row["name"]))
        listed[version.id] = mine
        before = {name for _, name in previous}
        after = {name for _, name in mine}
        kept_ids = {source_id for source_id, _ in previous} & {source_id for source_id, _ in mine}
        changes = {
            "added": [name for _, name in mine if name not in before],
            "replaced": [[name, name] for source_id, name in mine
                         if name in before and source_id not in kept_ids],
            "removed": [name for _, name in previous if name not in after],
        }
        bank = _v3_rows(conn, data["questions"], version.data_version, _V1_CLEAN_COLUMNS["questions"])
        conn.execute(sa.insert(new_versions).values(
            id=version.id, created_at=version.created_at, created_by=version.created_by, kind=version.kind,
            files=version.files, row_counts=version.row_counts, note=version.note or "",
            data_version=version.data_version, changes=json.dumps(changes, ensure_ascii=False),
            questions=_v3_parquet(bank), scores=None, scores_key=None))
        if mine:
            conn.execute(sa.insert(links), [{"version_id": version.id, "position": i, "source_id": source_id}
                                            for i, (source_id, _) in enumerate(mine)])
        previous = mine

    for table in ("kpi_reviews", "kpi_meetings", "kpi_questions", "kpi_versions_v2"):
        conn.execute(sa.text(f"DROP TABLE {table}"))
    last = max((version.id for version in versions), default=0)
    conn.execute(sa.insert(META_TABLE).values(key="last_version_id", value=str(last)))
    conn.execute(sa.insert(META_TABLE).values(
        key="migrated_to_3_at", value=datetime.now(timezone.utc).isoformat(timespec="seconds")))


def _v4_directory(conn: Connection) -> None:
    """Version 4: a version keeps the partner directory in force (METHODOLOGY §1.8) as a Parquet blob, like its
    question bank; null when it has none (every version published before)."""
    blob = sa.LargeBinary().compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE kpi_versions ADD COLUMN partners {blob}"))


MIGRATIONS: list[Callable[[Connection], None]] = [_v1_initial, _v2_profiles, _v3_sources, _v4_directory]
SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this code writes and reads."""


def schema_version(conn: Connection) -> int:
    """How many migrations the database has run (0 for an empty database)."""
    if not sa.inspect(conn).has_table(META_TABLE.name):
        return 0
    query = sa.select(META_TABLE.c.value).where(META_TABLE.c.key == "schema_version")
    value = conn.execute(query).scalar_one_or_none()
    return int(value) if value is not None else 0


def _set_schema_version(conn: Connection, version: int) -> None:
    updated = conn.execute(sa.update(META_TABLE).where(META_TABLE.c.key == "schema_version")
                           .values(value=str(version)))
    if updated.rowcount == 0:
        conn.execute(sa.insert(META_TABLE).values(key="schema_version", value=str(version)))


def upgrade(engine: Engine, writer: Engine) -> list[int]:
    """Run the migrations the database has not run yet, each in its own locked write transaction;
    return the schema versions this call migrated to (empty when another process did it, or nothing
    was due).

    Raises StoreError when the database is newer than this code or a migration fails (that
    migration then leaves nothing behind).
    """
    migrations = MIGRATIONS
    latest = len(migrations)
    # A read first: opening a Store must not queue behind a publish when nothing needs doing.
    with engine.connect() as conn:
        found = schema_version(conn)
    if found > latest:
        raise StoreError(f"the database is at schema version {found}, newer than this app knows ({latest}): "
                         "upgrade the app before using this database")
    ran = []
    for target in range(found + 1, latest + 1):
        try:
            with writing(writer, f"upgrade the database schema to version {target}",
                         timeout_s=MIGRATION_WAIT_S) as conn:
                if conn.dialect.name == "postgresql":
                    # Held until this transaction ends: two processes on an empty database would
                    # otherwise both create the tables (PostgreSQL creates them inside a transaction).
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK)))
                # Read again under the lock: another process may have upgraded meanwhile.
                if schema_version(conn) >= target:
                    continue
                migrations[target - 1](conn)
                _set_schema_version(conn, target)
                ran.append(target)
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"could not upgrade the database schema to version {target}: {exc}") from exc
    return ran
