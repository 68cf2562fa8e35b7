"""The domain is plain Python: it imports the standard library and itself, nothing else."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import functions.domain

DOMAIN = Path(functions.domain.__file__).parent


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_domain_imports_only_the_standard_library_and_itself():
    foreign = {}
    for path in sorted(DOMAIN.glob("*.py")):
        outside = {
            name
            for name in imported(path)
            if name.split(".")[0] not in sys.stdlib_module_names
            and not name.startswith("functions.domain")
            and name != "__future__"
        }
        if outside:
            foreign[path.name] = outside
    assert foreign == {}


def test_the_package_exports_what_it_lists():
    missing = [name for name in functions.domain.__all__ if not hasattr(functions.domain, name)]
    assert missing == []
