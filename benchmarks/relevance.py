"""Search relevance on a fixed 10,000 articles of the corpus: precision at 10, recall at 100, count accuracy.

**Articles**: of the three corpora (baomoi-2017, trends-2024, baomoi-2013), the 10,000 whose ids have the
smallest SHA-1: a sample that is the same on every machine (`sample` writes it as JSON Lines, which
`measure` ingests; nothing of it is kept in the repository).

**Queries** (`relevance/queries.tsv`): 70 of the kinds readers type — people, directives by name and
by number, places, policy topics, each with and without accents, a few mixed, a few with OR, -,
quotes and a prefix. Each states its **need** in words and a **rule** that judges an article from its
own text (title and body as the corpus has them, never anything presswatch made of it): regular
expressions in key form (lower case, one tone placement), alternatives and conjunctions. The rules
were written from the needs before any search was run. Nobody read the articles: no reader blind to
the system was available, so the rule is the judge, and it is kept beside its verdicts to be read,
disputed and run again.

**Judgements** (`judge` → `relevance/judgements.jsonl`, corpus ids only): per query, the relevant
articles, and for a query without operators the articles that *contain* it as typed — its words side
by side, separated by anything but letters, a word typed with marks compared with its marks (case and
tone placement aside), one typed without compared without any (đ as d), a number-symbol's issuer code
written any of its ways (TW, TƯ, T.Ư): the count a reader takes from the search box.

**Measures** (`measure`): P@10, the relevant share of the first 10 hits (of all hits when fewer);
R@100, the relevant articles among the first 100 over all the relevant ones (at most 100/relevant
for a query with more than 100); recall, the relevant articles among all the matches (what a count
and the facets rest on); count accuracy, the
reported total against the articles that contain the query (exact share, and mean relative error).
`--before REV` measures presswatch as committed at REV the same way, on a database its own ingest
built (the search of that time: its dashboard's `search_with_facets`, total and ranking).

usage: python benchmarks/relevance.py judge
       python benchmarks/relevance.py measure [--before REV] [--json benchmarks/results/relevance.json]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from machine import describe  # noqa: E402
from startup import export_revision, short  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus"
CORPORA = ("baomoi-2017.jsonl.gz", "trends-2024.jsonl.gz", "baomoi-2013.jsonl.gz")
SIZE = 10_000
HERE = pathlib.Path(__file__).parent / "relevance"
QUERIES, JUDGEMENTS = HERE / "queries.tsv", HERE / "judgements.jsonl"
OPERATORS = re.compile(r'["()*]|(?:^|\s)-|\b(?:OR|AND|NOT)\b')
SYLLABLE = re.compile(r"[^\W_]+")
DEPTH = 100


def sample() -> list[dict]:
    """The SIZE corpus records with the smallest SHA-1 of their id."""
    records = []
    for name in CORPORA:
        with gzip.open(CORPUS / name, "rt", encoding="utf-8") as handle:
            records.extend(json.loads(line) for line in handle)
    records.sort(key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
    return records[:SIZE]


def queries() -> list[dict[str, str]]:
    rows = [line.split("\t") for line in QUERIES.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


# --- the judge: rules over the article's own text ------------------------------------------------------

def _part(expression: str) -> tuple[bool, re.Pattern[str]]:
    """(negated, pattern) of one part of a rule: spaces are any run of non-letters, whole words only."""
    negated = expression.startswith("!")
    body = expression.lstrip("!").replace(" ?", r"\W*").replace(" ", r"\W+")
    return negated, re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def rule(text: str) -> list[list[tuple[bool, re.Pattern[str]]]]:
    return [[_part(p.strip()) for p in alternative.split("&")] for alternative in text.split(" ; ")]


def relevant(judge: list[list[tuple[bool, re.Pattern[str]]]], text: str) -> bool:
    return any(all(bool(p.search(text)) != negated for negated, p in alternative) for alternative in judge)


def _holds(tokens: list[tuple[str, str]], words: list[tuple[str, bool]]) -> bool:
    """Whether the query's words are side by side in these (key, folded) syllables."""
    n = len(words)
    return any(all((tokens[i + j][0] if exact else tokens[i + j][1]) == w for j, (w, exact) in enumerate(words))
               for i in range(len(tokens) - n + 1))


def _spellings(query: str) -> list[str]:
    """The query, and with a number-symbol's issuer code written the other ways the search box promises
    to find it (04-NQ/TW, 04-NQ/TƯ, 04-NQ/T.Ư)."""
    if not re.search(r"/(?:TW|TƯ|T\.Ư)\b", query):
        return [query]
    return [re.sub(r"/(?:TW|TƯ|T\.Ư)\b", "/" + code, query) for code in ("TW", "TƯ", "T.Ư")]


def judge() -> None:
    from presswatch.text import fold, key

    asked = queries()
    judges = [rule(q["rule"]) for q in asked]
    typed = [None if OPERATORS.search(q["query"]) else
             [[(key(w), True) if fold(w) != w.casefold() else (fold(w), False) for w in SYLLABLE.findall(spelled)]
              for spelled in _spellings(q["query"])] for q in asked]
    found: list[dict[str, list[str]]] = [{"relevant": [], "contains": []} for _ in asked]
    for record in sample():
        title, text = record.get("title") or "", record["text"]
        keyed = key(f"{title}\n{text}")
        fields = [[(key(t), fold(t)) for t in SYLLABLE.findall(part)] for part in (title, text)]
        folded = {f for tokens in fields for _, f in tokens}
        for query, judged, words, out in zip(asked, judges, typed, found):
            if relevant(judged, keyed):
                out["relevant"].append(record["id"])
            if words and any(all((fold(w) if exact else w) in folded for w, exact in spelled)
                             and any(_holds(tokens, spelled) for tokens in fields) for spelled in words):
                out["contains"].append(record["id"])
    with JUDGEMENTS.open("w", encoding="utf-8") as handle:
        for query, out in zip(asked, found):
            line = {"query": query["query"], "kind": query["kind"], "relevant": sorted(out["relevant"])}
            if OPERATORS.search(query["query"]) is None:
                line["contains"] = sorted(out["contains"])
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{len(asked)} queries judged over {SIZE:,} articles: {JUDGEMENTS}")


# --- the system's answers -------------------------------------------------------------------------------

def answers(db: str) -> None:
    """Print, per query, the total, every hit in order (corpus ids) and the time, from the presswatch on
    sys.path: this tree's `search`, or, at a revision before issue 15, the dashboard's `search_with_facets`."""
    from presswatch.serve import search as module
    from presswatch.store import connect

    conn = connect(db, readonly=True)
    source = dict(conn.execute("SELECT id, source_id FROM articles").fetchall())
    out = []
    for query in queries():
        started = time.perf_counter()
        try:
            if hasattr(module, "search_with_facets"):  # before issue 15: what the dashboard answered
                total, hits, _ = module.search_with_facets(conn, query["query"], limit=SIZE)
                ids = [h.article_id for h in hits]
            else:
                results = module.search(conn, query["query"], limit=SIZE)
                total, ids = results.total, [h.article_id for h in results.hits]
            error = None
        except module.QueryError as exc:
            total, ids, error = 0, [], str(exc)
        out.append({"query": query["query"], "total": total, "hits": [source[i] for i in ids], "error": error,  # every match, in order
                    "ms": round((time.perf_counter() - started) * 1000, 1)})
    print(json.dumps(out, ensure_ascii=False))


def _run(rev: str | None, folder: pathlib.Path, source: pathlib.Path) -> list[dict]:
    """Ingest the sample with the presswatch of REV (else this tree) and ask it every query."""
    env = dict(os.environ)
    if rev:
        tree = folder / f"at-{rev}"
        tree.mkdir()
        env["PYTHONPATH"] = str(export_revision(rev, tree))
        store = tree / "src" / "presswatch" / "store"  # its own ranking extension, not this tree's: built as pip builds it
        subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", str(store / f"_rank{sysconfig.get_config_var('EXT_SUFFIX')}"),
                        str(store / "rank.c"), "-lm"], check=True)
    db = folder / f"{rev or 'now'}.db"
    subprocess.run([sys.executable, "-m", "presswatch.cli", "ingest", str(source), "--db", str(db)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    done = subprocess.run([sys.executable, __file__, "answers", "--db", str(db)], env=env, check=True, capture_output=True,
                          text=True)
    return json.loads(done.stdout)


def score(judged: list[dict], answered: list[dict], stored: set[str]) -> dict:
    """Per query and overall: P@10, R@100, and for queries without operators the total against `contains`.
    A corpus record the store merged with another (the same text twice) is no article of its own: left out."""
    rows = []
    for j, a in zip(judged, answered, strict=True):
        assert j["query"] == a["query"]
        good = set(j["relevant"]) & stored
        top = a["hits"][:10]
        row = {"query": j["query"], "kind": j["kind"], "relevant": len(good), "total": a["total"], "error": a["error"],
               "p10": round(sum(h in good for h in top) / len(top), 3) if top else (None if good else 1.0),
               "r100": round(len(good & set(a["hits"][:DEPTH])) / len(good), 3) if good else None,
               "recall": round(len(good & set(a["hits"])) / len(good), 3) if good else None,
               "top10": [[h, h in good] for h in top], "ms": a["ms"]}
        if "contains" in j:
            row["contains"] = len(set(j["contains"]) & stored)
        rows.append(row)
    p10 = [r["p10"] for r in rows if r["p10"] is not None]
    r100 = [r["r100"] for r in rows if r["r100"] is not None]
    recall = [r["recall"] for r in rows if r["recall"] is not None]
    counted = [r for r in rows if "contains" in r and r["contains"]]
    return {"queries": len(rows), "p_at_10": round(statistics.mean(p10), 3), "r_at_100": round(statistics.mean(r100), 3),
            "recall": round(statistics.mean(recall), 3),
            "counts_exact": f"{sum(r['total'] == r['contains'] for r in counted)}/{len(counted)}",
            "count_error": round(statistics.mean(abs(r["total"] - r["contains"]) / r["contains"] for r in counted), 3),
            "rows": rows}


def measure(before: str | None, out: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        source = folder / "sample.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for record in sample():
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        runs = {"after": (None, _run(None, folder, source))}
        if before:
            runs["before"] = (before, _run(before, folder, source))
        from presswatch.store import connect

        judged = [json.loads(line) for line in JUDGEMENTS.read_text(encoding="utf-8").splitlines()]
        stored = {r[0] for r in connect(folder / "now.db", readonly=True).execute("SELECT source_id FROM articles")}
        result = {"machine": describe(), "articles": SIZE, "stored": len(stored),
                  "runs": {name: {"revision": short(rev), **score(judged, answered, stored)}
                           for name, (rev, answered) in runs.items()}}
    print(json.dumps({k: {m: v for m, v in r.items() if m != "rows"} for k, r in result["runs"].items()}, indent=2))
    if out:
        pathlib.Path(out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        pathlib.Path(out).with_suffix(".md").write_text(markdown(result), encoding="utf-8")


def markdown(result: dict) -> str:
    runs = result["runs"]
    names = [n for n in ("before", "after") if n in runs]
    lines = [f"# Search relevance: {result['articles']:,} corpus articles ({result['stored']:,} stored), "
             f"{runs['after']['queries']} queries", "", f"{result['machine']['date']}, {result['machine']['cpu']}", "",
             "| | " + " | ".join(f"{n} ({runs[n]['revision']})" for n in names) + " |", "| --- |" + " --- |" * len(names)]
    for label, field in (("precision at 10", "p_at_10"), ("recall at 100", "r_at_100"), ("recall of all matches", "recall"),
                         ("counts equal to the articles containing the query", "counts_exact"),
                         ("mean relative count error", "count_error")):
        lines.append(f"| {label} | " + " | ".join(str(runs[n][field]) for n in names) + " |")
    lines += ["", "| kind | query | relevant | contains | " + " | ".join(f"{n}: total, P@10, R@100, recall" for n in names) + " |",
              "| --- | --- | --- | --- |" + " --- |" * len(names)]
    for i, row in enumerate(runs["after"]["rows"]):
        cells = []
        for n in names:
            r = runs[n]["rows"][i]
            cells.append(f"{r['error'] and 'refused' or r['total']}, {r['p10']}, {r['r100']}, {r['recall']}")
        lines.append(f"| {row['kind']} | `{row['query']}` | {row['relevant']} | {row.get('contains', '')} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("judge")
    a = sub.add_parser("answers")
    a.add_argument("--db", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--before")
    m.add_argument("--json")
    args = parser.parse_args()
    if args.command == "judge":
        judge()
    elif args.command == "answers":
        answers(args.db)
    else:
        measure(args.before, args.json)


if __name__ == "__main__":
    main()
