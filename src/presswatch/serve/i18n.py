"""The dashboard's words in Vietnamese (the default) and English, read from ui.tsv beside this module.

Templates call `t("key", name=value)`; a key missing from the file is a bug that a test catches
(tests/test_serve_api.py checks every key the templates use), and shows as the key itself.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

LANGUAGES = ("vi", "en")
DEFAULT = "vi"


@cache
def strings() -> dict[str, dict[str, str]]:
    """{key: {"vi": ..., "en": ...}} from ui.tsv."""
    out: dict[str, dict[str, str]] = {}
    for line in resources.files(__package__).joinpath("ui.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, *values = line.split("\t")
        if len(values) != len(LANGUAGES):
            raise ValueError(f"ui.tsv: {key!r} needs one column per language ({', '.join(LANGUAGES)})")
        out[key] = dict(zip(LANGUAGES, values))
    return out


def translator(lang: str):
    """t(key, **fields) in `lang`."""
    table = strings()

    def t(key: str, **fields: object) -> str:
        text = table.get(key, {}).get(lang, key)
        return text.format(**fields) if fields else text
    return t


def choose(query: str | None, cookie: str | None) -> str:
    """The language asked for in the URL (?lang=en), else the one remembered in the cookie, else Vietnamese."""
    for value in (query, cookie):
        if value in LANGUAGES:
            return value
    return DEFAULT
