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
    """Developer helper: refresh the .ts from the sources, then compile .qm.

    The sources are the window's modules and the engine's sentence catalogue
    (core/messages.py: context "Engine"). A sentence that moved to another class (another
    context) keeps its translation: after lupdate, an unfinished message whose source text
    was translated before gets that translation."""
    sources = sorted(str(p) for p in HERE.rglob("*.py"))
    sources.append(str(HERE.parent / "core" / "messages.py"))
    for lang in SUPPORTED[1:]:
        ts = I18N_DIR / f"beatsync_{lang}.ts"
        if not compile_only:
            known = translations_in(ts)
            subprocess.run(["pyside6-lupdate", *sources, "-ts", str(ts), "-no-obsolete"],
                           check=True)
            if carry_over(ts, known):
                subprocess.run(["pyside6-lupdate", *sources, "-ts", str(ts), "-no-obsolete"],
                               check=True)      # lupdate's own layout again
        subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(ts.with_suffix(".qm"))],
                       check=True)


def translations_in(ts: Path) -> dict[str, str]:
    """{source text: translation} of the finished messages of a .ts file."""
    import xml.etree.ElementTree as ET
    if not ts.exists():
        return {}
    out = {}
    for message in ET.parse(ts).iter("message"):
        tr = message.find("translation")
        if tr is not None and tr.text and tr.get("type") not in ("unfinished", "obsolete",
                                                                  "vanished"):
            out[message.findtext("source")] = tr.text
    return out


def carry_over(ts: Path, known: dict[str, str]) -> int:
    """Fill unfinished messages whose source text has a translation in `known`."""
    import xml.etree.ElementTree as ET
    tree = ET.parse(ts)
    filled = 0
    for message in tree.iter("message"):
        tr = message.find("translation")
        source = message.findtext("source")
        if tr is not None and tr.get("type") == "unfinished" and source in known:
            tr.text = known[source]
            del tr.attrib["type"]
            filled += 1
    if filled:
        tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


if __name__ == "__main__":   # pragma: no cover
    update(compile_only="--compile" in sys.argv)
