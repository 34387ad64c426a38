#!/usr/bin/env bash
# Sign (hardened runtime) and notarise BeatSync on macOS — only when credentials are given.
#
#   sign_and_notarize.sh app dist/BeatSync.app     sign every Mach-O inside, then the app
#   sign_and_notarize.sh dmg dist/BeatSync-X.dmg   sign the dmg, notarise it, staple it
#
# Credentials (environment); without them each step prints "skipped" and exits 0:
#   MACOS_SIGN_IDENTITY   "Developer ID Application: Name (TEAMID)", in the keychain
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   for `xcrun notarytool` (app-specific password)
# Without an identity the app keeps the ad-hoc signature PyInstaller gives it: it runs on
# the build machine and on Apple Silicon, but Gatekeeper will warn on other Macs.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENTITLEMENTS="$HERE/entitlements.plist"
MODE="${1:?usage: $0 app|dmg PATH}"
TARGET="${2:?usage: $0 app|dmg PATH}"
IDENTITY="${MACOS_SIGN_IDENTITY:-}"

sign() {  # sign [extra codesign args] path
    codesign --force --timestamp --options runtime --sign "$IDENTITY" "$@"
}

sign_app() {
    local app="$1"
    if [[ -z "$IDENTITY" ]]; then
        echo "[sign] MACOS_SIGN_IDENTITY not set: signing skipped (ad-hoc signature kept)"
        return 0
    fi
    echo "[sign] signing $app as $IDENTITY"
    local main_exe="$app/Contents/MacOS/BeatSync"
    # 1. every Mach-O file, deepest first (inside-out, as Apple requires). Executables (the
    #    main one, or an ffmpeg binary if one is bundled) get the entitlements.
    while IFS= read -r f; do
        [[ "$f" == "$main_exe" ]] && continue
        kind="$(file -b "$f")"
        [[ "$kind" == *Mach-O* ]] || continue
        if [[ "$kind" == *executable* ]]; then
            sign --entitlements "$ENTITLEMENTS" "$f"
        else
            sign "$f"
        fi
    done < <(find "$app/Contents" -type f ! -path "*/_CodeSignature/*" \
               | awk -F/ '{ print NF "\t" $0 }' | sort -rn | cut -f2-)
    # 2. framework bundles (Qt*.framework), deepest first
    while IFS= read -r fw; do
        sign "$fw"
    done < <(find "$app/Contents" -type d -name "*.framework" \
               | awk -F/ '{ print NF "\t" $0 }' | sort -rn | cut -f2-)
    # 3. the app itself, with the hardened-runtime entitlements
    sign --entitlements "$ENTITLEMENTS" "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
    echo "[sign] $app signed and verified"
}

notarize_dmg() {
    local dmg="$1"
    if [[ -z "$IDENTITY" ]]; then
        echo "[notarize] MACOS_SIGN_IDENTITY not set: dmg signing and notarisation skipped"
        return 0
    fi
    codesign --force --timestamp --sign "$IDENTITY" "$dmg"
    if [[ -z "${APPLE_ID:-}" || -z "${APPLE_TEAM_ID:-}" || -z "${APPLE_APP_PASSWORD:-}" ]]; then
        echo "[notarize] APPLE_ID / APPLE_TEAM_ID / APPLE_APP_PASSWORD not set: notarisation skipped"
        return 0
    fi
    echo "[notarize] submitting $dmg (this usually takes a few minutes)"
    xcrun notarytool submit "$dmg" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait --timeout 45m
    xcrun stapler staple "$dmg"
    xcrun stapler validate "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg" || true
    echo "[notarize] $dmg notarised and stapled"
}

case "$MODE" in
    app) sign_app "$TARGET" ;;
    dmg) notarize_dmg "$TARGET" ;;
    *) echo "usage: $0 app|dmg PATH" >&2; exit 2 ;;
esac
