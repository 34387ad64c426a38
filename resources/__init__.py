"""Data files shipped with the app (demo media, icons). Installed as beatsync_desktop.resources."""
