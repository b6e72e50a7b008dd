"""atheris harness: any text as an HTML page. The page reader must give a `Document` (with captions
as noise) or a `ReadError` with the reason; any exception is a crash. Run by `make fuzz`.
"""

import sys

import atheris

with atheris.instrument_imports(include=["presswatch"]):
    from presswatch.read import Document, ReadError
    from presswatch.read.html import html_document


def test_one(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    result = html_document("page.html", text, {"url": "https://example.vn/2017/02/08/a.html"})
    assert isinstance(result, (Document, ReadError)), result
    if isinstance(result, Document):
        assert all(n.reason == "caption" for n in result.noise)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
