"""Articles back from the Parquet datasets of a Spark run, with pyarrow alone (no Spark, no Java).

For `presswatch ingest --from-parquet DIR`: each `Article` comes back with its facts, equal
(`to_dict()`) to what `presswatch.pipeline.process` made of it. One month partition is read at a
time, so memory holds one month's articles and facts, not the whole output.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from ..model import FACT_KINDS, Article
from .tables import ARTICLE_ID, ARTICLES, INDEX, MONTH, UNKNOWN_MONTH, article_from

_PARTITIONING = ds.partitioning(pa.schema([(MONTH, pa.string())]), flavor="hive")


def _dataset(directory: str | Path, table: str) -> ds.Dataset:
    return ds.dataset(f"{directory}/{table}", format="parquet", partitioning=_PARTITIONING)


def _months(dataset: ds.Dataset) -> list[str]:
    """The month partitions present, in order, `unknown` last."""
    months = {ds.get_partition_keys(f.partition_expression)[MONTH] for f in dataset.get_fragments()}
    return sorted(months, key=lambda m: (m == UNKNOWN_MONTH, m))


def _rows(dataset: ds.Dataset, month: str) -> list[dict[str, Any]]:
    if not dataset.files:  # a table with no row at all: Spark wrote no file to read a schema from
        return []
    return dataset.to_table(filter=ds.field(MONTH) == month).to_pylist()


def _input_order(path: str) -> tuple[str, int]:
    """FILE#N sorts by file, then line N as a number (FILE#10 after FILE#9)."""
    head, sep, tail = path.rpartition("#")
    return (head, int(tail)) if sep and tail.isdigit() else (path, 0)


def read_parquet_articles(directory: str | Path) -> Iterator[Article]:
    """Every article of a Spark run's output folder, month by month, in input order within a month."""
    articles = _dataset(directory, ARTICLES)
    facts = {kind: _dataset(directory, kind) for kind in FACT_KINDS}
    for month in _months(articles):
        by_article: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for kind, dataset in facts.items():
            for row in sorted(_rows(dataset, month), key=lambda r: r[INDEX]):
                by_article[row[ARTICLE_ID]][kind].append(row)
        for row in sorted(_rows(articles, month), key=lambda r: _input_order(r["path"])):
            yield article_from(row, by_article.get(row[ARTICLE_ID], {}))
