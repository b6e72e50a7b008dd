"""The command line: `extract` and `evaluate` on files; `ingest`, `search`, the views and `export` on a store.

Each command imports what it uses when it runs, so that `presswatch --help` starts at once and the
store's commands (search, the views, stats) never load the readers and extractors (trafilatura,
htmldate, ftfy), the HTTP server or pyarrow: tests/test_cli.py checks the import graph,
benchmarks/startup.py the time.
"""

from __future__ import annotations

import logging
import re
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from .limits import Limits
from .spark.cli import app as spark_app

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    import sqlean as sqlite3
    from rich.console import RenderableType
    from rich.progress import Progress

    from .model import Article
    from .pipeline import Failure

# rich_markup_mode=None: help as plain text, for `presswatch spark` too (flags shown as flags: Rich's panels show
# "--json <bool>"); Rich's help panels import markdown-it and half of Rich: 0.14 s more for `presswatch --help`.
app = typer.Typer(help="Read Vietnamese political news and extract directives, officials, events and statements.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
err = Console(stderr=True)
app.add_typer(spark_app, name="spark")  # pyspark itself is imported only when `spark extract` runs

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (every item of every list) instead of text.")]
SHOWN = 10
LimitOption = Annotated[int, typer.Option("--limit", min=1, help="Items shown of each list (--json gives them all).")]


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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _render_table(article: Article, console: Console) -> None:
    from rich.table import Table

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
            table.add_row(*(_plain(row[c]) for c in cols))
        console.print(table)


ErrorsOption = Annotated[Path | None, typer.Option("--errors", help='Also write each input that failed to FILE, as JSON Lines {"origin", "reason"}.')]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes", envvar="PRESSWATCH_MAX_BYTES", min=1,
                                             help="Largest document (file, archive member, record, JSON line) read, in bytes.")]
TimeoutOption = Annotated[float, typer.Option("--timeout", envvar="PRESSWATCH_TIMEOUT", min=0,
                                              help="Seconds one document may take from bytes to facts; 0 for no limit.")]


def _report_failure(item: Failure, error_file) -> None:
    """One line on standard error, and one JSON line in --errors FILE."""
    import orjson

    err.print(Text.assemble(("presswatch: skipped ", "red"), str(item)), highlight=False, soft_wrap=True)
    if error_file:
        error_file.write(orjson.dumps({"origin": item.origin, "reason": item.reason}) + b"\n")
        error_file.flush()


_WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def _local(paths: Iterable[str]) -> tuple[list[str], bool]:
    """The inputs that are not web addresses, and whether there were any: presswatch reads what is on disk and
    never fetches a page (no network at run time), so each address is named, with what to give instead."""
    kept, addresses = [], False
    for path in paths:
        if _WEB_ADDRESS.match(path) and not Path(path).exists():
            addresses = True
            err.print(f"presswatch: {path} is a web address, and presswatch does not fetch pages: save the page "
                      "(as .html) and give the file, or give a WARC of the crawl (wget --warc-file).",
                      highlight=False, markup=False, soft_wrap=True)
        else:
            kept.append(path)
    return kept, addresses


def _limits(max_bytes: int, timeout: float) -> Limits:
    from dataclasses import replace

    return replace(Limits.from_env(), max_bytes=max_bytes, timeout=timeout)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, .txt, .html, .warc(.gz), .jsonl(.gz), .zip, .tar(.gz), or - for standard input. Not web addresses: save the page first.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="jsonl (default), json (one array), or table.")] = Format.jsonl,
    errors: ErrorsOption = None,
    max_bytes: MaxBytesOption = Limits.max_bytes,
    timeout: TimeoutOption = Limits.timeout,
) -> None:
    """Extract the facts of each article and print them (JSON Lines by default).

    Exit status: 0 when every input was read, 1 when some could not be (each is named on standard
    error, and in --errors FILE), 2 for a wrong command line (a web address among the inputs: the
    others are still read).
    """
    import orjson

    from .pipeline import Failure, extract_paths

    _notes_to_stderr()
    paths, addresses = _local(paths)
    out = Console() if format is Format.table else None
    failures = 0  # counted, not kept: a million bad inputs are a million lines on standard error, not a list held
    collected = []
    error_file = errors.open("wb") if errors else None
    with _progress() as progress:
        task = progress.add_task("extracting", total=None)
        for item in extract_paths(paths, _limits(max_bytes, timeout)):
            progress.advance(task)
            if isinstance(item, Failure):
                failures += 1
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
        err.print(f"[yellow]{failures} input(s) could not be processed; the others were. Fix or remove them and run again.")
    if addresses or failures:
        raise typer.Exit(2 if addresses else 1)


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
        _print_json(value)
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


def _open(db: Path, readonly: bool = True) -> sqlite3.Connection:
    from .store import StoreError, connect

    try:
        return connect(db, readonly=readonly)
    except StoreError as exc:
        err.print(f"[red]presswatch:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc


def _print_json(value) -> None:
    import orjson

    sys.stdout.buffer.write(orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n")


def _discard_if_empty(conn: sqlite3.Connection, db: Path) -> bool:
    """Remove the database this run created when no article got into it: a failed first ingest leaves no file
    behind (a later `presswatch search` would find an empty store rather than say there is none)."""
    import sqlean as sqlite3

    try:
        if conn.in_transaction:
            conn.rollback()
        if conn.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0]:
            return False
    except sqlite3.Error:
        pass  # a file this run created and cannot read holds nothing to keep
    conn.close()
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return True


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(help="What `extract` reads: files, folders, pages, archives, or -.")] = None,
    db: DbOption = DEFAULT_DB,
    from_parquet: Annotated[Path | None, typer.Option("--from-parquet", help="Load the Parquet datasets of `presswatch spark extract` instead of reading PATHs.")] = None,
    workers: Annotated[int, typer.Option(help="Extraction processes (default: every core).")] = 0,
    errors: ErrorsOption = None,
    max_bytes: MaxBytesOption = Limits.max_bytes,
    timeout: TimeoutOption = Limits.timeout,
    json_out: JsonOption = False,
    wait: Annotated[float | None, typer.Option(min=0, help="Seconds to wait while another ingest writes to the database "
                                                           "(default: as long as it takes); then exit with status 75.")] = None,
) -> None:
    """Extract every article and store it with its facts, then link the record across articles.

    Idempotent: an article already stored (same URL, or same text when there is none) changes nothing.
    Safe to kill: a re-run completes the job. A first ingest that stores nothing leaves no database file.
    Ingests into one database take turns (a lock file beside it), each waiting for the one writing.
    """
    from contextlib import nullcontext

    from .store import StoreBusy, StoreError, writer
    from .store.ingest import ingest as run, parquet_records

    _notes_to_stderr()
    paths, addresses = _local(paths or [])
    if addresses and not paths and not from_parquet:
        raise typer.Exit(2)
    if bool(paths) == bool(from_parquet):
        err.print("[red]presswatch:[/] give the inputs to read, or --from-parquet DIR (one of the two).")
        raise typer.Exit(2)
    if from_parquet and not from_parquet.is_dir():
        err.print(f"[red]presswatch:[/] {from_parquet} is not a folder: give the OUTPUT folder of `presswatch spark extract`.")
        raise typer.Exit(2)
    try:
        ctx.with_resource(writer(db, on_wait=lambda message: err.print(f"presswatch: {message}", highlight=False), wait=wait))
    except StoreError as exc:
        err.print(f"[red]presswatch:[/] {exc}", highlight=False)
        raise typer.Exit(StoreBusy.exit_status if isinstance(exc, StoreBusy) else 2) from exc
    created = not db.exists()
    conn = _open(db, readonly=False)
    try:
        with _progress() as progress, errors.open("wb") if errors else nullcontext() as error_file:
            task = progress.add_task("loading" if from_parquet else "reading and extracting", total=None)
            summary = run(paths, conn, workers=workers or None, limits=_limits(max_bytes, timeout),
                          records=parquet_records(from_parquet) if from_parquet else None, on_item=lambda: progress.advance(task),
                          on_link=lambda step: progress.update(task, description=f"linking: {step}"),
                          on_failure=lambda failure: _report_failure(failure, error_file))
    except BaseException as exc:
        if created and _discard_if_empty(conn, db):
            err.print(f"presswatch: nothing was stored; {db}, created by this run, is removed.", highlight=False)
        if isinstance(exc, StoreError):  # a full disk: said as such, without a traceback
            err.print(f"[red]presswatch:[/] {exc}", highlight=False)
            raise typer.Exit(getattr(exc, "exit_status", 1)) from exc
        raise
    removed = created and not (summary.new or summary.updated) and _discard_if_empty(conn, db)
    if json_out:
        _print_json(summary.as_dict())
    else:
        err.print(f"[bold]{db}[/]: {summary.new} new, {summary.unchanged} unchanged, {summary.updated} updated, "
                  f"{summary.failures} failed" + ("; registry linked." if summary.linked and not removed else "."), highlight=False)
    if removed:
        err.print(f"presswatch: nothing could be stored, so {db} (created by this run) is removed.", highlight=False)
    if summary.failures:
        err.print("[yellow]Some inputs could not be stored; the others were. Fix or remove them and run again.")
    if addresses or summary.failures or removed:
        raise typer.Exit(2 if addresses else 1)


# --- Terminal output of the store: summaries first, lists cut at --limit, sentences under their facts ---

def _plain(value: Any) -> str:
    """A value as a reader writes it: lists joined, numbers without a needless '.0', nothing for None."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value if v not in (None, ""))
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    return str(value)


def _day(time: str | None) -> str:
    return time[:10] if time else "undated"


def _clip(text: str | None, width: int = 240) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else words or word + 's'}"


def _joined(*parts: str | None, sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def _refs(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    """How each article is shown in a list: its presswatch id, then what the source knows it by (its id or
    URL, else the file it was read from): what `presswatch article` takes."""
    ids = sorted(set(ids))
    rows = conn.execute(f"SELECT id, source_id, url, origin FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)
    return {r[0]: _joined(r[0], r[1], r[2] or (None if r[1] else r[3])) for r in rows}


def _grid(rows: Iterable[tuple[str, Any]]) -> RenderableType:
    """The summary: label and value, the empty ones left out."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    for label, value in rows:
        if value not in (None, "", []):
            grid.add_row(label, Text(_plain(value)))
    return grid


def _title(console: Console, title: str, note: str | None = None) -> None:
    console.print(Text.assemble((title, "bold"), ("  " + note if note else "", "dim")))


def _more(console: Console, total: int, shown: int, most: int | None = None) -> None:
    """What a list leaves out, and the --limit (at most `most`, when the option has a maximum) that shows it."""
    if total > shown:
        console.print(f"  … and {total - shown:,} more (--limit {min(total, most or total)})", style="dim", highlight=False)


def _indented(console: Console, line: str | Text, indent: int, style: str = "") -> None:
    """A line whose wrapped continuation keeps its indent (Text: a title's [brackets] are never markup)."""
    from rich.padding import Padding

    console.print(Padding(Text(line) if isinstance(line, str) else line, (0, 0, 0, indent), expand=False), style=style,
                  highlight=False)


def _section(console: Console, title: str, rows: list[dict[str, Any]], limit: int,
             entry: Callable[[dict[str, Any]], tuple[str | Text, str | Text | None]], total: int | None = None) -> None:
    """A titled list, one line per item and under it, indented, the sentence it came from; cut at `limit`."""
    total = len(rows) if total is None else total
    if not total:
        return
    console.print()
    _title(console, f"{title} ({total:,})")
    for row in rows[:limit]:
        line, sentence = entry(row)
        _indented(console, line, 2)
        if sentence:
            _indented(console, sentence, 6, "dim")
    _more(console, total, min(limit, len(rows)))


def _show(value: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if value is None:
        err.print(f"[red]presswatch:[/] no {what} in the database. Try `presswatch search` to find how it is written.")
        raise typer.Exit(1)
    return value


def _contradiction(row: dict[str, Any]) -> str:
    """'date: kept 2021-10-25 (2 articles); also 2022-10-25 (1 article)'."""
    sides = sorted(row["detail"], key=lambda s: s["value"] != row["decided"])
    return f"{row['kind'].removeprefix('directive_')}: " + "; ".join(
        f"{'kept' if s['value'] == row['decided'] else 'also'} {s['value']} ({_plural(len(s['articles']), 'article')})" for s in sides)


SEARCH_MOST = 1000


class SortOption(str, Enum):
    relevance = "relevance"
    date = "date"


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words; see the rules above: "chỉnh đốn Đảng", chinh don dang, "Hà Nội" OR "Hải Phòng", -word, word*.')],
    db: DbOption = DEFAULT_DB,
    any_order: Annotated[bool, typer.Option("--any-order", help="Each word anywhere in the article, not the words together.")] = False,
    sort: Annotated[SortOption, typer.Option(help="relevance (best first) or date (newest first).")] = SortOption.relevance,
    directive: Annotated[str | None, typer.Option(help="Only articles citing this directive (21-KL/TW).")] = None,
    locality: Annotated[str | None, typer.Option(help="Only articles naming this locality.")] = None,
    person: Annotated[str | None, typer.Option(help="Only articles naming this person.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=SEARCH_MOST, help="Articles shown (and given by --json).")] = 20,
    json_out: JsonOption = False,
) -> None:
    """Full-text search: how many articles match, how the query was read, then the best (or the newest)
    with the matched words marked. The same search as the dashboard and the API, with the same results.

    \b
    - Words typed together are a phrase, in that order: chỉnh đốn Đảng finds only "chỉnh đốn Đảng"
      (--any-order: each word anywhere; the articles with them side by side first).
    - A word typed with accents matches those accents (hòa = hoà, thủy = thuỷ); a word typed without
      matches any: dang finds đang, Đảng, dạng. đ is not d. Word by word in a mixed query.
    - "quotes": a phrase; every phrase, word and group of the query must be in the article.
    - A OR B (capitals): either; (...) groups: (Hà Nội OR Hải Phòng) "tham nhũng".
    - -word, -"a phrase" or NOT word: leave out the articles that have it.
    - word*: any word that begins so (2 letters or more before the *, at most 4 in a query).
    A query that cannot be searched (or runs past the search budget, PRESSWATCH_SEARCH_BUDGET
    seconds) is a one-line message and exit 2.
    """
    from .serve.search import Filters, QueryError, search as run

    for label, value in (("--since", since), ("--until", until)):
        if value and not _is_date(value):
            err.print(f"[red]presswatch:[/] {label} {value!r} is not a date: write it as YYYY-MM-DD.")
            raise typer.Exit(2)
    conn = _open(db)
    try:
        results = run(conn, query, Filters(directive, locality, person, since, until), order="any" if any_order else "phrase",
                      sort=sort.value, limit=limit, facets=0)
    except QueryError as exc:
        err.print(f"[red]presswatch:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    if json_out:
        _print_json(results.as_dict(limit, 0))
        return
    out = Console()
    if not results.total:
        out.print("No article matches.")
        out.print(Text(_reading(results.query.reading()), "dim"))
        return
    order = "best first" if sort is SortOption.relevance else "newest first"
    _title(out, f"{_plural(results.total, 'article')} match{'es' if results.total == 1 else ''} {query!r}",
           f"{order}; {len(results.hits)} shown" if results.total > len(results.hits) else order)
    out.print(Text(_reading(results.query.reading()), "dim"))
    refs = _refs(conn, (h.article_id for h in results.hits))
    for hit in results.hits:
        snippet = Text(hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start, end)
        out.print()
        out.print(Text.assemble((hit.title or "(no title)", "bold"), "  ", _joined(_day(hit.published), hit.outlet)))
        out.print(Text(refs.get(hit.article_id, ""), "dim"))
        out.print(snippet)
    _more(out, results.total, len(results.hits), SEARCH_MOST)


ACCENTS = {"exact": "accents as typed", "any": "any accents", "mixed": "accented words as typed, the others any accents"}


def _reading(reading: dict[str, Any]) -> str:
    """'searched: "chỉnh đốn Đảng" (accents as typed), words together' (search.Results' reading)."""
    phrases = "; ".join(("not " if p["excluded"] else "") + f"{p['text']} ({ACCENTS[p['accents']]})" for p in reading["phrases"])
    return f"searched: {phrases}; " + ("words together, in order" if reading["order"] == "phrase" else "each word anywhere")


def _is_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        return False


@app.command("article")
def article_view(ident: Annotated[str, typer.Argument(help="The presswatch article id, or the source's id or URL, or the file it was read from.")],
                 db: DbOption = DEFAULT_DB, limit: LimitOption = SHOWN, json_out: JsonOption = False) -> None:
    """An article: where it comes from, then its facts by kind, each with the sentence it came from."""
    from .serve.views import article as view

    conn = _open(db)
    ids = _article_ids(conn, ident)
    value = _show(view(conn, ids[0]) if ids else None, f"article {ident!r}")
    if json_out:
        _print_json(value)
        return
    out = Console()
    if len(ids) > 1:
        err.print(f"presswatch: {len(ids)} articles are known as {ident!r}; the first is shown, the others are "
                  + ", ".join(ids[1:6]) + (" …" if len(ids) > 6 else "") + ".", highlight=False)
    _render_article(value, out, limit)


def _article_ids(conn: sqlite3.Connection, ident: str) -> list[str]:
    """The articles `ident` names: a presswatch id, else a URL, else a source's id or an input file (a scan)."""
    for sql in ("SELECT id FROM articles WHERE id = ?", "SELECT id FROM articles WHERE identity = 'url:' || ?",
                "SELECT id FROM articles WHERE url = ? ORDER BY published DESC",
                "SELECT id FROM articles WHERE source_id = ? OR origin = ? ORDER BY published DESC"):
        if ids := [r[0] for r in conn.execute(sql, (ident,) * sql.count("?"))]:
            return ids
    return []


def _evidence(row: dict[str, Any], body: str) -> Text | None:
    """The sentence a fact came from, with the words of its spans in bold."""
    sentence = Text(row.get("sentence") or "")
    for start, end in row.get("spans") or []:
        found = sentence.plain.find(body[start:end]) if end > start else -1
        if found >= 0:
            sentence.stylize("bold", found, found + end - start)
    return sentence if sentence.plain else None


FACT_LINES: dict[str, tuple[str, str, Callable[[dict[str, Any]], str]]] = {  # kind: (title, one of them, the fact in a line)
    "directives": ("Directives", "directive", lambda f: _joined(f["directive"], f["type"], f["issuer"], f["date"],
                                                   f"khóa {f['term']}" if f["term"] else None)),
    "people": ("People", "person", lambda f: _joined(f["name"], _plain(f["positions"]), sep=" — ")),
    "organizations": ("Organizations", "organization", lambda f: _joined(f["expanded"] or f["name"], f["kind"], f["level"], f["locality"])),
    "localities": ("Localities", "locality", lambda f: _joined(_joined(f["level"], f["name"], sep=" "), f["parent"])),
    "events": ("Events", "event", lambda f: _joined(f["type"].replace("_", " "), f["date"], f["chair"] and f"chaired by {f['chair']}",
                                           f["host"] and f"host {f['host']}", f["counterpart"] and f"with {f['counterpart']}",
                                           f["directives"] and f"on {_plain(f['directives'])}")),
    "statements": ("Statements", "statement", lambda f: _joined(f["type"], _joined(f["speaker"] or "(speaker unknown)", f["addressee"],
                                                                      sep=" → "))),
    "indicators": ("Indicators", "indicator", lambda f: _joined(f["label"], _joined(f["qualifier"], _plain(f["value"]), f["unit"], sep=" "),
                                                   f["target"] is not None and f"target {_plain(f['target'])}",
                                                   f["percent"] is not None and f"{_plain(f['percent'])}%", f["period"])),
}


def _render_article(a: dict[str, Any], console: Console, limit: int) -> None:
    _title(console, a["title"] or "(no title)")
    counts = [_plural(len(a[kind]), one, kind) for kind, (_, one, _) in FACT_LINES.items() if a[kind]]
    console.print(_grid([("id", a["id"]), ("source id", a["source_id"]), ("URL", a["url"]), ("read from", a["origin"]),
                         ("outlet", a["outlet"]), ("published", a["published"] or "not stated"), ("authors", a["authors"]),
                         ("section", a["section"]), ("facts", ", ".join(counts) or "none found"),
                         ("same story", [_joined(_day(s["published"]), s["outlet"], s["id"]) for s in a["story"]])]))
    for kind, (title, _, line) in FACT_LINES.items():
        _section(console, title, a[kind], limit, lambda f, line=line: (line(f), _evidence(f, a["body"])))


@app.command("directive")
def directive_view(ident: Annotated[str, typer.Argument(help="21-KL/TW, or 21-KL/TW@XIII for one term.")],
                   db: DbOption = DEFAULT_DB, limit: LimitOption = SHOWN, json_out: JsonOption = False) -> None:
    """A directive: decided date and issuer, citations, relations, events, coverage, contradictions."""
    from .serve.views import directive as view

    conn = _open(db)
    d = _show(view(conn, ident), f"directive {ident!r}")
    if json_out:
        _print_json(d)
        return
    out = Console()
    refs = _refs(conn, [c["article_id"] for c in d["citations"][:limit]] + [e["article_id"] for e in d["events"][:limit]])
    _title(out, _joined(d["type"], d["id"], f"(khóa {d['term']})" if d["term"] else None, sep=" "), d["key"])
    relation = lambda rows: [f"{r['key']} ({_plural(r['articles'], 'article')})" for r in rows]  # noqa: E731
    out.print(_grid([("issuer", d["issuer"]), ("date", d["date"] or "not stated"), ("subject", d["subject"]),
                     ("also called", d["alias"]),
                     ("cited", f"{_plural(len(d['citations']), 'time')} in {_plural(d['articles'], 'article')}, "
                               f"{_day(d['first_seen'])} to {_day(d['last_seen'])}"),
                     ("implements", relation(d["implements"])), ("implemented by", relation(d["implemented_by"])),
                     ("other terms", d["other_terms"]),
                     ("disputed", "; ".join(_contradiction(c) for c in d["contradictions"]))]))
    _section(out, "Events discussing it", d["events"], limit, lambda e: (
        Text.assemble(_joined(e["date"] or "undated", e["type"].replace("_", " "), e["chair"] and f"chaired by {e['chair']}",
                              e["counterpart"] and f"with {e['counterpart']}"), "  ", (refs.get(e["article_id"], ""), "dim")),
        _clip(e["sentence"])))
    _section(out, "Citations", d["citations"], limit, lambda c: (
        Text.assemble(_joined(_day((c["article"] or {}).get("published")), (c["article"] or {}).get("title"),
                              (c["article"] or {}).get("outlet")), "  ", (refs.get(c["article_id"], ""), "dim")),
        _clip(c["sentence"])))
    _render_coverage(out, d["coverage"], limit)


def _render_coverage(console: Console, groups: list[dict[str, Any]], limit: int) -> None:
    """Per parent unit: the units reported on, and how many of the others were never seen (the first few named)."""
    if not groups:
        return
    console.print()
    _title(console, "Coverage", "units named by the articles citing it, and the units beside them never seen")
    for g in groups[:limit]:
        parent = g["parent"] if g["parent"] == g["province"] else f"{g['parent']}, {g['province']}"
        covered = [f"{u['level']} {u['name']}" + (" (reviewed)" if u["reviewed"] else "") for u in g["covered"]]
        missing = [f"{u['level']} {u['name']}" for u in g["missing"]]
        line = Text.assemble((f"{g['tier']}s in {parent}: ", "bold"), f"{len(covered)} reported on: {', '.join(covered)}")
        if missing:
            line.append(f"; {len(missing)} never seen: {', '.join(missing[:limit])}", "dim")
            if len(missing) > limit:
                line.append(f" … and {len(missing) - limit} more (--limit {len(missing)})", "dim")
        _indented(console, line, 2)
    _more(console, len(groups), limit)


@app.command("person")
def person_view(name: Annotated[str, typer.Argument(help="A name (accents optional) or a person id.")],
                db: DbOption = DEFAULT_DB, limit: LimitOption = SHOWN, json_out: JsonOption = False) -> None:
    """A person: positions over time, events chaired, statements, articles."""
    from .serve.views import person as view

    conn = _open(db)
    p = _show(view(conn, name, limit=None if json_out else limit), f"person {name!r}")
    if json_out:
        _print_json(p)
        return
    out = Console()
    totals = p["totals"]
    refs = _refs(conn, [r["article_id"] for r in (*p["events_chaired"], *p["statements"])])
    _title(out, p["name"], p["id"])
    out.print(_grid([("named in", f"{_plural(totals['articles'], 'article')} ({_plural(p['mentions'], 'mention')}), "
                                  f"{_day(p['first_seen'])} to {_day(p['last_seen'])}"),
                     ("placed in", p["anchor"]),
                     ("namesakes", p["namesakes"] and f"{_plain(p['namesakes'])} (presswatch person ID shows each)")]))
    _section(out, "Positions", p["positions"], limit, lambda r: (
        Text.assemble(r["position"], "  ", (f"{_day(r['first_seen'])} to {_day(r['last_seen'])}, {_plural(r['articles'], 'article')}",
                                            "dim")), None))
    _section(out, "Events chaired", p["events_chaired"], limit, lambda e: (
        Text.assemble(_joined(e["date"] or "undated", e["type"].replace("_", " "), e["counterpart"] and f"with {e['counterpart']}",
                              e["directives"] and f"on {_plain(e['directives'])}"), "  ", (refs.get(e["article_id"], ""), "dim")),
        _clip(e["sentence"])), totals["events_chaired"])
    _section(out, "Statements", p["statements"], limit, lambda s: (
        Text.assemble(_joined(s["type"], s["addressee"] and f"to {s['addressee']}"), "  ", (refs.get(s["article_id"], ""), "dim")),
        _clip(s["text"])), totals["statements"])
    _render_articles(out, conn, p["articles"], limit, totals["articles"])


def _render_articles(console: Console, conn: sqlite3.Connection, rows: list[dict[str, Any]], limit: int, total: int) -> None:
    refs = _refs(conn, (r["id"] for r in rows[:limit]))
    _section(console, "Articles, latest first", rows, limit, lambda r: (
        Text.assemble(_joined(_day(r["published"]), r["title"] or "(no title)", r["outlet"]), "  ", (refs.get(r["id"], ""), "dim")), None),
        total)


@app.command("locality")
def locality_view(name: Annotated[str, typer.Argument(help="A name (accents optional) or a locality id.")],
                  db: DbOption = DEFAULT_DB, limit: LimitOption = SHOWN, json_out: JsonOption = False) -> None:
    """A locality: level, district, province, gazetteer code, the unit it became in 2025, events there."""
    from .serve.views import locality as view

    conn = _open(db)
    place = _show(view(conn, name, limit=None if json_out else limit), f"locality {name!r}")
    if json_out:
        _print_json(place)
        return
    out = Console()
    totals = place["totals"]
    refs = _refs(conn, [e["article_id"] for e in place["events"]])
    unit = lambda u: _joined(u["level"], u["name"], sep=" ")  # noqa: E731
    _title(out, unit(place), place["id"])
    became = place["successor"] if place["successor"] and place["successor"] != unit(place) else None
    out.print(_grid([("in", ", ".join(unit(p) for p in reversed(place["parents"]))),
                     ("gazetteer code", place["code"] and f"{place['code']} ({'since July 2025' if place['era'] == '2025' else 'before July 2025'})"),
                     ("became", became and f"{became} (code {place['successor_code']}) in July 2025"),
                     ("formed from", [_joined(unit(u), u["district"], sep=", ") for u in place["predecessors"]]),
                     ("named in", f"{_plural(totals['articles'], 'article')} ({_plural(place['mentions'], 'mention')})"),
                     ("namesakes", place["namesakes"])]))
    _section(out, "Events reviewing it", place["events"], limit, lambda e: (
        Text.assemble(_joined(e["date"] or "undated", e["type"].replace("_", " "), e["chair"] and f"chaired by {e['chair']}",
                              e["directives"] and f"on {_plain(e['directives'])}"), "  ", (refs.get(e["article_id"], ""), "dim")),
        _clip(e["sentence"])), totals["events"])
    _render_articles(out, conn, place["articles"], limit, totals["articles"])


@app.command("contradictions")
def contradictions_view(db: DbOption = DEFAULT_DB, limit: LimitOption = SHOWN, json_out: JsonOption = False) -> None:
    """Where sources disagree (a directive's date or issuer), with the sentences on each side."""
    from .serve.views import contradictions as view

    conn = _open(db)
    rows = view(conn)
    if json_out:
        _print_json(rows)
        return
    out = Console()
    if not rows:
        out.print("No contradictions.")
        return
    _title(out, f"{_plural(len(rows), 'contradiction')}", "the value kept is the one most articles state")
    refs = _refs(conn, (a["article_id"] for row in rows[:limit] for side in row["detail"] for a in side["articles"][:3]))
    for row in rows[:limit]:
        out.print()
        out.print(Text.assemble((row["subject"], "bold"), " ", _contradiction(row)), highlight=False)
        for side in row["detail"]:
            out.print(Text.assemble("  ", (side["value"], "yellow"), f" in {_plural(len(side['articles']), 'article')}"))
            for a in side["articles"][:3]:
                _indented(out, Text.assemble((refs.get(a["article_id"], ""), "dim"), " ", _clip(a["sentence"])), 4)
            _more(out, len(side["articles"]), 3)
    _more(out, len(rows), limit)


@app.command("stats")
def stats_view(db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """Counts of articles, directives, people, events and the rest."""
    from .serve.views import stats as view

    s = view(_open(db))
    if json_out:
        _print_json(s)
        return
    out = Console()
    _title(out, f"{_plural(s['articles'], 'article')}", s["articles"] and f"published {_day(s['first_published'])} to {_day(s['last_published'])}")
    counts = {k: v for k, v in s.items() if isinstance(v, int) and not isinstance(v, bool) and k != "articles"}
    out.print(_grid((k, f"{v:,}") for k, v in counts.items()))
    if s["link_pending"]:
        out.print("[yellow]The registry is out of date (an ingest was stopped): run `presswatch ingest` again to link it.")


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

    from .serve.api import run

    _open(db).close()  # a missing or foreign database is reported here, not by every worker
    os.environ.update(PRESSWATCH_DB=str(db), PRESSWATCH_MAX_UPLOAD=str(max_upload))
    err.print(f"presswatch: serving {db} at http://{host}:{port}/ (API docs at /docs)"
              + ("" if os.environ.get("PRESSWATCH_TOKEN") else "; read-only: set PRESSWATCH_TOKEN to allow uploads"), highlight=False)
    run(host, port, workers)


if __name__ == "__main__":
    app()
