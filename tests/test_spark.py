"""presswatch on Spark (local[2]) against the single-machine pipeline, on a hundred and more articles of the genre.

One SparkSession and one run serve the whole module. The articles are tests/genre.py's world, in
slices: the input folder holds articles with their ids but no dates (JSON Lines, gzip), articles
with dates but without ids (so months and content hashes), one of them twice, a line that is not
JSON, a plain text article, a web archive of articles as HTML pages, and a Parquet file of other
dated articles (which the single-machine pipeline reads from a JSON Lines copy outside).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import genre
from test_inputs import warc_record
from presswatch import Article, Failure, cli, extract_paths
from presswatch.model import FACT_KINDS
from presswatch.spark.load import read_parquet_articles
from presswatch.spark.tables import TABLES, article_from, month_of, record

PIECES = genre.articles()
WORLD = genre.records(PIECES)
IDENTIFIED = [{k: r[k] for k in ("id", "title", "text")} for r in WORLD[:60]]  # ids, no dates (but a dateline some print)
PRINTED = [p.printed for p in PIECES[:60]]
DATED = [{k: v for k, v in r.items() if k != "id"} for r in WORLD[60:100]]  # dates, no ids: content hashes
PAGES = WORLD[100:106]  # as HTML pages in a web archive
PARQUET = WORLD[106:126]
PLAIN = WORLD[126]  # as a .txt file
UNDATED = PIECES[:60] + PIECES[100:106] + [PIECES[126]]  # no container's date: only a dateline some of them print
PARQUET_ROWS = tuple(f"d.parquet#{n}" for n in range(1, len(PARQUET) + 1))
WARC_PAGES = len(PAGES)


def _page(record: dict[str, Any]) -> bytes:
    """An article as a plain news page: its title, then a paragraph per line."""
    title, lines = record["title"], record["text"].splitlines()
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    return (f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1><div class='content'>{paragraphs}</div></body></html>").encode()


def _jsonl(path: Path, records: list[dict[str, Any]], extra: str = "") -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + extra, encoding="utf-8")


@pytest.fixture(scope="session")
def spark():
    from presswatch.spark.pipeline import session

    # A few hundred articles: the JVM's warm-up is most of the time, so the quick JIT only and no code generation.
    spark = session("local[2]", "presswatch-tests", **{
        "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
        "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1", "spark.sql.codegen.wholeStage": "false"})
    yield spark
    spark.stop()


@pytest.fixture(scope="session")
def corpus_input(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("input")
    with gzip.open(folder / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in IDENTIFIED)
    _jsonl(folder / "b.jsonl", DATED + [DATED[5]], extra="{this line is not JSON\n")
    (folder / "c.txt").write_text(f"{PLAIN['title']}\n{PLAIN['text']}\n", encoding="utf-8")
    records = [warc_record("response", f"https://baomau.vn/{n}.html", _page(r)) for n, r in enumerate(PAGES)]
    (folder / "e.warc.gz").write_bytes(b"".join(gzip.compress(r) for r in records))
    pq.write_table(pa.Table.from_pylist(PARQUET), folder / "d.parquet")
    _jsonl(folder.parent / "d.jsonl", PARQUET)
    return folder


@pytest.fixture(scope="session")
def spark_run(spark, corpus_input, tmp_path_factory):
    from presswatch.spark.pipeline import run

    output = tmp_path_factory.mktemp("output") / "tables"
    summary = run(spark, str(corpus_input), str(output), partitions=6)
    return output, summary


@pytest.fixture(scope="session")
def single_machine(corpus_input) -> list[Article | Failure]:
    return list(extract_paths([str(corpus_input)]))


def _table(output: Path, name: str) -> list[dict[str, Any]]:
    partitioning = ds.partitioning(pa.schema([("month", pa.string())]), flavor="hive")
    return ds.dataset(output / name, format="parquet", partitioning=partitioning).to_table().to_pylist()


def test_the_facts_are_the_single_machine_pipelines(spark_run, single_machine):
    output, summary = spark_run
    expected = {a.path: a.to_dict() for a in single_machine if isinstance(a, Article)}
    duplicate = sorted(p for p in expected if p.endswith(f"b.jsonl#{len(DATED) + 1}"))
    assert duplicate, "the repeated dated record is the line after the others"
    del expected[duplicate[0]]  # the same article twice is one article; the first path is kept
    got = {a.path: a.to_dict() for a in read_parquet_articles(output) if not a.path.endswith(PARQUET_ROWS)}
    assert got.keys() == expected.keys()
    assert len(got) == len(IDENTIFIED) + len(DATED) + 1 + WARC_PAGES
    assert sum(1 for p in got if "e.warc.gz#" in p) == WARC_PAGES
    assert sum(len(d["directives"]) for d in got.values()) >= 40  # the run had facts of every kind to compare
    assert all(sum(len(d[kind]) for d in got.values()) for kind in FACT_KINDS)
    for path, article in expected.items():
        assert got[path] == article, path
    assert summary.articles == len(got) + len(PARQUET) and summary.duplicates == 1
    everything = [a.to_dict() for a in read_parquet_articles(output)]
    assert summary.facts == {kind: sum(len(d[kind]) for d in everything) for kind in FACT_KINDS}


def test_a_record_and_its_fact_rows_give_the_article_back(single_machine):
    """The layout alone, without Spark: what `load` rebuilds from the rows `pipeline` writes."""
    for article in (a for a in single_machine if isinstance(a, Article)):
        row = record(article)
        facts = {kind: [{**f, "spans": [list(s) for s in f["spans"]]} for f in row[kind]] for kind in FACT_KINDS}
        assert article_from(row, facts).to_dict() == article.to_dict()


def test_articles_are_read_back_in_input_order_within_a_month(spark_run):
    output, _ = spark_run
    unknown = [a.path for a in read_parquet_articles(output) if a.published is None]
    numbered = [p for p in unknown if "a.jsonl.gz" in p]
    assert [int(p.rsplit("#", 1)[1]) for p in numbered] == [n for n, day in enumerate(PRINTED, 1) if day is None]


def test_every_table_is_partitioned_by_month_and_keyed_by_article(spark_run):
    output, _ = spark_run
    articles = _table(output, "articles")
    months = {a["month"] for a in articles}
    dated = {r["date"][:7] for r in DATED + PARQUET} | {p.printed.strftime("%Y-%m") for p in UNDATED if p.printed}
    assert "unknown" in months and months - {"unknown"} == dated
    assert months == {month_of(a.published) for a in read_parquet_articles(output)}
    assert {p.name for p in (output / "articles").iterdir() if p.is_dir()} == {f"month={m}" for m in months}
    month_of_article = {a["article_id"]: a["month"] for a in articles}
    assert len(month_of_article) == len(articles)
    for name in TABLES[1:]:
        rows = _table(output, name)
        assert rows and all(month_of_article[r["article_id"]] == r["month"] for r in rows), name


def test_article_ids_are_the_sources_ids_else_the_body_hash(spark_run):
    output, _ = spark_run
    for row in _table(output, "articles"):
        assert row["content_hash"] == hashlib.sha1(row["body"].encode("utf-8")).hexdigest()
        if "b.jsonl" in row["path"] or "e.warc.gz" in row["path"] or row["path"].endswith("c.txt"):
            assert row["id"] is None and row["article_id"] == row["content_hash"]
        else:
            assert row["id"].startswith("genre-") and row["article_id"] == row["id"]


def test_what_cannot_be_read_is_kept_with_its_reason(spark_run, single_machine):
    output, summary = spark_run
    failures = pq.read_table(output / "failures").to_pylist()
    assert [(f["path"], f["reason"]) for f in failures] == [(f.origin, f.reason) for f in single_machine if isinstance(f, Failure)]
    assert len(failures) == summary.failures == 1 and failures[0]["path"].endswith(f"b.jsonl#{len(DATED) + 2}")


def test_parquet_rows_give_the_facts_of_the_same_records_read_as_json_lines(spark_run, corpus_input):
    output, _ = spark_run
    got = {a.path: a.to_dict() for a in read_parquet_articles(output) if a.path.endswith(PARQUET_ROWS)}
    assert len(got) == len(PARQUET)
    for number, article in enumerate(extract_paths([str(corpus_input.parent / "d.jsonl")]), 1):
        path = f"{corpus_input / 'd.parquet'}#{number}"
        assert got[path] == {**article.to_dict(), "path": path}


def test_the_command_writes_every_table_and_reports_failures(spark, tmp_path):
    _jsonl(tmp_path / "in.jsonl", WORLD[-20:], extra="{this line is not JSON\n")
    command = ["spark", "extract", "--master", "local[2]", str(tmp_path / "in.jsonl"), str(tmp_path / "out")]
    result = CliRunner().invoke(cli.app, command)
    assert result.exit_code == 1  # the line that is not JSON, as `presswatch extract` does
    said = " ".join(result.stderr.split())  # as printed, wrapped to the terminal's width
    assert "20 articles written" in said and "1 input(s) could not be processed" in said
    assert {p.name for p in (tmp_path / "out").iterdir()} == {*TABLES, "failures"}
    again = CliRunner().invoke(cli.app, command)
    assert again.exit_code == 2 and "out already exists" in " ".join(again.stderr.split())


def test_a_missing_input_is_named(spark, tmp_path):
    from presswatch.spark.sources import list_inputs

    with pytest.raises(FileNotFoundError, match="nothing.jsonl: no such file or folder"):
        list_inputs(spark, str(tmp_path / "nothing.jsonl"))
    assert list_inputs(spark, str(tmp_path)) == []


def test_ingest_from_parquet_stores_what_a_direct_ingest_stores(spark_run, corpus_input, tmp_path):
    """`presswatch ingest --from-parquet` gives each article the same stored facts as reading it directly."""
    from presswatch.store import FACT_TABLES, connect
    from presswatch.store.ingest import ingest, parquet_records

    output, _ = spark_run
    direct, loaded = connect(tmp_path / "direct.db"), connect(tmp_path / "loaded.db")
    first = ingest([str(corpus_input)], direct, workers=1)
    summary = ingest([], loaded, records=parquet_records(output))
    assert (first.new, first.unchanged) == (len(IDENTIFIED) + len(DATED) + 1 + WARC_PAGES, 1)  # the repeated line
    assert summary.new == first.new + len(PARQUET) and summary.linked

    def facts(conn, table):
        return sorted(tuple(r) for r in conn.execute(
            f"SELECT article_id, seq, sentence, spans FROM {table} WHERE article_id IN (SELECT id FROM articles"
            " WHERE identity IN (SELECT value FROM json_each(?)))", (json.dumps(shared),)))

    shared = sorted({r[0] for r in direct.execute("SELECT identity FROM articles")}
                    & {r[0] for r in loaded.execute("SELECT identity FROM articles")})
    assert len(shared) == direct.execute("SELECT count(*) FROM articles").fetchone()[0]
    for spec in FACT_TABLES.values():
        assert facts(direct, spec.table) == facts(loaded, spec.table), spec.table
