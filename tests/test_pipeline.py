"""End to end on the bundled sample: the contract of DESIGN.md holds for every article."""

from pathlib import Path

from presswatch import Article, Failure, extract_paths

SAMPLE = Path(__file__).parents[1] / "sample"
CONTRACT = ("path", "title", "published", "authors", "outlet", "body", "directives", "people",
            "organizations", "localities", "events", "statements", "indicators")


def test_every_sample_article_has_the_contract_keys_and_valid_spans():
    articles = list(extract_paths([str(SAMPLE)]))
    assert articles and all(isinstance(a, Article) for a in articles)
    for article in articles:
        out = article.to_dict()
        assert all(k in out for k in CONTRACT)
        assert out["title"] and out["body"]
        for kind in CONTRACT[6:]:
            for fact in out[kind]:
                assert fact["spans"], (kind, fact)
                for start, end in fact["spans"]:
                    assert 0 <= start < end <= len(out["body"])


def test_a_missing_path_is_a_failure_and_the_rest_is_read(tmp_path):
    good = tmp_path / "a.txt"
    good.write_text("Tiêu đề bài viết\nSáng 15/5, đồng chí Nguyễn Văn An chủ trì hội nghị.\n", encoding="utf-8")
    items = list(extract_paths([str(tmp_path / "missing.txt"), str(good)]))
    assert isinstance(items[0], Failure) and "missing.txt" in items[0].origin
    assert isinstance(items[1], Article) and items[1].title == "Tiêu đề bài viết"
