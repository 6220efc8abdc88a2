#!/bin/sh
# Set up everything on a fresh machine, then run the test suite.
set -eu
cd "$(dirname "$0")/.."
EXTRA_DEBIAN_PACKAGES="${EXTRA_DEBIAN_PACKAGES:-desktop-file-utils appstream sqlite3}" sh scripts/system-deps.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
# pytest's 5 means "no tests collected": not a failure of the code under test.
[ "$status" -eq 5 ] && status=0
exit "$status"
