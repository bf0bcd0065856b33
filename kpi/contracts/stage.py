"""What every stage's model shares: columns declared once, read in table order.

A later stage extends an earlier one (`class Reviews(RawReviews)`): a column it declares again,
with its own dtype and rules, keeps the description and metadata of the earlier declaration
unless it gives its own, so a column is described once, where it first appears.
"""

from __future__ import annotations

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
