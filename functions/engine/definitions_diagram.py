"""An SVG diagram of a workflow definition, laid out in layers (no graphviz binary needed).

States are placed in layers by their longest distance from ``StartAt`` along forward edges
(edges that close a loop are found by a depth-first search and drawn curving back up); within a
layer, states are ordered by the mean position of their predecessors. ``Catch`` edges are
dashed, Choice edges carry the value they test. Pure: a dict in, SVG text out.

:func:`graph` gives the same states and transitions as plain JSON (nodes with their kind, edges
with their label and whether they catch an error or a timeout) for the console, whose page lays
them out with a graph-layout library; this SVG stays its no-script fallback.
"""

from __future__ import annotations

from html import escape

from functions.engine.validation import WAIT_FOR_TOKEN

NODE_HEIGHT, LAYER_GAP, NODE_GAP, MARGIN, CHAR = 34, 70, 28, 24, 7.2
COLOURS = {
    "Task": ("#e8f0fe", "#3367d6"),
    "Wait for a person": ("#fff4e0", "#e37400"),
    "Choice": ("#f3e8fd", "#8430ce"),
    "Succeed": ("#e6f4ea", "#188038"),
    "Fail": ("#fce8e6", "#c5221f"),
    "Pass": ("#f1f3f4", "#5f6368"),
    "Wait": ("#f1f3f4", "#5f6368"),
    "Parallel": ("#f1f3f4", "#5f6368"),
    "Map": ("#f1f3f4", "#5f6368"),
}


def _edges(states: dict) -> list[tuple[str, str, str, bool]]:
    """(from, to, label, is_catch) for every transition to an existing state."""
    found = []
    for name, state in states.items():
        if not isinstance(state, dict):
            continue
        if isinstance(state.get("Next"), str):
            found.append((name, state["Next"], "", False))
        for rule in state.get("Choices", []) if isinstance(state.get("Choices"), list) else []:
            if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                value = next((v for k, v in rule.items() if k.endswith(("Equals", "Matches"))), "")
                found.append((name, rule["Next"], str(value), False))
        if isinstance(state.get("Default"), str):
            found.append((name, state["Default"], "default", False))
        for catch in state.get("Catch", []) if isinstance(state.get("Catch"), list) else []:
            if isinstance(catch, dict) and isinstance(catch.get("Next"), str):
                errors = catch.get("ErrorEquals") or []
                label = "timeout" if errors == ["States.Timeout"] else "error"
                found.append((name, catch["Next"], label, True))
    return [e for e in found if e[1] in states]


def _kind(state: object) -> str:
    if not isinstance(state, dict):
        return "Pass"
    if state.get("Type") == "Task" and state.get("Resource") == WAIT_FOR_TOKEN:
        return "Wait for a person"
    kind = state.get("Type")
    return kind if kind in COLOURS else "Pass"


def graph(definition: dict) -> dict:
    """The definition as nodes and edges for a layout library: ``{"start", "nodes": [{"id",
    "kind", "human", "terminal", "comment"}], "edges": [{"source", "target", "label",
    "catch": None | "error" | "timeout"}]}``; parallel edges of the same kind are one edge with
    their labels joined."""
    states = definition.get("States") if isinstance(definition, dict) else None
    if not isinstance(states, dict):
        return {"start": None, "nodes": [], "edges": []}
    nodes = [
        {
            "id": name,
            "kind": _kind(state),
            "human": _kind(state) == "Wait for a person",
            "terminal": _kind(state) in ("Succeed", "Fail"),
            "comment": state.get("Comment", "") if isinstance(state, dict) else "",
        }
        for name, state in states.items()
    ]
    merged: dict[tuple[str, str, str | None], list[str]] = {}
    for source, target, label, catch in _edges(states):
        kind = (label if label == "timeout" else "error") if catch else None
        labels = merged.setdefault((source, target, kind), [])
        if label and label not in labels and not catch:
            labels.append(label)
    edges = [
        {"source": s, "target": t, "label": " / ".join(labels) or (k or ""), "catch": k}
        for (s, t, k), labels in merged.items()
    ]
    start = definition.get("StartAt")
    return {"start": start if start in states else None, "nodes": nodes, "edges": edges}


def _layers(states: dict, start: str | None, edges) -> dict[str, int]:
    successors: dict[str, list[str]] = {n: [] for n in states}
    for source, target, _, _ in edges:
        successors[source].append(target)
    roots = [start] if start is not None and start in states else []
    roots += [n for n in states if n != start]
    back: set[tuple[str, str]] = set()
    colour: dict[str, int] = {}
    for root in roots:  # iterative DFS: grey (1) on the stack, black (2) done
        if root in colour:
            continue
        colour[root] = 1
        stack = [(root, iter(successors[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = 2
                stack.pop()
            elif colour.get(child) == 1:
                back.add((node, child))
            elif child not in colour:
                colour[child] = 1
                stack.append((child, iter(successors[child])))
    layer = {n: 0 for n in states}
    for _ in range(len(states)):  # longest path over forward edges (a DAG)
        changed = False
        for source, target, _, _ in edges:
            if (source, target) not in back and layer[target] < layer[source] + 1:
                layer[target] = layer[source] + 1
                changed = True
        if not changed:
            break
    return layer


def render(definition: dict, title: str = "", marked: frozenset[str] = frozenset()) -> str:
    """The SVG; the states in ``marked`` (those with a validation fault) outlined in red."""
    states = definition.get("States") if isinstance(definition, dict) else None
    if not isinstance(states, dict) or not states:
        return _svg(320, 80, [f'<text x="16" y="40">{escape(title)}: no states</text>'])
    edges = _edges(states)
    layer = _layers(states, definition.get("StartAt"), edges)
    rows: dict[int, list[str]] = {}
    for name in states:
        rows.setdefault(layer[name], []).append(name)
    width = {n: max(90, int(len(n) * CHAR) + 24) for n in states}
    x: dict[str, float] = {}
    predecessors: dict[str, list[str]] = {n: [] for n in states}
    for source, target, _, _ in edges:
        predecessors[target].append(source)
    for index in sorted(rows):
        placed = [p for p in rows[index]]
        placed.sort(
            key=lambda n: (
                sum(x[p] for p in predecessors[n] if p in x)
                / max(1, sum(p in x for p in predecessors[n]))
                if any(p in x for p in predecessors[n])
                else 0.0
            )
        )
        cursor = MARGIN
        for name in placed:
            x[name] = cursor + width[name] / 2
            cursor += width[name] + NODE_GAP
        rows[index] = placed
    total_width = (
        max((x[r[-1]] + width[r[-1]] / 2 for r in rows.values() if r), default=200) + MARGIN + 60
    )
    top = MARGIN + (24 if title else 0)
    y = {n: top + layer[n] * (NODE_HEIGHT + LAYER_GAP) for n in states}
    total_height = max(y.values()) + NODE_HEIGHT + MARGIN
    parts = []
    if title:
        parts.append(
            f'<text x="{MARGIN}" y="{MARGIN + 4}" font-weight="bold">{escape(title)}</text>'
        )
    for source, target, label, catch in edges:
        parts.append(_edge(source, target, label, catch, x, y, width, layer))
    for name, state in states.items():
        fill, stroke = COLOURS[_kind(state)]
        stroke, thick = ("#c5221f", 3) if name in marked else (stroke, 1.5)
        left = x[name] - width[name] / 2
        radius = 17 if _kind(state) in ("Succeed", "Fail") else 4
        tip = escape(f"{name} ({_kind(state)})")
        parts.append(
            f'<g class="state" data-state="{escape(name)}"><title>{tip}</title>'
            f'<rect x="{left:.1f}" y="{y[name]:.1f}" width="{width[name]}" height="{NODE_HEIGHT}" '
            f'rx="{radius}" fill="{fill}" stroke="{stroke}" stroke-width="{thick}"/>'
            f'<text x="{x[name]:.1f}" y="{y[name] + 21:.1f}" text-anchor="middle">'
            f"{escape(name)}</text></g>"
        )
    return _svg(total_width, total_height, parts)


def _edge(source, target, label, catch, x, y, width, layer) -> str:
    style = ' stroke-dasharray="5,4" stroke="#c5221f"' if catch else ' stroke="#5f6368"'
    if layer[target] > layer[source]:
        x1, y1 = x[source], y[source] + NODE_HEIGHT
        x2, y2 = x[target], y[target]
        middle = (y1 + y2) / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{middle:.1f} {x2:.1f},{middle:.1f} {x2:.1f},{y2:.1f}"
        lx, ly = (x1 + x2) / 2, middle - 3
    else:  # a loop back up (or sideways): around the right of both boxes
        x1, y1 = x[source] + width[source] / 2, y[source] + NODE_HEIGHT / 2
        x2, y2 = x[target] + width[target] / 2, y[target] + NODE_HEIGHT / 2
        bend = max(x1, x2) + 50
        path = f"M{x1:.1f},{y1:.1f} C{bend:.1f},{y1:.1f} {bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        lx, ly = bend - 10, (y1 + y2) / 2
    text = (
        f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="10" fill="#5f6368">{escape(label)}</text>'
        if label
        else ""
    )
    return (
        f'<path class="edge" d="{path}" fill="none"{style} stroke-width="1.2" '
        f'marker-end="url(#arrow)"/>{text}'
    )


def _svg(width: float, height: float, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="12">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#5f6368"/></marker></defs>' + "".join(parts) + "</svg>"
    )
