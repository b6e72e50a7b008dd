#!/usr/bin/env bash
# Spark needs a Java runtime (17 or 21). Install Debian's headless JRE 17 only when `java` is absent.
set -euo pipefail
command -v java >/dev/null 2>&1 && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "presswatch: no java found; installing openjdk-17-jre-headless (for Spark)" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
