"""`presswatch export`: every table of the store as JSON Lines, CSV or Parquet, and PLOVER event records.

Fact tables carry their article id, place (seq), spans and source sentence; registry tables their
ids. JSON Lines and Parquet keep lists as lists; CSV writes them as JSON text, in UTF-8 with a
byte-order mark (without it Excel reads Vietnamese as mojibake). The MinHash
signatures are internal and not exported.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import sqlean as sqlite3

from .. import lexicon
from ..store import FACT_TABLES, decode
from ..text import match_form

REGISTRY_TABLES = ("directives", "directive_relations", "persons", "person_positions", "organizations", "localities",
                   "stories", "contradictions")
TABLES = ("articles", *(spec.table for spec in FACT_TABLES.values()), *REGISTRY_TABLES)
_PLOVER = {row[0]: (row[1], row[2] if len(row) > 2 else None) for row in lexicon.table("plover.tsv")}
_CRITICISM = lexicon.phrases("plover_criticism.txt")


def rows(conn: sqlite3.Connection, table: str) -> Iterator[dict[str, Any]]:
    """A table's rows as dicts, lists decoded, in a stable order."""
    if table not in TABLES:
        raise ValueError(f"no table {table!r}")
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "minhash"]
    order = "rowid" if table not in ("directive_relations",) else "child, parent"
    for row in conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"):
        yield decode(dict(zip(columns, row)))


def _cell(value: Any) -> Any:
    return orjson.dumps(value).decode() if isinstance(value, (list, dict)) else value


def plover(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Events and statements as PLOVER-style records: working session → CONSULT, đề nghị and kiến nghị → REQUEST."""
    def base(row: sqlite3.Row, kind: str) -> dict[str, Any]:
        return {"event_id": f"{row['article_id']}-{kind}-{row['seq']}", "country": "VNM", "language": "vi",
                "event_text": row["sentence"], "article_id": row["article_id"], "url": row["url"], "title": row["title"],
                "source": row["outlet"], "story_date": row["published"]}

    for row in conn.execute("SELECT e.*, a.url, a.title, a.outlet, a.published, l.name AS place, l.province"
                            " FROM events e JOIN articles a ON a.id = e.article_id"
                            " LEFT JOIN localities l ON l.id = e.counterpart_locality_id ORDER BY a.rowid, e.seq"):
        kind, mode = _PLOVER.get(row["type"], ("CONSULT", None))
        yield {**base(row, "event"), "event_type": kind, "mode": mode, "event_date": row["date"],
               "actor": row["chair"] or row["host"], "actor_id": row["chair_id"], "recipient": row["counterpart"],
               "location": {"name": row["place"], "province": row["province"]} if row["place"] else None,
               "presswatch_type": row["type"], "directives": orjson.loads(row["directives"])}
    for row in conn.execute(
            "SELECT s.*, a.url, a.title, a.outlet, a.published,"
            " (SELECT e.date FROM events e WHERE e.article_id = s.article_id ORDER BY e.seq LIMIT 1) AS event_date"
            " FROM statements s JOIN articles a ON a.id = s.article_id ORDER BY a.rowid, s.seq"):
        if row["type"] not in _PLOVER:
            continue
        kind, mode = _PLOVER[row["type"]]
        if row["type"] == "assessment" and _CRITICISM.search(match_form(row["text"].lower())):
            kind, mode = "ACCUSE", "criticize"
        yield {**base(row, "statement"), "event_type": kind, "mode": mode,
               "event_date": row["event_date"] or (row["published"] or "")[:10] or None,
               "actor": row["speaker"], "actor_id": row["speaker_id"], "recipient": row["addressee"],
               "location": None, "presswatch_type": row["type"], "text": row["text"]}


def export(conn: sqlite3.Connection, out: Path, fmt: str) -> dict[str, int]:
    """Write every table (or the PLOVER records) under `out`; return rows written per file."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    if fmt == "plover":
        path = out / "plover.jsonl"
        with path.open("wb") as handle:
            written[path.name] = sum(handle.write(orjson.dumps(r) + b"\n") > 0 for r in plover(conn))
        return written
    for table in TABLES:
        data = list(rows(conn, table))
        path = out / f"{table}.{fmt}"
        if fmt == "jsonl":
            path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in data))
        elif fmt == "csv":
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "minhash"]
            with path.open("w", newline="", encoding="utf-8-sig") as handle:  # the BOM tells Excel it is UTF-8
                writer = csv.writer(handle)
                writer.writerow(columns)
                writer.writerows([_cell(r[c]) for c in columns] for r in data)
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "minhash"]
            table_data = pa.Table.from_pylist(data) if data else pa.table({c: pa.array([], pa.string()) for c in columns})
            pq.write_table(table_data, path)
        else:
            raise ValueError(f"unknown format {fmt!r}: jsonl, csv, parquet or plover")
        written[path.name] = len(data)
    return written
