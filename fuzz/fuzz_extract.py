"""atheris harness: any text (with any container metadata) cleaned and extracted. Every fact's spans
must point into the body, the body must be NFC; any exception is a crash. Run by `make fuzz`.
"""

import sys
import unicodedata

import atheris

with atheris.instrument_imports(include=["presswatch"]):
    from presswatch.clean import clean
    from presswatch import extract
    from presswatch.read import Document

KEYS = ["title", "date", "lead", "authors", "outlet", "section"]


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    meta = {k: fdp.ConsumeUnicodeNoSurrogates(40) for k in KEYS if fdp.ConsumeBool()}
    text = fdp.ConsumeUnicodeNoSurrogates(len(data))
    article = extract.run(clean(Document("fuzz.txt", text, meta)))
    assert unicodedata.is_normalized("NFC", article.body)
    for facts in article.facts.values():
        for fact in facts:
            for start, end in fact.spans:
                assert 0 <= start < end <= len(article.body), fact


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
