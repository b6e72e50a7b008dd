"""presswatch on Spark in local mode against the single-process pipeline, on the same corpus.

Two fresh processes, one after the other (never both at once):

* ``single`` -- ``extract_speed.py``'s ``full`` phase: ``presswatch.extract_paths([corpus])`` in one
  Python process on one core (read, clean, every extractor), imports not timed;
* ``spark``  -- a SparkSession (``--master``, default ``local[2]``), then ``presswatch.spark.pipeline.run``
  three times, each writing every Parquet table to a temporary folder: the first ``--small``
  articles of the corpus twice (the first run pays the one-time warm-up: JIT, Python workers and
  their imports), then the whole corpus.

Spark's fixed costs are stated apart from its throughput: the session start (JVM), the first job's
warm-up (cold small run minus warm small run), and the fixed cost of each run (the warm small
run minus its articles at the marginal rate, (T_full - T_small) / (N_full - N_small)). Articles
per core-hour are the wall-clock rate per core used times 3,600. The fact counts of both
processes are compared: they must be equal. The 1-minute load average before and after each run
is kept, since the machine may be shared.

usage: python benchmarks/spark_speed.py [--corpus FILE] [--master URL] [--partitions N] [--small N]
                                        [--json OUT] [--markdown OUT]
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
from typing import Any

from extract_speed import DEFAULT_CORPUS, load_average, machine, run_child

CORE_HOUR = 3600


def cores_of(master: str) -> int:
    """The cores a local master uses: local[2] → 2, local[*] → all of them."""
    inside = master.partition("[")[2].rstrip("]")
    return (os.cpu_count() or 1) if inside in ("*", "") else int(inside.split(",")[0])


def java_version() -> str:
    done = subprocess.run(["java", "-version"], capture_output=True, text=True)
    return done.stderr.splitlines()[0] if done.returncode == 0 and done.stderr else "unknown"


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of process `root` and all its descendants (the JVM, Python workers), reaped children included."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(x) for x in fields[11:15]) / tick  # utime, stime, cutime, cstime
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return sum(times.get(pid, 0.0) for pid in tree)


def spark_phase(corpus: pathlib.Path, master: str, partitions: int | None, small: int) -> dict[str, Any]:
    """Session start, a cold and a warm run on the first `small` articles, then the whole corpus."""
    from presswatch.spark.pipeline import run, session

    with tempfile.TemporaryDirectory(prefix="presswatch-spark-") as folder:
        small_input = pathlib.Path(folder) / "small.jsonl.gz"
        with gzip.open(corpus, "rb") as source, gzip.open(small_input, "wb") as target:
            target.writelines(itertools.islice(source, small))
        started = time.perf_counter()
        spark = session(master, "presswatch-benchmark", **{"spark.ui.enabled": "false"})
        spark.sparkContext.setLogLevel("ERROR")
        runs: dict[str, Any] = {"session_seconds": round(time.perf_counter() - started, 3)}
        for name, given in (("small_cold", small_input), ("small_warm", small_input), ("full", corpus)):
            load_before = load_average()
            cpu_before = tree_cpu_seconds(os.getpid())
            started = time.perf_counter()
            summary = run(spark, str(given), f"{folder}/{name}", partitions)
            seconds = time.perf_counter() - started
            runs[name] = {"articles": summary.articles + summary.failures + summary.duplicates,
                          "seconds": round(seconds, 3), "cpu_seconds": round(tree_cpu_seconds(os.getpid()) - cpu_before, 3),
                          "facts": summary.facts, "failures": summary.failures,
                          "partitions": summary.partitions, "load_average_1min": [load_before, load_average()]}
            print(f"[spark_speed] {name}: {runs[name]['articles']} articles in {seconds:.1f} s", file=sys.stderr, flush=True)
        spark.stop()
    return runs


def summarize(single: dict[str, Any], spark: dict[str, Any], cores: int) -> dict[str, Any]:
    cold, warm, full = spark["small_cold"], spark["small_warm"], spark["full"]
    per_article = (full["seconds"] - warm["seconds"]) / (full["articles"] - warm["articles"])
    rate = full["articles"] / full["seconds"]
    return {
        "single_articles_per_second": single["articles_per_second"],
        "single_articles_per_core_hour": round(single["articles_per_second"] * CORE_HOUR),
        "single_articles_per_cpu_hour": round(single["articles_per_cpu_second"] * CORE_HOUR),
        "spark_articles_per_second": round(rate, 2),
        "spark_articles_per_cpu_hour": round(full["articles"] / full["cpu_seconds"] * CORE_HOUR),
        "spark_cpu_per_article_over_single": round(full["cpu_seconds"] / full["articles"] * single["articles_per_cpu_second"], 2),
        "spark_articles_per_second_with_session_start": round(full["articles"] / (full["seconds"] + spark["session_seconds"]), 2),
        "spark_articles_per_core_hour": round(rate / cores * CORE_HOUR),
        "spark_marginal_articles_per_second": round(1 / per_article, 2),
        "speedup_over_single_process": round(rate / single["articles_per_second"], 2),
        "session_start_seconds": spark["session_seconds"],
        "first_job_warm_up_seconds": round(cold["seconds"] - warm["seconds"], 2),
        "fixed_seconds_per_run": round(warm["seconds"] - warm["articles"] * per_article, 2),
        "facts_equal": single["facts"] == full["facts"],
    }


def markdown(results: dict[str, Any]) -> str:
    single, spark, s = results["single"], results["spark"], results["summary"]
    cores, master, full = results["cores"], results["master"], results["spark"]["full"]
    loads = [x for run in (spark["small_cold"], spark["small_warm"], full) for x in run["load_average_1min"] if x is not None]
    loads += [x for x in single["load_average_1min"] if x is not None]
    info = results["machine"]
    return "\n".join([
        "# presswatch on Spark: throughput against one process",
        "",
        "| run | articles | cores | wall s | CPU s | articles/s (wall) | articles per CPU-hour |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| one process, `extract_paths` (read → clean → extract) | {single['articles']:,} | 1 | {single['seconds']:.1f} | "
        f"{single['cpu_seconds']:.1f} | {single['articles_per_second']:,.1f} | {s['single_articles_per_cpu_hour']:,} |",
        f"| Spark `{master}`, `presswatch spark` run (read → clean → extract → 9 Parquet tables) | {full['articles']:,} | {cores} | "
        f"{full['seconds']:.1f} | {full['cpu_seconds']:.1f} | {s['spark_articles_per_second']:,.1f} | {s['spark_articles_per_cpu_hour']:,} |",
        f"| the same, counting the session start ({spark['session_seconds']:.1f} s) | {full['articles']:,} | {cores} | "
        f"{full['seconds'] + spark['session_seconds']:.1f} | | {s['spark_articles_per_second_with_session_start']:,.1f} | |",
        "",
        "| Spark's fixed costs | seconds |",
        "| --- | ---: |",
        f"| session start (JVM, SparkContext) | {s['session_start_seconds']:.1f} |",
        f"| first job's warm-up (cold minus warm run on the first {spark['small_warm']['articles']:,} articles) | {s['first_job_warm_up_seconds']:.1f} |",
        f"| fixed cost of every run (listing, duplicate check, 9 writes, counts), from the warm run | {s['fixed_seconds_per_run']:.1f} |",
        "",
        f"Spark over the single process: ×{s['speedup_over_single_process']:.2f} in wall-clock time on {cores} cores; "
        f"{s['spark_cpu_per_article_over_single']:.2f}× the CPU per article (JVM, serialization, Parquet) "
        f"(marginal rate {s['spark_marginal_articles_per_second']:,.1f} articles/s once the fixed cost is paid). "
        f"Fact counts equal to the single process's: {'yes' if s['facts_equal'] else 'NO'} ({sum(full['facts'].values()):,} facts).",
        "",
        f"Machine: {info['cpu']} ({info['cores']} CPUs), {info['platform']}, Python {info['python']}, {results['java']}, "
        f"pyspark {results['pyspark']}. 1-minute load average during the runs: {min(loads, default=0):.1f} to {max(loads, default=0):.1f} "
        f"(the machine is shared with other work). presswatch {info['presswatch_commit']}"
        f"{' with uncommitted changes in src/' if info['src_modified_since_commit'] else ''}. Date: {info['date']}.",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, help="Spark tasks to extract in (default: presswatch's, 4 per core)")
    parser.add_argument("--small", type=int, default=2000, help="articles of the small runs that measure the fixed costs")
    parser.add_argument("--json", type=pathlib.Path)
    parser.add_argument("--markdown", type=pathlib.Path)
    parser.add_argument("--spark-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spark_child:
        print(json.dumps(spark_phase(args.corpus, args.master, args.partitions, args.small)))
        return 0

    single = run_child("full", argparse.Namespace(corpus=args.corpus, limit=None, pin_cpu=None), checkpoint=0)
    command = [sys.executable, str(pathlib.Path(__file__).resolve()), "--spark-child", "--corpus", str(args.corpus),
               "--master", args.master, "--small", str(args.small)]
    if args.partitions:
        command += ["--partitions", str(args.partitions)]
    print("[spark_speed] spark ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the Spark run failed with exit code {done.returncode}")
    spark = json.loads(done.stdout.strip().splitlines()[-1])
    import pyspark

    cores = cores_of(args.master)
    results = {"machine": {**machine(), "cores_used": cores}, "corpus": args.corpus.name, "master": args.master,
               "cores": cores, "pyspark": pyspark.__version__, "java": java_version(), "single": single, "spark": spark,
               "summary": summarize(single, spark, cores)}
    table = markdown(results)
    print(table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    markdown_out = args.markdown or (args.json.with_suffix(".md") if args.json else None)
    if markdown_out:
        markdown_out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
