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
command comes first. ``--before REV`` measures an earlier commit in the same round robin, under the
same load. The figures, the machine and its load go to ``--json`` and, beside it, a ``.md`` table.

usage: python benchmarks/startup.py [--runs N] [--at REV] [--before REV] [--json OUT]
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


def environment(rev: str | None, into: pathlib.Path) -> dict[str, str]:
    """The environment a command runs in: as any user's (bytecode caches written), presswatch as committed at
    REV when one is given, else the working tree."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PRESSWATCH_DB")}
    if rev:
        into.mkdir()
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(export_revision(rev, into)), env.get("PYTHONPATH")]))
    return env


def short(rev: str | None) -> str:
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev or "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--at", metavar="REV", help="measure src/presswatch as committed at REV (e.g. HEAD), not the working tree")
    parser.add_argument("--before", metavar="REV", help="also measure REV (an earlier commit) in the same round robin")
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()

    presswatch = str(pathlib.Path(sys.executable).with_name("presswatch"))
    with tempfile.TemporaryDirectory(prefix="presswatch-startup-") as tmp:
        envs = {"now": environment(args.at, pathlib.Path(tmp) / "now")}
        if args.before:
            envs["before"] = environment(args.before, pathlib.Path(tmp) / "before")
        db = pathlib.Path(tmp) / "sample.db"
        subprocess.run([presswatch, "ingest", str(ROOT / "sample"), "--db", str(db), "--workers", "1"], env=envs["now"],
                       check=True, capture_output=True)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--help": [presswatch, "--help"],
            "extract": [presswatch, "extract", str(ARTICLE.relative_to(ROOT))],
            "search": [presswatch, "search", "chinh don dang", "--db", str(db)],
            "stats": [presswatch, "stats", "--db", str(db)],
        }
        jobs = [(name, version) for name in commands for version in envs if version == "now" or name != "python -c pass"]
        for name, version in jobs:  # bytecode written, files in the page cache
            run(commands[name], envs[version])
        load = os.getloadavg()[0]
        times: dict[tuple[str, str], list[tuple[float, float]]] = {job: [] for job in jobs}
        for _ in range(args.runs):
            for name, version in jobs:
                times[name, version].append(run(commands[name], envs[version]))
    python = statistics.median(w for w, _ in times["python -c pass", "now"])
    rows = []
    for name, argv in commands.items():
        row = {"command": name if name.startswith("python") else "presswatch " + " ".join(
            a if a != str(db) else "SMALL.db" for a in argv[1:])}
        for version in envs:
            if (name, version) not in times:
                continue
            wall = statistics.median(w for w, _ in times[name, version])
            suffix = "" if version == "now" else "_before"
            row |= {f"median_seconds{suffix}": round(wall, 3), f"min_seconds{suffix}": round(min(w for w, _ in times[name, version]), 3),
                    f"cpu_median_seconds{suffix}": round(statistics.median(c for _, c in times[name, version]), 3),
                    f"ratio_to_python{suffix}": round(wall / python, 1)}
        if name in TARGETS:
            row |= {"target_seconds": TARGETS[name], "met": row["median_seconds"] < TARGETS[name]}
        rows.append(row)
    machine = describe() | {"load_1min": round(load, 2), "load_1min_after": round(os.getloadavg()[0], 2),
                            "presswatch_commit": short(args.at), "nice": os.nice(0),
                            "measured": f"as committed at {args.at}" if args.at else "working tree"}
    result = {"machine": machine, "runs": args.runs, "article": ARTICLE.name, "commands": rows}
    if args.before:
        result["before"] = short(args.before)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        args.json.with_suffix(".md").write_text(markdown(result), encoding="utf-8")


def markdown(result: dict) -> str:
    machine, before = result["machine"], result.get("before")
    head = "| command | median s | fastest s | CPU s (median) | × `python -c pass` | target |"
    if before:
        head += f" median s at {before} | CPU s at {before} | × `python -c pass` at {before} |"
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for r in result["commands"]:
        line = (f"| `{r['command']}` | {r['median_seconds']} | {r['min_seconds']} | {r['cpu_median_seconds']} | "
                f"{r['ratio_to_python']}× | " + (f"< {r['target_seconds']} s: {'met' if r['met'] else 'missed'}"
                                                if "target_seconds" in r else "") + " |")
        if before:
            line += (f" {r['median_seconds_before']} | {r['cpu_median_seconds_before']} | {r['ratio_to_python_before']}× |"
                     if "median_seconds_before" in r else " | | |")
        lines.append(line)
    return (f"# presswatch start-up\n\nEach command run {result['runs']} times, round robin, medians; {machine['cpu']} "
            f"({machine['cores']} vCPUs), Python {machine['python']}, {machine['date']}, presswatch {machine['presswatch_commit']} "
            f"({machine['measured']})" + (f" and, in the same runs, {before}" if before else "")
            + f"; load average {machine['load_1min']} before and {machine['load_1min_after']} after"
            + (f", run at nice {machine['nice']}" if machine["nice"] else "") + ". "
            f"`extract` reads the bundled `sample/{result['article']}`; SMALL.db is the bundled sample (5 articles) ingested.\n\n"
            + "\n".join(lines) + "\n\n"
            "Wall-clock time from start to exit, bytecode caches written; CPU is the process's user and system time, "
            "which other programs on the machine move less. What remains of a command's time is mostly imports: typer "
            "and rich for every command (and pydantic, which typer uses to convert the arguments of any command that "
            "runs); numpy for `search` and the views; the readers, cleaner and extractors for `extract`, whose regular "
            "expressions are compiled when their modules are imported.\n")


if __name__ == "__main__":
    main()
