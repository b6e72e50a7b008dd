"""How long `presswatch` takes to start: each command, end to end, as a user runs it.

A command-line tool is run many times a day for one answer each time: what it imports before it
does anything is most of its time. Four commands, each run RUNS times (round robin, so that a
change in the machine's load falls on all of them alike), and `python -c pass`, the interpreter's
own start-up, measured in the same run:

* ``--help``
* ``extract sample/000_….txt`` -- one bundled article, read, cleaned and extracted;
* ``search "chinh don dang" --db SMALL`` -- SMALL is the bundled sample, ingested first (not timed);
* ``stats --db SMALL``.

Each figure is the median wall-clock time (and CPU time, user and system, of the process: what
other programs on the machine barely move), and its ratio to `python -c pass`. Python writes its
bytecode caches as for any user (PYTHONDONTWRITEBYTECODE unset) and one untimed run of each
command comes first. The figures, the machine and its load go to ``--json`` and, beside it, a
``.md`` table.

usage: python benchmarks/startup.py [--runs N] [--at REV] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from machine import describe

ROOT = pathlib.Path(__file__).resolve().parents[1]
ARTICLE = sorted((ROOT / "sample").glob("*.txt"))[0]
TARGETS = {"--help": 0.3, "extract": 0.8}  # seconds, wall clock: issue 16


def export_revision(rev: str, into: pathlib.Path) -> pathlib.Path:
    """src/presswatch as committed at REV under INTO, with the ranking extension built in the working tree
    (a build product, not in git): edits made while the benchmark runs change nothing."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src/presswatch"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    for built in (ROOT / "src/presswatch/store").glob("_rank*.so"):
        shutil.copy2(built, into / "src/presswatch/store" / built.name)
    return into / "src"


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of the command, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.read().decode()}")
    proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--at", metavar="REV", help="measure src/presswatch as committed at REV (e.g. HEAD), not the working tree")
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()

    presswatch = str(pathlib.Path(sys.executable).with_name("presswatch"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PRESSWATCH_DB")}
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.at or "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="presswatch-startup-") as tmp:
        if args.at:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(export_revision(args.at, pathlib.Path(tmp))),
                                                               env.get("PYTHONPATH")]))
        db = pathlib.Path(tmp) / "sample.db"
        subprocess.run([presswatch, "ingest", str(ROOT / "sample"), "--db", str(db), "--workers", "1"], env=env, check=True,
                       capture_output=True)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--help": [presswatch, "--help"],
            "extract": [presswatch, "extract", str(ARTICLE.relative_to(ROOT))],
            "search": [presswatch, "search", "chinh don dang", "--db", str(db)],
            "stats": [presswatch, "stats", "--db", str(db)],
        }
        for argv in commands.values():  # bytecode written, files in the page cache
            run(argv, env)
        load = os.getloadavg()[0]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                times[name].append(run(argv, env))
    python = statistics.median(w for w, _ in times["python -c pass"])
    rows = []
    for name, argv in commands.items():
        wall = statistics.median(w for w, _ in times[name])
        row = {"command": name if name.startswith("python") else "presswatch " + " ".join(
                   a if a != str(db) else "SMALL.db" for a in argv[1:]),
               "median_seconds": round(wall, 3), "min_seconds": round(min(w for w, _ in times[name]), 3),
               "cpu_median_seconds": round(statistics.median(c for _, c in times[name]), 3),
               "ratio_to_python": round(wall / python, 1)}
        if name in TARGETS:
            row |= {"target_seconds": TARGETS[name], "met": wall < TARGETS[name]}
        rows.append(row)
    machine = describe() | {"load_1min": round(load, 2), "load_1min_after": round(os.getloadavg()[0], 2),
                            "presswatch_commit": commit, "measured": f"as committed at {args.at}" if args.at else "working tree"}
    result = {"machine": machine, "runs": args.runs, "article": ARTICLE.name, "commands": rows}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        table = "\n".join(f"| `{r['command']}` | {r['median_seconds']} | {r['min_seconds']} | {r['cpu_median_seconds']} | "
                          f"{r['ratio_to_python']}× | " + (f"< {r['target_seconds']} s: {'met' if r['met'] else 'missed'}"
                                                          if "target_seconds" in r else "") + " |" for r in rows)
        args.json.with_suffix(".md").write_text(
            f"# presswatch start-up\n\nEach command run {args.runs} times, round robin, medians; {machine['cpu']} "
            f"({machine['cores']} vCPUs), Python {machine['python']}, {machine['date']}, presswatch {commit} "
            f"({machine['measured']}), load average {machine['load_1min']} before and {machine['load_1min_after']} after. "
            f"`extract` reads the bundled `sample/{ARTICLE.name}`; SMALL.db is the bundled sample (5 articles) ingested.\n\n"
            "| command | median s | fastest s | CPU s (median) | × `python -c pass` | target |\n"
            "| --- | --- | --- | --- | --- | --- |\n" + table + "\n\n"
            "Wall-clock time from start to exit, bytecode caches written. What remains of a command's time is mostly "
            "imports: typer and rich for every command (and pydantic, which typer uses to convert the arguments of any "
            "command that runs); numpy for `search` and the views; the readers, cleaner and extractors for `extract`.\n",
            encoding="utf-8")


if __name__ == "__main__":
    main()
