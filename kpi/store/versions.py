"""Published data: each publish is a numbered version; readers see the latest. Published settings and saved profiles too."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

import pandas as pd
import sqlalchemy as sa

from kpi.errors import StoreError
from kpi.contracts.schema import TABLES
from kpi.ingest.mapping import Profile
from kpi.settings import Settings, parse_settings
from kpi.store.engine import create_engine, database_url, db_errors
from kpi.store import profiles as profile_rows
from kpi.store.migrations import schema_version, upgrade
from kpi.store.rows import read_table, storable, write_table
from kpi.store.tables import SETTINGS_TABLE, VERSIONS_TABLE


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _version_id(value: Any) -> int:
    # Ids often come from versions() as numpy.int64, which sqlite3 cannot bind.
    try:
        return int(value)
    except (TypeError, ValueError):
        raise StoreError(f"{value!r} is not a version number") from None


def _author(by: str) -> str:
    if not isinstance(by, str) or not by.strip():
        raise StoreError("say who does this: 'by' must be a non-empty name")
    return by.strip()


@dataclass(frozen=True, eq=False)
class Published:
    """One version as readers see it: the clean tables and where they came from.

    `reviews` / `meetings` are None when that table was not given at publish time.
    """

    version: int
    data_version: int
    reviews: pd.DataFrame | None
    meetings: pd.DataFrame | None
    questions: pd.DataFrame
    created_at: pd.Timestamp
    created_by: str
    files: list[str] = field(default_factory=list)
    kind: str = "publish"
    note: str = ""


class Store:
    """Versions of the published clean tables, and the published settings, in one SQL database.

    One Store per process is enough and is safe to share between threads: every call takes
    its own pooled connection and transaction.
    """

    def __init__(self, url: str | None = None):
        """Open (and create or upgrade) the database at `url`, by default `database_url()`."""
        url = url or database_url()
        self._engine = create_engine(url)
        # Same pool, but transactions begun through it take the write lock up front on SQLite.
        self._writer = self._engine.execution_options(kpi_write=True)
        self.url = self._engine.url.render_as_string(hide_password=True)
        """The database URL, password hidden: safe to show."""
        try:
            with db_errors("open the database"):
                upgrade(self._engine, self._writer)
        except BaseException:
            self._engine.dispose()
            raise

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections (the Store can still be used: it reconnects on demand)."""
        self._engine.dispose()

    # -- schema

    def schema_version(self) -> int:
        """The schema version the database is at (equal to SCHEMA_VERSION once opened)."""
        with db_errors("read the schema version"), self._engine.connect() as conn:
            return schema_version(conn)

    # -- versions

    def publish(
        self,
        reviews: pd.DataFrame | None,
        meetings: pd.DataFrame | None,
        questions: pd.DataFrame,
        *,
        by: str,
        files: list[str],
        note: str = "",
        progress: Callable[[float, str], None] | None = None,
    ) -> int:
        """Store the clean tables as a new version, in one transaction, and return its id.

        Pass None for a table that was not given (kept distinct from an empty table).
        `progress(fraction, table)` is called after each batch of rows, `table` being
        "reviews", "meetings" or "questions" (translate it in the page). If anything fails,
        including `progress` raising, no version and no row is stored.
        """
        if questions is None:
            raise StoreError("questions: a publish needs the question bank")
        author = _author(by)
        frames = {"reviews": storable("reviews", reviews), "meetings": storable("meetings", meetings),
                  "questions": storable("questions", questions)}
        counts = {table: None if frame is None else len(frame) for table, frame in frames.items()}
        total = sum(n for n in counts.values() if n)
        written = 0
        with db_errors("publish"), self._writer.begin() as conn:
            version = conn.execute(sa.insert(VERSIONS_TABLE).values(
                created_at=_now(), created_by=author, kind="publish",
                files=json.dumps([str(f) for f in files], ensure_ascii=False),
                row_counts=json.dumps(counts), note=note or "",
            )).inserted_primary_key[0]
            conn.execute(sa.update(VERSIONS_TABLE).where(VERSIONS_TABLE.c.id == version).values(data_version=version))
            for table, frame in frames.items():
                if frame is None:
                    continue
                for batch_rows in write_table(conn, table, frame, version):
                    written += batch_rows
                    if progress is not None:
                        progress(written / total, table)
        return int(version)

    def restore(self, version_id: int, *, by: str, note: str = "") -> int:
        """Make an older version current again: a new 'restore' version showing its rows (no copy)."""
        wanted = _version_id(version_id)
        author = _author(by)
        with db_errors("restore"), self._writer.begin() as conn:
            target = conn.execute(sa.select(VERSIONS_TABLE).where(VERSIONS_TABLE.c.id == wanted)).one_or_none()
            if target is None:
                raise StoreError(f"there is no published version {wanted} to restore")
            version = conn.execute(sa.insert(VERSIONS_TABLE).values(
                created_at=_now(), created_by=author, kind="restore", files=target.files,
                row_counts=target.row_counts, note=note or "",
                # A restore of a restore still points at the rows themselves.
                data_version=target.data_version,
            )).inserted_primary_key[0]
        return int(version)

    def current_version(self) -> int | None:
        """The id of the version readers see (the newest), or None when nothing was published."""
        with db_errors("read the versions"), self._engine.connect() as conn:
            newest = conn.execute(sa.select(sa.func.max(VERSIONS_TABLE.c.id))).scalar_one()
        return None if newest is None else int(newest)

    def is_empty(self) -> bool:
        """True until the first publish."""
        return self.current_version() is None

    def versions(self) -> pd.DataFrame:
        """Every version, newest first: id, created_at (UTC), created_by, kind, files (list),
        n_reviews, n_meetings, n_questions (NA when not given), note, data_version, current."""
        with db_errors("read the versions"), self._engine.connect() as conn:
            rows = conn.execute(sa.select(VERSIONS_TABLE).order_by(VERSIONS_TABLE.c.id.desc())).all()
        counts = [json.loads(row.row_counts) for row in rows]
        return pd.DataFrame({
            "id": pd.array([row.id for row in rows], dtype="int64"),
            "created_at": pd.array([row.created_at for row in rows], dtype="datetime64[ns, UTC]"),
            "created_by": pd.array([row.created_by for row in rows], dtype="str"),
            "kind": pd.array([row.kind for row in rows], dtype="str"),
            "files": pd.Series([json.loads(row.files) for row in rows], dtype=object),
            **{f"n_{table}": pd.array([c.get(table) for c in counts], dtype="Int64") for table in TABLES},
            "note": pd.array([row.note for row in rows], dtype="str"),
            "data_version": pd.array([row.data_version for row in rows], dtype="int64"),
            "current": pd.array([i == 0 for i in range(len(rows))], dtype="bool"),
        })

    def load(self, version_id: int | None = None) -> Published:
        """The tables of one version (by default the current one), with the clean dtypes and row order."""
        with db_errors("load the published data"), self._engine.connect() as conn:
            # One connection, one transaction: the version row and its rows come from the same snapshot.
            query = sa.select(VERSIONS_TABLE)
            if version_id is None:
                query = query.order_by(VERSIONS_TABLE.c.id.desc()).limit(1)
            else:
                query = query.where(VERSIONS_TABLE.c.id == _version_id(version_id))
            row = conn.execute(query).one_or_none()
            if row is None:
                raise StoreError("nothing has been published yet" if version_id is None
                                 else f"there is no published version {version_id}")
            counts = json.loads(row.row_counts)
            frames = {table: None if counts.get(table) is None else read_table(conn, table, row.data_version)
                      for table in TABLES}
        for table, frame in frames.items():
            if frame is not None and len(frame) != counts[table]:
                raise StoreError(f"version {row.id} is damaged: {table} has {len(frame)} rows, "
                                 f"{counts[table]} were published")
        return Published(
            version=int(row.id), data_version=int(row.data_version),
            reviews=frames["reviews"], meetings=frames["meetings"], questions=frames["questions"],
            created_at=pd.Timestamp(row.created_at), created_by=row.created_by,
            files=json.loads(row.files), kind=row.kind, note=row.note,
        )

    # -- settings

    def save_settings(self, settings: Settings, *, by: str) -> int:
        """Publish `settings` (kept as TOML; earlier ones stay in the history) and return its id."""
        text = settings.to_toml()
        # Refuse what could not be read back: every reader would fail on it, not just this analyst.
        if parse_settings(text, "settings to publish") != settings:
            raise StoreError("these settings do not survive a save and reload; nothing was saved")
        with db_errors("save the settings"), self._writer.begin() as conn:
            saved = conn.execute(sa.insert(SETTINGS_TABLE).values(
                created_at=_now(), created_by=_author(by), toml=text,
            )).inserted_primary_key[0]
        return int(saved)

    def load_settings(self) -> Settings:
        """The latest published settings; the defaults when none were ever saved."""
        with db_errors("read the settings"), self._engine.connect() as conn:
            row = conn.execute(sa.select(SETTINGS_TABLE).order_by(SETTINGS_TABLE.c.id.desc()).limit(1)).one_or_none()
        if row is None:
            return Settings()
        return parse_settings(row.toml, f"published settings #{row.id}")

    def settings_history(self) -> pd.DataFrame:
        """Every saved settings, newest first: id, created_at (UTC), created_by, toml, current."""
        with db_errors("read the settings"), self._engine.connect() as conn:
            rows = conn.execute(sa.select(SETTINGS_TABLE).order_by(SETTINGS_TABLE.c.id.desc())).all()
        return pd.DataFrame({
            "id": pd.array([row.id for row in rows], dtype="int64"),
            "created_at": pd.array([row.created_at for row in rows], dtype="datetime64[ns, UTC]"),
            "created_by": pd.array([row.created_by for row in rows], dtype="str"),
            "toml": pd.array([row.toml for row in rows], dtype="str"),
            "current": pd.array([i == 0 for i in range(len(rows))], dtype="bool"),
        })

    # -- profiles

    def save_profile(self, profile: Profile, by: str) -> None:
        """Save a survey-export profile under its name, replacing any profile of the same name."""
        author = _author(by)
        with db_errors("save the profile"), self._writer.begin() as conn:
            profile_rows.save(conn, profile, author, _now())

    def profiles(self) -> list[Profile]:
        """Every saved profile, by name."""
        with db_errors("read the profiles"), self._engine.connect() as conn:
            return profile_rows.read(conn)

    def profile(self, name: str) -> Profile | None:
        """The saved profile named `name`, or None."""
        with db_errors("read the profiles"), self._engine.connect() as conn:
            found = profile_rows.read(conn, name)
        return found[0] if found else None

    def delete_profile(self, name: str) -> None:
        """Forget the profile named `name` (nothing happens when there is none)."""
        with db_errors("delete the profile"), self._writer.begin() as conn:
            profile_rows.delete(conn, name)
