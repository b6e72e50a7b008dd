"""Screenshots of dashboard pages with Debian's Chromium, for the README: URL OUT.png [URL OUT.png ...].

    make demo &    # then:
    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000/ docs/screenshots/demo-overview.png
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(pairs: list[str]) -> None:
    if not pairs or len(pairs) % 2:
        raise SystemExit(__doc__)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for url, out in zip(pairs[::2], pairs[1::2]):
            page.goto(url)
            page.screenshot(path=out, full_page=True)
            print(f"{out}: {page.title()}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
