"""Accuracy against annotated articles, by the rules of the project's scorer (eval/README.md).

A gold folder holds NAME.txt and NAME.gold.json; a gold file may instead name an article of a
JSON Lines corpus ("corpus", "corpus_id"), whose text is then read from `corpus_dir`. Every string
is compared after one normalization (NFC, one tone placement, plain quotes and dashes, case
folded, spaces collapsed, outer punctuation stripped).
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .pipeline import Failure, extract_paths
from .text import key

_GLUED_PERIOD = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_])")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_SYMBOL = re.compile(r"(\d+)\s*-\s*([A-Za-zĐđ]+)\s*/\s*([A-Za-zĐđ]+)")


def norm(text: Any) -> str:
    """The scorer's comparison form; "TP.Hà Nội" = "TP. Hà Nội"."""
    if text is None:
        return ""
    return key(_GLUED_PERIOD.sub(". ", str(text)))


def directive_key(ident: str | None) -> str:
    m = _SYMBOL.search(ident or "")
    if not m:
        return re.sub(r"\s*([/-])\s*", r"\1", norm(ident)).upper()
    return f"{int(m.group(1))}-{m.group(2).upper()}/{m.group(3).upper()}"


def syllable_f1(a: str, b: str) -> float:
    x, rest = norm(a).split(), norm(b).split()
    if not x or not rest:
        return 0.0
    total = len(rest)
    common = 0
    for token in x:
        if token in rest:
            rest.remove(token)
            common += 1
    if not common:
        return 0.0
    p, r = common / len(x), common / total
    return 2 * p * r / (p + r)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def sets(self, gold: Iterable, system: Iterable) -> None:
        g, s = set(gold), set(system)
        self.matched(len(g & s), len(g), len(s))

    def matched(self, matched: int, n_gold: int, n_system: int) -> None:
        self.tp += matched
        self.fn += n_gold - matched
        self.fp += n_system - matched

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"f1": round(f, 4), "precision": round(p, 4), "recall": round(r, 4)}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += bool(ok)

    def scores(self) -> dict[str, float]:
        return {"accuracy": round(self.right / self.total if self.total else 1.0, 4), "n": self.total}


def _pairs(golds: list, systems: list, same: Callable[[Any, Any], bool]) -> list[tuple[Any, Any]]:
    """One-to-one greedy matching in gold order."""
    used: set[int] = set()
    out = []
    for g in golds:
        for i, s in enumerate(systems):
            if i not in used and same(g, s):
                used.add(i)
                out.append((g, s))
                break
    return out


def _name(value: Any) -> str:
    if isinstance(value, dict):
        return value.get("name") or value.get("text") or ""
    return value or ""


def _dicts(value: Any) -> list[dict]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


KINDS = ("authors", "directives", "people", "positions", "localities", "events", "statements", "indicators")
CHECKS = ("title", "published", "published_time", "directive_dates", "event_chair", "event_counterpart", "body_retained", "noise_removed")


class Scorer:
    def __init__(self) -> None:
        self.tally = {k: Tally() for k in KINDS}
        self.acc = {k: Accuracy() for k in CHECKS}

    def article(self, g: dict, s: dict, text: str) -> None:
        self._metadata(g, s)
        self._body(g, s, text)
        self._directives(g, s)
        self._people(g, s)
        loc_pairs = _pairs(g["localities"], _dicts(s.get("localities")),
                           lambda a, b: norm(a["name"]) == norm(b.get("name")) and (a["level"] is None or norm(a["level"]) == norm(b.get("level"))))
        self.tally["localities"].matched(len(loc_pairs), len(g["localities"]), len(_dicts(s.get("localities"))))
        self._events(g, s)
        self._statements(g, s)
        self._indicators(g, s)

    def _metadata(self, g: dict, s: dict) -> None:
        self.acc["title"].add(norm(s.get("title")) == norm(g["title"]))
        pub = s.get("published") or None
        if g["published"] is None:
            self.acc["published"].add(pub is None)
        else:
            self.acc["published"].add(bool(pub) and str(pub)[:10] == g["published"][:10])
            if len(g["published"]) > 10:
                self.acc["published_time"].add(bool(pub) and str(pub)[:16].replace(" ", "T") == g["published"][:16])
        self.tally["authors"].sets({norm(a) for a in g["authors"]}, {norm(_name(a)) for a in s.get("authors") or []})

    def _body(self, g: dict, s: dict, text: str) -> None:
        lines = {norm(x) for x in g["non_body"] if isinstance(x, str)}
        fragments = [norm(x["text"]) for x in g["non_body"] if isinstance(x, dict)]
        body_lines = [norm(x) for x in str(s.get("body") or "").splitlines()]
        body = " ".join(body_lines)
        for line in text.splitlines():
            line = norm(line)
            if line in lines:
                continue
            for fragment in fragments:
                line = line.replace(fragment, "\n")
            for piece in line.split("\n"):
                for sentence in _SENTENCE_END.split(piece):
                    sentence = norm(sentence)
                    if len(sentence) >= 25:
                        self.acc["body_retained"].add(sentence in body)
        for line in lines:
            self.acc["noise_removed"].add(line not in body_lines)
        for fragment in fragments:
            self.acc["noise_removed"].add(fragment not in body)

    def _directives(self, g: dict, s: dict) -> None:
        system = {directive_key(d.get("id")): d for d in _dicts(s.get("directives"))}
        gold = {directive_key(d["id"]): d for d in g["directives"]}
        self.tally["directives"].sets(gold, system)
        for k, d in gold.items():
            if d.get("date"):
                self.acc["directive_dates"].add(k in system and str(system[k].get("date") or "")[:10] == d["date"])

    def _people(self, g: dict, s: dict) -> None:
        people = _dicts(s.get("people"))
        self.tally["people"].sets({norm(p["name"]) for p in g["people"]}, {norm(p.get("name")) for p in people})
        gold_pos = [(norm(p["name"]), pos) for p in g["people"] for pos in p["positions"]]
        sys_pos = [(norm(p.get("name")), _name(pos) if not isinstance(pos, str) else pos) for p in people for pos in p.get("positions") or []]
        pairs = _pairs(gold_pos, sys_pos, lambda a, b: a[0] == b[0] and syllable_f1(a[1], b[1]) >= 0.8)
        self.tally["positions"].matched(len(pairs), len(gold_pos), len(sys_pos))

    def _events(self, g: dict, s: dict) -> None:
        events = _dicts(s.get("events"))
        pairs = _pairs(g["events"], events, lambda a, b: a["type"] == b.get("type") and str(b.get("date") or "")[:10] == (a["date"] or ""))
        self.tally["events"].matched(len(pairs), len(g["events"]), len(events))
        matched = {id(a): b for a, b in pairs}
        for a in g["events"]:
            b = matched.get(id(a))
            if a.get("chair"):
                self.acc["event_chair"].add(b is not None and norm(_name(b.get("chair"))) == norm(a["chair"]))
            if a.get("counterpart"):
                self.acc["event_counterpart"].add(b is not None and norm(a["counterpart"]) in norm(_name(b.get("counterpart"))))

    def _statements(self, g: dict, s: dict) -> None:
        statements = _dicts(s.get("statements"))

        def same(a: dict, b: dict) -> bool:
            if a["type"] != b.get("type") or norm(a["key"]) not in norm(b.get("text")):
                return False
            speaker = norm(_name(b.get("speaker")))
            return not a["speaker"] or (bool(speaker) and norm(a["speaker"]) in speaker)
        self.tally["statements"].matched(len(_pairs(g["statements"], statements, same)), len(g["statements"]), len(statements))

    def _indicators(self, g: dict, s: dict) -> None:
        indicators = _dicts(s.get("indicators"))

        def same(a: dict, b: dict) -> bool:
            if _float(b.get("value")) != float(a["value"]):
                return False
            if a["target"] is not None and _float(b.get("target")) != float(a["target"]):
                return False
            return norm(a["unit"]) in norm(f'{b.get("unit") or ""} {b.get("label") or ""}')
        self.tally["indicators"].matched(len(_pairs(g["indicators"], indicators, same)), len(g["indicators"]), len(indicators))

    def result(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: t.scores() for k, t in self.tally.items()}
        out.update({k: a.scores() for k, a in self.acc.items()})
        return out


def _corpus_texts(golds: list[tuple[Path, dict]], corpus_dir: Path) -> dict[str, str]:
    wanted: dict[str, set[str]] = {}
    for _, g in golds:
        if g.get("corpus"):
            wanted.setdefault(g["corpus"], set()).add(g["corpus_id"])
    texts = {}
    for name, ids in wanted.items():
        path = corpus_dir / name
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                obj = json.loads(line)
                if obj.get("id") in ids:
                    texts[obj["id"]] = obj["text"]
    return texts


def evaluate_dir(gold_dir: Path, corpus_dir: Path | None = None) -> dict[str, Any]:
    """Extract every annotated article of `gold_dir` and score it; returns the scorer's figures."""
    gold_dir = Path(gold_dir)
    golds = [(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(gold_dir.glob("*.gold.json"))]
    corpus_texts = _corpus_texts(golds, corpus_dir or Path("../shared/data/corpus")) if any(g.get("corpus") for _, g in golds) else {}
    scorer = Scorer()
    missing = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs = {}
        for path, g in golds:
            text_path = gold_dir / g.get("source_text", g["file"])
            if g.get("corpus"):
                text_path = Path(tmp) / g["file"]
                text_path.write_text(corpus_texts[g["corpus_id"]], encoding="utf-8")
            inputs[str(text_path)] = (g, text_path)
        outputs = {}
        for item in extract_paths(list(inputs)):
            if not isinstance(item, Failure):
                outputs[item.path] = item.to_dict()
        for origin, (g, text_path) in inputs.items():
            if origin not in outputs:
                missing.append(g["file"])
            scorer.article(g, outputs.get(origin, {}), text_path.read_text(encoding="utf-8"))
    return {"articles": len(golds), "missing": missing, **scorer.result()}


def render(result: dict[str, Any], console: Console) -> None:
    table = Table(title=f"{result['articles']} annotated articles", title_justify="left")
    for col in ("metric", "F1 / accuracy", "precision", "recall", "n"):
        table.add_column(col, justify="left" if col == "metric" else "right")
    for k in KINDS:
        v = result[k]
        table.add_row(k, f"{v['f1']:.3f}", f"{v['precision']:.3f}", f"{v['recall']:.3f}", "")
    for k in CHECKS:
        v = result[k]
        table.add_row(k, f"{v['accuracy']:.3f}", "", "", str(v["n"]))
    console.print(table)
    if result["missing"]:
        console.print(f"[yellow]no output for: {', '.join(result['missing'])}")
