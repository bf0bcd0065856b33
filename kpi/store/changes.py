"""A publish before it is made: the sources it adds, replaces and removes, what the store would refuse,
the row counts before and after, and the clean tables the data set would then hold.

The Upload page shows this before the analyst presses Publish; `Store.publish_sources` then makes
the same change (it refuses the same clashes, so nothing here is the last word).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import pandas as pd

from kpi.store.sources import DATA_TABLES, SourceData, split_by_file

Problem = tuple[str, dict]
"""A kpi.i18n message code and its parameters."""


@dataclass(frozen=True)
class Change:
    """A publish asked for: new sources to add, sources to replace (by the name of the source replaced),
    sources to remove (by name). The arguments of `Store.publish_sources`."""

    add: tuple[SourceData, ...] = ()
    replace: Mapping[str, SourceData] = field(default_factory=dict)
    remove: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.add or self.replace or self.remove)


@dataclass(frozen=True)
class Summary:
    """What a change does to the published data set: names added, (old, new) names replaced, names removed;
    rows per table before and after (None: no source holds that table)."""

    added: list[str]
    replaced: list[tuple[str, str]]
    removed: list[str]
    before: dict[str, int | None]
    after: dict[str, int | None]


def change_from(uploads: Sequence[tuple[SourceData, str | None]], remove: Iterable[str],
                current: Sequence[str]) -> tuple[Change, list[Problem]]:
    """The change an analyst's choices ask for, and why the store would refuse it (empty when it would not).

    `uploads`: each new source with the name of the published source it replaces, or None to add it;
    `remove`: names of published sources to remove; `current`: the names of the published sources.
    """
    add, replace, problems = [], {}, []
    removed = tuple(dict.fromkeys(str(name) for name in remove))
    for source, target in uploads:
        if target is None:
            add.append(source)
        elif target not in current:
            problems.append(("change_unknown_source", {"name": target}))
        elif target in replace:
            problems.append(("change_replaced_twice", {"name": target, "first": replace[target].name,
                                                       "second": source.name}))
        elif target in removed:
            problems.append(("change_removed_and_replaced", {"name": target}))
        else:
            replace[target] = source
    problems += [("change_unknown_source", {"name": name}) for name in removed if name not in current]
    names = [replace[name].name if name in replace else name for name in current if name not in removed]
    names += [source.name for source in add]
    problems += [("change_name_taken", {"name": name}) for name in dict.fromkeys(names) if names.count(name) > 1]
    return Change(tuple(add), replace, removed), problems


def _rows(counts: Iterable[int | None]) -> int | None:
    held = [int(n) for n in counts if n is not None and not pd.isna(n)]
    return sum(held) if held else None


def summary(current: pd.DataFrame, change: Change) -> Summary:
    """What `change` does to the data set whose sources are `current` (a `Store.sources()` frame)."""
    names = current["name"].tolist()
    kept = current[~current["name"].isin([*change.remove, *change.replace])]
    new = [*change.replace.values(), *change.add]
    before, after = {}, {}
    for table in DATA_TABLES:
        before[table] = _rows(current[f"n_{table}"])
        frames = [source.table(table) for source in new]
        after[table] = _rows([*kept[f"n_{table}"], *(None if f is None else len(f) for f in frames)])
    return Summary(
        added=[source.name for source in change.add],
        replaced=[(old, source.name) for old, source in change.replace.items()],
        removed=[name for name in change.remove if name in names],
        before=before, after=after,
    )


def next_tables(reviews: pd.DataFrame | None, meetings: pd.DataFrame | None, current: pd.DataFrame,
                change: Change) -> dict[str, pd.DataFrame | None]:
    """The clean reviews and meetings the data set would hold after `change`, as `Store.load` would give
    them: the published sources (`current`, a `Store.sources()` frame; their rows in `reviews` /
    `meetings`) less those removed, those replaced in place, then those added. None for a table that
    no source holds."""
    names = current["name"].tolist()
    published = {source.name: source for source in split_by_file(reviews, meetings, names)}
    holds = {table: dict(zip(names, current[f"n_{table}"].notna())) for table in DATA_TABLES}
    tables: dict[str, pd.DataFrame | None] = {}
    for table in DATA_TABLES:
        frames = [change.replace[name].table(table) if name in change.replace
                  else published[name].table(table) if holds[table][name] else None
                  for name in names if name not in change.remove]
        frames = [frame for frame in [*frames, *(source.table(table) for source in change.add)] if frame is not None]
        tables[table] = pd.concat(frames, ignore_index=True) if frames else None
    return tables
