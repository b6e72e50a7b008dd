"""The command line: `presswatch extract` prints the contract of DESIGN.md, and reports bad inputs."""

import json

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
