"""HTML pages per second through `presswatch extract`, on real article texts in real-looking pages.

The first N articles of the 2017 corpus with at least 800 characters (default 2,000) are wrapped,
in turn, in the four site styles of ``tests/html_pages.py`` (national daily, city daily, news site,
party portal: menus, related news with dates, comment boxes, share bars, footers, scripts) and
written to a temporary folder (the article and some 5 KB of furniture: lighter than a real page,
whose extra scripts and styles lxml parses quickly and trafilatura drops first). Then, in one process:

* ``read``  -- ``presswatch.read.read`` over the folder: decoding, parsing with lxml, the page's own
  metadata, trafilatura's main text, the lead, byline and captions put back: HTML to `Document`;
* ``full``  -- ``presswatch.extract_paths`` over the folder: the same, then clean and every
  extractor, as ``presswatch extract`` runs (the headline number).

Pages/s is pages divided by wall-clock seconds of the loop (page building and imports not timed);
pages/CPU s uses ``time.process_time``, which other programs on the machine barely move. The
figures and the machine go to ``--json`` and, beside it, a ``.md`` table.

usage: python benchmarks/html_speed.py [--corpus FILE] [--pages N] [--json OUT]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import pathlib
import platform
import resource
import subprocess
import sys
import tempfile
import time
from typing import Any

from machine import cpu_model

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from html_pages import STYLES, build  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "baomoi-2017.jsonl.gz"


def pages(corpus: pathlib.Path, count: int, folder: pathlib.Path) -> int:
    """Write `count` pages, the styles in turn; returns the bytes written."""
    written = n = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if len(record["text"]) < 800 or not record.get("title"):
                continue
            text = record["text"] if record["text"].startswith(record["title"]) else f"{record['title']}\n{record['text']}"
            gold = {"title": record["title"], "published": None, "non_body": [], "authors": []}
            html = build(text, gold, STYLES[n % len(STYLES)])
            (folder / f"{n:05d}.html").write_text(html, encoding="utf-8")
            written += len(html.encode("utf-8"))
            n += 1
            if n == count:
                break
    return written


def timed(label: str, run) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    done, failures = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"phase": label, "pages": done, "failures": failures, "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "pages_per_second": round(done / wall, 1), "pages_per_cpu_second": round(done / cpu, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--json", type=pathlib.Path)
    args = parser.parse_args()

    from presswatch import Failure, extract_paths
    from presswatch.read import ReadError, read

    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        size = pages(args.corpus, args.pages, folder)
        count = len(list(folder.iterdir()))
        load = os.getloadavg()[0]

        def reading() -> tuple[int, int]:
            found = list(read([str(folder)]))
            return len(found), sum(isinstance(x, ReadError) for x in found)

        def extracting() -> tuple[int, int]:
            found = list(extract_paths([str(folder)]))
            return len(found), sum(isinstance(x, Failure) for x in found)

        phases = [timed("read", reading), timed("full", extracting)]
    result = {
        "machine": {"platform": platform.platform(), "cpu": cpu_model(), "cores": os.cpu_count(), "cores_used": 1,
                    "python": platform.python_version(), "date": datetime.date.today().isoformat(),
                    "presswatch_commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                                        cwd=ROOT).stdout.strip(),
                    "load_average_1min_before": round(load, 2)},
        "corpus": args.corpus.name, "pages": count, "styles": list(STYLES), "mean_page_kib": round(size / count / 1024, 1),
        "phases": phases, "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        machine = result["machine"]
        rows = "\n".join(f"| {p['phase']} | {p['pages']:,} | {p['failures']} | {p['seconds']} | {p['pages_per_second']} | {p['pages_per_cpu_second']} |"
                         for p in phases)
        args.json.with_suffix(".md").write_text(
            f"# HTML pages through presswatch\n\n{count:,} pages ({result['mean_page_kib']} KiB on average) made from articles of "
            f"`{args.corpus.name}` in the site styles {', '.join(STYLES)} of `tests/html_pages.py`; one process, "
            f"{machine['cpu']} ({machine['cores']} vCPUs, 1 used), Python {machine['python']}, {machine['date']}, "
            f"presswatch {machine['presswatch_commit']}, load average {machine['load_average_1min_before']} before.\n\n"
            "| phase | pages | failures | seconds | pages/s | pages/CPU s |\n| --- | --- | --- | --- | --- | --- |\n"
            f"{rows}\n\n`read` is HTML to documents (decoding, lxml, metadata, trafilatura, lead, byline, captions); "
            f"`full` adds clean and every extractor, as `presswatch extract` runs. Peak memory {result['peak_rss_mib']} MiB.\n",
            encoding="utf-8")


if __name__ == "__main__":
    main()
