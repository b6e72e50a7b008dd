#!/usr/bin/env python3
"""Pick corpus articles for blind annotation (tests/gold), reproducibly.

Articles of the genre are found by party and political-system vocabulary, then drawn per event
kind (working sessions, inspections, conferences, congresses, council sessions, voter meetings,
visits, ceremonies, discipline, policy pieces citing directives) so that every kind is covered, with
at most a few articles an outlet; about one in ten is drawn from articles with no party content at
all. Articles already annotated are skipped. Prints one JSON line per pick:
{"corpus", "corpus_id", "kind", "outlet"}.

    python scripts/select_for_annotation.py --corpus trends-2024 --n 126 --seed 11 > picks.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT.parent / "shared" / "data" / "corpus"

PARTY = re.compile(
    r"Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Quận ủy|Quận uỷ|Đảng ủy|Đảng uỷ|Bí thư|chi bộ|"
    r"đảng viên|Ban Thường vụ|Ban Chấp hành|Bộ Chính trị|Ban Bí thư|-NQ/TW|-KL/TW|-CT/TW|-QĐ/TW|"
    r"HĐND|Hội đồng nhân dân|MTTQ|Mặt trận Tổ quốc|cử tri|Quốc hội|Ủy ban Kiểm tra|Uỷ ban Kiểm tra"
)
KINDS = [  # (kind, pattern); an article goes to the first kind it matches
    ("voters", r"tiếp xúc cử tri"),
    ("discipline", r"kỷ luật|khai trừ|cảnh cáo"),
    ("inspection", r"[Đđ]oàn (kiểm tra|giám sát|công tác)"),
    ("working_session", r"làm việc (với|tại)"),
    ("congress", r"[Đđ]ại hội"),
    ("council", r"[Kk]ỳ họp|[Pp]hiên họp|HĐND"),
    ("conference", r"[Hh]ội nghị"),
    ("visit", r"(đến|đã) thăm|thăm hỏi|thăm và tặng"),
    ("ceremony", r"[Ll]ễ (kỷ niệm|trao|khánh thành|khởi công|ra mắt|công bố)|trao tặng"),
    ("policy", r"\d+-(NQ|KL|CT|QĐ|KH)/(TW|TU|HU|ĐU)|Nghị quyết|Chỉ thị"),
]
REQUESTS = re.compile(r"đề nghị|yêu cầu|kiến nghị|đề xuất|đánh giá cao|ghi nhận|biểu dương|chỉ đạo|nhấn mạnh")
OFF_TOPIC = re.compile(r"bóng đá|World Cup|ca sĩ|showbiz|xổ số|iPhone|Premier League|phim", re.I)


def articles(corpus: str):
    with gzip.open(CORPUS_DIR / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def annotated() -> set[str]:
    return {p.name.split(".")[0] for p in (ROOT / "tests" / "gold").rglob("*.gold.json")}


def kind_of(text: str) -> str | None:
    if len(PARTY.findall(text)) < 4:
        return None
    for kind, pattern in KINDS:
        if re.search(pattern, text):
            return kind
    return "party"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True, choices=["trends-2024", "baomoi-2017", "baomoi-2013"])
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--min-chars", type=int, default=1200)
    ap.add_argument("--max-chars", type=int, default=5500)
    ap.add_argument("--per-outlet", type=int, default=2)
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="JSON Lines of earlier picks")
    ap.add_argument("--min-requests", type=int, default=0,
                    help="only articles with at least this many requests and assessments (đề nghị, kiến nghị, đánh giá cao, ...)")
    args = ap.parse_args()

    skip = annotated()
    for path in args.exclude:
        skip |= {json.loads(line)["corpus_id"] for line in path.read_text(encoding="utf-8").splitlines()}
    pools: dict[str, list[dict]] = {}
    for a in articles(args.corpus):
        text = a["text"]
        if a["id"] in skip or not args.min_chars <= len(text) <= args.max_chars:
            continue
        if len(REQUESTS.findall(text)) < args.min_requests:
            continue
        kind = kind_of(text)
        if kind is None:
            kind = "none" if not PARTY.search(text) and not OFF_TOPIC.search(text) else None
        if kind:
            pools.setdefault(kind, []).append({"corpus": args.corpus, "corpus_id": a["id"], "kind": kind,
                                               "outlet": a.get("outlet") or ""})
    rng = random.Random(args.seed)
    for pool in pools.values():
        rng.shuffle(pool)
    picks, outlets = [], Counter()
    order = [k for k, _ in KINDS] + ["party"]
    pools["none"] = pools.get("none", [])[: max(1, args.n // 10)]  # about one in ten off the genre
    while len(picks) < args.n and any(pools.values()):
        for kind in ["none"] + order:  # round-robin, so a short pool gives its turn to the others
            pool = pools.get(kind) or []
            while pool and len(picks) < args.n:
                a = pool.pop()
                if not a["outlet"] or outlets[a["outlet"]] < args.per_outlet:
                    outlets[a["outlet"]] += 1
                    picks.append(a)
                    break
    for p in picks:
        print(json.dumps(p, ensure_ascii=False))


if __name__ == "__main__":
    main()
