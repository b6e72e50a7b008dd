"""Extraction throughput and peak memory of presswatch on a real corpus, one process, one core.

Runs each phase over the same input (by default the 35,440 articles of
``../shared/data/corpus/baomoi-2017.jsonl.gz``) in a fresh single-threaded Python process, one
phase after another (never two at once), so that each gets its own peak-memory figure and none
warms the next; ``--pin-cpu N`` also pins each process to CPU N:

* ``read``   -- ``presswatch.read.read``: gunzip and JSON parsing only;
* ``clean``  -- ``read`` then ``presswatch.clean.clean``;
* ``full``   -- the public API, ``presswatch.extract_paths([corpus])``: read, clean and every
  extractor, as a user runs it (this is the headline number);
* ``stages`` -- read, clean, then the cached ``Article.body`` / ``match`` / ``sentences`` and each
  extractor of ``presswatch.extract.PIPELINE`` in order, each result put on ``article.facts[kind]``
  as ``presswatch.extract.run`` does, every step timed with ``time.perf_counter``.

Articles/s is documents in (articles plus failures) divided by wall-clock seconds of the loop,
imports and start-up excluded. Peak memory is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of the
phase's process (KiB on Linux), reported in MiB; ``start`` is the same figure after imports.
CPU seconds (``time.process_time``) are reported too: when other processes share the machine the
wall-clock rate drops but articles per CPU second barely moves, and the 1-minute load average
before and after each phase is kept in the JSON to show it.

The speed is compared with underthesea's ``word_tokenize`` (``benchmarks/results/
underthesea_baseline.json``, written by ``benchmarks/underthesea_baseline.py``) over the same
first articles of the corpus.

usage: python benchmarks/extract_speed.py [--corpus FILE] [--limit N] [--json OUT] [--markdown OUT]
                                          [--phases read,clean,full,stages] [--pin-cpu CPU]
                                          [--at REV] [--profile N]
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import json
import os
import pathlib
import platform
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from typing import Any

from machine import cpu_model

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "baomoi-2017.jsonl.gz"
BASELINE = ROOT / "benchmarks" / "results" / "underthesea_baseline.json"
PHASES = ("read", "clean", "full", "stages")
PHASE_LABELS = {
    "read": "read (gunzip + JSON)",
    "clean": "read + clean",
    "full": "full pipeline, `extract_paths`",
    "stages": "full pipeline, stage by stage",
}


# --------------------------------------------------------------------------- one phase (child)

def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # ru_maxrss is KiB on Linux


def pin_one_core(cpu: int | None) -> int | None:
    """Run on the given CPU only (the process is single-threaded either way)."""
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    os.sched_setaffinity(0, {cpu})
    return cpu


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def src_digest() -> str:
    """A digest of the presswatch sources and lexicons this process loaded: the tree is edited while we run."""
    import presswatch

    package = pathlib.Path(presswatch.__file__).parent
    h = hashlib.sha1()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def presswatch_file() -> str:
    import presswatch

    return str(pathlib.Path(presswatch.__file__).parent)


def run_phase(phase: str, corpus: pathlib.Path, limit: int | None, checkpoint: int,
              pin: int | None = None) -> dict[str, Any]:
    from presswatch import Failure, extract_paths
    from presswatch.clean import clean
    from presswatch.extract import PIPELINE
    from presswatch.read import ReadError, read

    cpu = pin_one_core(pin)
    digest = src_digest()
    paths = [str(corpus)]
    docs = failures = chars = 0
    at_checkpoint: dict[str, float] | None = None
    facts = {kind: 0 for kind, _ in PIPELINE}
    stage_seconds: dict[str, float] = {"read": 0.0, "clean": 0.0, "body/match/sentences": 0.0}
    stage_seconds.update({kind: 0.0 for kind, _ in PIPELINE})
    start_rss = peak_mib()
    load_before = load_average()
    clock = time.perf_counter
    cpu_start = time.process_time()
    start = clock()

    def note_checkpoint() -> None:
        nonlocal at_checkpoint
        if docs == checkpoint and at_checkpoint is None:
            at_checkpoint = {"articles": docs, "characters": chars, "seconds": clock() - start}

    if phase in ("read", "clean"):
        for item in itertools.islice(read(paths), limit):
            docs += 1
            if isinstance(item, ReadError):
                failures += 1
            else:
                chars += len(item.text)
                if phase == "clean":
                    try:
                        clean(item)
                    except Exception:  # counted like extract_paths counts it
                        failures += 1
            note_checkpoint()
    elif phase == "full":
        for item in itertools.islice(extract_paths(paths), limit):
            docs += 1
            if isinstance(item, Failure):
                failures += 1
            else:
                for kind, found in item.facts.items():
                    facts[kind] = facts.get(kind, 0) + len(found)
            note_checkpoint()
    elif phase == "stages":
        items = read(paths)
        while limit is None or docs < limit:
            t0 = clock()
            item = next(items, None)
            t1 = clock()
            stage_seconds["read"] += t1 - t0
            if item is None:
                break
            docs += 1
            if isinstance(item, ReadError):
                failures += 1
                note_checkpoint()
                continue
            chars += len(item.text)
            try:
                article = clean(item)
                t2 = clock()
                stage_seconds["clean"] += t2 - t1
                article.body, article.match, article.sentences  # cached; else the first extractor pays
                t1 = clock()
                stage_seconds["body/match/sentences"] += t1 - t2
                for kind, extractor in PIPELINE:
                    article.facts[kind] = found = extractor(article)
                    t2 = clock()
                    stage_seconds[kind] += t2 - t1
                    t1 = t2
                    facts[kind] += len(found)
            except Exception:
                failures += 1
            note_checkpoint()
    else:
        raise ValueError(f"unknown phase {phase!r}")

    seconds = clock() - start
    cpu_seconds = time.process_time() - cpu_start
    result: dict[str, Any] = {
        "phase": phase,
        "articles": docs,
        "failures": failures,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds, 3),
        "articles_per_second": round(docs / seconds, 2) if seconds else None,
        "articles_per_cpu_second": round(docs / cpu_seconds, 2) if cpu_seconds else None,
        "peak_rss_mib": round(peak_mib(), 1),
        "start_rss_mib": round(start_rss, 1),
        "presswatch_file": presswatch_file(),
        "pinned_cpu": cpu,
        "load_average_1min": [load_before, load_average()],  # other processes on the machine, before / after
        "src_digest": digest,
    }
    if phase != "full":
        result["characters"] = chars
        result["characters_per_second"] = round(chars / seconds) if seconds else None
    if phase in ("full", "stages"):
        result["facts"] = facts
    if phase == "stages":
        result["stage_seconds"] = {k: round(v, 3) for k, v in stage_seconds.items()}
    if at_checkpoint:
        at_checkpoint["articles_per_second"] = round(at_checkpoint["articles"] / at_checkpoint["seconds"], 2)
        at_checkpoint["seconds"] = round(at_checkpoint["seconds"], 3)
        if phase == "full":
            at_checkpoint.pop("characters")
        result["first"] = at_checkpoint
    return result


# --------------------------------------------------------------------------- orchestration



def git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def export_revision(rev: str, into: pathlib.Path) -> pathlib.Path:
    """src/presswatch as committed at REV, extracted under INTO; returns the folder to import from."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "src/presswatch"],
                             capture_output=True, check=True)
    with tempfile.TemporaryFile() as handle:
        handle.write(archive.stdout)
        handle.seek(0)
        with tarfile.open(fileobj=handle) as tar:
            tar.extractall(into, filter="data")
    return into / "src"


def machine(rev: str | None = None) -> dict[str, Any]:
    status = None if rev else git("status", "--porcelain", "--", "src")
    return {
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "cores_used": 1,
        "python": platform.python_version(),
        "presswatch_commit": git("rev-parse", "--short", rev or "HEAD"),
        "measured": f"src/presswatch as committed at {rev}" if rev else "working tree",
        "src_modified_since_commit": False if rev else (bool(status) if status is not None else None),
        "date": datetime.date.today().isoformat(),
    }


def load_baseline(path: pathlib.Path = BASELINE) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["speed"]["word_tokenize"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def run_child(phase: str, args: argparse.Namespace, checkpoint: int,
              src: pathlib.Path | None = None) -> dict[str, Any]:
    command = [sys.executable, str(pathlib.Path(__file__).resolve()), "--phase", phase,
               "--corpus", str(args.corpus), "--checkpoint", str(checkpoint)]
    if args.limit is not None:
        command += ["--limit", str(args.limit)]
    if args.pin_cpu is not None:
        command += ["--pin-cpu", str(args.pin_cpu)]
    print(f"[extract_speed] phase {phase} ...", file=sys.stderr, flush=True)
    env = dict(os.environ)
    if src is not None:  # ahead of the editable install on sys.path
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"phase {phase} failed with exit code {done.returncode}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"[extract_speed] phase {phase}: {result['articles']} articles in {result['seconds']:.1f} s "
          f"({result['articles_per_second']:.1f}/s), peak {result['peak_rss_mib']:.0f} MiB",
          file=sys.stderr, flush=True)
    return result


def comparison(results: dict[str, Any]) -> dict[str, Any] | None:
    base = results.get("underthesea_word_tokenize")
    full = results["phases"].get("full")
    if not base or not full:
        return None
    out: dict[str, Any] = {
        "underthesea_word_tokenize_articles_per_second": base["articles_per_second"],
        "underthesea_articles": base["articles"],
        "presswatch_articles_per_second_all": full["articles_per_second"],
        "ratio_all": round(full["articles_per_second"] / base["articles_per_second"], 2),
    }
    first = full.get("first")
    if first and first["articles"] == base["articles"]:
        out["presswatch_articles_per_second_same_articles"] = first["articles_per_second"]
        out["ratio_same_articles"] = round(first["articles_per_second"] / base["articles_per_second"], 2)
    return out


def markdown(results: dict[str, Any]) -> str:
    phases = results["phases"]
    chars = next((p["characters"] for p in phases.values() if "characters" in p), None)
    lines = ["| phase | articles | failures | wall s | CPU s | articles/s (wall) | articles/CPU s | characters/s (wall) "
             "| peak RSS MiB (after imports) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in PHASES:
        p = phases.get(name)
        if not p:
            continue
        cps = p.get("characters_per_second") or (round(chars / p["seconds"]) if chars and p["articles"] == results["articles"] else None)
        lines.append(f"| {PHASE_LABELS[name]} | {p['articles']:,} | {p['failures']:,} | {p['seconds']:.1f} | "
                     f"{p['cpu_seconds']:.1f} | {p['articles_per_second']:,.1f} | {p['articles_per_cpu_second']:,.1f} | "
                     f"{f'{cps:,}' if cps else '–'} | {p['peak_rss_mib']:.0f} ({p['start_rss_mib']:.0f}) |")
    stages = phases.get("stages")
    if stages:
        total = sum(stages["stage_seconds"].values())
        n = max(stages["articles"], 1)
        lines += ["", "| stage (same run, `stages`) | seconds | ms/article | share | facts found |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for stage, secs in stages["stage_seconds"].items():
            found = stages["facts"].get(stage)
            lines.append(f"| {stage} | {secs:.1f} | {1000 * secs / n:.2f} | {100 * secs / total:.1f} % | "
                         f"{f'{found:,}' if found is not None else ''} |")
        lines.append(f"| **total** | {total:.1f} | {1000 * total / n:.2f} | 100 % | "
                     f"{sum(stages['facts'].values()):,} |")
    cmp_ = results.get("comparison")
    if cmp_:
        lines.append("")
        text = (f"underthesea `word_tokenize` alone: {cmp_['underthesea_word_tokenize_articles_per_second']:.2f} articles/s "
                f"(first {cmp_['underthesea_articles']:,} articles). presswatch full pipeline: "
                f"{cmp_['presswatch_articles_per_second_all']:,.1f} articles/s over all {phases['full']['articles']:,} "
                f"(×{cmp_['ratio_all']:.2f})")
        if "ratio_same_articles" in cmp_:
            text += (f", {cmp_['presswatch_articles_per_second_same_articles']:,.1f} articles/s over the same first "
                     f"{cmp_['underthesea_articles']:,} (×{cmp_['ratio_same_articles']:.2f})")
        lines.append(text + ".")
    elif not results.get("underthesea_word_tokenize"):
        lines += ["", "underthesea baseline not found (run benchmarks/underthesea_baseline.py): no comparison."]
    elif "full" not in phases:
        lines += ["", "No comparison with underthesea: the `full` phase was not run."]
    return "\n".join(lines)


def profile(corpus: pathlib.Path, n: int, pin: int | None = None, top: int = 30) -> None:
    """cProfile over the first N articles through `extract_paths`; top functions by cumulative time."""
    import cProfile
    import pstats

    from presswatch import extract_paths

    pin_one_core(pin)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in itertools.islice(extract_paths([str(corpus)]), n):
        pass
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS, help="gzip JSON Lines with 'text'")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only (default: all)")
    parser.add_argument("--json", type=pathlib.Path, help="also write the numbers and machine info here")
    parser.add_argument("--markdown", type=pathlib.Path,
                        help="also write the tables here (default with --json: the same name with .md)")
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated subset of " + ",".join(PHASES))
    parser.add_argument("--profile", type=int, metavar="N", help="instead: cProfile the first N articles and print hot spots")
    parser.add_argument("--pin-cpu", type=int, metavar="CPU",
                        help="pin each phase's process to this CPU (default: let the scheduler choose; "
                             "the process is single-threaded either way)")
    parser.add_argument("--at", metavar="REV",
                        help="measure src/presswatch as committed at this git revision (e.g. HEAD) "
                             "instead of the working tree, which may be edited while the benchmark runs")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)  # internal: run one phase, print JSON
    parser.add_argument("--checkpoint", type=int, default=2000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if not args.corpus.is_file():
        parser.error(f"corpus {args.corpus} not found")
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.corpus, args.limit, args.checkpoint, args.pin_cpu)))
        return 0
    if args.profile:
        profile(args.corpus, args.profile, args.pin_cpu)
        return 0

    wanted = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(wanted) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    base = load_baseline()
    checkpoint = base["articles"] if base else 2000
    if args.at:  # resolve once, so that a commit made during the run changes nothing
        commit = git("rev-parse", "--verify", f"{args.at}^{{commit}}")
        if not commit:
            parser.error(f"--at {args.at}: no such git revision")
        args.at = commit[:12]
    snapshot = tempfile.TemporaryDirectory(prefix="presswatch-") if args.at else None
    src = export_revision(args.at, pathlib.Path(snapshot.name)) if snapshot else None
    results: dict[str, Any] = {
        "machine": machine(args.at),
        "corpus": args.corpus.name,
        "limit": args.limit,
        "phases": {},
        "underthesea_word_tokenize": base,
    }
    for phase in PHASES:
        if phase in wanted:
            results["phases"][phase] = run_child(phase, args, checkpoint, src)
    if snapshot:
        snapshot.cleanup()
    results["articles"] = max((p["articles"] for p in results["phases"].values()), default=0)
    results["comparison"] = comparison(results)
    digests = {p["src_digest"] for p in results["phases"].values()}
    if len(digests) > 1:
        print("[extract_speed] warning: presswatch sources changed between phases; numbers mix versions",
              file=sys.stderr)
    results["machine"]["src_digest"] = sorted(digests)

    table = markdown(results)
    info = results["machine"]
    loads = [x for p in results["phases"].values() for x in p["load_average_1min"] if x is not None]
    measured = f"presswatch {info['presswatch_commit']}" + (
        f" (as committed, exported with --at {args.at})" if args.at
        else " with uncommitted changes in src/" if info["src_modified_since_commit"] else "")
    footer = (f"Machine: {info['cpu']} ({info['cores']} CPUs, 1 used), {info['platform']}, Python {info['python']}. "
              f"1-minute load average during the run: {min(loads, default=0):.1f} to {max(loads, default=0):.1f}. "
              f"{measured}. Date: {info['date']}.")
    print(table)
    print()
    print(footer)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    markdown_out = args.markdown or (args.json.with_suffix(".md") if args.json else None)
    if markdown_out:
        args.markdown = markdown_out
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(f"# presswatch extraction speed\n\n{table}\n\n{footer}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
