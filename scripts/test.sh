#!/bin/sh
# Set up everything on a fresh machine, then run the test suite.
set -eu
cd "$(dirname "$0")/.."
# espeak-ng, sox and pulseaudio: the listening tests speak WAV files and play them through a
# headless sound server.
# xvfb, openbox, xterm and xdotool: the in-call tests drive real windows on a private X server.
EXTRA_DEBIAN_PACKAGES="${EXTRA_DEBIAN_PACKAGES:-desktop-file-utils appstream sqlite3 espeak-ng sox pulseaudio pulseaudio-utils libpulse0 libreoffice-calc-nogui xvfb xauth openbox xterm xdotool}" sh scripts/system-deps.sh
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,speech]"
# Lint and import order (ruff), then strict typing of companion/core and companion/store
# (mypy); settings in pyproject.toml. A finding stops the run here.
.venv/bin/python -m ruff check .
.venv/bin/python -m mypy
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
# pytest's 5 means "no tests collected": not a failure of the code under test.
[ "$status" -eq 5 ] && status=0
exit "$status"
