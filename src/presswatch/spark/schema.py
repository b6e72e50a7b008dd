"""Spark types of the tables, derived from the dataclasses of `presswatch.model`.

Derived rather than written out so that a field added to a fact is written by the next Spark run
without touching this package: str → string, float → double, int → int, `X | None` → nullable X,
lists and spans (start, end) → arrays, a dataclass (Noise) → a struct.
"""

from __future__ import annotations

import types
from dataclasses import fields, is_dataclass
from typing import Any, Union, get_args, get_origin, get_type_hints

from pyspark.sql.types import ArrayType, DataType, DoubleType, IntegerType, StringType, StructField, StructType

from ..model import FACT_KINDS
from .tables import FACT_TYPES, FAILURE, article_columns

_SCALARS: dict[Any, DataType] = {str: StringType(), float: DoubleType(), int: IntegerType()}


def spark_type(hint: Any) -> DataType:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return spark_type(inner)
    if origin in (list, tuple):  # a tuple is a span: (start, end)
        return ArrayType(spark_type(get_args(hint)[0]))
    if is_dataclass(hint):
        hints = get_type_hints(hint)
        return struct({f.name: hints[f.name] for f in fields(hint)})
    return _SCALARS[hint]


def struct(columns: dict[str, Any]) -> StructType:
    return StructType([StructField(name, spark_type(hint), nullable=True) for name, hint in columns.items()])


def record_schema() -> StructType:
    """What the executors hand back for each document: an article's record, or a path and a failure."""
    columns = article_columns()
    columns.update((kind, list[FACT_TYPES[kind]]) for kind in FACT_KINDS)
    columns[FAILURE] = str
    return struct(columns)
