"""The floors of the code and the imports between them, read from the source with `ast`.

`python -m tests.layers` prints every floor, every import that runs up a floor (deferred ones
included, marked so), the import circles between modules, the modules outside `functions/store`
that import PynamoDB and the calls outside it that reach the table through a record itself.
tests/unit/test_layers.py fails on any of them.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Top floor first. A module may import its own floor and the floors below it.
FLOORS: list[tuple[str, ...]] = [
    ("functions.local", "functions.simulation"),
    ("functions.api", "functions.console", "functions.webhooks"),
    ("functions.steps",),
    ("functions.services",),
    ("functions.engine",),
    ("functions.store", "schemas"),
    (
        "functions.domain",
        "functions.errors",
        "functions.clock",
        "functions.config",
        "functions.logs",
        "functions.metrics",
        "functions.traces",
    ),
]


def floor_of(module: str) -> int | None:
    best: tuple[int, int] | None = None
    for level, rooms in enumerate(FLOORS):
        for room in rooms:
            inside = module == room or module.startswith(room + ".")
            if inside and (best is None or len(room) > best[1]):
                best = (level, len(room))
    return None if best is None else best[0]


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    deferred: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def our_modules() -> dict[str, Path]:
    paths = [*ROOT.joinpath("functions").rglob("*.py"), *ROOT.joinpath("schemas").rglob("*.py")]
    return {module_name(path): path for path in sorted(paths)}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(module: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    # Imports under `if TYPE_CHECKING:` at top level count as top-level too.
    for node in tree.body:
        if isinstance(node, ast.If):
            top_level |= {id(child) for child in node.body}
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path.name == "__init__.py", node)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            found.append(Import(module, target, node.lineno, id(node) not in top_level))
    return found


def _known(target: str, modules: dict[str, Path]) -> str | None:
    """The longest module of ours that `target` names (an attribute import names its module)."""
    while target:
        if target in modules:
            return target
        target = target.rpartition(".")[0]
    return None


def graph() -> dict[str, set[Import]]:
    modules = our_modules()
    edges: dict[str, set[Import]] = defaultdict(set)
    for module, path in modules.items():
        for edge in imports_of(module, path):
            target = _known(edge.target, modules)
            if target and target != module:
                edges[module].add(Import(module, target, edge.line, edge.deferred))
    return edges


def upward(edges: dict[str, set[Import]]) -> list[Import]:
    found = []
    for imports in edges.values():
        for edge in imports:
            source, target = floor_of(edge.source), floor_of(edge.target)
            if source is not None and target is not None and target < source:
                found.append(edge)
    return sorted(found, key=lambda edge: (edge.source, edge.line))


def circles(edges: dict[str, set[Import]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan); a module importing its own
    package's ``__init__`` does not count."""
    graph_ = {
        source: {edge.target for edge in imports if not _is_parent(edge.target, source)}
        for source, imports in edges.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph_.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph_):
        if node not in index:
            visit(node)
    return sorted(groups)


def _is_parent(target: str, source: str) -> bool:
    return source.startswith(target + ".")


def pynamodb_outside_store() -> list[str]:
    found = []
    for module, path in our_modules().items():
        if module.startswith("functions.store"):
            continue
        for edge in imports_of(module, path):
            if edge.target.split(".")[0] == "pynamodb":
                found.append(f"{module}:{edge.line}")
    return sorted(set(found))


# What a PynamoDB record does to the table by itself: outside the store these calls would walk
# around the repository's door (and its check that a tenant writes only its own items).
RECORD_CLASS_CALLS = {"query", "get", "scan", "batch_get", "batch_write", "count", "exists"}
RECORD_INSTANCE_CALLS = {"save", "refresh"}


def storage_calls_outside_store() -> list[str]:
    """Calls that reach the table without the store: a record class's own reads
    (``XRecord.query``, ``XRecord.by_gsi1.query``) and a record's own writes (``.save()``,
    ``.refresh()``, ``.delete()`` with no argument, ``.update(actions=...)``)."""
    found = []
    for module, path in our_modules().items():
        if not module.startswith(("functions.store", "functions.local")):
            found += storage_calls_in(module, path)
    return sorted(found)


def storage_calls_in(module: str, path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    record_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("store.records")
        for alias in node.names
    }
    not_records = (
        NOT_RECORDS
        | {  # modules imported by name: `mapping.save(...)`
            alias.asname or alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
            if alias.name[:1].islower()
        }
    )
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, receiver = node.func.attr, node.func.value
        root = receiver
        while isinstance(root, ast.Attribute):
            root = root.value
        by_class = isinstance(root, ast.Name) and root.id in record_names
        by_record = (
            (name in RECORD_INSTANCE_CALLS and _is_record_like(receiver, not_records))
            or (name == "delete" and not node.args and _is_record_like(receiver, not_records))
            or (name == "update" and any(k.arg == "actions" for k in node.keywords))
        )
        if (by_class and name in RECORD_CLASS_CALLS) or by_record:
            found.append(f"{module}:{node.lineno} {ast.unparse(node.func)}")
    return found


# Receivers that are not records: the repositories themselves, an openpyxl workbook.
NOT_RECORDS = {"repo", "store", "book", "workbook"}


def _is_record_like(receiver: ast.expr, not_records: set[str]) -> bool:
    return not (isinstance(receiver, ast.Name) and receiver.id in not_records)


def main() -> None:
    edges = graph()
    modules = our_modules()
    counts = defaultdict(int)
    for module in modules:
        counts[floor_of(module)] += 1
    print("floors (top first):")
    for level, rooms in enumerate(FLOORS):
        print(f"  {level}  {', '.join(rooms)}  ({counts[level]} modules)")
    up = upward(edges)
    print(f"imports running up a floor: {len(up)} ({sum(e.deferred for e in up)} deferred)")
    for edge in up:
        mark = " (deferred)" if edge.deferred else ""
        print(f"  {edge.source}:{edge.line} -> {edge.target}{mark}")
    groups = circles(edges)
    print(f"import circles: {len(groups)}")
    for group in groups:
        print(f"  {len(group)} modules: {', '.join(group)}")
    outside = pynamodb_outside_store()
    print(f"pynamodb imports outside functions/store: {len(outside)}")
    for place in outside:
        print(f"  {place}")
    door = storage_calls_outside_store()
    print(f"storage calls outside functions/store: {len(door)}")
    for place in door:
        print(f"  {place}")


if __name__ == "__main__":
    main()
