"""The command line: `presswatch extract` and `presswatch evaluate`."""

from __future__ import annotations

import logging
import sys
from contextlib import nullcontext
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .limits import Limits
from .model import Article
from .pipeline import Failure, extract_paths
from .spark.cli import app as spark_app

app = typer.Typer(help="Read Vietnamese political news and extract directives, officials, events and statements.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True)
app.add_typer(spark_app, name="spark")  # pyspark itself is imported only when `spark extract` runs


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


class _StderrNotes(logging.Handler):
    """presswatch's notes (repaired encodings, records skipped in a web archive) on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(f"presswatch: {record.levelname.lower()}: {record.getMessage()}", highlight=False, markup=False, soft_wrap=True)


def _notes_to_stderr() -> None:
    logger = logging.getLogger("presswatch")
    if not any(isinstance(h, _StderrNotes) for h in logger.handlers):
        logger.addHandler(_StderrNotes())
    logger.setLevel(logging.INFO)
    for noisy in ("trafilatura", "htmldate", "courlan"):  # their own diagnostics are not the user's concern
        logging.getLogger(noisy).setLevel(logging.CRITICAL)


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


ErrorsOption = Annotated[Path | None, typer.Option("--errors", help='Also write each input that failed to FILE, as JSON Lines {"origin", "reason"}.')]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes", envvar="PRESSWATCH_MAX_BYTES", min=1,
                                             help="Largest document (file, archive member, record, JSON line) read, in bytes.")]
TimeoutOption = Annotated[float, typer.Option("--timeout", envvar="PRESSWATCH_TIMEOUT", min=0,
                                              help="Seconds one document may take from bytes to facts; 0 for no limit.")]


def _report_failure(item: Failure, error_file) -> None:
    """One line on standard error, and one JSON line in --errors FILE."""
    err.print(Text.assemble(("presswatch: skipped ", "red"), str(item)), highlight=False, soft_wrap=True)
    if error_file:
        error_file.write(orjson.dumps({"origin": item.origin, "reason": item.reason}) + b"\n")
        error_file.flush()


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, .txt, .html, .warc(.gz), .jsonl(.gz), .zip, .tar(.gz), or - for standard input.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="jsonl (default), json (one array), or table.")] = Format.jsonl,
    errors: ErrorsOption = None,
    max_bytes: MaxBytesOption = Limits.max_bytes,
    timeout: TimeoutOption = Limits.timeout,
) -> None:
    """Extract the facts of each article and print them (JSON Lines by default).

    Exit status: 0 when every input was read, 1 when some could not be (each is named on standard
    error, and in --errors FILE), 2 for a wrong command line.
    """
    _notes_to_stderr()
    limits = replace(Limits.from_env(), max_bytes=max_bytes, timeout=timeout)
    out = Console() if format is Format.table else None
    failures: list[Failure] = []
    collected = []
    error_file = errors.open("wb") if errors else None
    with _progress() as progress:
        task = progress.add_task("extracting", total=None)
        for item in extract_paths(paths, limits):
            progress.advance(task)
            if isinstance(item, Failure):
                failures.append(item)
                _report_failure(item, error_file)
                continue
            if format is Format.jsonl:
                sys.stdout.buffer.write(orjson.dumps(item.to_dict()) + b"\n")
            elif format is Format.json:
                collected.append(item.to_dict())
            else:
                _render_table(item, out)
    if error_file:
        error_file.close()
    if format is Format.json:
        sys.stdout.buffer.write(orjson.dumps(collected, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()
    if failures:
        err.print(f"[yellow]{len(failures)} input(s) could not be processed; the others were. Fix or remove them and run again.")
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold_dirs: Annotated[list[Path], typer.Argument(help="Folders of NAME.gold.json files, each beside its NAME.txt or naming a corpus article (../shared/data/dev, tests/gold/train). Several give one table, a column each.")],
    json_out: JsonOption = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every missed and spurious fact, per kind, with its sentence (one folder).")] = False,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="With --errors: only these kinds (events, statements, event_chair, ...); repeatable.")] = None,
    against: Annotated[Path | None, typer.Option("--against", help="Agreement: score the first annotations of the same articles, found under this folder, against the folder's second annotations instead of the extractor.")] = None,
    corpus_dir: Annotated[Path, typer.Option(help="Where the JSON Lines corpora named by corpus-based gold files are.")] = Path("../shared/data/corpus"),
) -> None:
    """Run the extractor on annotated articles and print precision, recall and F1 per fact kind.

    A folder holding a file named FROZEN (the test split) is scored but its errors are not shown:
    its outputs are not read while developing (docs/evaluation.md).
    """
    from .evaluate import CorpusMissing, agreement, evaluate_dir, render, render_columns, render_errors

    for gold_dir in gold_dirs:
        if not gold_dir.is_dir():
            err.print(f"[red]presswatch: {gold_dir} is not a folder.[/] Give the folder that holds NAME.gold.json files.")
            raise typer.Exit(2)
        if errors and (gold_dir / "FROZEN").exists():
            err.print(f"presswatch: {gold_dir} is the frozen test split: its figures are reported, its errors are not read "
                      "while developing. Use --errors on tests/gold/train or tests/gold/dev.", highlight=False)
            raise typer.Exit(2)
    if (errors or against) and len(gold_dirs) > 1:
        err.print("presswatch: --errors and --against take one folder.", highlight=False)
        raise typer.Exit(2)
    try:
        results = [agreement(d, against, corpus_dir, errors) if against else evaluate_dir(d, corpus_dir, errors) for d in gold_dirs]
    except CorpusMissing as exc:
        err.print(f"presswatch: cannot evaluate: {exc}.", highlight=False)
        raise typer.Exit(2) from exc
    if json_out:
        value = results[0] if len(results) == 1 else {str(d): r for d, r in zip(gold_dirs, results)}
        sys.stdout.buffer.write(orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n")
        return
    console = Console()
    if len(results) > 1:
        labels = [d.name if [x.name for x in gold_dirs].count(d.name) == 1 else f"{d.parent.name}/{d.name}" for d in gold_dirs]
        render_columns(labels, results, console)
        return
    if errors:
        render_errors(results[0]["errors"], console, kind)
    render(results[0], console)


# --- The record across articles: ingest, search, views, export ------------------------------

DbOption = Annotated[Path, typer.Option("--db", help="The database file (SQLite).", envvar="PRESSWATCH_DB")]
DEFAULT_DB = Path("presswatch.db")


def _open(db: Path, readonly: bool = True):
    from .store import StoreError, connect

    try:
        return connect(db, readonly=readonly)
    except StoreError as exc:
        err.print(f"[red]presswatch:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc


def _print_json(value) -> None:
    sys.stdout.buffer.write(orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n")


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="What `extract` reads: files, folders, pages, archives, or -.")] = None,
    db: DbOption = DEFAULT_DB,
    from_parquet: Annotated[Path | None, typer.Option("--from-parquet", help="Load the Parquet datasets of `presswatch spark extract` instead of reading PATHs.")] = None,
    workers: Annotated[int, typer.Option(help="Extraction processes (default: every core).")] = 0,
    errors: ErrorsOption = None,
    max_bytes: MaxBytesOption = Limits.max_bytes,
    timeout: TimeoutOption = Limits.timeout,
    json_out: JsonOption = False,
) -> None:
    """Extract every article and store it with its facts, then link the record across articles.

    Idempotent: an article already stored (same URL, or same text when there is none) changes nothing.
    Safe to kill: a re-run completes the job.
    """
    from .store.ingest import ingest as run, parquet_records

    _notes_to_stderr()
    if bool(paths) == bool(from_parquet):
        err.print("[red]presswatch:[/] give the inputs to read, or --from-parquet DIR (one of the two).")
        raise typer.Exit(2)
    if from_parquet and not from_parquet.is_dir():
        err.print(f"[red]presswatch:[/] {from_parquet} is not a folder: give the OUTPUT folder of `presswatch spark extract`.")
        raise typer.Exit(2)
    conn = _open(db, readonly=False)
    limits = replace(Limits.from_env(), max_bytes=max_bytes, timeout=timeout)
    with _progress() as progress:
        task = progress.add_task("loading" if from_parquet else "reading and extracting", total=None)
        summary = run(paths or [], conn, workers=workers or None, limits=limits,
                      records=parquet_records(from_parquet) if from_parquet else None, on_item=lambda: progress.advance(task),
                      on_link=lambda step: progress.update(task, description=f"linking: {step}"))
    with errors.open("wb") if errors else nullcontext() as error_file:
        for failure in summary.failed:
            _report_failure(failure, error_file)
    if json_out:
        _print_json(summary.as_dict())
    else:
        err.print(f"[bold]{db}[/]: {summary.new} new, {summary.unchanged} unchanged, {summary.updated} updated, "
                  f"{len(summary.failed)} failed" + ("; registry linked." if summary.linked else "."), highlight=False)
    if summary.failed:
        err.print("[yellow]Some inputs could not be stored; the others were. Fix or remove them and run again.")
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, accents optional: "chinh don dang" finds "chỉnh đốn Đảng".')],
    db: DbOption = DEFAULT_DB,
    directive: Annotated[str | None, typer.Option(help="Only articles citing this directive (21-KL/TW).")] = None,
    locality: Annotated[str | None, typer.Option(help="Only articles naming this locality.")] = None,
    person: Annotated[str | None, typer.Option(help="Only articles naming this person.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    json_out: JsonOption = False,
) -> None:
    """Full-text search, best first (BM25), with highlighted snippets."""
    from .serve.search import Filters, QueryError, search as run

    for label, value in (("--since", since), ("--until", until)):
        if value and not _is_date(value):
            err.print(f"[red]presswatch:[/] {label} {value!r} is not a date: write it as YYYY-MM-DD.")
            raise typer.Exit(2)
    conn = _open(db)
    try:
        hits = run(conn, query, Filters(directive, locality, person, since, until), limit=limit)
    except QueryError as exc:
        err.print(f"[red]presswatch:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if json_out:
        _print_json([h.as_dict() for h in hits])
        return
    out = Console()
    if not hits:
        out.print("No article matches.")
    for hit in hits:
        snippet = Text(hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start, end)
        out.print(Text.assemble((hit.title or "(no title)", "bold"), f"  {hit.published or ''}  {hit.outlet or ''}  ", (hit.article_id, "dim")))
        out.print(snippet)
        out.print()


def _is_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        return False


def _show(value, json_out: bool, what: str) -> None:
    if value is None:
        err.print(f"[red]presswatch:[/] no {what} in the database. Try `presswatch search` to find how it is written.")
        raise typer.Exit(1)
    if json_out:
        _print_json(value)
    else:
        _render_view(value, Console())


def _render_view(value, console: Console) -> None:
    """A view as a grid of its plain fields, then a table per list of records."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        grid = Table.grid(padding=(0, 2))
        lists = {}
        for k, v in item.items():
            if isinstance(v, list) and v and isinstance(v[0], dict):
                lists[k] = v
            elif v not in (None, [], ""):
                grid.add_row(f"[dim]{k}", "; ".join(map(str, v)) if isinstance(v, list) else str(v))
        console.print(grid)
        for k, rows in lists.items():
            table = Table(title=f"{k} ({len(rows)})", title_justify="left", expand=True)
            cols = [c for c in rows[0] if c not in ("spans",)]
            for c in cols:
                table.add_column(c, overflow="fold")
            for r in rows[:50]:
                table.add_row(*(orjson.dumps(r[c]).decode() if isinstance(r[c], (list, dict)) else ("" if r[c] is None else str(r[c])) for c in cols))
            console.print(table)
        console.print()


@app.command("directive")
def directive_view(ident: Annotated[str, typer.Argument(help="21-KL/TW, or 21-KL/TW@XIII for one term.")],
                   db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """A directive: decided date and issuer, citations, relations, events, coverage, contradictions."""
    from .serve.views import directive as view

    _show(view(_open(db), ident), json_out, f"directive {ident!r}")


@app.command("person")
def person_view(name: Annotated[str, typer.Argument(help="A name (accents optional) or a person id.")],
                db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """A person: positions over time, events chaired, statements, articles."""
    from .serve.views import person as view

    _show(view(_open(db), name), json_out, f"person {name!r}")


@app.command("locality")
def locality_view(name: Annotated[str, typer.Argument(help="A name (accents optional) or a locality id.")],
                  db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """A locality: level, district, province, gazetteer code, the unit it became in 2025, events there."""
    from .serve.views import locality as view

    _show(view(_open(db), name), json_out, f"locality {name!r}")


@app.command("contradictions")
def contradictions_view(db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """Where sources disagree (a directive's date or issuer), with the sentences on each side."""
    from .serve.views import contradictions as view

    rows = view(_open(db))
    if json_out:
        _print_json(rows)
        return
    console = Console()
    if not rows:
        console.print("No contradictions.")
    for row in rows:
        console.print(f"[bold]{row['subject']}[/] {row['kind'].replace('_', ' ')}: kept [green]{row['decided']}[/]")
        for side in row["detail"]:
            console.print(f"  [yellow]{side['value']}[/] in {len(side['articles'])} article(s)")
            for a in side["articles"][:3]:
                console.print(f"    [dim]{a['article_id']}[/] {a['sentence']}", highlight=False)


@app.command("stats")
def stats_view(db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """Counts of articles, directives, people, events and the rest."""
    from .serve.views import stats as view

    _show(view(_open(db)), json_out, "statistics")


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"


@app.command("export")
def export_command(
    out: Annotated[Path, typer.Option("--out", help="The folder to write into (created if missing).")],
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl, csv, parquet, or plover (event records).")] = ExportFormat.jsonl,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write a table per fact kind (with article ids and spans) and the registry, or PLOVER event records."""
    from .serve.export import export

    written = export(_open(db), out, format.value)
    for name, count in written.items():
        err.print(f"{out / name}: {count} rows", highlight=False)


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes.")] = 1,
    max_upload: Annotated[int, typer.Option(min=1, help="Largest upload in bytes.")] = 20 * 1024 * 1024,
) -> None:
    """The HTTP API and the web dashboard (uploads only with the token of env PRESSWATCH_TOKEN)."""
    import os

    import uvicorn

    _open(db).close()  # a missing or foreign database is reported here, not by every worker
    os.environ.update(PRESSWATCH_DB=str(db), PRESSWATCH_MAX_UPLOAD=str(max_upload))
    err.print(f"presswatch: serving {db} at http://{host}:{port}/ (API docs at /docs)"
              + ("" if os.environ.get("PRESSWATCH_TOKEN") else "; read-only: set PRESSWATCH_TOKEN to allow uploads"), highlight=False)
    uvicorn.run("presswatch.serve.api:app_from_env", factory=True, host=host, port=port, workers=workers, log_level="warning")


if __name__ == "__main__":
    app()
