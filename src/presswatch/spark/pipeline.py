"""read → clean → extract on Spark, written as one Parquet dataset per table of `tables.TABLES`.

Executors run presswatch's own `extract_documents` (`extract_paths` after reading: parse, clean,
extract under the time limit) on the documents of their partition, so the facts are the
single-machine pipeline's. Each document
becomes one record (`tables.record`: the article's `to_dict()` with its key, content hash and
month, or a failure); the records are cached once and every table is a projection of them, so
the extraction runs once however many tables are written.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from ..model import FACT_KINDS
from ..pipeline import Failure, extract_documents
from ..read import Document, ReadError, Source
from .schema import record_schema
from .sources import hadoop_path, items, list_inputs
from .tables import ARTICLE_ID, ARTICLES, FAILURE, FAILURES, INDEX, MONTH, article_columns, fact_columns, record

PARTITIONS_PER_CORE = 4  # enough tasks that a slow partition does not leave the other cores idle


@dataclass
class Summary:
    """What a run wrote: articles, facts per kind, documents that failed, duplicates left out."""

    articles: int
    facts: dict[str, int]
    failures: int
    duplicates: int
    partitions: int


def session(master: str = "local[*]", app_name: str = "presswatch", **conf: str) -> SparkSession:
    """A SparkSession; a local one binds to the loopback and runs its workers with this Python."""
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # the host name may not resolve
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the interpreter that has presswatch
    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _records(found: Iterable[Source | Document | ReadError]) -> Iterator[dict[str, Any]]:
    for item in extract_documents(found):
        if isinstance(item, Failure):
            yield {"path": item.origin, FAILURE: item.reason}
        else:
            yield record(item)


def extract_records(spark: SparkSession, given: str, partitions: int | None = None) -> DataFrame:
    """One record per document under `given` (see `tables.record`), extracted in `partitions` tasks."""
    files = list_inputs(spark, given)
    if not files:
        raise FileNotFoundError(f"{given}: the folder holds no file presswatch reads (.txt, .jsonl, .parquet, …)")
    count = partitions or spark.sparkContext.defaultParallelism * PARTITIONS_PER_CORE
    rdd = items(spark, files).repartition(count).mapPartitions(_records)
    return spark.createDataFrame(rdd, record_schema(), verifySchema=False)


def _duplicates(articles: DataFrame) -> list[str]:
    """Paths of the articles whose key an earlier one already has: the same article twice.

    Earlier is input order, FILE#9 before FILE#10, as `load` reads them back. Collected to the
    driver: there are few (an id or a body seen twice), and none is the usual case.
    """
    file, line = F.regexp_replace("path", r"#\d+$", ""), F.regexp_extract("path", r"#(\d+)$", 1).try_cast("long")
    first = Window.partitionBy(ARTICLE_ID).orderBy(file, line)
    ranked = articles.select(ARTICLE_ID, "path").withColumn("rank", F.row_number().over(first))
    return [row.path for row in ranked.filter(F.col("rank") > 1).select("path").collect()]


def write_tables(records: DataFrame, output: str, mode: str = "errorifexists") -> Summary:
    """Write `articles`, one table per fact kind and `failures` under `output`; one article per key."""
    records = records.persist()
    try:
        dropped = _duplicates(records.filter(F.col(FAILURE).isNull()))
        kept = F.col(FAILURE).isNull() & ~F.col("path").isin(dropped)
        articles = records.filter(kept)
        articles.select(*article_columns()).write.mode(mode).partitionBy(MONTH).parquet(f"{output}/{ARTICLES}")
        for kind in FACT_KINDS:
            facts = articles.select(ARTICLE_ID, MONTH, F.posexplode(kind).alias(INDEX, "fact"))
            facts = facts.select(ARTICLE_ID, INDEX, *(F.col(f"fact.{name}").alias(name) for name in fact_columns(kind)), MONTH)
            facts.write.mode(mode).partitionBy(MONTH).parquet(f"{output}/{kind}")
        failed = records.filter(F.col(FAILURE).isNotNull()).select("path", F.col(FAILURE).alias("reason"))
        failed.coalesce(1).write.mode(mode).parquet(f"{output}/{FAILURES}")
        totals = records.agg(F.count(F.when(kept, 1)).alias("articles"), F.count(F.col(FAILURE)).alias(FAILURES),
                             *(F.sum(F.when(kept, F.size(kind))).alias(kind) for kind in FACT_KINDS)).first()
        return Summary(articles=totals["articles"], facts={kind: totals[kind] or 0 for kind in FACT_KINDS},
                       failures=totals[FAILURES], duplicates=len(dropped), partitions=records.rdd.getNumPartitions())
    finally:
        records.unpersist()


def run(spark: SparkSession, given: str, output: str, partitions: int | None = None, overwrite: bool = False) -> Summary:
    """Extract every article under `given` and write its tables under `output` (local path or URL)."""
    fs, path = hadoop_path(spark, output)
    if not overwrite and fs.exists(path):  # said before the extraction, not after it
        raise FileExistsError(f"{output} already exists: give another folder, or overwrite it")
    return write_tables(extract_records(spark, given, partitions), output, "overwrite" if overwrite else "errorifexists")
