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


SCORED_STATEMENTS = ("recommendation", "petition", "assessment")  # eval/README.md: commitments and reports are not scored
KINDS = ("authors", "directives", "people", "positions", "localities", "events", "statements", "indicators")
CHECKS = ("title", "published", "published_time", "directive_dates", "event_chair", "event_counterpart", "body_retained", "noise_removed")


Fact = dict[str, Any]


@dataclass
class Miss:
    """One fact the extractor missed or made up, with the sentence it stands in: what a developer fixes."""

    kind: str
    article: str
    what: str  # "missed" (in gold, not in the output) or "spurious" (in the output, not in gold)
    fact: str
    sentence: str


def _sentence(text: str, needle: str) -> str:
    """The sentence of `text` that holds `needle` (compared in the scorer's form), else ""."""
    if not needle:
        return ""
    target = norm(needle)
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line):
            if target in norm(sentence):
                return sentence.strip()[:400]
    return ""


def _span_sentence(output: dict, fact: dict) -> str:
    """The sentence of the output's body where the fact's first span starts."""
    body, spans = str(output.get("body") or ""), fact.get("spans") or []
    if not spans or not body:
        return ""
    start = spans[0][0]
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", start)
    line_end = len(body) if line_end < 0 else line_end
    cut = line_start
    for m in _SENTENCE_END.finditer(body, line_start, line_end):
        if m.start() >= start:
            return body[cut:m.start()].strip()[:400]
        cut = m.end()
    return body[cut:line_end].strip()[:400]


class Scorer:
    """Accumulates the scorer's tallies over articles; with `errors`, keeps every miss with its sentence."""

    def __init__(self, errors: bool = False) -> None:
        self.tally = {k: Tally() for k in KINDS}
        self.acc = {k: Accuracy() for k in CHECKS}
        self.errors: list[Miss] | None = [] if errors else None
        self._where = ("", "", {})

    def article(self, g: dict, s: dict, text: str) -> None:
        self._where = (g.get("corpus_id") or g["file"], text, s)
        self._metadata(g, s)
        self._body(g, s, text)
        self._directives(g, s)
        self._people(g, s)
        self._match("localities", g["localities"], _dicts(s.get("localities")),
                    lambda a, b: norm(a["name"]) == norm(b.get("name")) and (a["level"] is None or norm(a["level"]) == norm(b.get("level"))),
                    lambda f: f"{f.get('level') or ''} {f.get('name')}".strip(), lambda f: f.get("name"))
        self._events(g, s)
        self._statements(g, s)
        self._indicators(g, s)

    def _match(self, kind: str, golds: list, systems: list, same: Callable[[Any, Any], bool],
               show: Callable[[Any], str], quote: Callable[[Any], str | None]) -> list[tuple[Any, Any]]:
        """Pair gold and output facts one to one, count them, and note the unpaired ones."""
        pairs = _pairs(golds, systems, same)
        self.tally[kind].matched(len(pairs), len(golds), len(systems))
        if self.errors is not None:
            article, text, output = self._where
            paired_gold, paired_sys = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
            for g in golds:
                if id(g) not in paired_gold:
                    self.errors.append(Miss(kind, article, "missed", show(g), _sentence(text, quote(g) or "")))
            for x in systems:
                if id(x) not in paired_sys:
                    where = _span_sentence(output, x) if isinstance(x, dict) else _sentence(text, quote(x) or "")
                    self.errors.append(Miss(kind, article, "spurious", show(x), where))
        return pairs

    def _check(self, name: str, ok: bool, show: str, quote: str | None) -> None:
        self.acc[name].add(ok)
        if not ok and self.errors is not None:
            article, text, _ = self._where
            self.errors.append(Miss(name, article, "wrong", show, _sentence(text, quote or "")))

    def _metadata(self, g: dict, s: dict) -> None:
        self._check("title", norm(s.get("title")) == norm(g["title"]), f"{s.get('title')!r}, gold {g['title']!r}", None)
        pub = s.get("published") or None
        if g["published"] is None:
            self._check("published", pub is None, f"{pub!r}, gold null", None)
        else:
            self._check("published", bool(pub) and str(pub)[:10] == g["published"][:10], f"{pub!r}, gold {g['published']!r}", None)
            if len(g["published"]) > 10:
                self._check("published_time", bool(pub) and str(pub)[:16].replace(" ", "T") == g["published"][:16],
                            f"{pub!r}, gold {g['published']!r}", None)
        gold = sorted({norm(a) for a in g["authors"]})
        system = sorted({norm(_name(a)) for a in s.get("authors") or []})
        self._match("authors", gold, system, str.__eq__, str, str)

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
                        self._check("body_retained", sentence in body, f"lost: {sentence[:120]}", None)
        for line in lines:
            self._check("noise_removed", line not in body_lines, f"kept line: {line[:120]}", None)
        for fragment in fragments:
            self._check("noise_removed", fragment not in body, f"kept fragment: {fragment[:120]}", None)

    def _directives(self, g: dict, s: dict) -> None:
        system = {directive_key(d.get("id")): d for d in _dicts(s.get("directives"))}
        gold = {directive_key(d["id"]): d for d in g["directives"]}
        self._match("directives", sorted(gold), sorted(system), str.__eq__, str, lambda k: (gold.get(k) or system[k]).get("id"))
        for k, d in gold.items():
            if d.get("date"):
                got = str((system.get(k) or {}).get("date") or "")[:10]
                self._check("directive_dates", k in system and got == d["date"], f"{k}: {got or None}, gold {d['date']}", d["id"])

    def _people(self, g: dict, s: dict) -> None:
        people = _dicts(s.get("people"))
        self._match("people", sorted({norm(p["name"]) for p in g["people"]}), sorted({norm(p.get("name")) for p in people}),
                    str.__eq__, str, str)
        gold_pos = [(norm(p["name"]), pos) for p in g["people"] for pos in p["positions"]]
        sys_pos = [(norm(p.get("name")), _name(pos) if not isinstance(pos, str) else pos) for p in people for pos in p.get("positions") or []]
        self._match("positions", gold_pos, sys_pos, lambda a, b: a[0] == b[0] and syllable_f1(a[1], b[1]) >= 0.8,
                    lambda p: f"{p[0]}: {p[1]}", lambda p: p[1])

    def _events(self, g: dict, s: dict) -> None:
        events = _dicts(s.get("events"))

        def show(e: dict) -> str:
            return f"{e.get('type')} {e.get('date')} chair={_name(e.get('chair')) or None} counterpart={_name(e.get('counterpart')) or None}"
        pairs = self._match("events", g["events"], events,
                            lambda a, b: a["type"] == b.get("type") and str(b.get("date") or "")[:10] == (a["date"] or ""),
                            show, lambda e: _name(e.get("counterpart")) or _name(e.get("chair")))
        matched = {id(a): b for a, b in pairs}
        paired = [a for a, _ in pairs]
        for a in g["events"]:
            b = matched.get(id(a))
            if b is None and a in paired:
                continue  # the reference scorer takes an event equal to a matched one as matched (a gold duplicate)
            got = b or {}
            said = "no such event found" if b is None else None
            if a.get("chair"):
                self._check("event_chair", b is not None and norm(_name(got.get("chair"))) == norm(a["chair"]),
                            f"{a['type']} {a['date']}: {said or _name(got.get('chair')) or None}, gold {a['chair']}", a["chair"])
            if a.get("counterpart"):
                self._check("event_counterpart", b is not None and norm(a["counterpart"]) in norm(_name(got.get("counterpart"))),
                            f"{a['type']} {a['date']}: {said or _name(got.get('counterpart')) or None}, gold {a['counterpart']}", a["counterpart"])

    def _statements(self, g: dict, s: dict) -> None:
        statements = [x for x in _dicts(s.get("statements")) if x.get("type") in SCORED_STATEMENTS]

        def same(a: dict, b: dict) -> bool:
            if a["type"] != b.get("type") or norm(a["key"]) not in norm(b.get("text")):
                return False
            speaker = norm(_name(b.get("speaker")))
            return not a["speaker"] or (bool(speaker) and norm(a["speaker"]) in speaker)
        gold = [x for x in g["statements"] if x["type"] in SCORED_STATEMENTS]
        self._match("statements", gold, statements, same,
                    lambda x: f"{x.get('type')} by {_name(x.get('speaker')) or None}: {(x.get('key') or x.get('text') or '')[:160]}",
                    lambda x: x.get("key") or x.get("text"))

    def _indicators(self, g: dict, s: dict) -> None:
        indicators = _dicts(s.get("indicators"))

        def same(a: dict, b: dict) -> bool:
            if _float(b.get("value")) != float(a["value"]):
                return False
            if a["target"] is not None and _float(b.get("target")) != float(a["target"]):
                return False
            return norm(a["unit"]) in norm(f'{b.get("unit") or ""} {b.get("label") or ""}')
        self._match("indicators", g["indicators"], indicators, same,
                    lambda x: f"{x.get('value')} {x.get('unit') or ''} (target {x.get('target')}) {x.get('label') or x.get('key') or ''}"[:160],
                    lambda x: x.get("key"))

    def result(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: t.scores() for k, t in self.tally.items()}
        out.update({k: a.scores() for k, a in self.acc.items()})
        return out


class CorpusMissing(Exception):
    """A gold file names a corpus article whose corpus file is not there."""


def corpus_text(record: dict) -> str:
    """The article text of a corpus record, as presswatch reads it: the baomoi-2013 records keep
    title and lead apart from the body, and are put back together as title, lead, body lines."""
    if "sapo" in record:
        return "\n".join(x for x in (record.get("title"), record.get("sapo"), record.get("text")) if x)
    return record["text"]


def _corpus_texts(golds: list[tuple[Path, dict]], corpus_dir: Path) -> dict[str, str]:
    wanted: dict[str, set[str]] = {}
    for _, g in golds:
        if g.get("corpus"):
            wanted.setdefault(g["corpus"], set()).add(g["corpus_id"])
    texts = {}
    for name, ids in wanted.items():
        path = corpus_dir / name
        if not path.is_file():
            raise CorpusMissing(f"the gold files name articles of {name}, which is not in {corpus_dir} "
                                "(the shared corpus sits beside the checkout as ../shared/data/corpus; give --corpus-dir)")
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                obj = json.loads(line)
                if obj.get("id") in ids:
                    texts[obj["id"]] = corpus_text(obj)
        if ids - texts.keys():
            raise CorpusMissing(f"{name} has no article {sorted(ids - texts.keys())[0]}")
    return texts


def load_gold(gold_dir: Path, corpus_dir: Path | None = None) -> list[tuple[dict, str]]:
    """Every gold file of `gold_dir` with its article text: NAME.txt beside it, or the corpus article it names."""
    golds = [(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(Path(gold_dir).glob("*.gold.json"))]
    texts = _corpus_texts(golds, corpus_dir or Path("../shared/data/corpus")) if any(g.get("corpus") for _, g in golds) else {}
    return [(g, texts[g["corpus_id"]] if g.get("corpus") else (Path(gold_dir) / g["file"]).read_text(encoding="utf-8"))
            for _, g in golds]


def evaluate_dir(gold_dir: Path, corpus_dir: Path | None = None, errors: bool = False) -> dict[str, Any]:
    """Extract every annotated article of `gold_dir` and score it; returns the scorer's figures
    (and, with `errors`, every missed and spurious fact with its sentence under "errors")."""
    golds = load_gold(gold_dir, corpus_dir)
    scorer = Scorer(errors)
    missing = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs = {}
        for g, text in golds:
            text_path = Path(tmp) / g["file"]
            text_path.write_text(text, encoding="utf-8")
            inputs[str(text_path)] = (g, text)
        outputs = {}
        for item in extract_paths(list(inputs)):
            if not isinstance(item, Failure):
                outputs[item.path] = item.to_dict()
        for origin, (g, text) in inputs.items():
            if origin not in outputs:
                missing.append(g["file"])
            scorer.article(g, outputs.get(origin, {}), text)
    return _result(len(golds), missing, scorer)


def _result(articles: int, missing: list[str], scorer: Scorer) -> dict[str, Any]:
    out = {"articles": articles, "missing": missing, **scorer.result()}
    if scorer.errors is not None:
        out["errors"] = [vars(m) for m in scorer.errors]
    return out


def gold_as_output(gold: dict, text: str) -> dict[str, Any]:
    """A gold annotation in the shape of `presswatch extract` output, so that one annotator can be
    scored against another by the same rules: the body is the text less the annotated noise, and a
    statement's text is the sentence that holds its key."""
    lines = {norm(x) for x in gold["non_body"] if isinstance(x, str)}
    fragments = [x["text"] for x in gold["non_body"] if isinstance(x, dict)]
    body = []
    for line in text.splitlines():
        if norm(line) in lines:
            continue
        for fragment in fragments:
            line = line.replace(fragment, "\n")
        body.extend(x.strip() for x in line.split("\n") if x.strip())
    out = {k: gold[k] for k in ("title", "published", "authors", "directives", "people", "localities", "events", "indicators")}
    out["body"] = "\n".join(body)
    out["statements"] = [{**x, "text": _sentence(text, x["key"]) or x["key"]} for x in gold["statements"]]
    return out


def agreement(second_dir: Path, first_root: Path, corpus_dir: Path | None = None, errors: bool = False) -> dict[str, Any]:
    """Score first annotations (any split under `first_root`) against independent second
    annotations of the same articles in `second_dir`: the ceiling an extractor is measured against."""
    second_dir = Path(second_dir)
    folders = {p.parent for p in Path(first_root).rglob("*.gold.json") if p.parent.resolve() != second_dir.resolve()}
    firsts = {g["file"]: g for folder in sorted(folders) for g, _ in load_gold(folder, corpus_dir)}
    seconds = [(g, text) for g, text in load_gold(second_dir, corpus_dir) if g["file"] in firsts]
    scorer = Scorer(errors)
    for second, text in seconds:
        scorer.article(firsts[second["file"]], gold_as_output(second, text), text)
    return _result(len(seconds), [], scorer)


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


def render_columns(names: list[str], results: list[dict[str, Any]], console: Console) -> None:
    """Several folders side by side: F1 or accuracy per metric, a column each."""
    table = Table(title="F1 (facts) and accuracy (checks)", title_justify="left")
    table.add_column("metric")
    for name, result in zip(names, results):
        table.add_column(f"{name}\n({result['articles']})", justify="right")
    for k in (*KINDS, *CHECKS):
        table.add_row(k, *(f"{r[k].get('f1', r[k].get('accuracy')):.3f}" for r in results))
    console.print(table)


def render_errors(errors: list[dict], console: Console, kinds: list[str] | None = None) -> None:
    """Every missed, spurious or wrong fact, grouped by kind, with the sentence it stands in."""
    for kind in [*KINDS, *CHECKS]:
        rows = [e for e in errors if e["kind"] == kind and (not kinds or kind in kinds)]
        if not rows:
            continue
        console.rule(f"{kind}: {len(rows)}")
        for e in rows:
            console.print(f"[bold]{e['what']}[/] {e['article']}: {e['fact']}", highlight=False, markup=True, soft_wrap=True)
            if e["sentence"]:
                console.print(f"    [dim]{e['sentence']}[/]", highlight=False, soft_wrap=True)
