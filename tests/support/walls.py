"""What the walls between the layers check: which modules a source folder imports."""

from __future__ import annotations

import ast
from pathlib import Path

QT_PACKAGES = ("pyside", "pyqt", "shiboken")


def qt_imports(folder: Path) -> list[str]:
    """'file imports module' for every Qt import in the folder's Python files."""
    found = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name} imports {name}" for name in names
                      if name.split(".")[0].lower().startswith(QT_PACKAGES)]
    return found
