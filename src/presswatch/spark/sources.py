"""The inputs of a Spark run, from a local path or a Hadoop-compatible URL, as presswatch reads them.

Parquet files (a `text` column, optionally id, title, url, date, outlet, sapo) are read by Spark
itself, split across tasks, each row a `Document`. Every other file goes whole to one task, which
hands it to presswatch's own `sources()` under the file's name: text, HTML, JSON Lines, WARC,
archives, whatever `presswatch.read` knows, with nothing to change here (a folder contributes the
files `presswatch.read.readable` accepts). That task only finds each document's bytes (a
`Source`); parsing them (HTML to text) is left to the extraction tasks, under the time limit, as
`presswatch extract` does. Origins are the paths `presswatch extract` would show for the same
input, so both runs name an article alike.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from pyspark import RDD
from pyspark.sql import Row, SparkSession
from pyspark.sql import functions as F

from ..read import Document, ReadError, Source, readable, record_document, sources

PARQUET_SUFFIX = ".parquet"
_FILE = "__presswatch_file"
_ROW = "__presswatch_row"


@dataclass(frozen=True)
class InputFile:
    uri: str  # as Spark names it: file:/…, hdfs://…, s3a://…
    shown: str  # as `presswatch extract` names it


def hadoop_path(spark: SparkSession, given: str) -> tuple[Any, Any]:
    """Hadoop's FileSystem for `given` (local, hdfs://, s3a://, …) and its Path, through the JVM."""
    path = spark.sparkContext._jvm.org.apache.hadoop.fs.Path(given)  # type: ignore[union-attr]
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path  # type: ignore[union-attr]


def list_inputs(spark: SparkSession, given: str) -> list[InputFile]:
    """The file `given`, or every wanted file under the folder `given`."""
    fs, path = hadoop_path(spark, given)
    if not fs.exists(path):
        raise FileNotFoundError(f"{given}: no such file or folder")
    root = fs.makeQualified(path).toString()
    if fs.getFileStatus(path).isFile():
        return [InputFile(root, given)]
    local = "://" not in given
    found = []
    listing = fs.listFiles(path, True)
    while listing.hasNext():
        uri = listing.next().getPath().toString()
        relative = uri[len(root.rstrip("/")) + 1:]
        if readable(relative) or relative.endswith(PARQUET_SUFFIX):
            found.append(InputFile(uri, str(Path(given) / relative) if local else f"{given.rstrip('/')}/{relative}"))
    return sorted(found, key=lambda f: f.shown)


def _file_sources(shown: dict[str, str], row: Row) -> Iterator[Source | ReadError]:
    """The documents of one whole file, found by `presswatch.read.sources` in a local copy under the same name."""
    where = shown.get(row.path) or shown.get(unquote(row.path)) or row.path
    with tempfile.TemporaryDirectory(prefix="presswatch-") as folder:
        local = Path(folder) / PurePosixPath(where).name
        local.write_bytes(row.content)
        for item in sources([str(local)]):
            item.origin = where + item.origin[len(str(local)):]
            yield item


def _row_document(shown: dict[str, str], row: Row) -> Document | ReadError:
    """A Parquet row, named FILE#N (N from 1) like a line of a JSON Lines file."""
    values = row.asDict()
    uri, number = values.pop(_FILE), values.pop(_ROW) + 1
    where = shown.get(uri) or shown.get(unquote(uri)) or uri
    return record_document(f"{where}#{number}", values, f"row {number}")


def items(spark: SparkSession, files: list[InputFile]) -> RDD:
    """An RDD of what the extraction takes from these files: `Source`s, `Document`s and `ReadError`s."""
    shown = {f.uri: f.shown for f in files}
    parts: list[RDD] = []
    parquet = [f.uri for f in files if f.uri.endswith(PARQUET_SUFFIX)]
    whole = [f.uri for f in files if not f.uri.endswith(PARQUET_SUFFIX)]
    if whole:
        raw = spark.read.format("binaryFile").load(whole).select("path", "content")
        parts.append(raw.rdd.flatMap(partial(_file_sources, shown)))
    if parquet:
        table = spark.read.parquet(*parquet)
        rows = table.select("*", F.col("_metadata.file_path").alias(_FILE), F.col("_metadata.row_index").alias(_ROW))
        parts.append(rows.rdd.map(partial(_row_document, shown)))
    return spark.sparkContext.union(parts)
