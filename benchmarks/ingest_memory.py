"""Peak memory of `presswatch ingest` on the inputs of issue 14 and on the 35k corpus.

Ingest's memory must be bounded by bytes, not by a count of documents (README, "Memory"): the
parent holds at most `Limits.max_in_flight` bytes of documents read and not yet stored (and their
records), each worker one document. Three inputs, generated at run time in a temporary folder
(nothing is written to the repository but the results):

* ``zip``: a 4 MB zip of 3,900 members of 1,000,000 bytes each (one letter repeated: the
  compression ratio of the issue's file), 3.9 GB once expanded;
* ``jsonl``: a 905 MB JSON Lines file of 15 MB lines, each line articles of the corpus joined into
  one text (never written anywhere but the temporary folder);
* ``corpus``: ../shared/data/corpus/baomoi-2017.jsonl.gz (35,440 articles) as it is.

Each is ingested into a fresh database by the command a user runs (`presswatch ingest --workers 2`)
while the process tree is sampled every 0.2 s: the peak of its total memory (the sum of each
process's proportional set size, PSS, so that pages a worker shares with the parent it forked from
count once), the parent's peak resident set and the largest worker's. `--at REV` measures
src/presswatch as committed at REV (e.g. the commit before the byte bound, for the figures before);
`--max-seconds zip=S,jsonl=S` stops a run after S seconds (a bare S: every run), and the result says
so and how many articles it had stored (3.9 GB of text takes about an hour of CPU on two cores:
the parent's memory is at its bound within seconds, and stays there). The figures, the machine, the
date and the load go to `--json` and, beside it, a `.md` table.

usage: python benchmarks/ingest_memory.py [--inputs zip,jsonl,corpus] [--members N] [--lines N]
                                          [--workers N] [--at REV] [--max-seconds [NAME=]S,...] [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from machine import describe  # noqa: E402
from startup import export_revision, short  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "data" / "corpus" / "baomoi-2017.jsonl.gz"
MEMBER_BYTES = 1_000_000
LINE_BYTES = 15_000_000


def make_zip(path: pathlib.Path, members: int) -> None:
    payload = b"a" * MEMBER_BYTES
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for i in range(members):
            archive.writestr(f"m{i:04}.txt", payload)


def _corpus_texts() -> Iterator[str]:
    while True:  # round and round: 905 MB is five times the corpus
        with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)["text"]


def make_jsonl(path: pathlib.Path, lines: int) -> None:
    texts = _corpus_texts()
    with path.open("w", encoding="utf-8") as out:
        for i in range(lines):
            parts, size = [], 0
            while size < LINE_BYTES:
                parts.append(next(texts))
                size += len(parts[-1].encode("utf-8")) + 1
            out.write(json.dumps({"id": f"long-{i}", "title": f"Bài dài số {i}", "text": "\n".join(parts)}, ensure_ascii=False) + "\n")


def _tree(root: int) -> list[int]:
    """The process and its descendants (the pool's workers)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = pathlib.Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in bytes; (0, 0) once it is gone."""
    pss = rss = 0
    try:
        for line in pathlib.Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return pss, rss


def _articles(db: pathlib.Path) -> int:
    """Articles in the database: what a run stored, also one stopped (each batch is committed whole)."""
    import sqlean as sqlite3

    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def _caps(spec: str | None) -> dict[str, float]:
    """--max-seconds 'zip=1800,jsonl=600' or '600' (every input)."""
    caps: dict[str, float] = {}
    for part in filter(None, (spec or "").split(",")):
        name, _, seconds = part.rpartition("=")
        caps[name or "*"] = float(seconds)
    return caps


def measure(path: pathlib.Path, workers: int, env: dict[str, str], max_seconds: float | None) -> dict[str, object]:
    """Ingest PATH into a fresh database, sampling the process tree's memory until it ends."""
    with tempfile.TemporaryDirectory(prefix="presswatch-memory-") as tmp:
        db = pathlib.Path(tmp) / "bench.db"
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "presswatch.cli", "ingest", str(path), "--db", str(db),
                                 "--workers", str(workers), "--json"], env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        peak_total = peak_parent = peak_worker = 0
        stopped = False
        while proc.poll() is None:
            total = 0
            for pid in _tree(proc.pid):
                pss, rss = _memory(pid)
                total += pss
                if pid == proc.pid:
                    peak_parent = max(peak_parent, rss)
                else:
                    peak_worker = max(peak_worker, rss)
            peak_total = max(peak_total, total)
            if max_seconds and time.perf_counter() - started > max_seconds and not stopped:
                os.killpg(proc.pid, signal.SIGKILL)  # the workers with it
                stopped = True
            time.sleep(0.2)
        out = proc.stdout.read() if proc.stdout else b""
        seconds = time.perf_counter() - started
        stored = _articles(db)
    summary = json.loads(out) if out.strip().startswith(b"{") else {}
    mib = lambda n: round(n / 2**20, 1)  # noqa: E731
    return {"input": path.name, "input_bytes": path.stat().st_size, "workers": workers, "seconds": round(seconds, 1),
            "completed": not stopped, "exit_status": proc.returncode,
            "stored": stored, "failed": summary.get("failed"),
            "peak_total_pss_mib": mib(peak_total), "peak_parent_rss_mib": mib(peak_parent), "peak_worker_rss_mib": mib(peak_worker)}


def markdown(result: dict) -> str:
    lines = [f"# ingest peak memory ({result['measured']})", "",
             f"{result['machine']['cpu']}, {result['machine']['cores']} cores, {result['machine']['memory_gib']} GiB, "
             f"Python {result['machine']['python']}, {result['machine']['date']}, load (1 min) {result['machine']['load_1min']:.2f} before, "
             f"{result['load_1min_after']:.2f} after; limits: "
             + ", ".join(f"{k} {v:,}" for k, v in result["limits"].items() if v is not None) + ".", "",
             "| input | bytes | workers | seconds | completed | stored | failed | peak total PSS (MiB) | parent peak RSS (MiB) "
             "| largest worker peak RSS (MiB) |",
             "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in result["runs"]:
        lines.append(f"| {r['description']} | {r['input_bytes']:,} | {r['workers']} | {r['seconds']} | {'yes' if r['completed'] else 'no (stopped)'} "
                     f"| {r['stored']} | {'–' if r['failed'] is None else r['failed']} | {r['peak_total_pss_mib']} | {r['peak_parent_rss_mib']} | {r['peak_worker_rss_mib']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", default="zip,jsonl,corpus")
    parser.add_argument("--members", type=int, default=3900, help="members of the zip (1,000,000 bytes each)")
    parser.add_argument("--lines", type=int, default=60, help="15 MB lines of the JSON Lines file")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--at", metavar="REV", help="measure src/presswatch as committed at REV, not the working tree")
    parser.add_argument("--max-seconds", help="stop a run after S seconds: NAME=S,... or S for every run")
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWATCH_")}  # the defaults, as a user has them
    commit = short(args.at)  # resolved once: a commit made while it runs changes nothing
    with tempfile.TemporaryDirectory(prefix="presswatch-memory-inputs-") as tmp:
        if args.at:
            (pathlib.Path(tmp) / "at").mkdir()
            env["PYTHONPATH"] = str(export_revision(commit, pathlib.Path(tmp) / "at"))
        sys.path.insert(0, env.get("PYTHONPATH", str(ROOT / "src")))
        from presswatch.limits import Limits

        limits = Limits()
        inputs = {
            "zip": (pathlib.Path(tmp) / "members.zip", make_zip, args.members,
                    f"zip of {args.members:,} members of 1,000,000 bytes"),
            "jsonl": (pathlib.Path(tmp) / "long-lines.jsonl", make_jsonl, args.lines,
                      f"JSON Lines, {args.lines} lines of 15 MB"),
            "corpus": (CORPUS, None, None, "baomoi-2017.jsonl.gz, 35,440 articles"),
        }
        load = os.getloadavg()[0]
        caps = _caps(args.max_seconds)
        runs = []
        for name in args.inputs.split(","):
            path, make, count, description = inputs[name]
            if make:
                make(path, count)
            print(f"{description}: {path.stat().st_size:,} bytes", file=sys.stderr)
            cap = caps.get(name, caps.get("*"))
            runs.append({"description": description, "max_seconds": cap} | measure(path, args.workers, env, cap))
            print(json.dumps(runs[-1]), file=sys.stderr)
            if make:
                path.unlink()
    result = {"machine": describe() | {"load_1min": round(load, 2)}, "load_1min_after": round(os.getloadavg()[0], 2),
              "measured": f"src/presswatch as committed at {commit}" if args.at else "working tree",
              "presswatch_commit": commit,
              "limits": {"max_bytes": limits.max_bytes, "max_in_flight": getattr(limits, "max_in_flight", None),
                         "timeout": limits.timeout},
              "runs": runs}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        args.json.with_suffix(".md").write_text(markdown(result), encoding="utf-8")


if __name__ == "__main__":
    main()
