#!/bin/sh
# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; `playwright install`
# downloads a browser of its own, which this project never does). Idempotent: quick when installed.
set -e
command -v chromium >/dev/null 2>&1 && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
