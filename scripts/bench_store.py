"""Benchmark: publishing a million answers to the store and loading them back, beside the bare Parquet floor.

Generates and validates a data set of about N answers (not timed as part of the store), then on SQLite
(a temporary file) and, when KPI_TEST_POSTGRES_URL or --postgres names a PostgreSQL server, on
PostgreSQL (a temporary schema, dropped afterwards):

- publish: the data set's files as sources of a new version (blobs written, scores computed and stored);
- load: the version's clean tables read back by a fresh Store (what a new app server does);
- first view: load plus the stored scores (an app server's first view of a new version, before any cache);
- add a wave: a small file added to the million-answer data set (reads the others, scores the whole);
- storage: what one publish of the data set adds to the database.

Each figure is printed beside the floor measured in the same run: the same clean tables written to and
read from bare Parquet in memory (pyarrow, zstd), with no database.

    python scripts/bench_store.py [--answers 1000000] [--postgres URL] [--rounds 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from kpi.ingest.files import Source  # noqa: E402
from kpi.sample import make_sample  # noqa: E402
from kpi.store import Store, sources_from  # noqa: E402
from kpi.store.sources import SourceData  # noqa: E402
from kpi.validate.dataset import load  # noqa: E402


def timed(run, rounds: int) -> tuple[float, object]:
    """The median time of `rounds` runs of `run()`, and its last result."""
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def dataset(answers: int):
    started = time.perf_counter()
    files = {}
    for name, frame in make_sample(answers=answers, seed=11).items():
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False)
        files[f"{name}.csv"] = buffer.getvalue().encode("utf-8")
    data = load([Source(name, content) for name, content in files.items()])
    print(f"generated and validated {len(data.reviews):,} answers and {len(data.meetings):,} meetings "
          f"({sum(map(len, files.values())) / 1e6:.0f} MB of CSV) in {time.perf_counter() - started:.1f} s "
          "(not part of the figures)")
    return data, files


def parquet_floor(data, rounds: int) -> dict[str, float]:
    """Bare Parquet of the same clean tables in memory (pyarrow, zstd level 1 as the store): what any
    Parquet store pays at least."""
    frames = [data.reviews, data.meetings]

    def write():
        out = []
        for frame in frames:
            buffer = io.BytesIO()
            pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer, compression="zstd",
                           compression_level=1)
            out.append(buffer.getvalue())
        return out

    write_s, blobs = timed(write, rounds)
    read_s, _ = timed(lambda: [pq.read_table(io.BytesIO(blob)).to_pandas() for blob in blobs], rounds)
    return {"write": write_s, "read": read_s, "mb": sum(map(len, blobs)) / 1e6}


def database_size(url: str) -> int:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        size = conn.execute(sa.text(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'")).scalar_one()
    engine.dispose()
    return int(size or 0)


def bench(label: str, url: str, sources: list[SourceData], wave: SourceData, rounds: int) -> dict[str, float]:
    store = Store(url)
    sizes = [database_size(url)]
    publishes = []
    for i in range(rounds):
        started = time.perf_counter()
        if i == 0:
            store.publish_sources(sources, by="bench")
        else:  # the same files again, as new versions of themselves (bytes unknown, so not refused as equal)
            store.publish_sources(replace={s.name: dataclasses.replace(s, sha256=None) for s in sources}, by="bench")
        publishes.append(time.perf_counter() - started)
        sizes.append(database_size(url))
    version = store.current_version()
    store.close()

    def fresh_load():
        reader = Store(url)
        try:
            return reader.load(version)
        finally:
            reader.close()

    load_s, published = timed(fresh_load, rounds)

    def first_view():
        reader = Store(url)
        try:
            tables = reader.load(version)
            scores = reader.load_scores(version)
            assert scores is not None, "no stored scores"
            return tables, scores
        finally:
            reader.close()

    view_s, _ = timed(first_view, rounds)
    store = Store(url)
    started = time.perf_counter()
    store.publish_sources([wave], by="bench")
    wave_s = time.perf_counter() - started
    store.close()
    growth = [b - a for a, b in zip(sizes, sizes[1:])]
    print(f"{label}: {len(published.reviews):,} answers in version {version}")
    return {"publish": statistics.median(publishes), "load": load_s, "view": view_s, "wave": wave_s,
            "mb": statistics.median(growth) / 1e6}


def postgres_schema(server: str):
    name = f"kpi_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    url = sa.make_url(server).update_query_dict({"options": f"-csearch_path={name}"})

    def drop():
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each figure (the median is shown)")
    parser.add_argument("--postgres", default=os.environ.get("KPI_TEST_POSTGRES_URL", ""),
                        help="a PostgreSQL server URL (default: KPI_TEST_POSTGRES_URL)")
    args = parser.parse_args()

    data, files = dataset(args.answers)
    sources = sources_from(data, files)
    wave_rows = data.reviews.head(2_000).assign(source_file="wave.csv")
    wave = SourceData("wave.csv", "0" * 64, reviews=wave_rows)
    floor = parquet_floor(data, args.rounds)
    results = {}
    with tempfile.TemporaryDirectory(prefix="kpi-bench-") as folder:
        results["SQLite"] = bench("SQLite", f"sqlite:///{folder}/kpi.sqlite", sources, wave, args.rounds)
    if args.postgres:
        url, drop = postgres_schema(args.postgres)
        try:
            results["PostgreSQL"] = bench("PostgreSQL", url, sources, wave, args.rounds)
        finally:
            drop()

    print(f"\nParquet floor (pyarrow, zstd, in memory, same tables): write {floor['write']:.2f} s, "
          f"read {floor['read']:.2f} s, {floor['mb']:.1f} MB\n")
    print(f"| {'what':<52} | " + " | ".join(f"{name:>10}" for name in results) + " | floor |")
    print(f"|{'-' * 54}|" + "|".join("-" * 12 for _ in results) + "|-------|")
    rows = [("publish (blobs + scores, one transaction)", "publish", "s", floor["write"]),
            ("load back (fresh Store)", "load", "s", floor["read"]),
            ("first view of a new version (load + stored scores)", "view", "s", floor["read"]),
            ("add a 2,000-answer wave to it", "wave", "s", None),
            ("storage per version", "mb", "MB", floor["mb"])]
    for title, key, unit, ref in rows:
        cells = " | ".join(f"{r[key]:.2f} {unit}".rjust(10) for r in results.values())
        print(f"| {title:<52} | {cells} | {'' if ref is None else f'{ref:.2f}':>5} |")


if __name__ == "__main__":
    main()
