"""The command line: `presswatch extract` and `presswatch evaluate`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .model import Article
from .pipeline import Failure, extract_paths
from .spark.cli import app as spark_app

app = typer.Typer(help="Read Vietnamese political news and extract directives, officials, events and statements.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True)
app.add_typer(spark_app, name="spark")  # pyspark itself is imported only when `spark extract` runs


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _render_table(article: Article, console: Console) -> None:
    console.rule(f"[bold]{article.title or article.path}")
    meta = Table.grid(padding=(0, 2))
    for label, value in (("path", article.path), ("published", article.published), ("authors", ", ".join(article.authors)),
                         ("outlet", article.outlet), ("section", article.section)):
        if value:
            meta.add_row(f"[dim]{label}", str(value))
    console.print(meta)
    facts = article.to_dict()
    columns = {
        "directives": ("id", "type", "issuer", "date"),
        "people": ("name", "positions"),
        "localities": ("name", "level", "parent"),
        "organizations": ("name", "kind", "level"),
        "events": ("type", "date", "chair", "counterpart", "directives"),
        "statements": ("type", "speaker", "text"),
        "indicators": ("value", "target", "unit", "percent", "label"),
    }
    for kind, cols in columns.items():
        rows = facts[kind]
        if not rows:
            continue
        table = Table(title=f"{kind} ({len(rows)})", title_justify="left", show_lines=False, expand=True)
        for col in cols:
            table.add_column(col, overflow="fold", ratio=4 if col == "text" else 1)
        for row in rows:
            table.add_row(*("; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v)) for v in (row[c] for c in cols)))
        console.print(table)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, .jsonl/.jsonl.gz, or - for standard input.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="jsonl (default), json (one array), or table.")] = Format.jsonl,
) -> None:
    """Extract the facts of each article and print them (JSON Lines by default)."""
    out = Console() if format is Format.table else None
    failures: list[Failure] = []
    collected = []
    with _progress() as progress:
        task = progress.add_task("extracting", total=None)
        for item in extract_paths(paths):
            progress.advance(task)
            if isinstance(item, Failure):
                failures.append(item)
                err.print(f"[red]presswatch: skipped[/] {item}", highlight=False)
                continue
            if format is Format.jsonl:
                sys.stdout.buffer.write(orjson.dumps(item.to_dict()) + b"\n")
            elif format is Format.json:
                collected.append(item.to_dict())
            else:
                _render_table(item, out)
    if format is Format.json:
        sys.stdout.buffer.write(orjson.dumps(collected, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()
    if failures:
        err.print(f"[yellow]{len(failures)} input(s) could not be processed; the others were. Fix or remove them and run again.")
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="A folder of NAME.txt with NAME.gold.json beside each (the format of ../shared/data/dev).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    corpus_dir: Annotated[Path, typer.Option(help="Where the JSON Lines corpora named by corpus-based gold files are.")] = Path("../shared/data/corpus"),
) -> None:
    """Run the extractor on annotated articles and print precision, recall and F1 per fact kind."""
    from .evaluate import evaluate_dir, render

    if not gold_dir.is_dir():
        err.print(f"[red]presswatch: {gold_dir} is not a folder.[/] Give the folder that holds NAME.txt and NAME.gold.json files.")
        raise typer.Exit(2)
    result = evaluate_dir(gold_dir, corpus_dir)
    if json_out:
        sys.stdout.buffer.write(orjson.dumps(result, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        render(result, Console())

