"""Published data: each publish is a numbered version listing its sources; readers see the latest.
Published settings and saved profiles too."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Mapping

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kpi.contracts.schema import CLEAN_COLUMNS
from kpi.errors import StoreError
from kpi.ingest.mapping import Profile
from kpi.settings import Settings, parse_settings
from kpi.store import profiles as profile_rows
from kpi.store.blobs import decode, decode_clean, encode, storable
from kpi.store.engine import create_engine, database_url, db_errors, writing
from kpi.store.migrations import schema_version, upgrade
from kpi.store.scores import scores_blob, scores_from_blob, scores_key
from kpi.store.sources import DATA_TABLES, SourceData, split_by_file
from kpi.store.tables import (META_TABLE, SETTINGS_TABLE, SOURCES_TABLE, VERSION_COUNTER, VERSION_SOURCES_TABLE,
                              VERSIONS_TABLE)

Progress = Callable[[float, str], None]
Waiting = Callable[[float], None]

SOURCE_COLUMNS = ("id", "name", "sha256", "format", "profile", "created_at", "created_by", "n_reviews", "n_meetings",
                  "rows_read", "rows_rejected", "rows_dropped")
"""The columns of `Store.sources()`, in order."""

_COUNTED = ("reviews", "meetings", "questions")
"""The tables a version counts the rows of (its partner directory is a blob of its own, `Store.load_directory`)."""
_SHOWN_VERSION_COLUMNS = ("id", "created_at", "created_by", "kind", "files", "row_counts", "note", "data_version")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _version_id(value: Any) -> int:
    # Ids often come from versions() as numpy.int64, which sqlite3 cannot bind.
    try:
        return int(value)
    except (TypeError, ValueError):
        raise StoreError(f"{value!r} is not a version number") from None


def _text(value: Any, what: str) -> str:
    # PostgreSQL refuses NUL in text where SQLite keeps it: refuse it on both, so both store the same.
    if not isinstance(value, str):
        raise StoreError(f"{what} must be text, not {type(value).__name__}")
    if "\x00" in value:
        raise StoreError(f"{what} holds a NUL character (\\x00), which the database cannot keep: remove it")
    return value


def _author(by: str) -> str:
    if not isinstance(by, str) or not by.strip():
        raise StoreError("say who does this: 'by' must be a non-empty name")
    return _text(by.strip(), "the name of who does this")


@dataclass(frozen=True, eq=False)
class Published:
    """One version as readers see it: the clean tables and where they came from.

    `reviews` / `meetings` are None when that table was not given at publish time. Their rows come
    source by source, in the version's source order, each source's rows in published order.
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
    partners: pd.DataFrame | None = None  # the partner directory in force (METHODOLOGY §1.8), None: none


@dataclass(frozen=True)
class _Listed:
    """A source a version lists, without its rows."""

    id: int
    name: str
    sha256: str | None
    n_reviews: int | None
    n_meetings: int | None


@dataclass(frozen=True)
class _Base:
    """The current version, as a publish builds on it."""

    id: int | None
    sources: list[_Listed]
    questions: bytes | None
    partners: bytes | None = None


@dataclass
class _New:
    """A source to store: its metadata row and its encoded tables."""

    data: SourceData
    blobs: dict[str, bytes | None]
    counts: dict[str, int | None]
    id: int | None = None


@dataclass
class _Plan:
    """What a new version lists (existing sources and new ones, in order) and how it differs from the base."""

    entries: list[_Listed | _New]
    changes: dict[str, list]
    files: list[str] | None = None  # None: the names of the entries
    row_counts: dict[str, int | None] | None = None  # None: the sums of the entries


@dataclass
class _Request:
    """One publish as asked: the new sources, how the version is planned from the current one, the question bank
    and partner directory it brings (None: the current ones), who publishes and why, and the callbacks."""

    new: list[_New]
    plan: Callable[[_Base], _Plan]
    author: str
    note: str
    bank: bytes | None = None
    directory: bytes | None = None
    progress: Progress | None = None
    waiting: Waiting | None = None


@dataclass
class _VersionRow:
    """What one row of the versions table holds, with the sources it lists."""

    kind: str
    author: str
    note: str
    files: str  # JSON list of the file names
    row_counts: str  # JSON {table: rows}
    data_version: int  # the version whose data this one shows (a restore shows an older one's)
    changes: dict
    questions: bytes
    scores: bytes | None
    scores_key: str
    entries: list[_Listed | _New]
    partners: bytes | None


def _checked_source(source: SourceData) -> _New:
    if not isinstance(source, SourceData):
        raise StoreError(f"expected a SourceData, got {type(source).__name__}")
    name = _text(source.name, "a source name")
    if not name.strip():
        raise StoreError("a source needs a name (its file name)")
    if source.sha256 is not None and (not isinstance(source.sha256, str) or len(source.sha256) != 64
                                      or any(c not in "0123456789abcdef" for c in source.sha256)):
        raise StoreError(f"{name}: sha256 must be 64 lowercase hex digits (kpi.store.sources.sha256)")
    _text(source.format or "generic", f"{name}: the format")
    if source.profile is not None:
        _text(source.profile, f"{name}: the profile name")
    frames = {table: storable(table, source.table(table)) for table in DATA_TABLES}
    counts = {table: None if frame is None else len(frame) for table, frame in frames.items()}
    blobs = {table: encode(frame) if frame is not None and len(frame) else None for table, frame in frames.items()}
    return _New(source, blobs, counts)


def _diff(before: list[_Listed], after: list[_Listed | _New]) -> dict[str, list]:
    """What changed between two source lists, by name: a name in both with other rows is replaced."""
    old = {s.name: s.id for s in before}
    new_names = [_name(e) for e in after]
    return {
        "added": [name for name in new_names if name not in old],
        "replaced": [[_name(e), _name(e)] for e in after
                     if _name(e) in old and (isinstance(e, _New) or e.id != old[_name(e)])],
        "removed": [name for name in old if name not in new_names],
    }


def _name(entry: _Listed | _New) -> str:
    return entry.name if isinstance(entry, _Listed) else entry.data.name


def _plan_sources(base: _Base, add: list[_New], replace: dict[str, _New], remove: list[str]) -> _Plan:
    """The sources of the next version: the base's, less those removed, with those replaced in place,
    then those added; StoreError when a name or the same bytes clash."""
    names = [s.name for s in base.sources]
    listing = ", ".join(repr(n) for n in names) or "none"
    for name in [*remove, *replace]:
        if name not in names:
            raise StoreError(f"there is no source named {name!r} in the data set now published (sources: {listing})")
    both = set(remove) & set(replace)
    if both:
        raise StoreError(f"{sorted(both)[0]!r} is both removed and replaced: choose one")
    entries: list[_Listed | _New] = []
    for listed in base.sources:
        if listed.name in remove:
            continue
        if listed.name in replace:
            new = replace[listed.name]
            if new.data.sha256 is not None and new.data.sha256 == listed.sha256:
                raise StoreError(f"{new.data.name} has the same bytes as the source {listed.name!r} it would "
                                 "replace: nothing to change")
            entries.append(new)
        else:
            entries.append(listed)
    entries += add
    seen_names: dict[str, int] = {}
    seen_bytes: dict[str, str] = {}
    for entry in entries:
        name = _name(entry)
        if name in seen_names:
            raise StoreError(f"a source named {name!r} is already in the data set: replace it, or remove it first")
        seen_names[name] = 1
        digest = entry.sha256 if isinstance(entry, _Listed) else entry.data.sha256
        if digest is not None:
            if digest in seen_bytes:
                raise StoreError(f"{name} has the same bytes as {seen_bytes[digest]}, already in the data set: "
                                 "the same file is published once")
            seen_bytes[digest] = name
    changes = {"added": [n.data.name for n in add],
               "replaced": [[old, new.data.name] for old, new in replace.items()],
               "removed": list(remove)}
    return _Plan(entries, changes)


class Store:
    """Versions of the published data (sources, question bank, scores), the published settings and the
    saved profiles, in one SQL database.

    One Store per process is enough and is safe to share between threads: every call takes
    its own pooled connection and transaction. Several processes (app servers) may share one
    database: schema upgrades run once, and version ids follow the order publishes commit in.
    """

    def __init__(self, url: str | None = None):
        """Open (and create or upgrade) the database at `url`, by default `database_url()`."""
        url = url or database_url()
        self._engine = create_engine(url)
        # Same pool, but transactions begun through it take the write lock up front on SQLite.
        self._writer = self._engine.execution_options(kpi_write=True)
        # A load reads the version row, then its sources: on PostgreSQL both from one snapshot.
        self._reader = (self._engine.execution_options(isolation_level="REPEATABLE READ")
                        if self._engine.dialect.name == "postgresql" else self._engine)
        self.url = self._engine.url.render_as_string(hide_password=True)
        """The database URL, password hidden: safe to show."""
        try:
            with db_errors("open the database"):
                self.migrated = upgrade(self._engine, self._writer)
                """The schema versions this Store's opening migrated the database to (usually none)."""
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

    # -- schema and health

    def schema_version(self) -> int:
        """The schema version the database is at (equal to SCHEMA_VERSION once opened)."""
        with db_errors("read the schema version"), self._engine.connect() as conn:
            return schema_version(conn)

    def health(self) -> str:
        """A readiness check that touches the database: a one-line summary, or StoreError saying what fails."""
        from kpi.store.migrations import SCHEMA_VERSION

        with db_errors("read the database"), self._engine.connect() as conn:
            found = schema_version(conn)
            newest = conn.execute(sa.select(sa.func.max(VERSIONS_TABLE.c.id))).scalar_one()
        if found != SCHEMA_VERSION:
            raise StoreError(f"the database is at schema version {found}, this app needs {SCHEMA_VERSION}")
        return f"schema {found}, " + ("nothing published" if newest is None else f"current version {newest}")

    # -- publishing

    def publish(
        self,
        reviews: pd.DataFrame | None,
        meetings: pd.DataFrame | None,
        questions: pd.DataFrame,
        *,
        by: str,
        files: list[str],
        note: str = "",
        progress: Progress | None = None,
        waiting: Waiting | None = None,
    ) -> int:
        """Replace the whole published data set by these clean tables, as a new version; return its id.

        The rows are cut into one source per file (`files`, then any other file their `source_file`
        names; their bytes unknown). Pass None for a table that was not given (kept distinct from an
        empty table). `progress(fraction, table)` is called after each source is written, `table`
        being "reviews", "meetings" or "questions" (translate it in the page); `waiting(seconds)`
        while another publish holds the database. If anything fails, including `progress`
        raising, nothing is stored.
        """
        if questions is None:
            raise StoreError("questions: a publish needs the question bank")
        author = _author(by)
        note = _text(note or "", "the note")
        frames = {"reviews": storable("reviews", reviews), "meetings": storable("meetings", meetings)}
        bank = storable("questions", questions)
        new = [_checked_source(s) for s in split_by_file(frames["reviews"], frames["meetings"], files)]
        counts = {table: None if frame is None else len(frame) for table, frame in frames.items()}
        counts["questions"] = len(bank)
        names = [str(f) for f in files]

        def plan(base: _Base) -> _Plan:
            return _Plan(list(new), _diff(base.sources, new), files=names, row_counts=counts)

        return self._publish(_Request(new, plan, author, note, bank=encode(bank), progress=progress, waiting=waiting))

    def publish_sources(
        self,
        add: Iterable[SourceData] = (),
        replace: Mapping[str, SourceData] | None = None,
        remove: Iterable[str] = (),
        *,
        by: str,
        note: str = "",
        questions: pd.DataFrame | None = None,
        partners: pd.DataFrame | None = None,
        progress: Progress | None = None,
        waiting: Waiting | None = None,
    ) -> int:
        """Publish a new version made from the current one: `add` sources to it, `replace` sources (by
        name) with new versions of their files, `remove` sources (by name); return the new version's id.

        The change applies to whatever version is current when this publish commits (another
        analyst's publish that committed first is kept). `questions` is the question bank for the
        new version (an uploaded bank); None keeps the current one (the default bank at the first
        publish). `partners` is the partner directory for the new version (a clean `partners` table: an
        uploaded directory, or the published one edited); None keeps the current one. StoreError, and nothing stored, when a name to replace or remove is not in the
        data set, a name would be there twice, or a source has the same bytes as another
        (METHODOLOGY §1.6). `progress` and `waiting` as in `publish`.
        """
        author = _author(by)
        note = _text(note or "", "the note")
        added = [_checked_source(s) for s in add]
        replaced = {_text(name, "a source name to replace"): _checked_source(s) for name, s in (replace or {}).items()}
        removed = [_text(name, "a source name to remove") for name in dict.fromkeys(remove)]
        bank = None if questions is None else encode(storable("questions", questions))
        directory = None if partners is None else encode(storable("partners", partners))
        if not (added or replaced or removed or bank is not None or directory is not None):
            raise StoreError("nothing to publish: add, replace or remove a source")

        def plan(base: _Base) -> _Plan:
            return _plan_sources(base, added, replaced, removed)

        return self._publish(_Request([*added, *replaced.values()], plan, author, note, bank=bank, directory=directory,
                                      progress=progress, waiting=waiting))

    def restore(self, version_id: int, *, by: str, note: str = "", waiting: Waiting | None = None) -> int:
        """Make an older version current again: a new 'restore' version listing its sources (no copy)."""
        wanted = _version_id(version_id)
        author = _author(by)
        note = _text(note or "", "the note")
        with writing(self._writer, "restore", waiting) as conn:
            target = conn.execute(sa.select(*(VERSIONS_TABLE.c[c] for c in (
                "id", "files", "row_counts", "data_version", "questions", "scores", "scores_key", "partners")))
                .where(VERSIONS_TABLE.c.id == wanted)).one_or_none()
            if target is None:
                raise StoreError(f"there is no published version {wanted} to restore")
            version = self._next_version_id(conn)
            base = self._base(conn)
            entries = self._listed(conn, wanted)
            settings = self._settings(conn)
            key = scores_key(settings)
            scores = target.scores if target.scores_key == key else self._score(
                conn, entries, json.loads(target.row_counts), target.questions, settings)
            self._insert_version(conn, version, _VersionRow(
                "restore", author, note, target.files, target.row_counts, target.data_version,
                _diff(base.sources, entries), target.questions, scores, key, entries, target.partners))
            self._prune(conn, settings)
        return version

    def _publish(self, asked: _Request) -> int:
        total = sum(n for source in asked.new for n in source.counts.values() if n) or 1
        done = 0
        with writing(self._writer, "publish", asked.waiting) as conn:
            # The new files first: on PostgreSQL other publishes may write theirs meanwhile.
            for source in asked.new:
                source.id = self._insert_source(conn, source, asked.author)
                done += sum(n for n in source.counts.values() if n)
                if asked.progress is not None:
                    asked.progress(done / total, "meetings" if source.counts["meetings"] else "reviews")
            # From here to the commit this publish holds the version counter: ids follow commit order.
            version = self._next_version_id(conn)
            base = self._base(conn)
            chosen = asked.plan(base)
            if asked.directory is not None:
                chosen.changes["directory"] = True  # History says the version brought a partner directory
            questions = asked.bank or base.questions or encode(_default_bank())
            counts = chosen.row_counts or self._row_counts(chosen.entries, questions)
            settings = self._settings(conn)
            scores = self._score(conn, chosen.entries, counts, questions, settings)
            files = json.dumps(chosen.files if chosen.files is not None else [_name(e) for e in chosen.entries],
                               ensure_ascii=False)
            self._insert_version(conn, version, _VersionRow(
                "publish", asked.author, asked.note, files, json.dumps(counts), version, chosen.changes, questions,
                scores, scores_key(settings), chosen.entries, asked.directory or base.partners))
            self._prune(conn, settings)
            if asked.progress is not None:
                asked.progress(1.0, "questions")
        return version

    # -- publishing, step by step (inside the publishing transaction)

    @staticmethod
    def _insert_source(conn: Connection, source: _New, author: str) -> int:
        data = source.data
        inserted = conn.execute(sa.insert(SOURCES_TABLE).values(
            name=data.name, sha256=data.sha256, format=data.format or "generic", profile=data.profile,
            created_at=_now(), created_by=author,
            n_reviews=source.counts["reviews"], n_meetings=source.counts["meetings"],
            rows_read=data.rows_read, rows_rejected=data.rows_rejected, rows_dropped=data.rows_dropped,
            reviews=source.blobs["reviews"], meetings=source.blobs["meetings"],
        ))
        return int(inserted.inserted_primary_key[0])

    @staticmethod
    def _next_version_id(conn: Connection) -> int:
        """The next version id, taken from the counter row, which stays locked until this transaction ends."""
        counter = META_TABLE.c.key == VERSION_COUNTER
        last = conn.execute(sa.select(META_TABLE.c.value).where(counter).with_for_update()).scalar_one()
        version = int(last) + 1
        conn.execute(sa.update(META_TABLE).where(counter).values(value=str(version)))
        return version

    def _base(self, conn: Connection) -> _Base:
        newest = conn.execute(sa.select(VERSIONS_TABLE.c.id, VERSIONS_TABLE.c.questions, VERSIONS_TABLE.c.partners)
                              .order_by(VERSIONS_TABLE.c.id.desc()).limit(1)).one_or_none()
        if newest is None:
            return _Base(None, [], None)
        return _Base(int(newest.id), self._listed(conn, newest.id), newest.questions, newest.partners)

    @staticmethod
    def _listed(conn: Connection, version: int) -> list[_Listed]:
        s, link = SOURCES_TABLE, VERSION_SOURCES_TABLE
        rows = conn.execute(sa.select(s.c.id, s.c.name, s.c.sha256, s.c.n_reviews, s.c.n_meetings)
                            .select_from(link.join(s, link.c.source_id == s.c.id))
                            .where(link.c.version_id == version).order_by(link.c.position)).all()
        return [_Listed(int(r.id), r.name, r.sha256, r.n_reviews, r.n_meetings) for r in rows]

    @staticmethod
    def _row_counts(entries: list[_Listed | _New], questions: bytes) -> dict[str, int | None]:
        counts: dict[str, int | None] = {}
        for table in DATA_TABLES:
            held = [e.counts[table] if isinstance(e, _New) else getattr(e, f"n_{table}") for e in entries]
            held = [n for n in held if n is not None]
            counts[table] = sum(held) if held else None
        counts["questions"] = len(decode([questions], CLEAN_COLUMNS["questions"], "the question bank"))
        return counts

    def _tables(self, conn: Connection, entries: list[_Listed | _New], counts: Mapping[str, int | None],
                questions: bytes, what: str) -> dict[str, pd.DataFrame | None]:
        """The clean tables of a list of sources, as `load` returns them."""
        stored = [e.id for e in entries if isinstance(e, _Listed)]
        blobs_of: dict[int, Any] = {}
        if stored:
            s = SOURCES_TABLE
            for row in conn.execute(sa.select(s.c.id, s.c.reviews, s.c.meetings).where(s.c.id.in_(stored))):
                blobs_of[int(row.id)] = row
        frames: dict[str, pd.DataFrame | None] = {}
        for table in DATA_TABLES:
            if counts.get(table) is None:
                frames[table] = None
                continue
            blobs = [e.blobs[table] if isinstance(e, _New) else getattr(blobs_of[e.id], table) for e in entries]
            frames[table] = decode_clean([b for b in blobs if b is not None], table, f"{what}, {table}")
            if len(frames[table]) != counts[table]:
                raise StoreError(f"{what} is damaged: {table} has {len(frames[table])} rows, "
                                 f"{counts[table]} were published")
        frames["questions"] = decode([questions], CLEAN_COLUMNS["questions"], f"{what}, question bank")
        return frames

    def _score(self, conn: Connection, entries: list[_Listed | _New], counts: Mapping[str, int | None],
               questions: bytes, settings: Settings) -> bytes | None:
        tables = self._tables(conn, entries, counts, questions, "the data set to publish")
        return scores_blob(tables["reviews"], tables["meetings"], tables["questions"], settings)

    @staticmethod
    def _insert_version(conn: Connection, version: int, row: _VersionRow) -> None:
        conn.execute(sa.insert(VERSIONS_TABLE).values(
            id=version, created_at=_now(), created_by=row.author, kind=row.kind, files=row.files,
            row_counts=row.row_counts, note=row.note, data_version=row.data_version,
            changes=json.dumps(row.changes, ensure_ascii=False), questions=row.questions, scores=row.scores,
            scores_key=None if row.scores is None else row.scores_key, partners=row.partners,
        ))
        if row.entries:
            conn.execute(sa.insert(VERSION_SOURCES_TABLE), [
                {"version_id": version, "position": i, "source_id": e.id} for i, e in enumerate(row.entries)])

    @staticmethod
    def _prune(conn: Connection, settings: Settings) -> None:
        """Keep the newest `store.keep_versions` versions (the current one always) and the sources they list."""
        keep = max(1, int(settings["store.keep_versions"]))
        v, link, s = VERSIONS_TABLE, VERSION_SOURCES_TABLE, SOURCES_TABLE
        old = [int(i) for i in conn.execute(sa.select(v.c.id).order_by(v.c.id.desc()).offset(keep)).scalars()]
        if not old:
            return
        conn.execute(sa.delete(link).where(link.c.version_id.in_(old)))
        conn.execute(sa.delete(v).where(v.c.id.in_(old)))
        used = sa.select(link.c.source_id).where(link.c.source_id == s.c.id).exists()
        conn.execute(sa.delete(s).where(~used))

    # -- reading versions

    def current_version(self) -> int | None:
        """The id of the version readers see (the newest), or None when nothing was published.
        One indexed query: cheap enough to ask on every page run."""
        with db_errors("read the versions"), self._engine.connect() as conn:
            newest = conn.execute(sa.select(sa.func.max(VERSIONS_TABLE.c.id))).scalar_one()
        return None if newest is None else int(newest)

    def is_empty(self) -> bool:
        """True until the first publish."""
        return self.current_version() is None

    def versions(self) -> pd.DataFrame:
        """Every version kept, newest first: id, created_at (UTC), created_by, kind, files (list),
        n_reviews, n_meetings, n_questions (NA when not given), note, data_version, current."""
        with db_errors("read the versions"), self._engine.connect() as conn:
            rows = conn.execute(sa.select(*(VERSIONS_TABLE.c[c] for c in _SHOWN_VERSION_COLUMNS))
                                .order_by(VERSIONS_TABLE.c.id.desc())).all()
        counts = [json.loads(row.row_counts) for row in rows]
        return pd.DataFrame({
            "id": pd.array([row.id for row in rows], dtype="int64"),
            "created_at": pd.array([row.created_at for row in rows], dtype="datetime64[ns, UTC]"),
            "created_by": pd.array([row.created_by for row in rows], dtype="str"),
            "kind": pd.array([row.kind for row in rows], dtype="str"),
            "files": pd.Series([json.loads(row.files) for row in rows], dtype=object),
            **{f"n_{table}": pd.array([c.get(table) for c in counts], dtype="Int64") for table in _COUNTED},
            "note": pd.array([row.note for row in rows], dtype="str"),
            "data_version": pd.array([row.data_version for row in rows], dtype="int64"),
            "current": pd.array([i == 0 for i in range(len(rows))], dtype="bool"),
        })

    def _version_row(self, conn: Connection, version_id: int | None, *columns: str):
        query = sa.select(*(VERSIONS_TABLE.c[c] for c in ("id", *columns)))
        if version_id is None:
            query = query.order_by(VERSIONS_TABLE.c.id.desc()).limit(1)
        else:
            query = query.where(VERSIONS_TABLE.c.id == _version_id(version_id))
        row = conn.execute(query).one_or_none()
        if row is None:
            raise StoreError("nothing has been published yet" if version_id is None
                             else f"there is no published version {version_id}")
        return row

    def load(self, version_id: int | None = None) -> Published:
        """The tables of one version (by default the current one), with the clean dtypes."""
        with db_errors("load the published data"), self._reader.connect() as conn:
            row = self._version_row(conn, version_id, *_SHOWN_VERSION_COLUMNS[1:], "questions", "partners")
            counts = json.loads(row.row_counts)
            frames = self._tables(conn, self._listed(conn, row.id), counts, row.questions, f"version {row.id}")
        return Published(
            version=int(row.id), data_version=int(row.data_version),
            reviews=frames["reviews"], meetings=frames["meetings"], questions=frames["questions"],
            created_at=pd.Timestamp(row.created_at), created_by=row.created_by,
            files=json.loads(row.files), kind=row.kind, note=row.note,
            partners=_directory(row.partners, f"version {row.id}, partner directory"),
        )

    def load_directory(self, version_id: int | None = None) -> pd.DataFrame | None:
        """The partner directory of a version (by default the current one) as a clean `partners` table; None when
        it has none or nothing was published. One small blob: cheap enough to ask on every page run."""
        with db_errors("load the partner directory"), self._engine.connect() as conn:
            try:
                row = self._version_row(conn, version_id, "partners")
            except StoreError:
                if version_id is None:
                    return None
                raise
        return _directory(row.partners, f"version {row.id}, partner directory")

    def load_scores(self, version_id: int | None = None, settings: Settings | None = None) -> pd.DataFrame | None:
        """The scores table stored with a version (by default the current one) when it was computed with
        `settings` (by default the published settings) by this app's scoring code; else None (score live)."""
        wanted = self.load_settings() if settings is None else settings
        with db_errors("load the published scores"), self._engine.connect() as conn:
            row = self._version_row(conn, version_id, "scores", "scores_key")
        if row.scores is None or row.scores_key != scores_key(wanted):
            return None
        return scores_from_blob(row.scores, f"the scores of version {row.id}")

    def sources(self, version_id: int | None = None) -> pd.DataFrame:
        """The sources of a version (by default the current one), in its order: id, name, sha256 (None when
        the bytes are unknown), format, profile, created_at (UTC), created_by, n_reviews and n_meetings (NA:
        the file holds no such table), rows_read, rows_rejected, rows_dropped (NA when not known)."""
        s, link = SOURCES_TABLE, VERSION_SOURCES_TABLE
        with db_errors("read the sources"), self._reader.connect() as conn:
            try:
                version = self._version_row(conn, version_id).id
            except StoreError:
                if version_id is None:
                    version = None
                else:
                    raise
            rows = [] if version is None else conn.execute(
                sa.select(*(s.c[c] for c in SOURCE_COLUMNS)).select_from(link.join(s, link.c.source_id == s.c.id))
                .where(link.c.version_id == version).order_by(link.c.position)).all()
        return pd.DataFrame({
            "id": pd.array([r.id for r in rows], dtype="int64"),
            **{c: pd.array([getattr(r, c) for r in rows], dtype="str") for c in ("name", "sha256", "format", "profile")},
            "created_at": pd.array([r.created_at for r in rows], dtype="datetime64[ns, UTC]"),
            "created_by": pd.array([r.created_by for r in rows], dtype="str"),
            **{c: pd.array([getattr(r, c) for r in rows], dtype="Int64")
               for c in ("n_reviews", "n_meetings", "rows_read", "rows_rejected", "rows_dropped")},
        }, columns=list(SOURCE_COLUMNS))

    def version_changes(self, version_id: int | None = None) -> dict[str, list]:
        """What a version (by default the current one) changed in the data set it was made from:
        {"added": [names], "replaced": [(old name, new name)], "removed": [names]}, and "directory": True
        when it brought a new partner directory."""
        with db_errors("read the versions"), self._engine.connect() as conn:
            row = self._version_row(conn, version_id, "changes")
        changes = json.loads(row.changes)
        return {"added": list(changes["added"]), "replaced": [tuple(pair) for pair in changes["replaced"]],
                "removed": list(changes["removed"]), **({"directory": True} if changes.get("directory") else {})}

    def has_bytes(self, sha256: str, version_id: int | None = None) -> str | None:
        """The name of the source of a version (by default the current one) whose file had these bytes
        (`kpi.store.sources.sha256`), or None: a file already in the data set is refused (METHODOLOGY §1.6)."""
        s, link = SOURCES_TABLE, VERSION_SOURCES_TABLE
        with db_errors("read the sources"), self._reader.connect() as conn:
            if version_id is None:
                version = conn.execute(sa.select(sa.func.max(VERSIONS_TABLE.c.id))).scalar_one()
                if version is None:
                    return None
            else:
                version = self._version_row(conn, version_id).id
            return conn.execute(sa.select(s.c.name).select_from(link.join(s, link.c.source_id == s.c.id))
                                .where(link.c.version_id == version, s.c.sha256 == str(sha256))
                                .order_by(link.c.position).limit(1)).scalar_one_or_none()

    # -- settings

    def save_settings(self, settings: Settings, *, by: str) -> int:
        """Publish `settings` (kept as TOML; earlier ones stay in the history) and return its id."""
        text = settings.to_toml()
        # Refuse what could not be read back: every reader would fail on it, not just this analyst.
        if parse_settings(text, "settings to publish") != settings:
            raise StoreError("these settings do not survive a save and reload; nothing was saved")
        author = _author(by)
        with writing(self._writer, "save the settings") as conn:
            saved = conn.execute(sa.insert(SETTINGS_TABLE).values(
                created_at=_now(), created_by=author, toml=text,
            )).inserted_primary_key[0]
        self._rescore_current(settings)
        return int(saved)

    def _rescore_current(self, settings: Settings) -> None:
        """Store the current version's scores under the settings just saved, so that every server's next view
        reads them rather than scoring a million answers live. The version's data is unchanged: only what is
        derived from it, and its key says which settings made it (a reader asking for others scores live)."""
        version = self.current_version()
        if version is None:
            return
        current = self.load(version)
        blob = scores_blob(current.reviews, current.meetings, current.questions, settings)
        if blob is None:  # scoring fails on this data: readers score live and show why
            return
        with writing(self._writer, "store the scores under the saved settings") as conn:
            conn.execute(sa.update(VERSIONS_TABLE).where(VERSIONS_TABLE.c.id == version).values(
                scores=blob, scores_key=scores_key(settings)))

    @staticmethod
    def _settings(conn: Connection) -> Settings:
        row = conn.execute(sa.select(SETTINGS_TABLE).order_by(SETTINGS_TABLE.c.id.desc()).limit(1)).one_or_none()
        return Settings() if row is None else parse_settings(row.toml, f"published settings #{row.id}")

    def load_settings(self) -> Settings:
        """The latest published settings; the defaults when none were ever saved."""
        with db_errors("read the settings"), self._engine.connect() as conn:
            return self._settings(conn)

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
        with writing(self._writer, "save the profile") as conn:
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
        with writing(self._writer, "delete the profile") as conn:
            profile_rows.delete(conn, name)


def _directory(blob: bytes | None, what: str) -> pd.DataFrame | None:
    return None if blob is None else decode_clean([blob], "partners", what)


def _default_bank() -> pd.DataFrame:
    from kpi.questions import default_questions

    return default_questions()
