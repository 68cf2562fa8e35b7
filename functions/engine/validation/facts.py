"""4b. The facts of the cycle: each catalog step declares the facts of the table it needs and
establishes (an SKP drafted, submitted, approved; the period's capaian, perilaku rating and
assessment; the annual review, predikat and decision). Along every way from the start they are
followed to a fixed point (a fact holds at a state when it holds on every way in:
intersection), and a state reached on some way without what it needs is refused, naming that
way and the fact. A segment that starts at a stored stage starts with the facts the stage
implies (the dispatch's branches); a Succeed state needs the segment closed at a boundary or
the cycle decided. Facts that hold only for some outcomes (an approval approved or returned,
the last period's assessment) are told apart where a Choice compares that outcome.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from functions.engine.validation.graph import successors

if TYPE_CHECKING:
    from functions.engine.validation import Report
    from functions.engine.validation.semantics import Task

# a conditional fact: (the variable a Choice compares, its value as text, the fact)
Cond = tuple[str, str, str]
FactSet = frozenset  # of str (facts) and Cond
END_FACT = "segment_done"
MAX_PATHS = 50_000  # states-with-facts a search for a failing way visits at most
ACKNOWLEDGE = ("coaching_removed",)  # warnings a publish must acknowledge by code


@dataclass(frozen=True)
class StepFacts:
    needs: frozenset[str]
    establishes: frozenset[str]
    consumes: frozenset[str]
    when: dict  # output field -> value -> [facts]
    domains: dict  # output field -> every value it takes (text)


def value_key(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _domain(schema: dict, field: str) -> list[str] | None:
    found = (schema.get("properties") or {}).get(field) or {}
    if found.get("type") == "boolean":
        return ["true", "false"]
    if isinstance(found.get("enum"), list):
        return [value_key(v) for v in found["enum"]]
    return None


class FactFlow:
    """Check 4b on the top-level states, given the catalog steps their Tasks call."""

    def __init__(
        self,
        report: Report,
        tasks: dict[str, Task],
        catalog: dict,
        dispatch: str,
        stage_variable: str,
        loads: set[str] | None = None,
    ) -> None:
        self.report = report
        self.tasks = tasks
        self.words = catalog.get("facts", {})
        self.stage_facts = {s: frozenset(f) for s, f in catalog.get("stage_facts", {}).items()}
        self.dispatch = dispatch
        self.stage_variable = stage_variable
        self.facts = {name: self._step_facts(task) for name, task in tasks.items()}
        self._domains: dict[str, list[str]] = {}  # a compared variable -> every value it takes
        self.start = ""
        self.loads = loads or set()  # where the stored stage's facts hold (besides the start)
        self.stage: str | None = None  # the stored stage of the run being followed

    # what each Task needs and leaves ------------------------------------------------------
    def _step_facts(self, task: Task) -> StepFacts:
        declared = task.step.get("facts") or {}
        by, cases = declared.get("by"), declared.get("cases") or {}
        chosen = declared.get("default") or {}
        if by is not None:
            value = task.payload.get(by)
            if isinstance(value, str | bool) and value_key(value) in cases:
                chosen = cases[value_key(value)]
            elif cases:  # not a literal: the least one can count on whatever it is
                every = list(cases.values())
                chosen = {
                    "needs": sorted({f for c in every for f in c["needs"]}),
                    "establishes": sorted(
                        set.intersection(*(set(c["establishes"]) for c in every))
                    ),
                    "consumes": sorted({f for c in every for f in c["consumes"]}),
                    "when": {},
                }
        schema = task.step["output"]
        if task.waits and isinstance(task.payload.get("kind"), str):
            schema = task.step["outcomes"].get(task.payload["kind"], schema)
        when = chosen.get("when") or {}
        return StepFacts(
            frozenset(chosen.get("needs", ())),
            frozenset(chosen.get("establishes", ())),
            frozenset(chosen.get("consumes", ())),
            when,
            {field: _domain(schema, field) for field in when},
        )

    def needs(self, name: str, state: dict) -> frozenset[str]:
        if name in self.facts:  # a step that ends the segment ends it closed, or it is closed
            step = self.facts[name]
            ending = {END_FACT} - step.establishes if state.get("End") is True else set()
            return step.needs | ending
        if state["Type"] == "Succeed":
            return frozenset({END_FACT})
        return frozenset()

    # the transfer along each way out of a state --------------------------------------------
    def transfer(self, name: str, state: dict, facts: FactSet) -> list[tuple[str, FactSet, str]]:
        """(target, facts on arrival, a label for the way) for each way out of ``name``."""
        out: list[tuple[str, FactSet, str]] = []
        for catch in state.get("Catch", []):  # the step did not complete: nothing changed
            out.append((catch["Next"], _overwritten(facts, catch.get("ResultPath", "$")), ""))
        after = facts
        if name == self.start or name in self.loads:  # loaded: the stored stage's facts hold
            after = self.stage_facts.get(self.stage or "", frozenset())
        elif name in self.facts:
            step = self.facts[name]
            result = state.get("ResultPath", "$")
            after = _overwritten(facts - step.consumes, result) | step.establishes
            if result is not None and step.when:
                base = "$" if result == "$" else result
                if self.tasks[name].wrapped:
                    base += ".Payload"
                after |= {
                    (f"{base}.{field}", value, fact)
                    for field, values in step.when.items()
                    for value, produced in values.items()
                    for fact in produced
                }
                for field, domain in step.domains.items():
                    if domain:
                        self._domains[f"{base}.{field}"] = domain
        elif state["Type"] in ("Pass", "Parallel", "Map") and (
            state["Type"] != "Pass" or "Result" in state or "Parameters" in state
        ):
            after = _overwritten(facts, state.get("ResultPath", "$"))
        if "Next" in state:
            out.append((state["Next"], after, ""))
        if state["Type"] == "Choice":
            out.extend(self._choice(name, state, after))
        return out

    def _choice(self, name: str, state: dict, facts: FactSet) -> list[tuple[str, FactSet, str]]:
        out: list[tuple[str, FactSet, str]] = []
        rules = state.get("Choices", [])
        compared: dict[str, set[str]] = {}
        for rule in rules:
            variable, value = _simple(rule)
            if variable == self.stage_variable:  # the stage loaded: known on this run
                if self.stage is not None and str(value) == self.stage:
                    out.append((rule["Next"], facts, f"stage {self.stage!r}"))
                    return out  # the first rule that matches is taken
                continue
            if variable is None:
                out.append((rule["Next"], facts, ""))
                continue
            key = value_key(value)
            compared.setdefault(variable, set()).add(key)
            extra = {c[2] for c in facts if isinstance(c, tuple) and c[:2] == (variable, key)}
            out.append((rule["Next"], facts | extra, ""))
        if "Default" in state:
            implied: set[str] = set()
            for variable, keys in compared.items():
                rest = [v for v in self._domains.get(variable, []) if v not in keys]
                if not rest:
                    continue
                held = [
                    {c[2] for c in facts if isinstance(c, tuple) and c[:2] == (variable, v)}
                    for v in rest
                ]
                implied |= set.intersection(*held)
            label = "another stage" if name == self.dispatch and self.stage is None else ""
            out.append((state["Default"], facts | implied, label))
        return out

    # the fixed point and the refusals -------------------------------------------------------
    def check(self, definition: dict) -> None:
        """Once per stored stage (and once for a stage no rule names): the segment starts with
        the stage's facts, and a Choice on the loaded stage takes the rule that matches it."""
        states = definition["States"]
        self.start = definition["StartAt"]
        refused: set[str] = set()
        for stage in [*self.stage_facts, None]:
            self.stage = stage
            at = self._fixed_point(states)
            for name in _breadth_first(self.start, states):
                facts = at.get(name)
                if facts is None or name in refused:
                    continue
                missing = sorted(self.needs(name, states[name]) - facts)
                if missing:
                    refused.add(name)
                    self._refuse(definition, name, missing)
        self.stage = None

    def _fixed_point(self, states: dict) -> dict[str, FactSet]:
        start = self.start
        self._domains = {}
        at: dict[str, FactSet | None] = {n: None for n in states}
        at[start] = frozenset()
        work, rounds = [start], 0
        while work and rounds < 100_000:
            rounds += 1
            name = work.pop()
            current = at[name]
            assert current is not None
            for target, facts, _ in self.transfer(name, states[name], current):
                known = at.get(target)
                merged = facts if known is None else known & facts
                if merged != known:
                    at[target] = merged
                    work.append(target)
        return {n: f for n, f in at.items() if f is not None}

    def _refuse(self, definition: dict, name: str, missing: list[str]) -> None:
        states = definition["States"]
        way = self.failing_way(definition, name, missing[0])
        shown = " -> ".join(f"{n} ({label})" if label else n for n, label in way)
        what = self._what(name, states[name])
        wanted = "; ".join(self.words.get(f, f) for f in missing)
        used = self._used_up(way, missing[0])
        self.report.fault(
            "fact_missing",
            f"{what} needs {wanted}, which does not hold on the way {shown}"
            + (f" ({used} used it up)" if used else "")
            + (
                ": the cycle would end here without finishing its segment or the year"
                if missing == [END_FACT]
                else ""
            ),
            name,
            f"/States/{name}",
        )

    def _what(self, name: str, state: dict) -> str:
        if name not in self.tasks:
            return f"the end state {name!r}"
        task = self.tasks[name]
        kind = task.payload.get("kind") if task.waits else None
        what = f"the {kind} task" if isinstance(kind, str) else f"the {task.step['name']} step"
        return f"{what} in {name!r}"

    def _used_up(self, way: list[tuple[str, str]], fact: str) -> str:
        for name, _ in reversed(way[:-1]):
            if name in self.facts and fact in self.facts[name].consumes:
                return self._what(name, {})
        return ""

    def failing_way(self, definition: dict, target: str, fact: str) -> list[tuple[str, str]]:
        """A shortest way from the start to ``target`` along which ``fact`` does not hold
        (each state with the label of the way into it: the stage a dispatch resumes)."""
        states, start = definition["States"], definition["StartAt"]
        first: tuple[str, FactSet] = (start, frozenset())
        parent: dict[tuple[str, FactSet], tuple[str, FactSet] | None] = {first: None}
        label: dict[tuple[str, FactSet], str] = {first: ""}
        queue = deque([first])
        found: tuple[str, FactSet] | None = None
        while queue and len(parent) < MAX_PATHS:
            node = queue.popleft()
            name, facts = node
            if name == target and fact not in facts:
                found = node
                break
            for following, arrived, how in self.transfer(name, states[name], facts):
                child = (following, arrived)
                if child not in parent and following in states:
                    parent[child], label[child] = node, how
                    queue.append(child)
        if found is None:  # facts merged from different outcomes: the shortest way at all
            return [(n, "") for n in _shortest(start, target, states)]
        way = []
        at: tuple[str, FactSet] | None = found
        while at is not None:
            way.append((at[0], label[at]))
            at = parent[at]
        way.reverse()
        # the label belongs to the state the way left: show it after the dispatch
        return [(n, way[i + 1][1] if i + 1 < len(way) else "") for i, (n, _) in enumerate(way)]


def _simple(rule: dict) -> tuple[str | None, object]:
    for operator in ("StringEquals", "BooleanEquals", "NumericEquals"):
        if operator in rule and isinstance(rule.get("Variable"), str):
            return rule["Variable"], rule[operator]
    return None, None


def _overwritten(facts: FactSet, result: str | None) -> FactSet:
    """Conditional facts read at a path the state's result replaces no longer hold."""
    if result is None:
        return facts
    return frozenset(
        f
        for f in facts
        if not (
            isinstance(f, tuple)
            and (result == "$" or f[0] == result or f[0].startswith(result + "."))
        )
    )


def _successors(state: dict) -> list[str]:
    return list(successors(state))


def _breadth_first(start: str, states: dict) -> list[str]:
    seen, queue = [start], deque([start])
    while queue:
        for target in _successors(states[queue.popleft()]):
            if target in states and target not in seen:
                seen.append(target)
                queue.append(target)
    return seen


def _shortest(start: str, target: str, states: dict) -> list[str]:
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        name = queue.popleft()
        if name == target:
            break
        for following in _successors(states[name]):
            if following in states and following not in parent:
                parent[following] = name
                queue.append(following)
    way, at = [], target if target in parent else None
    while at is not None:
        way.append(at)
        at = parent[at]
    return list(reversed(way))
