"""Load test of `presswatch serve`: concurrent clients against the API and the pages, latency per endpoint.

Starts the server (its real command, `presswatch serve --workers N`) on a free localhost port, then
runs CLIENTS asyncio clients for DURATION seconds, each sending one request after another (keep-alive),
with no pause (the server saturated) or, with --think, a random pause after each answer, like people
reading what they asked for. Every request picks an endpoint at random, then an id or query for it from pools
read from the database: half the most written-about entities, half drawn at random, so pages of
heavy entities (Hà Nội, the Prime Minister) and of the long tail both come up. Writes per-endpoint
counts, errors and latency percentiles with the machine's description (and its load, since other
work may share the cores) to a JSON file and a Markdown table beside it.

With --uploads and/or --heavy-search, heavy requests run the whole time beside the ordinary ones, one
after another: uploads of --upload-size new articles each (from a JSON Lines file the store does not
hold; each upload is a real ingest with its link, into a copy of the database) and the worst search
(22 prefix terms, answered within its budget or refused). Their latencies are listed apart; the
figure that matters is the p95 of the ordinary requests meanwhile.

    .venv/bin/python benchmarks/load.py --db /tmp/web-2017.db --json benchmarks/results/load.json
    .venv/bin/python benchmarks/load.py --db /tmp/web-2017.db --uploads ../shared/data/corpus/baomoi-2013.jsonl.gz \
        --heavy-search --json benchmarks/results/load_heavy.json
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx2
import sqlean as sqlite3

sys.path.insert(0, str(Path(__file__).parent))
from machine import describe  # noqa: E402

QUERIES = ["chinh don dang", "chỉnh đốn Đảng", "kinh tế", "nghị quyết", "xây dựng Đảng", "cán bộ", "Quốc hội",
           "tham nhung", "đại hội", "kiểm tra", "học tập và làm theo", "Bộ Chính trị", "ngân sách", "nong thon moi",
           "cải cách hành chính", "an ninh", "giáo dục", "y tế", "doanh nghiệp", "biển đảo", "Thủ tướng", "Hà Nội",
           "đảng viên", "chi bộ", "kỷ luật", "thanh tra", "môi trường", "giao thông", "du lịch", "bầu cử"]


def pools(db: Path, rng: random.Random, fresh: bool = False) -> dict[str, list[str]]:
    """URL paths per endpoint, from the database: half the top entities, half random ones. `fresh`:
    searches for two of the queries together, 8,700 of them (so that few repeat in a run, and the
    server's kept results rarely answer) instead of the 90 queries and filters that repeat."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def ids(table: str, column: str = "id", n: int = 150) -> list[str]:
        top = [r[0] for r in conn.execute(f"SELECT {column} FROM {table} ORDER BY articles DESC LIMIT ?", (n,))]
        anyone = [r[0] for r in conn.execute(f"SELECT {column} FROM {table} ORDER BY random() LIMIT ?", (n,))]
        return top + anyone

    articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT 300")]
    directives, people = ids("directives", "key"), ids("persons")
    localities, organizations = ids("localities"), ids("organizations")
    event_types = ["working_session", "conference", "meeting", "visit", "inspection"]
    q = lambda **params: "?" + urlencode(params)  # noqa: E731
    searches = [q(q=s) for s in QUERIES] + [q(q=s, event_type=rng.choice(event_types)) for s in QUERIES] + \
        [q(q=s, locality=rng.choice(localities[:30])) for s in QUERIES]
    if fresh:
        pairs = [f"{a} {b}" for a in QUERIES for b in QUERIES if a != b]
        searches = [q(q=s) for s in pairs] + [q(q=s, event_type=rng.choice(event_types)) for s in pairs] + \
            [q(q=s, locality=rng.choice(localities[:30])) for s in pairs]
    return {
        "api/stats": ["/api/stats"],
        "api/search": ["/api/search" + s for s in searches],
        "api/articles": ["/api/articles" + q(offset=rng.randrange(0, 2000)) for _ in range(50)]
                        + ["/api/articles" + q(person=p) for p in people[:50]] + ["/api/articles" + q(locality=x) for x in localities[:50]],
        "api/articles/{id}": [f"/api/articles/{a}" for a in articles],
        "api/directives": ["/api/directives" + q(offset=o) for o in range(0, 1000, 25)] + ["/api/directives?q=NQ/TW"],
        "api/directives/{id}": ["/api/directives/" + quote(d, safe="/@") for d in directives],
        "api/people": ["/api/people" + q(offset=o) for o in range(0, 5000, 100)] + ["/api/people?q=nguyen+van"],
        "api/people/{id}": [f"/api/people/{p}" for p in people],
        "api/localities": ["/api/localities" + q(offset=o) for o in range(0, 2000, 50)],
        "api/localities/{id}": [f"/api/localities/{x}" for x in localities],
        "api/organizations/{id}": [f"/api/organizations/{o}" for o in organizations],
        "api/events": ["/api/events" + q(type=t) for t in event_types] + ["/api/events" + q(offset=o) for o in range(0, 2000, 100)],
        "api/statements": ["/api/statements" + q(type=t) for t in ("recommendation", "petition", "assessment")]
                          + ["/api/statements" + q(offset=o) for o in range(0, 5000, 250)],
        "api/contradictions": ["/api/contradictions"],
        "page /": ["/"],
        "page /search": ["/search" + s for s in searches],
        "page /articles/{id}": [f"/articles/{a}" for a in articles],
        "page /directives/{id}": ["/directives/" + quote(d, safe="/@") for d in directives],
        "page /people/{id}": [f"/people/{p}" for p in people],
        "page /localities/{id}": [f"/localities/{x}" for x in localities],
        "page /organizations/{id}": [f"/organizations/{o}" for o in organizations],
        "page lists": ["/directives", "/people", "/localities", "/organizations", "/events", "/statements", "/articles",
                       "/contradictions"] + ["/people" + q(offset=o) for o in range(0, 2000, 100)],
    }


TOKEN = "load-benchmark"
WORST_SEARCH = " OR ".join(f"{letter}*" for letter in "abcdeghiklmnopqrstuvx")  # issue 14's search: 22 prefix terms
HEAVY_ANSWERS = {"heavy upload": {200}, "heavy search": {200, 400, 503}}  # a refusal within the budget is an answer


def upload_bodies(source: Path, size: int) -> list[bytes]:
    """The JSON Lines file (gzipped or not) cut into uploads of `size` records."""
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rb") as handle:
        lines = [line for line in handle if line.strip()]
    return [b"".join(lines[i:i + size]) for i in range(0, len(lines), size)]


async def heavy(http: httpx2.AsyncClient, kind: str, bodies: list[bytes], deadline: float,
                out: dict[str, list[float]], errors: dict[str, list[str]]) -> None:
    """One heavy request after another until the deadline (uploads: until the file is used up)."""
    sent = 0
    while time.monotonic() < deadline and (kind != "heavy upload" or sent < len(bodies)):
        start = time.perf_counter()
        try:
            if kind == "heavy upload":
                answer = await http.post("/api/upload", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=900,
                                         files={"file": (f"load-{sent}.jsonl", bodies[sent])})
                sent += 1
            else:
                answer = await http.get("/api/search", params={"q": WORST_SEARCH}, timeout=900)
            problem = None if answer.status_code in HEAVY_ANSWERS[kind] else f"{answer.status_code} {answer.text[:200]}"
        except httpx2.HTTPError as exc:
            problem = type(exc).__name__
        out.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
        if problem:
            errors.setdefault(kind, []).append(problem)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def client(http: httpx2.AsyncClient, urls: dict[str, list[str]], deadline: float, rng: random.Random,
                 out: dict[str, list[float]], errors: dict[str, list[str]], think: float) -> None:
    names = list(urls)
    while time.monotonic() < deadline:
        name = rng.choice(names)
        path = rng.choice(urls[name])
        start = time.perf_counter()
        try:
            answer = await http.get(path)
            ok = answer.status_code == 200
            problem = f"{answer.status_code} {path}"
        except httpx2.HTTPError as exc:
            ok, problem = False, f"{type(exc).__name__} {path}"
        out.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        if not ok:
            errors.setdefault(name, []).append(problem)
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def run(base: str, urls: dict[str, list[str]], clients: int, duration: float, seed: int,
              think: float, heavies: dict[str, list[bytes]]) -> tuple[dict, dict, float]:
    out: dict[str, list[float]] = {}
    errors: dict[str, list[str]] = {}
    limits = httpx2.Limits(max_connections=clients + len(heavies), max_keepalive_connections=clients + len(heavies))
    async with httpx2.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        for paths in urls.values():  # warm-up: each endpoint once, so no first-request cost is counted
            await http.get(paths[0])
        started = time.monotonic()
        await asyncio.gather(*(client(http, urls, started + duration, random.Random(seed + i), out, errors, think)
                               for i in range(clients)),
                             *(heavy(http, kind, bodies, started + duration, out, errors) for kind, bodies in heavies.items()))
        elapsed = time.monotonic() - started
    return out, errors, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/web-2017.db"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause of a client after each answer, in seconds (exponential); 0: none, the server saturated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fresh-searches", action="store_true",
                        help="searches that rarely repeat (two queries together), so kept results rarely answer them")
    parser.add_argument("--uploads", type=Path, help="JSON Lines (.gz) of articles the store does not hold: upload them, "
                                                      "--upload-size at a time, one after another, into a copy of --db")
    parser.add_argument("--upload-size", type=int, default=20)
    parser.add_argument("--heavy-search", action="store_true", help="send the worst search, one after another")
    parser.add_argument("--json", type=Path, help="where to write the results (and the .md beside it)")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    urls = pools(args.db, rng, args.fresh_searches)
    heavies = {"heavy upload": upload_bodies(args.uploads, args.upload_size)} if args.uploads else {}
    if args.heavy_search:
        heavies["heavy search"] = []
    port = free_port()
    scratch = tempfile.TemporaryDirectory(prefix="presswatch-load-")
    db = args.db
    if args.uploads:  # uploads write: into a copy
        db = Path(scratch.name) / args.db.name
        shutil.copy(args.db, db)
    before = describe()
    server = subprocess.Popen([sys.executable, "-m", "presswatch.cli", "serve", "--db", str(db), "--port", str(port),
                               "--workers", str(args.workers)], env={**os.environ, "PRESSWATCH_TOKEN": TOKEN if args.uploads else ""})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx2.get(base + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx2.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not start")
        out, errors, elapsed = asyncio.run(run(base, urls, args.clients, args.duration, args.seed, args.think, heavies))
    finally:
        server.terminate()
        server.wait(10)
        scratch.cleanup()

    rows = {name: {"requests": len(v), "errors": len(errors.get(name, [])), "p50_ms": round(statistics.median(v), 1),
                   "p95_ms": round(percentile(v, 95), 1), "p99_ms": round(percentile(v, 99), 1), "max_ms": round(max(v), 1)}
            for name, v in sorted(out.items())}
    ordinary = [ms for name, v in out.items() if name not in HEAVY_ANSWERS for ms in v]
    total = len(ordinary)
    result = {"machine": before, "load_1min_after": os.getloadavg()[0], "db": str(args.db), "clients": args.clients,
              "fresh_searches": args.fresh_searches, "heavy": sorted(heavies), "upload_size": args.upload_size if args.uploads else None,
              "duration_s": round(elapsed, 1), "think_s": args.think, "server_workers": args.workers, "requests": total,
              "requests_per_s": round(total / elapsed, 1), "errors": sum(r["errors"] for r in rows.values()),
              "error_samples": {k: v[:5] for k, v in errors.items()},
              "ordinary_p95_ms": round(percentile(ordinary, 95), 1),
              "worst_p95_ms": max(r["p95_ms"] for name, r in rows.items() if name not in HEAVY_ANSWERS), "endpoints": rows}
    table = ["| endpoint | requests | errors | p50 ms | p95 ms | p99 ms | max ms |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    table += [f"| `{n}` | {r['requests']} | {r['errors']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['max_ms']} |"
              for n, r in rows.items()]
    pause = f"a pause of {args.think:g} s on average after each answer" if args.think else "no pause between requests"
    pause += ", searches that rarely repeat" if args.fresh_searches else ""
    meanwhile = "".join(f", {len(out.get(k, []))} {k}s beside them (p50 {rows[k]['p50_ms'] / 1000:.1f} s)"
                        for k in heavies if k in rows)
    summary = (f"{args.clients} clients ({pause}), {elapsed:.0f} s, {args.workers} server workers: {total} requests "
               f"({total / elapsed:.0f}/s){meanwhile}, {result['errors']} errors, p95 {result['ordinary_p95_ms']} ms "
               f"(worst endpoint's {result['worst_p95_ms']} ms); "
               f"{before['cpu']}, {before['cores']} cores, load {before['load_1min']:.1f} before, "
               f"{result['load_1min_after']:.1f} after, {before['date']}")
    print(summary)
    print("\n".join(table))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        args.json.with_suffix(".md").write_text(f"# Load test\n\n{summary}\n\n" + "\n".join(table) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
