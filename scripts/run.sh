#!/bin/sh
# Set up everything on a fresh machine, then start Call Companion.
set -eu
cd "$(dirname "$0")/.."
sh scripts/system-deps.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
exec .venv/bin/companion "$@"
