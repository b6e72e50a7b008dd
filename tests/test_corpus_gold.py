"""The annotated corpus of tests/gold: every gold file valid, and the frozen test split's floor.

The article texts are not stored here: each gold file names its article in ../shared/data/corpus
(`corpus`, `corpus_id`). Every gold file, with those two keys taken off and its text beside it, must
pass ../shared/eval/validate_gold.py. The test split (tests/gold/test, 40% of the articles by a hash
of their ids, docs/evaluation.md) is scored, never read: its figures may not fall below the ones
recorded in tests/gold/test/scores.json by more than MARGIN. Run with -s to see the table.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from presswatch.evaluate import KINDS, CorpusMissing, evaluate_dir, load_gold

from conftest import CORPUS_DIR, GOLD_DIR, GOLD_TEST_DIR, SHARED

EVAL = SHARED / "eval"
SPLITS = ("train", "dev", "test")
MARGIN = 0.02
RECORDED = GOLD_TEST_DIR / "scores.json"

if not all((CORPUS_DIR / c).exists() for c in ("baomoi-2017.jsonl.gz", "trends-2024.jsonl.gz", "baomoi-2013.jsonl.gz")):
    pytest.skip(f"the shared corpus is not in {CORPUS_DIR.resolve()}: the gold texts live there", allow_module_level=True)


def _module(name: str):
    path = EVAL / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"shared_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _value(entry: dict) -> float:
    return entry["f1"] if "f1" in entry else entry["accuracy"]


@pytest.fixture(scope="module")
def materialized(tmp_path_factory) -> dict[str, Path]:
    """Each split (and the second annotations) as score.py reads a folder: NAME.txt beside NAME.gold.json."""
    out = {}
    for split in (*SPLITS, "agreement", "agreement/first"):
        folder = tmp_path_factory.mktemp(split.replace("/", "-"))
        for gold, text in load_gold(GOLD_DIR / split, CORPUS_DIR):
            (folder / gold["file"]).write_text(text, encoding="utf-8")
            local = {k: v for k, v in gold.items() if k not in ("corpus", "corpus_id")}
            (folder / (gold["file"][:-4] + ".gold.json")).write_text(json.dumps(local, ensure_ascii=False), encoding="utf-8")
        out[split] = folder
    return out


def test_the_corpus_is_as_large_as_docs_evaluation_says():
    golds = [json.loads(p.read_text(encoding="utf-8")) for s in SPLITS for p in (GOLD_DIR / s).glob("*.gold.json")]
    corpora = [g["corpus"] for g in golds]
    assert len(golds) >= 240
    assert corpora.count("trends-2024.jsonl.gz") >= 120
    assert corpora.count("baomoi-2017.jsonl.gz") >= 100
    assert corpora.count("baomoi-2013.jsonl.gz") >= 20
    assert len(list(GOLD_TEST_DIR.glob("*.gold.json"))) >= 80
    assert len(list((GOLD_DIR / "agreement").glob("*.gold.json"))) >= 30


def test_the_agreement_figures_are_reproducible():
    """docs/evaluation.md's agreement table: first annotations as annotated, against the second ones."""
    from presswatch.evaluate import agreement

    result = agreement(GOLD_DIR / "agreement", GOLD_DIR / "agreement" / "first", CORPUS_DIR)
    assert result["articles"] == 30
    assert abs(result["statements"]["f1"] - 0.6818) < 1e-3 and abs(result["events"]["f1"] - 0.9189) < 1e-3


def test_an_article_is_in_one_split_only():
    ids = [p.name for s in SPLITS for p in (GOLD_DIR / s).glob("*.gold.json")]
    assert len(ids) == len(set(ids))
    seconds = {p.name for p in (GOLD_DIR / "agreement").glob("*.gold.json")}
    assert seconds <= set(ids), "a second annotation without a first one"


@pytest.mark.parametrize("split", [*SPLITS, "agreement", "agreement/first"])
def test_every_gold_file_passes_validate_gold(materialized, split):
    validate = _module("validate_gold")
    if validate is None:
        pytest.skip("../shared/eval/validate_gold.py is not available")
    problems = [f"{p.name}: {x}" for p in sorted(materialized[split].glob("*.gold.json")) for x in validate.problems(materialized[split], p)]
    assert not problems, "\n".join(problems[:30])


def test_a_missing_corpus_is_a_clear_error(tmp_path):
    (tmp_path / "a.gold.json").write_text(json.dumps({"corpus": "nowhere.jsonl.gz", "corpus_id": "x", "file": "x.txt"}), encoding="utf-8")
    with pytest.raises(CorpusMissing, match="nowhere.jsonl.gz"):
        load_gold(tmp_path, CORPUS_DIR)


@pytest.fixture(scope="module")
def test_scores(materialized) -> dict:
    result = evaluate_dir(materialized["test"])
    print(f"\ntest split: {result['articles']} articles")
    for name, entry in result.items():
        if isinstance(entry, dict):
            print(f"  {name:18} {_value(entry):.3f}")
    return result


def test_every_test_article_is_extracted(test_scores):
    assert test_scores["missing"] == []
    assert test_scores["articles"] == len(list(GOLD_TEST_DIR.glob("*.gold.json")))


@pytest.mark.parametrize("metric", sorted(json.loads(RECORDED.read_text(encoding="utf-8"))) if RECORDED.exists() else [])
def test_test_split_floor(test_scores, metric):
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))[metric]
    assert _value(test_scores[metric]) >= recorded - MARGIN, f"{metric}: {_value(test_scores[metric]):.3f} < recorded {recorded:.3f} - {MARGIN}"


def test_the_recorded_figures_cover_every_kind():
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert set(KINDS) <= set(recorded)


def test_evaluate_agrees_with_the_reference_scorer(materialized, test_scores, tmp_path):
    score = _module("score")
    if score is None:
        pytest.skip("../shared/eval/score.py is not available")
    from presswatch import Failure, extract_paths

    output = tmp_path / "output.jsonl"
    with output.open("w", encoding="utf-8") as handle:
        for item in extract_paths(sorted(str(p) for p in materialized["test"].glob("*.txt"))):
            assert not isinstance(item, Failure), str(item)
            handle.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    reference = score.score(materialized["test"], output)
    for name, entry in reference.items():
        if isinstance(entry, dict):
            assert abs(_value(test_scores[name]) - _value(entry)) < 1e-3, (name, test_scores[name], entry)


def test_the_statement_model_was_fitted_on_this_train_split():
    """The model file says which gold it came from: `make train` again after the train split changes."""
    import hashlib

    fitted = json.loads((Path(__file__).parents[1] / "src/presswatch/lexicon/models/statements.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    for path in sorted((GOLD_DIR / "train").glob("*.gold.json")):
        digest.update(path.name.encode() + path.read_bytes())
    assert fitted["fitted_on"]["gold_sha256"] == digest.hexdigest()[:16]
