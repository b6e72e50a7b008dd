"""One identity for an article, the same in every output (Spark's Parquet datasets, the store).

`content_hash` is what the store compares to know that two inputs are the same article;
`article_key` is the key that joins an article to its facts: the source's own id when it gave
one (stable across re-crawls that fix a typo), the content hash otherwise.
"""

from __future__ import annotations

import hashlib

from .model import Article
from .text import nfc


def content_hash(article: Article) -> str:
    """sha1 hex of the NFC body as UTF-8: equal bodies, equal hashes, whatever file they came from."""
    return hashlib.sha1(nfc(article.body).encode("utf-8")).hexdigest()


def article_key(article: Article) -> str:
    """The article's own id when its source gave one, else its content hash."""
    return article.id or content_hash(article)
