"""Whole-corpus audit (issue 13): precision of the stored facts, judged by a reader on a random sample.

Three steps, so that a run after the extractors change re-samples and is judged again:

  build   ingest the three corpora (baomoi-2013, baomoi-2017, trends-2024) into --db
  sample  draw N facts of each kind uniformly over the stored mentions, with a fixed seed:
            people         a person mention (the name as stored)
            positions      a (person mention, position) pair
            localities     a locality mention (name, level, the gazetteer unit it was matched to)
            organizations  an organization mention
            directives     a directive citation (id, type, issuer, date)
          each with its article id, the sentence it came from (cut from the stored body at the
          fact's span) and what was extracted -> benchmarks/audit/sample-DATE.jsonl; and the top
          200 people and localities by number of articles -> benchmarks/audit/top-DATE.jsonl.
  judge   merge a reader's verdicts (benchmarks/audit/verdicts-DATE.json: per kind, the facts judged
          incorrect with a category and reason; every other fact was read and judged correct) into
          benchmarks/audit/judged-DATE.jsonl, one line per fact with its sentence, verdict and reason.
  report  read the judged file (one JSON line per sampled fact or top-list entry, with
          "verdict": "correct" | "incorrect" and a "reason" for an incorrect one), count precision
          per kind with a 95% Wilson interval, the share of stored localities with a level that
          are matched to a gazetteer unit (from the run's figures file), the top-200 realness, for each
          run given (before and after a change, side by side), and write benchmarks/results/audit.json
          and audit.md.

Judging follows ../shared/eval/GUIDELINES.md (people, localities, directives sections):
  people: a real person named in the article, the full name right, not a place, body or fragment;
  positions: the title is this person's, written with them, neither cut short nor run on;
  localities: a real Vietnamese administrative unit, the right level, the right gazetteer unit if matched;
  organizations: a real body, named whole;
  directives: the id right, its type and issuer right.

usage:
  python benchmarks/audit.py build  --db /tmp/audit.db
  python benchmarks/audit.py sample --db /tmp/audit.db [--seed 13] [--n 100] [--date 2026-12-03] [--commit REV] [--note TEXT]
  python benchmarks/audit.py judge --sample benchmarks/audit/sample-DATE.jsonl --top benchmarks/audit/top-DATE.jsonl \
      --verdicts benchmarks/audit/verdicts-DATE.json --out benchmarks/audit/judged-DATE.jsonl
  python benchmarks/audit.py report --judged benchmarks/audit/judged-BEFORE.jsonl --label before \
      --judged benchmarks/audit/judged-AFTER.jsonl --label after

`sample` also writes benchmarks/audit/figures-DATE.json (the database's counts and gazetteer share, with the
commit the database was built at), so `report` needs no database: it shows every --judged run side by side.
--date takes any label ("2026-12-03-after"); the files of a run are named by it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import pathlib
import random
import sqlite3
import subprocess
import sys
from collections import Counter

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from machine import describe  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus"
CORPORA = ["baomoi-2013.jsonl.gz", "baomoi-2017.jsonl.gz", "trends-2024.jsonl.gz"]
KINDS = ["people", "positions", "localities", "organizations", "directives"]
TOP = 200
# The quality bar of issue 13.
BAR = {"people": 0.95, "localities": 0.95, "positions": 0.90}
BAR_GAZETTEER = 0.90


def connect(db: str) -> sqlite3.Connection:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    return con


def build(args: argparse.Namespace) -> None:
    exe = pathlib.Path(sys.executable).parent / "presswatch"
    files = [str(CORPUS / name) for name in CORPORA]
    subprocess.run([str(exe), "ingest", *files, "--db", args.db, "--workers", str(args.workers)], check=True)


# --- sample ---------------------------------------------------------------------------------------

def _context(body: str, start: int, end: int, width: int = 300) -> str:
    """The paragraph (body line) around [start, end), cut to `width` characters either side."""
    lo = body.rfind("\n", 0, start) + 1
    hi = body.find("\n", end)
    hi = len(body) if hi < 0 else hi
    lo, hi = max(lo, start - width), min(hi, end + width)
    return ("…" if lo > 0 and body[lo - 1] != "\n" else "") + body[lo:hi] + ("…" if hi < len(body) and body[hi] != "\n" else "")


def _article(con: sqlite3.Connection, cache: dict, article_id: str) -> sqlite3.Row:
    if article_id not in cache:
        cache[article_id] = con.execute(
            "SELECT id, title, published, origin, body FROM articles WHERE id = ?", (article_id,)).fetchone()
    return cache[article_id]


def _corpus(origin: str | None) -> str | None:
    if not origin:
        return None
    for name in CORPORA:
        if name.split(".")[0] in origin:
            return name.split(".")[0]
    return origin


def _fact(con: sqlite3.Connection, cache: dict, kind: str, row: sqlite3.Row, extracted: dict) -> dict:
    art = _article(con, cache, row["article_id"])
    spans = json.loads(row["spans"])
    body = art["body"]
    texts = [body[a:b] for a, b in spans]
    first = spans[0] if spans else [0, 0]
    return {"kind": kind, "article_id": row["article_id"], "seq": row["seq"], "corpus": _corpus(art["origin"]),
            "title": art["title"], "published": art["published"], "spans": spans, "span_text": texts,
            "sentence": row["sentence"] or _context(body, first[0], first[1], 150),
            "context": _context(body, first[0], first[1]),
            "extracted": extracted}


def _position_context(body: str, position: str, spans: list) -> str | None:
    """Where the position is written: its occurrence in the body nearest to one of the person's spans."""
    low, pos = body.lower(), position.lower()
    hits, i = [], low.find(pos)
    while i >= 0:
        hits.append(i)
        i = low.find(pos, i + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: min((abs(h - a) for a, _ in spans), default=0))
    near = min(spans, key=lambda sp: abs(best - sp[0])) if spans else [best, best]
    lo, hi = min(best, near[0]), max(best + len(position), near[1])
    return _context(body, lo, hi, 200)


def _locality_unit(con: sqlite3.Connection, locality_id: str | None) -> dict | None:
    if not locality_id:
        return None
    r = con.execute("SELECT id, name, level, tier, district, province, code, era FROM localities WHERE id = ?",
                    (locality_id,)).fetchone()
    return dict(r) if r else {"id": locality_id}


def draw(con: sqlite3.Connection, kind: str, n: int, rng: random.Random) -> list[dict]:
    cache: dict = {}
    if kind == "people":
        keys = con.execute("SELECT article_id, seq FROM person_mentions ORDER BY article_id, seq").fetchall()
        picks = sorted(rng.sample(range(len(keys)), min(n, len(keys))))
        out = []
        for i in picks:
            row = con.execute("SELECT * FROM person_mentions WHERE article_id = ? AND seq = ?", tuple(keys[i])).fetchone()
            out.append(_fact(con, cache, kind, row, {"name": row["name"], "positions": json.loads(row["positions"]),
                                                    "person_id": row["person_id"]}))
        return out
    if kind == "positions":
        pairs = []
        for r in con.execute("SELECT article_id, seq, positions FROM person_mentions WHERE positions != '[]' "
                             "ORDER BY article_id, seq"):
            pairs.extend((r[0], r[1], j) for j in range(len(json.loads(r[2]))))
        picks = sorted(rng.sample(range(len(pairs)), min(n, len(pairs))))
        out = []
        for i in picks:
            aid, seq, j = pairs[i]
            row = con.execute("SELECT * FROM person_mentions WHERE article_id = ? AND seq = ?", (aid, seq)).fetchone()
            positions = json.loads(row["positions"])
            fact = _fact(con, cache, kind, row, {"name": row["name"], "position": positions[j],
                                                "all_positions": positions})
            fact["position_context"] = _position_context(_article(con, cache, aid)["body"], positions[j],
                                                         fact["spans"])
            out.append(fact)
        return out
    table = {"localities": "locality_mentions", "organizations": "organization_mentions", "directives": "citations"}[kind]
    keys = con.execute(f"SELECT article_id, seq FROM {table} ORDER BY article_id, seq").fetchall()
    picks = sorted(rng.sample(range(len(keys)), min(n, len(keys))))
    out = []
    for i in picks:
        row = con.execute(f"SELECT * FROM {table} WHERE article_id = ? AND seq = ?", tuple(keys[i])).fetchone()
        if kind == "localities":
            ex = {"name": row["name"], "level": row["level"], "parent": row["parent"],
                  "unit": _locality_unit(con, row["locality_id"])}
        elif kind == "organizations":
            ex = {"name": row["name"], "expanded": row["expanded"], "kind": row["kind"], "level": row["level"],
                  "locality": row["locality"]}
        else:
            ex = {"id": row["directive"], "type": row["type"], "issuer": row["issuer"], "date": row["date"],
                  "directive_key": row["directive_key"]}
        out.append(_fact(con, cache, kind, row, ex))
    return out


def top_lists(con: sqlite3.Connection) -> list[dict]:
    out = []
    for rank, r in enumerate(con.execute("SELECT id, name, anchor, mentions, articles FROM persons "
                                         "ORDER BY articles DESC, mentions DESC, id LIMIT ?", (TOP,)), 1):
        ex = con.execute("SELECT article_id, sentence, positions FROM person_mentions WHERE person_id = ? "
                         "ORDER BY article_id LIMIT 2", (r["id"],)).fetchall()
        positions = [p for (p,) in con.execute("SELECT position FROM person_positions WHERE person_id = ? "
                                                "ORDER BY articles DESC LIMIT 3", (r["id"],))]
        out.append({"kind": "top_people", "rank": rank, **dict(r), "positions": positions,
                    "examples": [{"article_id": e[0], "sentence": e[1]} for e in ex]})
    for rank, r in enumerate(con.execute("SELECT id, name, level, district, province, code, mentions, articles "
                                         "FROM localities ORDER BY articles DESC, mentions DESC, id LIMIT ?",
                                         (TOP,)), 1):
        ex = con.execute("SELECT article_id, sentence, name FROM locality_mentions WHERE locality_id = ? "
                         "ORDER BY article_id LIMIT 2", (r["id"],)).fetchall()
        out.append({"kind": "top_localities", "rank": rank, **dict(r),
                    "examples": [{"article_id": e[0], "sentence": e[1], "as_written": e[2]} for e in ex]})
    return out


def sample(args: argparse.Namespace) -> None:
    con = connect(args.db)
    out_dir = pathlib.Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    facts = []
    for kind in KINDS:
        rng = random.Random(f"{args.seed}-{kind}")  # one stream per kind: a kind's sample doesn't move with another's
        facts.extend(draw(con, kind, args.n, rng))
    path = out_dir / f"sample-{args.date}.jsonl"
    with path.open("w") as f:
        for i, fact in enumerate(facts):
            f.write(json.dumps({"i": i, **fact}, ensure_ascii=False) + "\n")
    top = top_lists(con)
    top_path = out_dir / f"top-{args.date}.jsonl"
    with top_path.open("w") as f:
        for t in top:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    figures = {"label": args.date, "commit": args.commit or _head(), "db": args.db, "note": args.note,
               **db_figures(con)}
    fig_path = out_dir / f"figures-{args.date}.json"
    fig_path.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(facts)} facts -> {path}; {len(top)} top-list entries -> {top_path}; database figures -> {fig_path}")


def _head() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()


# --- judge ---------------------------------------------------------------------------------------

def judge(args: argparse.Namespace) -> None:
    """Write the judged file from the sample, the top lists and a reader's verdicts.

    The verdicts file holds, per kind, {"incorrect": {key: [category, reason]}, "flags": {key: [flag, note]}}
    (key: the sample's "i", or a top list's "rank"); a fact not listed as incorrect was read and judged correct.
    """
    verdicts = json.loads(pathlib.Path(args.verdicts).read_text())
    rows = [json.loads(line) for path in (args.sample, args.top)
            for line in pathlib.Path(path).read_text().splitlines() if line.strip()]
    with pathlib.Path(args.out).open("w") as f:
        for r in rows:
            v = verdicts.get(r["kind"], {})
            key = str(r["rank"] if r["kind"].startswith("top_") else r["i"])
            bad = v.get("incorrect", {}).get(key)
            out = {**r, "verdict": "incorrect" if bad else "correct"}
            if bad:
                out["category"], out["reason"] = bad
            if key in v.get("flags", {}):
                out["flag"], out["flag_note"] = v["flags"][key]
            f.write(json.dumps(out, ensure_ascii=False) + "\n")
    print(f"{len(rows)} judged -> {args.out}")


# --- report ---------------------------------------------------------------------------------------

def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (round(c - h, 3), round(c + h, 3))


def db_figures(con: sqlite3.Connection) -> dict:
    one = lambda q: con.execute(q).fetchone()[0]  # noqa: E731
    sizes = {"articles": one("SELECT count(*) FROM articles")}
    for name in CORPORA:
        stem = name.split(".")[0]
        sizes[stem] = con.execute("SELECT count(*) FROM articles WHERE origin LIKE ?", (f"%{stem}%",)).fetchone()[0]
    counts = {t: one(f"SELECT count(*) FROM {t}") for t in
              ("person_mentions", "locality_mentions", "organization_mentions", "citations",
               "persons", "localities", "organizations", "directives")}
    counts["position_pairs"] = one("SELECT coalesce(sum(json_array_length(positions)), 0) FROM person_mentions")
    with_level = one("SELECT count(*) FROM localities WHERE level IS NOT NULL")
    matched = one("SELECT count(*) FROM localities WHERE level IS NOT NULL AND code IS NOT NULL")
    m_level = one("SELECT count(*) FROM locality_mentions WHERE level IS NOT NULL")
    m_matched = one("SELECT count(*) FROM locality_mentions m JOIN localities l ON l.id = m.locality_id "
                    "WHERE m.level IS NOT NULL AND l.code IS NOT NULL")
    gaz = {"localities_with_level": with_level, "matched": matched, "unmatched": unmatched_breakdown(con),
           "share": round(matched / with_level, 3) if with_level else None,
           "mentions_with_level": m_level, "mentions_matched": m_matched,
           "mention_share": round(m_matched / m_level, 3) if m_level else None}
    return {"corpus": sizes, "stored": counts, "gazetteer": gaz}


def unmatched_breakdown(con: sqlite3.Connection) -> dict[str, dict]:
    """Why stored localities with a level have no gazetteer unit: by registry row and by article, with examples."""
    import regex

    from presswatch import gazetteer

    out: dict[str, dict] = {}
    for name, level, articles in con.execute("SELECT name, level, articles FROM localities "
                                             "WHERE level IS NOT NULL AND code IS NULL ORDER BY articles DESC"):
        if regex.fullmatch(r"\d+", name):
            why = "numbered unit (the gazetteer's 'Quận 1', 'Phường 1' carry no level)"
        elif regex.fullmatch(r"\p{L}\.?", name):
            why = "a single letter (initials read as Q./P./H.)"
        elif gazetteer.lookup(name, level):
            why = "in the gazetteer at this level, not resolved"
        elif gazetteer.lookup(name):
            why = "in the gazetteer at another level only (level changed by 2025, or the level read is wrong)"
        else:
            why = "not in the gazetteer (foreign, cut, merged before 2025, or not a place)"
        e = out.setdefault(why, {"localities": 0, "articles": 0, "examples": []})
        e["localities"] += 1
        e["articles"] += articles
        if len(e["examples"]) < 12:
            e["examples"].append(f"{level} {name} ({articles})")
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["localities"]))


def precision(judged: list[dict]) -> dict[str, dict]:
    per_kind: dict[str, dict] = {}
    for kind in KINDS + ["top_people", "top_localities"]:
        rows = [j for j in judged if j["kind"] == kind]
        n = len(rows)
        k = sum(j["verdict"] == "correct" for j in rows)
        cats = Counter(j.get("category") or "other" for j in rows if j["verdict"] != "correct")
        flags = Counter(j["flag"] for j in rows if j.get("flag"))
        entry = {"judged": n, "correct": k, "precision": round(k / n, 3) if n else None, "wilson95": wilson(k, n),
                 "errors": dict(cats.most_common()), "flags_on_correct": dict(flags.most_common())}
        if kind in BAR:
            entry["bar"] = BAR[kind]
            entry["meets_bar"] = bool(n) and k / n >= BAR[kind]
        per_kind[kind] = entry
    return per_kind


def _figures_for(judged_path: pathlib.Path, db: str | None) -> dict:
    """The database figures of a run: figures-LABEL.json beside judged-LABEL.jsonl, else read from `db`."""
    label = judged_path.name.removeprefix("judged-").removesuffix(".jsonl")
    fig = judged_path.with_name(f"figures-{label}.json")
    if fig.exists():
        return {"label": label, **json.loads(fig.read_text())}
    if not db:
        sys.exit(f"no {fig.name} beside {judged_path.name}: give --db")
    return {"label": label, "commit": _head(), "db": db, **db_figures(connect(db))}


def report(args: argparse.Namespace) -> None:
    """Precision and database figures of each judged run (--judged, oldest first), side by side."""
    runs = []
    for i, path in enumerate(args.judged):
        path = pathlib.Path(path)
        judged = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        figures = _figures_for(path, args.db if i == len(args.judged) - 1 else None)
        g = figures["gazetteer"]
        g["bar"] = BAR_GAZETTEER
        g["meets_bar"] = g["share"] is not None and g["share"] >= BAR_GAZETTEER
        run = {**figures, "label": (args.label[i] if i < len(args.label) else figures["label"]),
               "judged_file": str(path.resolve().relative_to(ROOT)), "precision": precision(judged)}
        runs.append((run, judged))
    result = {"benchmark": "audit", "machine": describe(), "report_commit": _head(), "sample_seed": args.seed,
              "note": args.note, "runs": [r for r, _ in runs]}
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    out.with_suffix(".md").write_text(markdown(result, runs))
    for run, _ in runs:
        print(run["label"], run["commit"], json.dumps({k: (v["precision"], v["wilson95"])
                                                      for k, v in run["precision"].items()}, ensure_ascii=False),
              "gazetteer", run["gazetteer"]["share"])


def _has_meta(con: sqlite3.Connection) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is not None


def _cell(e: dict) -> str:
    if not e or not e["judged"]:
        return "–"
    lo, hi = e["wilson95"]
    return f"{e['correct']}/{e['judged']} = {e['precision']:.2f} ({lo:.2f}–{hi:.2f})"


def markdown(r: dict, runs: list[tuple[dict, list[dict]]]) -> str:
    m = r["machine"]
    heads = [f"{run['label']} ({run['commit']})" for run, _ in runs]
    lines = [f"# Whole-corpus audit ({m['date']})", "",
             f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; report at commit {r['report_commit']}; "
             f"seed {r['sample_seed']}, 100 facts of each kind drawn uniformly over the stored mentions "
             "and the top 200 people and localities by articles, each run judged by a reader with "
             "`../shared/eval/GUIDELINES.md`.", ""]
    if r.get("note"):
        lines += [r["note"], ""]
    for run, _ in runs:
        lines.append(f"- **{run['label']}**: database `{run['db']}` built at commit {run['commit']}"
                     + (f" ({run['note']})" if run.get("note") else "") + f"; judged samples `{run['judged_file']}`.")
    lines += ["", "Precision: correct/judged = share (95% Wilson interval).", "",
              "| kind | bar | " + " | ".join(heads) + " |", "|---|---|" + "---|" * len(runs)]
    for kind in KINDS + ["top_people", "top_localities"]:
        bar = f"≥ {BAR[kind]:.2f}" if kind in BAR else ""
        cells = []
        for run, _ in runs:
            e = run["precision"].get(kind)
            met = "" if not e or "bar" not in e else (" met" if e["meets_bar"] else " not met")
            cells.append(_cell(e) + met)
        label = {"top_people": "top 200 people real", "top_localities": "top 200 localities real"}.get(kind, kind)
        lines.append(f"| {label} | {bar} | " + " | ".join(cells) + " |")
    cells = []
    for run, _ in runs:
        g = run["gazetteer"]
        cells.append(f"{g['matched']:,}/{g['localities_with_level']:,} = {g['share']:.3f} "
                     f"(by mention {g['mention_share']:.3f}){' met' if g['meets_bar'] else ' not met'}")
    lines.append(f"| localities with a level matched to the gazetteer | ≥ {BAR_GAZETTEER:.2f} | " + " | ".join(cells) + " |")
    lines += ["", "| stored | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(runs)]
    for key in runs[0][0]["corpus"]:
        lines.append(f"| {'all' if key == 'articles' else key} articles | " + " | ".join(f"{run['corpus'].get(key, 0):,}" for run, _ in runs) + " |")
    for key in runs[0][0]["stored"]:
        lines.append(f"| {key} | " + " | ".join(f"{run['stored'].get(key, 0):,}" for run, _ in runs) + " |")
    for run, judged in runs:
        lines += ["", f"## {run['label']} ({run['commit']})", "",
                  "| kind | judged | correct | precision | 95% Wilson | top errors |", "|---|---:|---:|---:|---|---|"]
        for kind, e in run["precision"].items():
            errs = "; ".join(f"{k} {v}" for k, v in list(e["errors"].items())[:4])
            lo, hi = e["wilson95"]
            p = f"{e['precision']:.2f}" if e["precision"] is not None else "–"
            lines.append(f"| {kind} | {e['judged']} | {e['correct']} | {p} | {lo:.2f}–{hi:.2f} | {errs} |")
        flagged = [(kind, f, c) for kind, e in run["precision"].items() for f, c in e["flags_on_correct"].items()]
        if flagged:
            lines += ["", "Judged correct but flagged: " + "; ".join(f"{kind}: {f} {c}" for kind, f, c in flagged) + "."]
        g = run["gazetteer"]
        lines += ["", f"Stored localities with a level matched to a gazetteer unit: {g['matched']:,} of "
                  f"{g['localities_with_level']:,} = {g['share']:.3f}; by mention {g['mentions_matched']:,} of "
                  f"{g['mentions_with_level']:,} = {g['mention_share']:.3f}. Unmatched ones by cause "
                  "(registry rows, articles, largest first; classified with the gazetteer of the run's report):", ""]
        for why, e in g["unmatched"].items():
            lines.append(f"- {why}: {e['localities']:,} ({e['articles']:,} articles), e.g. " + ", ".join(e["examples"][:8]))
        lines += ["", f"### Errors found, by kind ({run['label']})", ""]
        for kind in KINDS + ["top_people", "top_localities"]:
            bad = [j for j in judged if j["kind"] == kind and j["verdict"] != "correct"]
            if not bad:
                continue
            lines.append(f"#### {kind}")
            by_cat: dict[str, list[dict]] = {}
            for j in bad:
                by_cat.setdefault(j.get("category") or "other", []).append(j)
            for cat, js in sorted(by_cat.items(), key=lambda kv: -len(kv[1])):
                lines.append(f"- **{cat}** ({len(js)}): " + "; ".join(
                    f"{_label(j)} — {j.get('reason', '')}" for j in js[:3]))
            lines.append("")
    return "\n".join(lines) + "\n"


def _label(j: dict) -> str:
    ex = j.get("extracted") or {}
    if j["kind"] == "positions":
        return f"“{ex.get('position')}” ({ex.get('name')})"
    if j["kind"] == "directives":
        return f"“{ex.get('id')}”"
    if j["kind"].startswith("top_"):
        return f"“{j.get('name')}” (#{j.get('rank')})"
    return f"“{ex.get('name')}”"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--db", required=True)
    b.add_argument("--workers", type=int, default=2)
    s = sub.add_parser("sample")
    s.add_argument("--db", required=True)
    s.add_argument("--seed", type=int, default=13)
    s.add_argument("--n", type=int, default=100)
    s.add_argument("--date", default=datetime.date.today().isoformat())
    s.add_argument("--out-dir", default=str(HERE / "audit"))
    s.add_argument("--commit", default=None, help="the commit the database was built at (default: HEAD now)")
    s.add_argument("--note", default="", help="how the database was built, kept in figures-DATE.json")
    j = sub.add_parser("judge")
    j.add_argument("--sample", required=True)
    j.add_argument("--top", required=True)
    j.add_argument("--verdicts", required=True)
    j.add_argument("--out", required=True)
    r = sub.add_parser("report")
    r.add_argument("--db", default=None, help="database of the last --judged run, if it has no figures file")
    r.add_argument("--judged", action="append", required=True,
                   help="a judged file (repeat, oldest first: the runs are shown side by side)")
    r.add_argument("--label", action="append", default=[], help="a name per --judged run (default: its date)")
    r.add_argument("--seed", type=int, default=13)
    r.add_argument("--note", default="")
    r.add_argument("--out", default=str(HERE / "results" / "audit"))
    args = ap.parse_args()
    {"build": build, "sample": sample, "judge": judge, "report": report}[args.cmd](args)


if __name__ == "__main__":
    main()
