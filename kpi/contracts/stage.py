"""What every stage's model shares: columns declared once, read in table order.

A later stage extends an earlier one (`class Reviews(RawReviews)`): a column it declares again,
with its own dtype and rules, keeps the description and metadata of the earlier declaration
unless it gives its own, so a column is described once, where it first appears.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import pandera.pandas as pa
from pandera.api.dataframe.model_components import FieldInfo


class Stage(pa.DataFrameModel):
    """Base of the models of kpi.contracts; holds no column."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, field in vars(cls).items():
            if not isinstance(field, FieldInfo):
                continue
            earlier = next((vars(base)[name] for base in cls.__mro__[1:]
                            if isinstance(vars(base).get(name), FieldInfo)), None)
            if earlier is None:
                continue
            if field.description is None:
                field.description = earlier.description
            if field.metadata is None:
                field.metadata = earlier.metadata

    class Config:
        strict = False


def columns(model: type[pa.DataFrameModel]) -> tuple[str, ...]:
    """The model's columns in table order.

    Each class's body places the columns it declares after the inherited columns it does not
    declare again: a clean model that declares every column sets the clean table's order, a
    model that adds columns puts them last. (pandera's own schema keeps a column where it was
    first declared; only the order differs.)
    """
    schema_columns = model.to_schema().columns
    order: list[str] = []
    for cls in reversed(model.__mro__):
        own = [name for name in vars(cls).get("__annotations__", {}) if name in schema_columns]
        order = [name for name in order if name not in own] + own
    return tuple(order)


def dtypes(model: type[pa.DataFrameModel]) -> dict[str, str]:
    """Column → pandas dtype name (`str`, `float64`, `datetime64[ns]`, …), in table order."""
    schema_columns = model.to_schema().columns
    return {name: str(schema_columns[name].dtype.type) for name in columns(model)}


_FIELD_CHECKS = {
    "isin": lambda values, allowed_values: values.isin(allowed_values),
    "greater_than_or_equal_to": lambda values, min_value: values >= min_value,
}
"""The column checks `holds` works out itself, by pandera's name for them; any other sends a frame to pandera."""


def holds(model: type[pa.DataFrameModel], frame: pd.DataFrame) -> bool:
    """True when no row of `frame` breaks a rule of `model`: its columns' nullability and checks, its frame checks.

    Worked out with a few vectorised pandas calls, as pandera would (column checks skip blanks, frame checks are the
    model's own functions), so that a valid table needs no `model.validate`: pandera's run, and the import of its
    backends, cost more than the checks themselves. False as soon as a row may break a rule, or the model holds a
    rule of another kind: `model.validate` then says which rows break which rules, as always.
    """
    schema = model.to_schema()
    if schema.unique or schema.index is not None:
        return False
    for name, col in schema.columns.items():
        if name not in frame or col.unique or col.regex:
            return False
        values = frame[name]
        missing = values.isna()
        if not col.nullable and missing.any():
            return False
        if col.checks and missing.any():
            values = values[~missing]  # column checks skip blanks; a full column is checked as it is, not copied
        for check in col.checks:
            rule = _FIELD_CHECKS.get(check.name)
            if rule is None or check.groupby is not None or check.element_wise or not check.ignore_na:
                return False
            if not rule(values, **check.statistics).all():
                return False
    for check in schema.checks:
        if check.groupby is not None or check.element_wise:
            return False
        try:
            kept = partial(check._check_fn, **check._check_kwargs)(frame)
        except Exception:  # pandera reports a check that raises: let it
            return False
        if not (isinstance(kept, pd.Series) and kept.dtype == bool and kept.index.equals(frame.index) and kept.all()):
            return False
    return True
