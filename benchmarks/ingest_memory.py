"""Peak memory of `presswatch ingest` on the inputs of issue 14 and on the 35k corpus.

Ingest's memory must be bounded by bytes, not by a count of documents (README, "Memory"): the
parent holds at most `Limits.max_in_flight` bytes of documents read and not yet stored (and their
records), each worker one document. Three inputs, generated at run time in a temporary folder
(nothing is written to the repository but the results):

* ``zip``: a 4 MB zip of 3,900 members of 1,000,000 bytes each (one letter repeated: the
  compression ratio of the issue's file), 3.9 GB once expanded; ``zip-distinct``, the same with a
  first line of its own in each member, so that every one is extracted, not skipped as stored;
* ``jsonl``: a 905 MB JSON Lines file of 15 MB lines, each line articles of the corpus joined into
  one text (never written anywhere but the temporary folder);
* ``corpus``: ../shared/data/corpus/baomoi-2017.jsonl.gz (35,440 articles) as it is.

Each is ingested into a fresh database by the command a user runs (`presswatch ingest --workers 2`)
while the process tree is sampled every 0.2 s: the peak of its total memory (the sum of each
process's proportional set size, PSS, so that pages a worker shares with the parent it forked from
count once), the parent's peak resident set and the largest worker's; the parent's and the total
apart while the workers run (reading and extracting, what the byte bound covers) and after them
(the last batch and the link stage, which holds the registry and grows with the database). `--at REV` measures
src/presswatch as committed at REV (e.g. the commit before the byte bound, for the figures before);
`--max-seconds zip=S,jsonl=S` stops a run after S seconds (a bare S: every run), and the result says
so and how many articles it had stored (3.9 GB of text takes about an hour of CPU on two cores:
the parent's memory is at its bound within seconds, and stays there). The figures, the machine, the
date and each run's load go to `--json` (`--append`: added to the runs already there) and, beside
it, a `.md` table.

usage: python benchmarks/ingest_memory.py [--inputs zip,zip-distinct,jsonl,corpus] [--members N] [--lines N]
                                          [--workers N] [--at REV] [--max-seconds [NAME=]S,...] [--json OUT [--append]]
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


def make_zip(path: pathlib.Path, members: int, distinct: bool = False) -> None:
    """Members of one letter repeated: the same bytes each (ingest extracts the first ones in flight and skips the
    rest as already stored), or each with its own first line (every one extracted: an hour of CPU)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for i in range(members):
            head = f"Thành viên số {i}\n".encode() if distinct else b""
            archive.writestr(f"m{i:04}.txt", head + b"a" * (MEMBER_BYTES - len(head)))


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


def _sample(proc: subprocess.Popen, max_seconds: float | None) -> tuple[dict[str, int], bool]:
    """Until the process ends (or is stopped after max_seconds): the peaks of its tree's summed PSS and of its own
    RSS while its workers run (reading and extracting) and after they are gone (the last batch, the link stage),
    the largest peak RSS of a worker, and whether it was stopped."""
    started = time.perf_counter()
    peaks = dict.fromkeys(("total_extracting", "parent_extracting", "total_after", "parent_after", "worker"), 0)
    stopped = had_workers = False
    while proc.poll() is None:
        tree = _tree(proc.pid)
        had_workers = had_workers or len(tree) > 1
        phase = "extracting" if len(tree) > 1 or not had_workers else "after"
        total = 0
        for pid in tree:
            pss, rss = _memory(pid)
            total += pss
            key = f"parent_{phase}" if pid == proc.pid else "worker"
            peaks[key] = max(peaks[key], rss)
        peaks[f"total_{phase}"] = max(peaks[f"total_{phase}"], total)
        if max_seconds and time.perf_counter() - started > max_seconds and not stopped:
            os.killpg(proc.pid, signal.SIGKILL)  # the workers with it
            stopped = True
        time.sleep(0.2)
    return peaks, stopped


def measure(path: pathlib.Path, workers: int, env: dict[str, str], max_seconds: float | None) -> dict[str, object]:
    """Ingest PATH into a fresh database, sampling the process tree's memory until it ends."""
    with tempfile.TemporaryDirectory(prefix="presswatch-memory-") as tmp:
        db = pathlib.Path(tmp) / "bench.db"
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "presswatch.cli", "ingest", str(path), "--db", str(db),
                                 "--workers", str(workers), "--json"], env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            peaks, stopped = _sample(proc, max_seconds)
        finally:
            if proc.poll() is None:  # the benchmark itself was stopped: the ingest and its workers with it
                os.killpg(proc.pid, signal.SIGKILL)
        out = proc.stdout.read() if proc.stdout else b""
        seconds = time.perf_counter() - started
        stored = _articles(db)
    summary = json.loads(out) if out.strip().startswith(b"{") else {}
    mib = lambda n: round(n / 2**20, 1)  # noqa: E731
    return {"input": path.name, "input_bytes": path.stat().st_size, "workers": workers, "seconds": round(seconds, 1),
            "completed": not stopped, "exit_status": proc.returncode,
            "stored": stored, "failed": summary.get("failed")} | {f"peak_{k}_mib": mib(v) for k, v in peaks.items()}


def markdown(result: dict) -> str:
    machine = result["machine"]
    lines = ["# ingest peak memory", "",
             f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, Python {machine['python']}, "
             f"{machine['date']}. Each run: `presswatch ingest INPUT --workers N` into a fresh database, default limits "
             "(shown), with the load average of the minute before it; the process tree sampled every 0.2 s.", "",
             "Peaks in MiB, while the workers run (reading and extracting) and after (the last batch and the link stage, "
             "which holds the registry, not documents): the whole tree's summed PSS, the parent's RSS, and the largest "
             "worker's RSS. A run not completed was stopped after its `--max-seconds`; `stored` counts the articles of the "
             "batches it had committed (and the time limit is wall-clock: a member that takes 2 s of CPU runs past 30 s under "
             "`nice -n 19` on a loaded machine, and fails).", "",
             "| input | bytes | presswatch | limits | load | workers | seconds | completed | stored | failed "
             "| total PSS, extracting | parent RSS, extracting | worker RSS | total PSS, after | parent RSS, after |",
             "| --- | ---: | --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in result["runs"]:
        limits = ", ".join(f"{k} {v:,}" for k, v in r["limits"].items() if v is not None)
        lines.append(f"| {r['description']} | {r['input_bytes']:,} | {r['presswatch']} | {limits} | {r['load_1min']:.1f} | {r['workers']} "
                     f"| {r['seconds']} | {'yes' if r['completed'] else 'no (stopped)'} | {r['stored']:,} "
                     f"| {'–' if r['failed'] is None else r['failed']} | {r['peak_total_extracting_mib']} "
                     f"| {r['peak_parent_extracting_mib']} | {r['peak_worker_mib']} | {r['peak_total_after_mib']} "
                     f"| {r['peak_parent_after_mib']} |")
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
    parser.add_argument("--append", action="store_true", help="add these runs to those already in --json")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWATCH_")}  # the defaults, as a user has them
    commit = short(args.at)  # resolved once: a commit made while it runs changes nothing
    runs = json.loads(args.json.read_text(encoding="utf-8"))["runs"] if args.append and args.json and args.json.exists() else []
    with tempfile.TemporaryDirectory(prefix="presswatch-memory-inputs-") as tmp:
        if args.at:
            (pathlib.Path(tmp) / "at").mkdir()
            env["PYTHONPATH"] = str(export_revision(commit, pathlib.Path(tmp) / "at"))
        sys.path.insert(0, env.get("PYTHONPATH", str(ROOT / "src")))
        from presswatch.limits import Limits

        limits = {k: getattr(Limits(), k, None) for k in ("max_bytes", "max_in_flight", "timeout")}
        inputs = {
            "zip": (pathlib.Path(tmp) / "members.zip", make_zip, args.members,
                    f"zip of {args.members:,} members of 1,000,000 bytes"),
            "zip-distinct": (pathlib.Path(tmp) / "distinct.zip", lambda path, n: make_zip(path, n, distinct=True), args.members,
                             f"zip of {args.members:,} distinct members of 1,000,000 bytes"),
            "jsonl": (pathlib.Path(tmp) / "long-lines.jsonl", make_jsonl, args.lines,
                      f"JSON Lines, {args.lines} lines of 15 MB"),
            "corpus": (CORPUS, None, None, "baomoi-2017.jsonl.gz, 35,440 articles"),
        }
        caps = _caps(args.max_seconds)
        for name in args.inputs.split(","):
            path, make, count, description = inputs[name]
            if make:
                make(path, count)
            print(f"{description}: {path.stat().st_size:,} bytes", file=sys.stderr)
            cap = caps.get(name, caps.get("*"))
            runs.append({"description": description, "presswatch": commit if args.at else f"working tree at {commit}",
                         "limits": limits, "load_1min": round(os.getloadavg()[0], 2), "max_seconds": cap}
                        | measure(path, args.workers, env, cap))
            print(json.dumps(runs[-1]), file=sys.stderr)
            if make:
                path.unlink()
    result = {"machine": describe(), "runs": runs}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        args.json.with_suffix(".md").write_text(markdown(result), encoding="utf-8")


if __name__ == "__main__":
    main()
