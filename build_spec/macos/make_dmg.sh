#!/usr/bin/env bash
# Make a compressed, drag-to-Applications disk image of BeatSync.app.
#   make_dmg.sh dist/BeatSync.app dist/BeatSync-<version>.dmg
# hdiutil fails at random on hosted CI ("Resource busy"), so it is retried.
set -euo pipefail

APP="${1:?usage: $0 APP DMG}"
DMG="${2:?usage: $0 APP DMG}"
VOLNAME="BeatSync"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
# ditto keeps symlinks, extended attributes and signatures (cp -R / zip would not).
ditto "$APP" "$STAGE/$(basename "$APP")"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"

for attempt in 1 2 3 4 5; do
    if hdiutil create -volname "$VOLNAME" -srcfolder "$STAGE" -ov -fs HFS+ \
            -format UDZO -imagekey zlib-level=9 "$DMG"; then
        echo "[dmg] wrote $DMG"
        hdiutil verify "$DMG"
        exit 0
    fi
    echo "[dmg] hdiutil failed (attempt $attempt); retrying in $((attempt * 5)) s" >&2
    sleep $((attempt * 5))
done
echo "[dmg] hdiutil kept failing" >&2
exit 1
