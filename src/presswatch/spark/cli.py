"""`presswatch spark …`: the pipeline on a Spark cluster, or on this machine's cores (local mode).

pyspark is imported inside the command, so `presswatch extract` and the rest never need Java.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(help="Run the pipeline on Apache Spark and write one Parquet dataset per fact kind.",
                  no_args_is_help=True, add_completion=False)
err = Console(stderr=True)


@app.command()
def extract(
    input: Annotated[str, typer.Argument(help="A file or folder of what presswatch reads (.jsonl(.gz), .txt; WARC when its reader does) or .parquet; a local path or a hdfs://, s3a://, gs:// URL.")],
    output: Annotated[str, typer.Argument(help="Folder to write articles/, directives/, people/, … and failures/ under (path or URL).")],
    master: Annotated[str, typer.Option(help="Spark master: local[N], local[*], yarn, spark://HOST:PORT, k8s://…")] = "local[*]",
    partitions: Annotated[int | None, typer.Option(min=1, help="Tasks to extract in (default: 4 per core).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace the tables if OUTPUT already holds them.")] = False,
) -> None:
    """Read, clean and extract every article under INPUT on Spark; write Parquet partitioned by month."""
    from pyspark.sql import SparkSession

    from .pipeline import run, session

    had_session = SparkSession.getActiveSession() is not None  # a caller's (a notebook's) is left running
    spark = session(master)
    try:
        summary = run(spark, input, output, partitions, overwrite)
    except (FileNotFoundError, FileExistsError) as exc:
        err.print(f"[red]presswatch: {exc}")
        raise typer.Exit(2) from None
    finally:
        if not had_session:
            spark.stop()
    facts = ", ".join(f"{count:,} {kind}" for kind, count in summary.facts.items())
    err.print(f"{summary.articles:,} articles written to {output} ({facts}); "
              f"{summary.duplicates:,} duplicates left out; {summary.partitions} partitions.", highlight=False)
    if summary.failures:
        err.print(f"[yellow]{summary.failures:,} input(s) could not be processed: see {output}/failures.")
        raise typer.Exit(1)
