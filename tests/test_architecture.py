"""The dependency rule of docs/ARCHITECTURE.md, checked on the source itself.

- Only `companion/ui/` imports Qt.
- `companion/core/` imports nothing of the project but `core` and `errors` (and no I/O
  libraries such as sqlite).
- `companion/store/` imports neither `export`, `integrations` nor `ui`.
- SQL against the schema is written only in `companion/store/`.
- Only the store imports `sqlite3`: it turns SQLite's errors into the project's own problem
  types, which is all the other packages ever catch.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "companion"
SQL = re.compile(r"^\s*(PRAGMA\s|SELECT\s.+\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|"
                 r"CREATE\s+(TABLE|INDEX|TRIGGER)\s|WITH\s+\w+\s+AS\s*\()", re.IGNORECASE | re.DOTALL)


@functools.cache
def modules() -> list[tuple[str, Path, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        found.append((name, path, ast.parse(path.read_text(encoding="utf-8"), str(path))))
    return found


def imported_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(rule) -> list[str]:
    found = []
    for name, path, tree in modules():
        for problem in rule(name, tree):
            found.append(f"{path.relative_to(PACKAGE.parent)}: {problem}")
    return found


def test_only_the_ui_package_imports_qt():
    def rule(name, tree):
        if package_of(name) == "ui":
            return []
        return [f"imports {m}" for m in sorted(imported_names(tree)) if m.split(".")[0] in ("PySide6", "shiboken6")]

    assert violations(rule) == []


def test_core_depends_only_on_core_and_errors():
    def rule(name, tree):
        if package_of(name) != "core":
            return []
        bad = []
        for module in sorted(imported_names(tree)):
            top = module.split(".")[0]
            if top == "companion" and module.split(".")[1] not in ("core", "errors"):
                bad.append(f"imports {module}")
            if top in ("sqlite3", "sqlite_utils", "keyring", "platformdirs", "PySide6"):
                bad.append(f"imports {module} (core does no I/O)")
        return bad

    assert violations(rule) == []


def test_store_does_not_depend_on_the_layers_above_it():
    def rule(name, tree):
        if package_of(name) != "store":
            return []
        return [f"imports {m}" for m in sorted(imported_names(tree))
                if m.startswith(("companion.export", "companion.integrations", "companion.ui"))]

    assert violations(rule) == []


def test_sql_is_written_only_in_the_store():
    def rule(name, tree):
        if package_of(name) == "store":
            return []
        return [f"SQL at line {node.lineno}: {node.value.strip()[:50]!r}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value)]

    assert violations(rule) == []


def test_only_the_store_handles_sqlite_errors():
    def rule(name, tree):
        if package_of(name) == "store":
            return []
        # The ui may hold the database handle (sqlite_utils.Database); errors are the store's.
        return [f"imports {m}" for m in sorted(imported_names(tree)) if m.split(".")[0] == "sqlite3"]

    assert violations(rule) == []


def test_modules_and_classes_stay_small():
    """A module over 400 lines, or a class over 300, is usually two ideas."""

    def rule(name, tree):
        problems = []
        lines = max((getattr(node, "end_lineno", 0) or 0) for node in ast.walk(tree)) if tree.body else 0
        if lines > 400:
            problems.append(f"{lines} lines")
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 300:
                problems.append(f"class {node.name} has {node.end_lineno - node.lineno + 1} lines")
        return problems

    assert violations(rule) == []


def test_the_rules_see_a_breach():
    """The checks above would catch a breach: run one rule on a module that breaks it."""
    tree = ast.parse("from PySide6.QtCore import QObject\nQUERY = 'SELECT id FROM calls WHERE x = 1'\n")
    assert "PySide6.QtCore" in imported_names(tree)
    assert any(isinstance(n, ast.Constant) and isinstance(n.value, str) and SQL.match(n.value)
               for n in ast.walk(tree))
