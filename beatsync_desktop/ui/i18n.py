"""Translations: English in the source, Simplified Chinese from i18n/beatsync_zh_CN.qm.

Sources are `i18n/*.ts` (pyside6-lupdate), compiled `.qm` (pyside6-lrelease) are shipped.
Rebuild both with `python -m beatsync_desktop.ui.i18n --update`.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
I18N_DIR = HERE / "i18n"
SUPPORTED = ("en", "zh_CN")


def resolve(code: str) -> str:
    """'' (follow the system) → a supported language code."""
    if code in SUPPORTED:
        return code
    if code.startswith("zh"):
        return "zh_CN"
    if code:
        return "en"
    for name in QLocale.system().uiLanguages():
        lang = name.replace("-", "_")
        if lang.startswith("zh"):
            return "zh_CN"   # Traditional-script users read Simplified better than English
        if lang.startswith("en"):
            return "en"
    return "en"


class Translations:
    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.current = "en"

    def apply(self, code: str) -> str:
        """Install translators for `code` ('' = system). Widgets get a LanguageChange event."""
        app = QCoreApplication.instance()
        lang = resolve(code)
        for t in self._installed:
            app.removeTranslator(t)
        self._installed = []
        if lang != "en":
            ours = QTranslator(app)
            if ours.load(str(I18N_DIR / f"beatsync_{lang}.qm")):
                app.installTranslator(ours)
                self._installed.append(ours)
            else:
                log.warning("No translation file for %s in %s", lang, I18N_DIR)
            qt = QTranslator(app)   # Qt's own dialogs (file pickers, message boxes)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(f"qtbase_{lang}", qt_dir):
                app.installTranslator(qt)
                self._installed.append(qt)
        QLocale.setDefault(QLocale(lang))
        self.current = lang
        return lang


def update(compile_only: bool = False) -> None:
    """Developer helper: refresh the .ts from the sources, then compile .qm."""
    sources = sorted(str(p) for p in HERE.rglob("*.py"))
    for lang in SUPPORTED[1:]:
        ts = I18N_DIR / f"beatsync_{lang}.ts"
        if not compile_only:
            subprocess.run(["pyside6-lupdate", *sources, "-ts", str(ts), "-no-obsolete"],
                           check=True)
        subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(ts.with_suffix(".qm"))],
                       check=True)


if __name__ == "__main__":   # pragma: no cover
    update(compile_only="--compile" in sys.argv)
