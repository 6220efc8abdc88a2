#!/bin/sh
# Build the one-folder app bundle into dist/call-companion/ and self-test it.
#
#   sh packaging/build.sh
#
# Uses $PYTHON if set, else the checkout's .venv (made by scripts/run.sh or test.sh),
# else python3; installs PyInstaller into it when missing. Prints the build time and
# the bundle's size at the end. Linux only (see packaging/README.md for the others).
set -eu
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
APP_ID=app.callcompanion.CallCompanion
DIST="$ROOT/dist/call-companion"

if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
"$PYTHON" -c "import PySide6, sqlite_utils, keyring, platformdirs" 2>/dev/null \
    || "$PYTHON" -m pip install -q -e .
"$PYTHON" -m PyInstaller --version >/dev/null 2>&1 \
    || "$PYTHON" -m pip install -q "pyinstaller>=6.6"

started=$(date +%s)

# The committed PNG icons must match the SVG they are drawn from.
"$PYTHON" packaging/make_icons.py --check

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/companion.spec

# Desktop integration files beside the program, laid out as under /usr/share, and the
# script that installs them.
mkdir -p "$DIST/share/applications" "$DIST/share/metainfo"
cp packaging/$APP_ID.desktop "$DIST/share/applications/"
cp packaging/$APP_ID.metainfo.xml "$DIST/share/metainfo/"
for icon in resources/icons/hicolor/*/apps/$APP_ID.png; do
    size_dir="$(basename "$(dirname "$(dirname "$icon")")")"
    mkdir -p "$DIST/share/icons/hicolor/$size_dir/apps"
    cp "$icon" "$DIST/share/icons/hicolor/$size_dir/apps/"
done
cp packaging/install.sh "$DIST/install.sh"
chmod +x "$DIST/install.sh"

built=$(date +%s)

# Self-test the bundle as a user would run it: outside the checkout, with a bare
# environment, so it cannot lean on the source tree or this machine's Python.
report="$ROOT/build/self-test.txt"
mkdir -p "$ROOT/build"
( cd /tmp && env -i HOME="${HOME:-/tmp}" PATH=/usr/bin:/bin LANG=C.UTF-8 "$DIST/companion" --self-test ) \
    > "$report" 2>&1 || { cat "$report"; echo "Self-test of the bundle FAILED" >&2; exit 1; }
cat "$report"
grep -q "^ok   resources: $DIST/" "$report" \
    || { echo "The bundle found its resources outside itself" >&2; exit 1; }

echo
echo "Bundle: $DIST"
echo "Build time: $((built - started)) s (self-test included: $(( $(date +%s) - started )) s)"
echo "Size: $(du -sh "$DIST" | cut -f1) on disk, $(tar -C "$ROOT/dist" -czf - call-companion | wc -c | awk '{printf "%.0f MB", $1/1000000}') as .tar.gz"
echo "Start it: $DIST/companion    Install it for this user: $DIST/install.sh"
