#!/bin/sh
# Install this BeatSync folder for the current user (no root): menu entry, icon, "Open with".
#   ./install.sh            install (copies this folder to ~/.local/opt/BeatSync)
#   ./install.sh --remove   uninstall
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
DEST="${XDG_DATA_HOME:-$HOME/.local/share}"
OPT="$HOME/.local/opt/BeatSync"
if [ "${1:-}" = "--remove" ]; then
    rm -rf "$OPT" "$DEST/applications/beatsync.desktop" "$DEST/icons/hicolor/512x512/apps/beatsync.png"
    update-desktop-database "$DEST/applications" 2>/dev/null || true
    echo "BeatSync removed."
    exit 0
fi
mkdir -p "$HOME/.local/opt" "$DEST/applications" "$DEST/icons/hicolor/512x512/apps"
if [ "$HERE" != "$OPT" ]; then
    rm -rf "$OPT"
    cp -a "$HERE" "$OPT"            # -a keeps the bundle's symlinks
fi
cp "$OPT/_internal/beatsync_desktop/resources/icons/beatsync.png" "$DEST/icons/hicolor/512x512/apps/beatsync.png"
sed "s|^Exec=BeatSync|Exec=\"$OPT/BeatSync\"|" "$OPT/beatsync.desktop" > "$DEST/applications/beatsync.desktop"
update-desktop-database "$DEST/applications" 2>/dev/null || true
gtk-update-icon-cache "$DEST/icons/hicolor" 2>/dev/null || true
echo "BeatSync installed in $OPT (menu: BeatSync)."
