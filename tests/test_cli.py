"""The command line: `extract` prints the contract of DESIGN.md and reports bad inputs; the store's commands print
summaries a reader can use; each command loads only what it uses."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presswatch.cli import app

from conftest import page

CONTRACT = {"path", "title", "published", "authors", "outlet", "body", "directives", "people", "organizations",
            "localities", "events", "statements", "indicators"}
FACT_KEYS = {
    "directives": {"id", "type", "issuer", "date", "spans"},
    "people": {"name", "positions", "spans"},
    "localities": {"name", "level", "spans"},
    "events": {"type", "date", "chair", "host", "counterpart", "directives", "spans"},
    "statements": {"type", "speaker", "addressee", "text", "spans"},
    "indicators": {"label", "value", "target", "unit", "percent", "spans"},
}

TITLE = "Bí thư Thành ủy làm việc với Quận ủy quận 2"
TEXT = page(TITLE,
            "Sáng 7-2, Bí thư Thành ủy TP.HCM Đinh La Thăng đã có buổi làm việc với Quận ủy quận 2.",
            "Liên quan đến chống tội phạm, ông Đinh La Thăng biểu dương quận 9 trong năm qua đã kéo giảm phạm pháp hình sự "
            "được 36,78% so với cùng kỳ, tỉ lệ khám phá án tăng 6,2% so với nghị quyết của quận đã đề ra.",
            dateline="08:10 | 08/02/2017", byline="XUÂN HÙNG")


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def article_file(write):
    return write("bai-viet.txt", TEXT)


def test_extract_prints_one_json_object_per_article_with_the_contract(runner, article_file, write):
    second = write("bai-hai.txt", TEXT)
    result = runner.invoke(app, ["extract", str(article_file), str(second)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert [x["path"] for x in lines] == [str(article_file), str(second)]
    for obj in lines:
        assert CONTRACT <= set(obj)
        for kind, keys in FACT_KEYS.items():
            for fact in obj[kind]:
                assert keys <= set(fact), (kind, fact)


def test_extract_output_values(runner, article_file):
    obj = json.loads(runner.invoke(app, ["extract", str(article_file)]).stdout.splitlines()[0])
    assert obj["title"] == TITLE
    assert obj["published"].startswith("2017-02-08T08:10")
    assert obj["authors"] == ["Xuân Hùng"]
    assert obj["body"].split("\n")[0].startswith("Sáng 7-2")
    assert obj["events"][0]["date"] == "2017-02-07"
    for kind in FACT_KEYS:
        for fact in obj[kind]:
            for start, end in fact["spans"]:
                assert 0 <= start < end <= len(obj["body"])


def test_format_json_prints_one_array(runner, article_file):
    result = runner.invoke(app, ["extract", "--format", "json", str(article_file), str(article_file)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 2
    assert CONTRACT <= set(data[0])


def test_format_table_renders(runner, article_file):
    result = runner.invoke(app, ["extract", "-f", "table", str(article_file)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Bí thư Thành ủy làm việc" in out
    assert "Đinh La Thăng" in out
    assert "people" in out


def test_missing_file_exits_1_names_it_and_prints_the_good_one(runner, article_file, tmp_path):
    missing = tmp_path / "khong-co.txt"
    result = runner.invoke(app, ["extract", str(article_file), str(missing)])
    assert result.exit_code == 1
    assert str(missing) in "".join(result.stderr.split())  # the message may be wrapped
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert [x["path"] for x in lines] == [str(article_file)]


def test_unreadable_file_is_reported_and_the_others_printed(runner, article_file, write):
    empty = write("trong.txt", b"")
    result = runner.invoke(app, ["extract", str(empty), str(article_file)])
    assert result.exit_code == 1
    assert str(empty) in "".join(result.stderr.split())
    assert len([x for x in result.stdout.splitlines() if x.strip()]) == 1


def test_folder_of_articles(runner, article_file, write, tmp_path):
    write("2017/02/bai-ba.txt", TEXT)
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len([x for x in result.stdout.splitlines() if x.strip()]) == 2


def test_json_lines_input(runner, write):
    record = {"id": "baomoi-1", "title": TITLE, "text": TEXT, "date": "2017-02-08", "url": "http://x.vn/1"}
    path = write("lo.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    obj = json.loads(runner.invoke(app, ["extract", str(path)]).stdout.splitlines()[0])
    assert obj["title"] == TITLE
    assert obj["published"].startswith("2017-02-08")


def test_no_arguments_shows_help(runner):
    result = runner.invoke(app, [])
    assert "extract" in result.output


# --- evaluate -----------------------------------------------------------------------------------

def _gold(text_file: str) -> dict:
    return {"file": text_file, "title": TITLE, "published": "2017-02-08", "authors": ["Xuân Hùng"], "non_body": [],
            "directives": [], "people": [{"name": "Đinh La Thăng", "positions": ["Bí thư Thành ủy TP.HCM"]}],
            "localities": [], "events": [{"type": "working_session", "date": "2017-02-07", "chair": "Đinh La Thăng",
                                          "counterpart": "Quận ủy quận 2", "directives": []}],
            "statements": [{"type": "assessment", "speaker": "Đinh La Thăng", "key": "biểu dương quận 9 trong năm qua"}],
            "indicators": []}


def test_evaluate_errors_lists_a_missed_fact_with_its_sentence(runner, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    gold = _gold("a.txt")
    gold["people"].append({"name": "Trần Văn Không", "positions": []})  # not in the article: a miss to report
    (tmp_path / "a.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(tmp_path), "--errors", "--kind", "people"])
    assert result.exit_code == 0, result.output
    assert "missed a.txt: trần văn không" in result.output.casefold()


def test_evaluate_refuses_the_errors_of_a_frozen_split(runner, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(json.dumps(_gold("a.txt"), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "FROZEN").write_text("test split", encoding="utf-8")
    assert runner.invoke(app, ["evaluate", str(tmp_path)]).exit_code == 0
    result = runner.invoke(app, ["evaluate", str(tmp_path), "--errors"])
    assert result.exit_code == 2 and "frozen" in result.output


def test_evaluate_without_the_corpus_says_so_in_one_line(runner, tmp_path):
    gold = {"corpus": "baomoi-2017.jsonl.gz", "corpus_id": "magizbox-baomoi-1", **_gold("magizbox-baomoi-1.txt")}
    (tmp_path / "magizbox-baomoi-1.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(tmp_path), "--corpus-dir", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "baomoi-2017.jsonl.gz" in result.output and "Traceback" not in result.output


# --- start-up: each command imports what it uses ----------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "sample"
# Runs the CLI in a fresh interpreter and writes the names of the modules it had loaded when it exited.
PROBE = """
import atexit, json, os, sys
atexit.register(lambda: open(os.environ["MODULES_OUT"], "w").write(json.dumps(sorted(sys.modules))))
from presswatch.cli import app
sys.argv[0] = "presswatch"
app()
"""
READERS = {"trafilatura", "htmldate", "ftfy", "presswatch.extract", "presswatch.read", "presswatch.pipeline"}
SERVERS = {"fastapi", "uvicorn", "starlette", "jinja2", "pyarrow", "pyspark", "datasketch", "scipy"}


def _loaded(tmp_path: Path, *args: str) -> set[str]:
    out = tmp_path / "modules.json"
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                            env={**os.environ, "MODULES_OUT": str(out)})
    assert result.returncode == 0, result.stderr
    return set(json.loads(out.read_text()))


def test_importing_the_cli_loads_no_reader_extractor_server_or_arrow():
    code = "import json, sys, presswatch.cli; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout))
    assert "presswatch.cli" in loaded
    assert not loaded & (READERS | SERVERS | {"numpy"}), loaded & (READERS | SERVERS | {"numpy"})


def test_help_loads_nothing_of_presswatch_beyond_the_cli(tmp_path):
    loaded = _loaded(tmp_path, "--help")
    assert not loaded & (READERS | SERVERS | {"numpy", "sqlean"})


def test_store_commands_never_load_the_readers_or_the_server(tmp_path, sample_db):
    for command in (["search", "dang", "--db", str(sample_db)], ["stats", "--db", str(sample_db)]):
        loaded = _loaded(tmp_path, *command)
        assert "presswatch.serve.views" in loaded or "presswatch.serve.search" in loaded
        assert not loaded & (READERS | SERVERS), (command, loaded & (READERS | SERVERS))


def test_extracting_a_text_file_loads_no_html_reader(tmp_path, article_file):
    loaded = _loaded(tmp_path, "extract", str(article_file))
    assert "presswatch.extract" in loaded
    assert not loaded & ({"trafilatura", "htmldate", "ftfy"} | SERVERS)


# --- --json is a flag --------------------------------------------------------------------------------

def test_json_is_a_plain_flag_in_every_command_that_has_it(runner):
    from typer.main import get_command

    group = get_command(app)
    with_json = [name for name, command in group.commands.items() if any("--json" in p.opts for p in command.params)]
    assert {"search", "stats", "directive", "person", "locality", "contradictions", "article", "ingest", "evaluate"} <= set(with_json)
    for name in with_json:
        help_text = runner.invoke(app, [name, "--help"]).stdout
        [line] = [x for x in help_text.splitlines() if x.lstrip("│ ").startswith("--json ")]
        assert line.split("--json")[1].split()[0] == "Print", (name, line)  # no value ("<bool>") shown after the flag


def test_stats_json_is_json_and_the_text_leads_with_the_total(runner, sample_db):
    counts = json.loads(runner.invoke(app, ["stats", "--db", str(sample_db), "--json"]).stdout)
    assert counts["articles"] == len(list(SAMPLE.glob("*.txt")))
    text = runner.invoke(app, ["stats", "--db", str(sample_db)]).stdout
    assert text.splitlines()[0].startswith(f"{counts['articles']} articles")
    assert "{" not in text


# --- web addresses -----------------------------------------------------------------------------------

def test_a_web_address_is_named_in_one_line_and_the_other_inputs_are_read(runner, article_file):
    address = "https://baomoi.com/bai-viet/c/123.epi"
    result = runner.invoke(app, ["extract", address, str(article_file), "HTTP://example.vn/x"])
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if address in x]
    assert "fetch" in line and "save" in line and "WARC" in line
    assert "HTTP://example.vn/x" in result.stderr
    assert [json.loads(x)["path"] for x in result.stdout.splitlines() if x.strip()] == [str(article_file)]


def test_ingest_names_a_web_address_and_stores_the_rest(runner, article_file, tmp_path):
    db = tmp_path / "w.db"
    result = runner.invoke(app, ["ingest", "http://example.vn/a.html", str(article_file), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 2 and "http://example.vn/a.html" in result.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    only = runner.invoke(app, ["ingest", "http://example.vn/a.html", "--db", str(tmp_path / "none.db")])
    assert only.exit_code == 2 and not (tmp_path / "none.db").exists()


# --- a failed first ingest leaves no database -----------------------------------------------------------

def _db_files(db: Path) -> list[Path]:
    return [p for p in db.parent.iterdir() if p.name.startswith(db.name)]


def test_a_first_ingest_that_stores_nothing_leaves_no_file(runner, write, tmp_path):
    empty = write("trong.txt", b"")
    db = tmp_path / "new.db"
    result = runner.invoke(app, ["ingest", str(empty), str(tmp_path / "missing.txt"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1
    assert "0 new" in result.stderr and "removed" in result.stderr
    assert _db_files(db) == []


def test_a_failed_ingest_into_an_existing_database_keeps_it(runner, write, article_file, tmp_path):
    db = tmp_path / "kept.db"
    assert runner.invoke(app, ["ingest", str(article_file), "--db", str(db), "--workers", "1"]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(write("trong.txt", b"")), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1 and "removed" not in result.stderr
    assert sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_an_error_before_anything_is_stored_removes_only_the_new_file(runner, article_file, tmp_path, monkeypatch):
    import presswatch.store.ingest

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    existing = tmp_path / "old.db"
    assert runner.invoke(app, ["ingest", str(article_file), "--db", str(existing), "--workers", "1"]).exit_code == 0
    monkeypatch.setattr(presswatch.store.ingest, "ingest", broken)
    new = tmp_path / "new.db"
    result = runner.invoke(app, ["ingest", str(article_file), "--db", str(new), "--workers", "1"])
    assert isinstance(result.exception, OSError) and _db_files(new) == []
    result = runner.invoke(app, ["ingest", str(article_file), "--db", str(existing), "--workers", "1"])
    assert isinstance(result.exception, OSError) and existing.exists()


# --- the views of the store: summaries first, lists cut, no JSON in the text -----------------------------

@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "sample.db"
    result = CliRunner().invoke(app, ["ingest", str(SAMPLE), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


def _flat(text: str) -> str:
    """Text as printed, without the line breaks and indents of wrapping."""
    return "".join(text.split())


def _one(db: Path, sql: str):
    return sqlite3.connect(db).execute(sql).fetchone()


def test_search_says_how_many_match_and_how_many_more_there_are(runner, sample_db):
    found = json.loads(runner.invoke(app, ["search", "dang", "--db", str(sample_db), "--json", "--limit", "1000"]).stdout)
    every = found["items"]
    assert len(every) == found["total"] > 2
    result = runner.invoke(app, ["search", "dang", "--db", str(sample_db), "--limit", "2"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{len(every)} articles match")
    assert f"… and {len(every) - 2} more (--limit {len(every)})" in result.stdout
    shown = [hit["id"] for hit in every[:2]]
    for article_id in shown:  # each hit with its presswatch id and where it was read from
        origin = _one(sample_db, f"SELECT origin FROM articles WHERE id = '{article_id}'")[0]
        assert any(article_id in x and origin in x for x in lines)
    nothing = runner.invoke(app, ["search", "zzzyyqqq", "--db", str(sample_db)])
    assert nothing.exit_code == 0 and "No article matches" in nothing.stdout


def test_directive_view_is_a_summary_then_lists_cut_at_the_limit(runner, sample_db):
    ident, articles = _one(sample_db, "SELECT id, articles FROM directives ORDER BY articles DESC, key LIMIT 1")
    assert articles >= 2
    full = json.loads(runner.invoke(app, ["directive", ident, "--db", str(sample_db), "--json"]).stdout)
    result = runner.invoke(app, ["directive", ident, "--db", str(sample_db), "--limit", "1"])
    assert result.exit_code == 0
    text = result.stdout
    assert ident in text.splitlines()[0]
    assert f"in {articles} articles" in text
    assert f"Citations ({len(full['citations'])})" in text
    assert f"… and {len(full['citations']) - 1} more (--limit {len(full['citations'])})" in text
    assert '{"' not in text and '["' not in text and "article_id" not in text
    first, second = (_flat(c["sentence"])[:60] for c in full["citations"][:2])
    cited = _flat(text.split("Citations")[1].split("Coverage")[0])
    assert first in cited  # the sentence the citation comes from
    assert first == second or second not in cited  # the second citation is left out
    longer = runner.invoke(app, ["directive", ident, "--db", str(sample_db)]).stdout
    assert len(text.splitlines()) < len(longer.splitlines()) < 200


def test_person_view_lists_without_json(runner, sample_db):
    person_id, name = _one(sample_db, "SELECT p.id, p.name FROM persons p JOIN statements s ON s.speaker_id = p.id"
                                      " GROUP BY p.id ORDER BY count(*) DESC LIMIT 1")
    statements = _one(sample_db, f"SELECT count(*) FROM statements WHERE speaker_id = '{person_id}'")[0]
    result = runner.invoke(app, ["person", person_id, "--db", str(sample_db), "--limit", "1"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith(name)
    assert f"Statements ({statements})" in result.stdout
    if statements > 1:
        assert f"… and {statements - 1} more (--limit {statements})" in result.stdout
    assert '["' not in result.stdout and '{"' not in result.stdout
    assert runner.invoke(app, ["person", "Không Có Ai", "--db", str(sample_db)]).exit_code == 1


def test_article_by_its_id_or_the_file_it_was_read_from(runner, sample_db):
    article_id, origin, title = _one(sample_db, "SELECT a.id, a.origin, a.title FROM articles a"
                                                " ORDER BY (SELECT count(*) FROM statements s WHERE s.article_id = a.id) DESC LIMIT 1")
    by_id = runner.invoke(app, ["article", article_id, "--db", str(sample_db)])
    assert by_id.exit_code == 0
    assert runner.invoke(app, ["article", origin, "--db", str(sample_db)]).stdout == by_id.stdout
    text = by_id.stdout
    assert _flat(title) in _flat(text.split("\n\n")[0]) and article_id in text and origin in text
    facts = json.loads(runner.invoke(app, ["article", article_id, "--db", str(sample_db), "--json"]).stdout)
    for kind in ("directives", "people", "organizations", "localities", "events", "statements", "indicators"):
        if facts[kind]:
            assert f"{kind.capitalize()} ({len(facts[kind])})" in text
    statement = facts["statements"][0]
    assert _flat(statement["sentence"]) in _flat(text)  # the sentence it came from, in full
    assert "sentence" not in text and '["' not in text
    missing = runner.invoke(app, ["article", "khong-co", "--db", str(sample_db)])
    assert missing.exit_code == 1 and "khong-co" in missing.stderr


def test_article_by_the_source_id_or_url(runner, write, tmp_path):
    record = {"id": "tin-7", "title": TITLE, "text": TEXT, "date": "2017-02-08", "url": "https://example.vn/tin-7.html"}
    path = write("tin.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    db = tmp_path / "tin.db"
    assert runner.invoke(app, ["ingest", str(path), "--db", str(db), "--workers", "1"]).exit_code == 0
    outputs = [runner.invoke(app, ["article", ident, "--db", str(db)]) for ident in ("tin-7", record["url"])]
    assert [r.exit_code for r in outputs] == [0, 0] and outputs[0].stdout == outputs[1].stdout
    assert "tin-7" in outputs[0].stdout and record["url"] in outputs[0].stdout
    assert "Đinh La Thăng" in outputs[0].stdout
