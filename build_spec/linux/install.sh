#!/bin/sh
# Install this BeatSync folder for the current user (no root): menu entry, icon, "Open with".
#   ./install.sh            install (copies this folder to ~/.local/opt/BeatSync)
#   ./install.sh --check    only check the system libraries the window needs
#   ./install.sh --remove   uninstall
#
# The window needs the system libraries Qt's X11 platform plugin (xcb) links against; a
# minimal desktop can lack some (typically libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1).
# Debian/Ubuntu names of the whole set (README.md lists the same):
#   libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
#   libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
#   libxcb-xfixes0 libxcb-xkb1 libxcb1 libxkbcommon-x11-0 libxkbcommon0 libx11-xcb1 libx11-6
#   libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
# check_libraries asks ldd which of them the bundled plugin cannot find (the bundle's own
# copies count) and says in one sentence which are missing and how to install them.
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
DEST="${XDG_DATA_HOME:-$HOME/.local/share}"
OPT="$HOME/.local/opt/BeatSync"

# Debian package of a library file: libxcb-icccm.so.4 -> libxcb-icccm4, libdbus-1.so.3 -> libdbus-1-3
package_of() {
    case "$1" in
        libglib-2.0.so.*|libgobject-2.0.so.*|libgthread-2.0.so.*|libgio-2.0.so.*) echo libglib2.0-0; return ;;
        libz.so.*) echo zlib1g; return ;;
        libGLX.so.*) echo libglx0; return ;;
        libGLdispatch.so.*) echo libglvnd0; return ;;
        libbrotli*.so.*) echo libbrotli1; return ;;
    esac
    name=$(printf '%s' "${1%%.so*}" | tr '[:upper:]' '[:lower:]')
    version=${1#*.so.}
    version=${version%%.*}
    case "$name" in
        *[0-9]) echo "$name-$version" ;;
        *) echo "$name$version" ;;
    esac
}

# Prints the missing libraries' sentence and returns 1 when some are missing.
check_libraries() {
    plugin="$1/_internal/PySide6/Qt/plugins/platforms/libqxcb.so"
    if [ ! -f "$plugin" ] || ! command -v ldd >/dev/null 2>&1; then
        return 0                       # nothing to check with (no plugin in this build, or no ldd)
    fi
    missing=$(LD_LIBRARY_PATH="$1/_internal${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd "$plugin" 2>/dev/null \
        | awk '$2 == "=>" && $3 == "not" { if (!seen[$1]++) print $1 }')
    [ -z "$missing" ] && return 0
    packages=""
    for lib in $missing; do
        pkg=$(package_of "$lib")
        case " $packages " in *" $pkg "*) ;; *) packages="${packages:+$packages }$pkg" ;; esac
    done
    echo "BeatSync's window cannot open until these system libraries are installed: $(echo $missing | sed 's/ /, /g') (on Debian/Ubuntu: sudo apt-get install $packages)."
    return 1
}

case "${1:-}" in
    --remove)
        rm -rf "$OPT" "$DEST/applications/beatsync.desktop" "$DEST/icons/hicolor/512x512/apps/beatsync.png"
        update-desktop-database "$DEST/applications" 2>/dev/null || true
        echo "BeatSync removed."
        exit 0 ;;
    --check)
        if check_libraries "$HERE"; then echo "BeatSync: all system libraries its window needs are installed."; exit 0; fi
        exit 1 ;;
esac

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
check_libraries "$OPT" || true     # installed all the same: the sentence says what to add
