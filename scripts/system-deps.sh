#!/bin/sh
# Installs what Qt needs from a Debian/Ubuntu system (and python3-venv where missing).
# As root it installs them; otherwise it names them in one line and carries on.
set -u
QT_LIBS="libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0 \
libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0 \
libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 fonts-dejavu-core"
EXTRA="${EXTRA_DEBIAN_PACKAGES:-}"
PACKAGES="$QT_LIBS $EXTRA"
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    PACKAGES="$PACKAGES python3-venv"
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Not a Debian-like system: install Qt 6's runtime libraries (OpenGL/EGL, fontconfig, xkbcommon, xcb-cursor) yourself." >&2
    exit 0
fi
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "Call Companion needs these system packages; ask an administrator to run: sudo apt-get install$missing" >&2
fi
