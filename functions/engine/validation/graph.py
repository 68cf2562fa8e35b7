"""The graph of a state machine: successors, reachability, strongly connected components and
the longest way through them, and what each state costs a segment (history events, seconds of
waiting). Plain dicts of ASL states in; nothing here knows the catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from functions.engine.validation.semantics import Task

TERMINAL_TYPES = {"Succeed", "Fail"}
MAP_ITEMS = 40  # assumed items of a Map state


def nested_states(states: dict, where: str) -> Iterator[tuple[str, dict, str]]:
    """Every state inside the Parallel branches and Map processors of ``states``."""
    for name, state in states.items():
        machines = []
        if state["Type"] == "Parallel":
            machines = [
                (f"{where}/States/{name}/Branches/{i}", b) for i, b in enumerate(state["Branches"])
            ]
        elif state["Type"] == "Map":
            key = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
            machines = [(f"{where}/States/{name}/{key}", state[key])]
        for at, machine in machines:
            for inner, inner_state in machine["States"].items():
                yield inner, inner_state, f"{at}/States/{inner}"
            yield from nested_states(machine["States"], at)


def history_events(state: dict, task: Task | None) -> int:
    """History events a state writes on one pass, with every retry used."""
    kind = state["Type"]
    if kind == "Task":
        base = 6 if task is not None and task.waits else 5
        retries = sum(r.get("MaxAttempts", 3) for r in state.get("Retry", []))
        return base + 3 * retries
    if kind == "Parallel":
        return 4 + sum(_machine_events(b) for b in state.get("Branches", []))
    if kind == "Map":
        processor = state.get("ItemProcessor") or state.get("Iterator") or {}
        return 4 + MAP_ITEMS * (2 + _machine_events(processor))
    return 1 if kind == "Fail" else 2


def state_entries(state: dict) -> int:
    """States entered on one pass (each a billed transition; bench/demo_cost.py counts every
    StateEntered event of an execution the same way), the states of branches and items too."""
    kind = state["Type"]
    if kind == "Parallel":
        return 1 + sum(_machine_entries(b) for b in state.get("Branches", []))
    if kind == "Map":
        processor = state.get("ItemProcessor") or state.get("Iterator") or {}
        return 1 + MAP_ITEMS * _machine_entries(processor)
    return 1


def _machine_entries(machine: dict) -> int:
    return sum(state_entries(s) for s in machine.get("States", {}).values())


def _machine_events(machine: dict) -> int:
    return sum(history_events(s, None) for s in machine.get("States", {}).values())


def wait_seconds(state: dict) -> int:
    if state["Type"] == "Wait":
        return int(state.get("Seconds", 0) or 0)
    if state["Type"] == "Task":
        return int(state.get("TimeoutSeconds", 0) or 0)
    return 0


def successors(state: dict | None, catches: bool = True) -> Iterator[str]:
    if not isinstance(state, dict):
        return
    if isinstance(state.get("Next"), str):
        yield state["Next"]
    if isinstance(state.get("Default"), str):
        yield state["Default"]
    for rule in state.get("Choices", []) if isinstance(state.get("Choices"), list) else []:
        if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
            yield rule["Next"]
    if catches and isinstance(state.get("Catch"), list):
        for catch in state["Catch"]:
            if isinstance(catch, dict) and isinstance(catch.get("Next"), str):
                yield catch["Next"]


def is_terminal(state: object) -> bool:
    return isinstance(state, dict) and (
        state.get("Type") in TERMINAL_TYPES or state.get("End") is True
    )


def reachable(start: str, states: dict) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for target in successors(states.get(stack.pop())):
            if target in states and target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def strongly_connected(states: dict) -> list[list[str]]:
    """Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in states:
        if root in index:
            continue
        work = [(root, iter(list(successors(states[root]))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(list(successors(states[child])))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                result.append(members)
    return result


def longest_path(start: int, dag: dict[int, set[int]], weight: dict[int, int]) -> int:
    memo: dict[int, int] = {}
    order: list[int] = []
    seen: set[int] = set()
    stack = [(start, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        stack.extend((child, False) for child in dag.get(node, ()))
    for node in order:  # children before parents
        memo[node] = weight[node] + max((memo[c] for c in dag.get(node, ())), default=0)
    return memo[start]


def first_way(
    states: dict, start: str, reaches: Callable[[str], bool], passes: Callable[[str], bool]
) -> tuple[str, str] | None:
    """The first way (breadth first, no Catch) from ``start`` to a state ``reaches`` accepts,
    going on only through states ``passes`` accepts: (``start -> … -> found``, found); None
    when there is none."""
    came_from: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        name = queue.pop(0)
        for after in successors(states[name], catches=False):
            if reaches(after):
                return f"{way_to(came_from, name)} -> {after}", after
            if after in states and after not in came_from and passes(after):
                came_from[after] = name
                queue.append(after)
    return None


def way_to(came_from: dict[str, str | None], name: str) -> str:
    """``A -> B -> name``: the way a breadth-first search found to ``name`` (each state's
    predecessor in ``came_from``, the start's None)."""
    way: list[str] = []
    at: str | None = name
    while at is not None:
        way.append(at)
        at = came_from[at]
    return " -> ".join(reversed(way))
