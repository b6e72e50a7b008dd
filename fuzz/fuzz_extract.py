"""atheris harness: any text (with any container metadata, under any origin) cleaned and extracted.
Every fact's spans must point into the body, the body must be NFC, and the article must serialize
to JSON whatever its origin (a name that is not UTF-8 comes as lone surrogates); any exception is a
crash. Run by `make fuzz`.
"""

import sys
import unicodedata

import atheris
import orjson

with atheris.instrument_imports(include=["presswatch"]):
    from presswatch.clean import clean
    from presswatch import extract
    from presswatch.read import Document

KEYS = ["title", "date", "lead", "authors", "outlet", "section"]


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    origin = fdp.ConsumeUnicode(30)  # any code point, surrogates and controls included
    meta = {k: fdp.ConsumeUnicodeNoSurrogates(40) for k in KEYS if fdp.ConsumeBool()}
    text = fdp.ConsumeUnicodeNoSurrogates(len(data))
    article = extract.run(clean(Document(origin, text, meta)))
    assert unicodedata.is_normalized("NFC", article.body)
    orjson.dumps(article.to_dict())
    for facts in article.facts.values():
        for fact in facts:
            for start, end in fact.spans:
                assert 0 <= start < end <= len(article.body), fact


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
