#!/bin/sh
# Install the built bundle for the current user, as a proper desktop app:
#   the program in ~/.local/lib/call-companion, `companion` on the PATH (~/.local/bin),
#   the menu entry, the icons and the AppStream metadata under ~/.local/share.
# build.sh copies this script into the bundle; run it from there:
#   dist/call-companion/install.sh            install (or update)
#   dist/call-companion/install.sh --remove   uninstall (your calls and settings stay)
# PREFIX=/usr/local (as root) installs for all users instead.
set -eu

APP_ID=app.callcompanion.CallCompanion
BUNDLE="$(cd "$(dirname "$0")" && pwd)"
PREFIX="${PREFIX:-$HOME/.local}"
DATA="${XDG_DATA_HOME:-$PREFIX/share}"
[ "$PREFIX" = "$HOME/.local" ] || DATA="$PREFIX/share"
LIB="$PREFIX/lib/call-companion"
BIN="$PREFIX/bin"

refresh_caches() {
    # Optional helpers: desktops notice the changes sooner where they exist.
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--remove" ]; then
    rm -rf "$LIB"
    rm -f "$BIN/companion" "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml"
    rm -f "$DATA"/icons/hicolor/*/apps/"$APP_ID".png
    refresh_caches
    echo "Call Companion removed. Your calls and settings are still in ~/.local/share/call-companion and ~/.config/call-companion."
    exit 0
fi

[ -x "$BUNDLE/companion" ] || { echo "Run this script from the built bundle (dist/call-companion/)." >&2; exit 1; }
"$BUNDLE/companion" --self-test >/dev/null || { echo "The bundle's self-test failed; not installing." >&2; exit 1; }

# Copy next to the old copy, then swap, so an update never leaves half a program behind.
mkdir -p "$PREFIX/lib" "$BIN"
rm -rf "$LIB.new"
cp -a "$BUNDLE" "$LIB.new"
rm -rf "$LIB.old"
[ -d "$LIB" ] && mv "$LIB" "$LIB.old"
mv "$LIB.new" "$LIB"
rm -rf "$LIB.old"
ln -sf "$LIB/companion" "$BIN/companion"

# The menu entry points at the installed program itself, so it works even where
# ~/.local/bin is not on the PATH the desktop session uses.
mkdir -p "$DATA/applications" "$DATA/metainfo"
sed -e "s|^Exec=companion|Exec=$LIB/companion|" -e "s|^TryExec=companion|TryExec=$LIB/companion|" \
    "$BUNDLE/share/applications/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
cp "$BUNDLE/share/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
for icon in "$BUNDLE"/share/icons/hicolor/*/apps/"$APP_ID".png; do
    size_dir="$(basename "$(dirname "$(dirname "$icon")")")"
    mkdir -p "$DATA/icons/hicolor/$size_dir/apps"
    cp "$icon" "$DATA/icons/hicolor/$size_dir/apps/"
done
refresh_caches
echo "Call Companion installed: find it in your applications menu, or run $BIN/companion"
