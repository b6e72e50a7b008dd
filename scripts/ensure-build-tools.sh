#!/bin/sh
# A C compiler and SQLite's headers: pip compiles pw_bm25 (src/presswatch/store/rank.c), the search
# ranking function, when it installs presswatch. Idempotent: quick when both are there.
set -e
HEADER=/usr/include/sqlite3ext.h
command -v cc >/dev/null 2>&1 && [ -f "$HEADER" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends gcc libc6-dev libsqlite3-dev
