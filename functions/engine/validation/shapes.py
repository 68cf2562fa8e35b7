"""JSON Schema helpers: the shapes of state data. What a literal is, what holds on two ways
into a state, what a path reads, what a ResultPath writes and how large a value may get.
"""

from __future__ import annotations

import json
import re

from functions.engine.validation.structure import NAME

ANY: dict = {}
STRING_BYTES = 256  # assumed size of a string without maxLength


def type_of(schema: dict) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return kinds[0] if len(kinds) == 1 else None
    return kind


def literal_schema(value: object) -> dict:
    if isinstance(value, bool):
        return {"type": "boolean", "const": value}
    if isinstance(value, int):
        return {"type": "integer", "const": value}
    if isinstance(value, float):
        return {"type": "number", "const": value}
    if isinstance(value, str):
        return {"type": "string", "const": value}
    if value is None:
        return {"type": "null"}
    if isinstance(value, list):
        return {"type": "array"}
    if isinstance(value, dict):
        props = {k: literal_schema(v) for k, v in value.items()}
        return {"type": "object", "properties": props, "required": sorted(props)}
    return ANY


def intersect(a: dict | None, b: dict | None) -> dict | None:
    """What is sure on both ways in: fields present on both, with the types both agree on."""
    if a is None:
        return b
    if b is None:
        return a
    if a == b:
        return a
    if type_of(a) == "object" and type_of(b) == "object":
        pa, pb = a.get("properties", {}), b.get("properties", {})
        ra, rb = set(a.get("required", [])), set(b.get("required", []))
        props = {k: intersect(pa[k], pb[k]) or ANY for k in pa.keys() & pb.keys()}
        return {"type": "object", "properties": props, "required": sorted(ra & rb & set(props))}
    if type_of(a) and type_of(a) == type_of(b):
        return {"type": type_of(a)}
    return ANY


def _split(path: str) -> list[str]:
    return [a or b or c for a, b, c in re.findall(rf"\.({NAME})|\['([^']+)'\]|\[(\d+)\]", path)]


def resolve(shape: dict, path: str) -> tuple[dict | None, str]:
    """The schema at ``path`` in ``shape``; None and the first missing part when not sure."""
    node = shape
    for part in _split(path):
        if node == ANY or type_of(node) is None:
            return ANY, ""
        if type_of(node) == "array":
            node = node.get("items", ANY)
            continue
        if type_of(node) != "object":
            return None, part
        props = node.get("properties", {})
        if part in props and part in node.get("required", []):
            node = props[part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None, part
    return node, ""


def present(shape: dict, path: str) -> dict:
    """``shape`` where a Choice found ``path`` present (IsPresent): the fields on the way to it
    that the schema knows but does not require are there."""
    parts = _split(path)

    def mark(node: dict, rest: list[str]) -> dict:
        props = node.get("properties", {}) if type_of(node) == "object" else {}
        if not rest or rest[0] not in props:
            return node
        inner = mark(props[rest[0]], rest[1:])
        required = sorted({*node.get("required", []), rest[0]})
        return {**node, "properties": {**props, rest[0]: inner}, "required": required}

    return mark(shape, parts)


def assign(shape: dict, path: str | None, value: dict) -> dict:
    """The state data after putting ``value`` at ResultPath ``path``."""
    if path is None:
        return shape
    parts = _split(path)
    if not parts:
        return value

    def put(node: dict, rest: list[str]) -> dict:
        if type_of(node) != "object":
            node = {"type": "object", "properties": {}, "required": []}
        props = dict(node.get("properties", {}))
        props[rest[0]] = value if len(rest) == 1 else put(props.get(rest[0], ANY), rest[1:])
        required = sorted({*node.get("required", []), rest[0]})
        return {**node, "properties": props, "required": required}

    return put(shape, parts)


def estimated_size(schema: dict, depth: int = 0) -> int:
    """A generous estimate of the JSON size of a value of ``schema``, in bytes."""
    if depth > 8:
        return 1024
    kind = type_of(schema)
    if "const" in schema:
        return len(json.dumps(schema["const"]))
    if kind == "string":
        return int(schema.get("maxLength", STRING_BYTES)) + 2
    if kind in ("integer", "number"):
        return 20
    if kind in ("boolean", "null"):
        return 5
    if kind == "array":
        return int(schema.get("maxItems", 100)) * (
            estimated_size(schema.get("items", ANY), depth + 1) + 1
        )
    if kind == "object":
        props = schema.get("properties", {})
        total = 2 + sum(len(k) + 4 + estimated_size(v, depth + 1) for k, v in props.items())
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            total += 20 * (STRING_BYTES + estimated_size(extra, depth + 1))
        return total
    return 1024
