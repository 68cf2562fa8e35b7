"""What changed between two versions of a document (an SKP's content), as a small diff for the
audit trail: ``{"rhk.r1.iki.i1.target.value": {"before": 2, "after": 6}, ...}``.

Lists of items with an ``id`` (RHK, IKI) are matched by id, so a reordered or inserted item
names only what changed; other lists are compared whole. A value that is absent on one side is
None there."""

from __future__ import annotations

from typing import Any

MAX_CHANGES = 60
"""At most this many paths are named; the rest are counted under ``"…"``."""


def _flat(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if not value and path:
            out[path] = {}
        for key, inner in value.items():
            _flat(inner, f"{path}.{key}" if path else str(key), out)
    elif (
        isinstance(value, list | tuple)
        and value
        and all(isinstance(item, dict) and "id" in item for item in value)
    ):
        for item in value:
            _flat({k: v for k, v in item.items() if k != "id"}, f"{path}.{item['id']}", out)
    else:
        out[path] = list(value) if isinstance(value, tuple) else value


def changes(before: dict | None, after: dict | None) -> dict[str, dict[str, Any]]:
    """Each path whose value differs, with the value before and after (None: absent)."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    _flat(before or {}, "", old)
    _flat(after or {}, "", new)
    found = {
        path: {"before": old.get(path), "after": new.get(path)}
        for path in sorted(old.keys() | new.keys())
        if old.get(path) != new.get(path)
    }
    if len(found) <= MAX_CHANGES:
        return found
    kept = dict(list(found.items())[:MAX_CHANGES])
    kept["…"] = {"before": None, "after": f"{len(found) - MAX_CHANGES} more changes"}
    return kept
