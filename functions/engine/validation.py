"""Validation of a workflow definition (ASL) before it may reach a running cycle.

Pure: plain dicts in, faults out; no AWS, no marshmallow. The step catalog comes in as the
plain description of :func:`functions.engine.catalog.described` (JSON Schemas of every step's
input and output). Each fault has a code, the state it is in, a JSON-pointer-like path and a
message that says what is wrong there and how to put it right.

What is checked, in order:

1. structure: fields and types of the document and of each state, ``StartAt``, ``Next`` targets,
   ``Choices``, ``Retry``/``Catch`` shape, path syntax, reachability, a terminal state, a way
   out of every state;
2. catalog: every Task calls a catalog step (a human task only with ``.waitForTaskToken``);
3. data: the input each step receives (its ``Parameters``) fits its input schema, reading only
   fields that the earlier steps' output schemas guarantee on every way into the state;
4. the cycle: the segment starts with Load and a Choice on the stored stage that handles
   ``plan`` and ``monitor``; from ``plan`` no assess step is reached before a plan step and no
   decide step before an assess step;
5. human waits: a timeout on each, the task token passed;
6. limits of one segment: history events (25,000), payload (256 KB), duration (one year),
   definition size (1 MB).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

WAIT_FOR_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken"
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
TERMINAL_TYPES = {"Succeed", "Fail"}
MAX_EVENTS = 25_000
MAX_PAYLOAD = 256 * 1024
MAX_DEFINITION = 1024 * 1024
MAX_SECONDS = 365 * 86_400
LOOP_ROUNDS = 25  # assumed rounds of a loop a person drives (an SKP returned and redrafted)
MAP_ITEMS = 40  # assumed items of a Map state
STRING_BYTES = 256  # assumed size of a string without maxLength

COMMON = {"Type", "Comment"}
IO = {"InputPath", "OutputPath"}
FLOW = {"Next", "End"}
FIELDS: dict[str, set[str]] = {
    "Task": COMMON
    | IO
    | FLOW
    | {
        "Resource",
        "Parameters",
        "ResultPath",
        "ResultSelector",
        "Retry",
        "Catch",
        "TimeoutSeconds",
        "TimeoutSecondsPath",
        "HeartbeatSeconds",
        "HeartbeatSecondsPath",
        "Credentials",
    },
    "Pass": COMMON | IO | FLOW | {"Result", "ResultPath", "Parameters"},
    "Choice": COMMON | IO | {"Choices", "Default"},
    "Wait": COMMON | IO | FLOW | {"Seconds", "Timestamp", "SecondsPath", "TimestampPath"},
    "Succeed": COMMON | IO,
    "Fail": COMMON | {"Error", "Cause", "ErrorPath", "CausePath"},
    "Parallel": COMMON
    | IO
    | FLOW
    | {"Branches", "Parameters", "ResultPath", "ResultSelector", "Retry", "Catch"},
    "Map": COMMON
    | IO
    | FLOW
    | {
        "Iterator",
        "ItemProcessor",
        "ItemsPath",
        "ItemSelector",
        "ItemReader",
        "ResultWriter",
        "MaxConcurrency",
        "MaxConcurrencyPath",
        "Parameters",
        "ResultPath",
        "ResultSelector",
        "Retry",
        "Catch",
        "Label",
        "ToleratedFailurePercentage",
        "ToleratedFailureCount",
    },
}
TOP_FIELDS = {"Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage"}
RETRY_FIELDS = {
    "ErrorEquals",
    "IntervalSeconds",
    "MaxAttempts",
    "BackoffRate",
    "MaxDelaySeconds",
    "JitterStrategy",
}
CATCH_FIELDS = {"ErrorEquals", "Next", "ResultPath"}
COMPARISONS = {
    "String": "string",
    "Numeric": "number",
    "Boolean": "boolean",
    "Timestamp": "string",
}
CHOICE_OPERATORS = {
    f"{kind}{op}{suffix}"
    for kind in ("String", "Numeric", "Timestamp")
    for op in ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
    for suffix in ("", "Path")
} | {
    "BooleanEquals",
    "BooleanEqualsPath",
    "StringMatches",
    "IsNull",
    "IsPresent",
    "IsNumeric",
    "IsString",
    "IsBoolean",
    "IsTimestamp",
}
CONTEXT = {
    "$$.Execution.Id": {"type": "string"},
    "$$.Execution.Name": {"type": "string"},
    "$$.Execution.StartTime": {"type": "string"},
    "$$.Execution.Input": {},
    "$$.Execution.RoleArn": {"type": "string"},
    "$$.State.Name": {"type": "string"},
    "$$.State.EnteredTime": {"type": "string"},
    "$$.State.RetryCount": {"type": "integer"},
    "$$.StateMachine.Id": {"type": "string"},
    "$$.StateMachine.Name": {"type": "string"},
    "$$.Task.Token": {"type": "string"},
    "$$.Map.Item.Index": {"type": "integer"},
    "$$.Map.Item.Value": {},
}
ERROR_OBJECT = {
    "type": "object",
    "properties": {"Error": {"type": "string"}, "Cause": {"type": "string"}},
    "required": ["Error", "Cause"],
}
# $ then .name, ['name'] or [n]: the only paths ResultPath and the *Path fields may use.
_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
REFERENCE_PATH = re.compile(rf"^\$((\.{_NAME})|(\['[^']+'\])|(\[\d+\]))*$")
# A JSONPath as Step Functions reads it: also wildcards, slices, filters and deep scans.
JSON_PATH = re.compile(rf"^\$\$?((\.\.?({_NAME}|\*))|(\[[^\[\]]+\]))*$")
INTRINSIC = re.compile(r"^States\.[A-Za-z0-9]+\(.*\)$", re.S)


@dataclass(frozen=True)
class Fault:
    code: str
    message: str
    state: str | None = None
    path: str = ""


@dataclass
class Report:
    faults: list[Fault] = field(default_factory=list)
    warnings: list[Fault] = field(default_factory=list)
    stages: dict[str, str] = field(default_factory=dict)  # stored stage -> state resuming it
    estimates: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.faults

    def codes(self) -> set[str]:
        return {f.code for f in self.faults}

    def to_dict(self) -> dict:
        return {
            "valid": self.valid,
            "faults": [asdict(f) for f in self.faults],
            "warnings": [asdict(f) for f in self.warnings],
            "stages": dict(self.stages),
            "estimates": dict(self.estimates),
        }


def validate(definition: object, catalog: dict) -> Report:
    """Every fault of ``definition`` against the step ``catalog``."""
    report = Report()
    checker = _Checker(report, catalog)
    if not checker.structure(definition, "", top=True):
        return report
    assert isinstance(definition, dict)
    size = len(json.dumps(definition, separators=(",", ":")).encode())
    report.estimates["definition_bytes"] = size
    if size > MAX_DEFINITION:
        checker.fault(
            "definition_too_large",
            f"the definition is {size:,} bytes; Step Functions accepts at most {MAX_DEFINITION:,}",
        )
    if report.faults:  # the graph is unsound: the later checks would only echo it
        return report
    checker.semantics(definition)
    return report


# --- JSON Schema helpers (the shapes of state data) --------------------------------------------
ANY: dict = {}


def _type_of(schema: dict) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return kinds[0] if len(kinds) == 1 else None
    return kind


def _literal_schema(value: object) -> dict:
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
        props = {k: _literal_schema(v) for k, v in value.items()}
        return {"type": "object", "properties": props, "required": sorted(props)}
    return ANY


def _intersect(a: dict | None, b: dict | None) -> dict | None:
    """What is sure on both ways in: fields present on both, with the types both agree on."""
    if a is None:
        return b
    if b is None:
        return a
    if a == b:
        return a
    if _type_of(a) == "object" and _type_of(b) == "object":
        pa, pb = a.get("properties", {}), b.get("properties", {})
        ra, rb = set(a.get("required", [])), set(b.get("required", []))
        props = {k: _intersect(pa[k], pb[k]) or ANY for k in pa.keys() & pb.keys()}
        return {"type": "object", "properties": props, "required": sorted(ra & rb & set(props))}
    if _type_of(a) and _type_of(a) == _type_of(b):
        return {"type": _type_of(a)}
    return ANY


def _split(path: str) -> list[str]:
    return [a or b or c for a, b, c in re.findall(rf"\.({_NAME})|\['([^']+)'\]|\[(\d+)\]", path)]


def _resolve(shape: dict, path: str) -> tuple[dict | None, str]:
    """The schema at ``path`` in ``shape``; None and the first missing part when not sure."""
    node = shape
    for part in _split(path):
        if node == ANY or _type_of(node) is None:
            return ANY, ""
        if _type_of(node) == "array":
            node = node.get("items", ANY)
            continue
        if _type_of(node) != "object":
            return None, part
        props = node.get("properties", {})
        if part in props and part in node.get("required", []):
            node = props[part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return None, part
    return node, ""


def _assign(shape: dict, path: str | None, value: dict) -> dict:
    """The state data after putting ``value`` at ResultPath ``path``."""
    if path is None:
        return shape
    parts = _split(path)
    if not parts:
        return value

    def put(node: dict, rest: list[str]) -> dict:
        if _type_of(node) != "object":
            node = {"type": "object", "properties": {}, "required": []}
        props = dict(node.get("properties", {}))
        props[rest[0]] = value if len(rest) == 1 else put(props.get(rest[0], ANY), rest[1:])
        required = sorted({*node.get("required", []), rest[0]})
        return {**node, "properties": props, "required": required}

    return put(shape, parts)


def _size(schema: dict, depth: int = 0) -> int:
    """A generous estimate of the JSON size of a value of ``schema``, in bytes."""
    if depth > 8:
        return 1024
    kind = _type_of(schema)
    if "const" in schema:
        return len(json.dumps(schema["const"]))
    if kind == "string":
        return int(schema.get("maxLength", STRING_BYTES)) + 2
    if kind in ("integer", "number"):
        return 20
    if kind in ("boolean", "null"):
        return 5
    if kind == "array":
        return int(schema.get("maxItems", 100)) * (_size(schema.get("items", ANY), depth + 1) + 1)
    if kind == "object":
        props = schema.get("properties", {})
        total = 2 + sum(len(k) + 4 + _size(v, depth + 1) for k, v in props.items())
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            total += 20 * (STRING_BYTES + _size(extra, depth + 1))
        return total
    return 1024


# --- the checker ----------------------------------------------------------------------------
@dataclass
class _Task:
    step: dict  # the catalog entry
    payload: dict  # the parameters the step receives
    payload_path: str  # where they are in the definition
    waits: bool
    wrapped: bool  # lambda:invoke without waiting: the result is {"Payload": output, ...}


class _Checker:
    def __init__(self, report: Report, catalog: dict) -> None:
        self.report = report
        self.catalog = catalog
        self.by_logical_id = {s["logical_id"]: s for s in catalog["steps"]}
        self.states: dict[str, dict] = {}
        self.tasks: dict[str, _Task] = {}

    def fault(self, code: str, message: str, state: str | None = None, path: str = "") -> None:
        self.report.faults.append(Fault(code, message, state, path))

    def warn(self, code: str, message: str, state: str | None = None, path: str = "") -> None:
        self.report.warnings.append(Fault(code, message, state, path))

    # --- 1. structure --------------------------------------------------------------------------
    def structure(self, machine: object, where: str, top: bool = False) -> bool:
        """Check one state machine (the whole or a Parallel branch / Map iterator); False when
        it is too broken to look further."""
        if not isinstance(machine, dict):
            self.fault("not_an_object", "a state machine is a JSON object", path=where or "/")
            return False
        allowed = TOP_FIELDS if top else TOP_FIELDS | {"ProcessorConfig"}
        for name in sorted(set(machine) - allowed):
            self.fault(
                "unknown_field",
                f"unknown field {name!r} in the state machine",
                None,
                f"{where}/{name}",
            )
        states = machine.get("States")
        if not isinstance(states, dict) or not states:
            self.fault(
                "no_states",
                "'States' must be an object with at least one state",
                path=f"{where}/States",
            )
            return False
        start = machine.get("StartAt")
        if not isinstance(start, str):
            self.fault("no_start", "'StartAt' must name the first state", path=f"{where}/StartAt")
        elif start not in states:
            self.fault(
                "start_not_found",
                f"'StartAt' names {start!r}, which is not a state; states are {sorted(states)}",
                path=f"{where}/StartAt",
            )
        if top:
            self.states = states
        for name, state in states.items():
            self._state(name, state, states, f"{where}/States/{name}")
        if isinstance(start, str) and start in states:
            self._graph(start, states, where)
        return True

    def _state(self, name: str, state: object, states: dict, where: str) -> None:
        if len(name) > 80:
            self.fault("state_name", "a state name has at most 80 characters", name, where)
        if not isinstance(state, dict):
            self.fault("not_an_object", "a state is a JSON object", name, where)
            return
        kind = state.get("Type")
        if kind not in FIELDS:
            self.fault(
                "state_type",
                f"unknown state type {kind!r}; use one of {sorted(FIELDS)}",
                name,
                f"{where}/Type",
            )
            return
        for extra in sorted(set(state) - FIELDS[kind]):
            self.fault(
                "unknown_field", f"a {kind} state has no field {extra!r}", name, f"{where}/{extra}"
            )
        if kind in ("Task", "Pass", "Wait", "Parallel", "Map"):
            has_next, ends = "Next" in state, state.get("End") is True
            if has_next == ends:
                self.fault(
                    "transition",
                    f"a {kind} state needs exactly one of 'Next' or 'End': true",
                    name,
                    where,
                )
            if "End" in state and state["End"] is not True:
                self.fault("transition", "'End' can only be true", name, f"{where}/End")
        if "Next" in state:
            self._target(state["Next"], states, name, f"{where}/Next")
        for field_name in ("InputPath", "OutputPath"):
            if field_name in state and state[field_name] is not None:
                self._path(state[field_name], name, f"{where}/{field_name}")
        if "ResultPath" in state and state["ResultPath"] is not None:
            self._path(state["ResultPath"], name, f"{where}/ResultPath", reference=True)
        for params in ("Parameters", "ResultSelector", "ItemSelector"):
            if params in state:
                self._parameters(state[params], name, f"{where}/{params}")
        for retry_or_catch in ("Retry", "Catch"):
            if retry_or_catch in state:
                self._handlers(
                    state[retry_or_catch], retry_or_catch, states, name, f"{where}/{retry_or_catch}"
                )
        getattr(self, f"_{kind.lower()}")(name, state, states, where)

    def _target(self, target: object, states: dict, name: str, where: str) -> None:
        if not isinstance(target, str) or target not in states:
            self.fault(
                "missing_target",
                f"{where.rsplit('/', 1)[-1]} names {target!r}, which is not a state",
                name,
                where,
            )

    def _path(self, path: object, name: str, where: str, reference: bool = False) -> None:
        pattern = REFERENCE_PATH if reference else JSON_PATH
        if not isinstance(path, str) or not pattern.match(path):
            what = "a reference path ($, .field, ['field'], [index])" if reference else "a path"
            self.fault("bad_path", f"{path!r} is not {what}", name, where)

    def _parameters(self, params: object, name: str, where: str) -> None:
        if not isinstance(params, dict):
            return
        for key, value in params.items():
            if key.endswith(".$"):
                if not isinstance(value, str) or not (
                    JSON_PATH.match(value) or INTRINSIC.match(value)
                ):
                    self.fault(
                        "bad_path",
                        f"{key!r} must hold a path ($., $$.) or an "
                        f"intrinsic function, not {value!r}",
                        name,
                        f"{where}/{key}",
                    )
            elif isinstance(value, dict) and set(value) != {"Fn::GetAtt"}:
                self._parameters(value, name, f"{where}/{key}")

    def _handlers(self, items: object, kind: str, states, name: str, where: str) -> None:
        if not isinstance(items, list):
            self.fault(f"{kind.lower()}_shape", f"'{kind}' must be a list", name, where)
            return
        for index, item in enumerate(items):
            at = f"{where}/{index}"
            if not isinstance(item, dict):
                self.fault(f"{kind.lower()}_shape", f"each {kind} entry is an object", name, at)
                continue
            allowed = RETRY_FIELDS if kind == "Retry" else CATCH_FIELDS
            for extra in sorted(set(item) - allowed):
                self.fault(
                    f"{kind.lower()}_shape",
                    f"a {kind} entry has no field {extra!r}",
                    name,
                    f"{at}/{extra}",
                )
            errors = item.get("ErrorEquals")
            if not (
                isinstance(errors, list) and errors and all(isinstance(e, str) for e in errors)
            ):
                self.fault(
                    f"{kind.lower()}_shape",
                    f"{kind}[{index}].ErrorEquals must be a non-empty list of error names",
                    name,
                    f"{at}/ErrorEquals",
                )
            elif "States.ALL" in errors and (len(errors) > 1 or index != len(items) - 1):
                self.fault(
                    f"{kind.lower()}_shape",
                    f"States.ALL must be alone in the last {kind} entry",
                    name,
                    f"{at}/ErrorEquals",
                )
            if kind == "Catch":
                if "Next" not in item:
                    self.fault("catch_shape", f"Catch[{index}] needs 'Next'", name, at)
                else:
                    self._target(item["Next"], states, name, f"{at}/Next")
                if item.get("ResultPath") is not None:
                    self._path(item["ResultPath"], name, f"{at}/ResultPath", reference=True)
                continue
            for key, low in (("IntervalSeconds", 1), ("MaxAttempts", 0), ("MaxDelaySeconds", 1)):
                value = item.get(key)
                if key in item and (type(value) is not int or value < low):
                    self.fault(
                        "retry_shape",
                        f"Retry[{index}].{key} must be an integer >= {low}",
                        name,
                        f"{at}/{key}",
                    )
            rate = item.get("BackoffRate")
            if "BackoffRate" in item and (
                type(rate) not in (int, float) or isinstance(rate, bool) or rate < 1
            ):
                self.fault(
                    "retry_shape",
                    f"Retry[{index}].BackoffRate must be a number >= 1",
                    name,
                    f"{at}/BackoffRate",
                )
            if "JitterStrategy" in item and item["JitterStrategy"] not in ("FULL", "NONE"):
                self.fault(
                    "retry_shape",
                    f"Retry[{index}].JitterStrategy is FULL or NONE",
                    name,
                    f"{at}/JitterStrategy",
                )

    def _task(self, name: str, state: dict, states: dict, where: str) -> None:
        if "Resource" not in state:
            self.fault("no_resource", "a Task state needs 'Resource'", name, where)
        for key in ("TimeoutSeconds", "HeartbeatSeconds"):
            value = state.get(key)
            if key in state and (type(value) is not int or value < 1):
                self.fault(
                    "timeout_shape", f"{key} must be a positive integer", name, f"{where}/{key}"
                )
            if key in state and f"{key}Path" in state:
                self.fault("timeout_shape", f"use {key} or {key}Path, not both", name, where)
        for key in ("TimeoutSecondsPath", "HeartbeatSecondsPath"):
            if key in state:
                self._path(state[key], name, f"{where}/{key}", reference=True)
        timeout, heartbeat = state.get("TimeoutSeconds"), state.get("HeartbeatSeconds")
        if type(timeout) is int and type(heartbeat) is int and heartbeat >= timeout:
            self.fault(
                "timeout_shape",
                "HeartbeatSeconds must be less than TimeoutSeconds",
                name,
                f"{where}/HeartbeatSeconds",
            )

    def _pass(self, name, state, states, where) -> None:
        pass

    def _choice(self, name: str, state: dict, states: dict, where: str) -> None:
        choices = state.get("Choices")
        if not isinstance(choices, list) or not choices:
            self.fault(
                "choice_shape",
                "a Choice state needs a non-empty 'Choices' list",
                name,
                f"{where}/Choices",
            )
            choices = []
        for index, rule in enumerate(choices):
            at = f"{where}/Choices/{index}"
            if not isinstance(rule, dict):
                self.fault("choice_shape", "each choice rule is an object", name, at)
                continue
            if "Next" not in rule:
                self.fault("choice_shape", f"Choices[{index}] needs 'Next'", name, at)
            else:
                self._target(rule["Next"], states, name, f"{at}/Next")
            self._rule(rule, name, at)
        if "Default" in state:
            self._target(state["Default"], states, name, f"{where}/Default")

    def _rule(self, rule: dict, name: str, at: str) -> None:
        combinators = [k for k in ("And", "Or", "Not") if k in rule]
        if combinators:
            inner = rule[combinators[0]]
            for index, sub in enumerate(inner if isinstance(inner, list) else [inner]):
                if isinstance(sub, dict):
                    self._rule(sub, name, f"{at}/{combinators[0]}/{index}")
            return
        operators = [k for k in rule if k in CHOICE_OPERATORS]
        if "Variable" not in rule or len(operators) != 1:
            self.fault(
                "choice_shape",
                "a choice rule needs 'Variable' and exactly one "
                "comparison (StringEquals, BooleanEquals, …)",
                name,
                at,
            )
            return
        self._path(rule["Variable"], name, f"{at}/Variable")
        for extra in sorted(set(rule) - {"Variable", "Next", "Comment", *operators}):
            self.fault(
                "choice_shape", f"a choice rule has no field {extra!r}", name, f"{at}/{extra}"
            )

    def _wait(self, name: str, state: dict, states: dict, where: str) -> None:
        given = [k for k in ("Seconds", "Timestamp", "SecondsPath", "TimestampPath") if k in state]
        if len(given) != 1:
            self.fault(
                "wait_shape",
                "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath",
                name,
                where,
            )

    def _succeed(self, name, state, states, where) -> None:
        pass

    def _fail(self, name, state, states, where) -> None:
        pass

    def _parallel(self, name: str, state: dict, states: dict, where: str) -> None:
        branches = state.get("Branches")
        if not isinstance(branches, list) or not branches:
            self.fault(
                "parallel_shape",
                "a Parallel state needs a non-empty 'Branches' list",
                name,
                f"{where}/Branches",
            )
            return
        for index, branch in enumerate(branches):
            self._nested(branch, f"{where}/Branches/{index}")

    def _map(self, name: str, state: dict, states: dict, where: str) -> None:
        key = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
        if key not in state:
            self.fault("map_shape", "a Map state needs 'ItemProcessor'", name, where)
            return
        if "ItemsPath" in state:
            self._path(state["ItemsPath"], name, f"{where}/ItemsPath", reference=True)
        self._nested(state[key], f"{where}/{key}")

    def _nested(self, machine: object, where: str) -> None:
        outer = self.states
        self.structure(machine, where)
        self.states = outer

    def _graph(self, start: str, states: dict, where: str) -> None:
        seen = _reachable(start, states)
        for name in states:
            if name not in seen:
                self.fault(
                    "unreachable",
                    f"no transition leads to {name!r}; remove it or point a Next at it",
                    name,
                    f"{where}/States/{name}",
                )
        terminals = {n for n in seen if _is_terminal(states.get(n))}
        if not terminals:
            self.fault(
                "no_terminal",
                "no reachable state ends the execution (Succeed, Fail or End: true)",
                path=f"{where}/States",
            )
            return
        reverse: dict[str, set[str]] = {}
        for name in seen:
            for target in _successors(states.get(name)):
                reverse.setdefault(target, set()).add(name)
        can_end, stack = set(terminals), list(terminals)
        while stack:
            for previous in reverse.get(stack.pop(), ()):
                if previous not in can_end:
                    can_end.add(previous)
                    stack.append(previous)
        for name in sorted(seen - can_end):
            self.fault(
                "no_way_out",
                f"from {name!r} no path reaches an end state: an "
                "execution entering it runs until it times out",
                name,
                f"{where}/States/{name}",
            )

    # --- 2.-6. what only this project knows ----------------------------------------------------
    def semantics(self, definition: dict) -> None:
        states = definition["States"]
        for name, state in states.items():
            if state["Type"] == "Task":
                self._catalog_task(name, state, f"/States/{name}")
        top_level = dict(self.tasks)
        for name, state, where in _nested_states(states, ""):
            if state["Type"] == "Task":  # inside Parallel and Map: the catalog holds there too
                self._catalog_task(name, state, where)
        self.tasks = top_level  # the data flow and the cycle follow the top-level states
        if self.report.faults:
            return
        inputs = self._data_flow(definition)
        self._cycle(definition, inputs)
        self._limits(definition, inputs)

    def _catalog_task(self, name: str, state: dict, where: str) -> None:
        resource = state["Resource"]
        params = state.get("Parameters") if isinstance(state.get("Parameters"), dict) else {}
        names = ", ".join(s["name"] for s in self.catalog["steps"])
        if isinstance(resource, dict):
            step = self._catalog_ref(resource)
            if step is None:
                self.fault(
                    "not_in_catalog",
                    f"the resource {json.dumps(resource)} is not a catalog step ({names})",
                    name,
                    f"{where}/Resource",
                )
                return
            if step["waits_for_task_token"]:
                self.fault(
                    "wait_without_token",
                    f"the {step['name']} step opens a task for a "
                    f"person: call it with Resource {WAIT_FOR_TOKEN!r} and its Lambda in "
                    "Parameters.FunctionName",
                    name,
                    f"{where}/Resource",
                )
                return
            self.tasks[name] = _Task(step, params, f"{where}/Parameters", False, False)
            return
        if resource in (WAIT_FOR_TOKEN, LAMBDA_INVOKE):
            step = self._catalog_ref(params.get("FunctionName"))
            if step is None:
                self.fault(
                    "not_in_catalog",
                    f"Parameters.FunctionName "
                    f"{json.dumps(params.get('FunctionName'))} is not a catalog step "
                    f"({names})",
                    name,
                    f"{where}/Parameters/FunctionName",
                )
                return
            waits = resource == WAIT_FOR_TOKEN
            if waits != step["waits_for_task_token"]:
                self.fault(
                    "wait_mismatch",
                    f"the {step['name']} step "
                    + (
                        "returns at once: call it without .waitForTaskToken"
                        if waits
                        else f"opens a task for a person: call it with {WAIT_FOR_TOKEN!r}"
                    ),
                    name,
                    f"{where}/Resource",
                )
                return
            payload = params.get("Payload")
            if not isinstance(payload, dict):
                self.fault(
                    "input_missing",
                    "Parameters.Payload must hold the step's input",
                    name,
                    f"{where}/Parameters/Payload",
                )
                return
            self.tasks[name] = _Task(step, payload, f"{where}/Parameters/Payload", waits, not waits)
            if waits:
                self._human_wait(name, state, payload, where)
            return
        self.fault(
            "not_in_catalog",
            f"the resource {resource!r} is not a catalog step; use "
            f"{{'Fn::GetAtt': [<logical id>, 'Arn']}} of one of: {names}",
            name,
            f"{where}/Resource",
        )

    def _catalog_ref(self, value: object) -> dict | None:
        if isinstance(value, dict) and set(value) == {"Fn::GetAtt"}:
            ref = value["Fn::GetAtt"]
            if isinstance(ref, list) and len(ref) == 2 and ref[1] == "Arn":
                return self.by_logical_id.get(ref[0])
        return None

    def _human_wait(self, name: str, state: dict, payload: dict, where: str) -> None:
        if "TimeoutSeconds" not in state and "TimeoutSecondsPath" not in state:
            self.fault(
                "wait_without_timeout",
                "a human wait needs TimeoutSeconds (or "
                "TimeoutSecondsPath, e.g. $.cycle.timeouts.<kind>) so an overdue task "
                "escalates instead of waiting up to a year",
                name,
                where,
            )
        if payload.get("token.$") != "$$.Task.Token":
            self.fault(
                "wait_without_token",
                'the payload must pass "token.$": '
                '"$$.Task.Token", or nobody can ever complete this wait',
                name,
                f"{where}/Parameters/Payload",
            )
        catches = state.get("Catch", [])
        caught = {e for c in catches if isinstance(c, dict) for e in c.get("ErrorEquals", [])}
        if not caught & {"States.Timeout", "States.ALL"}:
            self.warn(
                "timeout_not_escalated",
                "no Catch for States.Timeout: an overdue task "
                "fails the segment instead of escalating",
                name,
                f"{where}/Catch",
            )

    # data flow ------------------------------------------------------------------------------
    def _data_flow(self, definition: dict) -> dict[str, dict]:
        """The schema of each state's input that holds on every way into it (a fixed point)."""
        states = definition["States"]
        inputs: dict[str, dict | None] = {n: None for n in states}
        inputs[definition["StartAt"]] = self.catalog["execution_input"]
        work = [definition["StartAt"]]
        rounds = 0
        while work and rounds < 10_000:
            rounds += 1
            name = work.pop()
            state, shape = states[name], inputs[name]
            for target, out in self._transfer(name, state, shape or ANY):
                merged = _intersect(inputs[target], out)
                if merged != inputs[target]:
                    inputs[target] = merged
                    work.append(target)
        for name, state in states.items():
            self._check_reads(name, state, inputs[name] or ANY)
        return {n: s or ANY for n, s in inputs.items()}

    def _transfer(self, name: str, state: dict, shape: dict) -> Iterator[tuple[str, dict]]:
        kind = state["Type"]
        effective = shape
        if state.get("InputPath") not in (None, "$"):
            effective = _resolve(shape, state["InputPath"])[0] or ANY
        result = ANY
        if kind == "Task" and name in self.tasks:
            result = self._result(self.tasks[name])
        elif kind == "Pass":
            if "Result" in state:
                result = _literal_schema(state["Result"])
            elif "Parameters" in state:
                result = self._built(state["Parameters"], effective)
            else:
                result = effective
        if kind in ("Task", "Pass", "Parallel", "Map"):
            if "ResultSelector" in state:
                result = ANY
            out = _assign(effective, state.get("ResultPath", "$"), result)
        else:
            out = effective
        if state.get("OutputPath") not in (None, "$"):
            out = _resolve(out, state["OutputPath"])[0] or ANY
        for catch in state.get("Catch", []):
            yield catch["Next"], _assign(effective, catch.get("ResultPath", "$"), ERROR_OBJECT)
        if "Next" in state:
            yield state["Next"], out
        for rule in state.get("Choices", []):
            yield rule["Next"], out
        if "Default" in state:
            yield state["Default"], out

    def _result(self, task: _Task) -> dict:
        step = task.step
        if task.waits:
            kind = task.payload.get("kind")
            outcomes = step["outcomes"]
            if isinstance(kind, str) and kind in outcomes:
                return outcomes[kind]
            merged = None
            for schema in outcomes.values():
                merged = _intersect(merged, schema)
            return merged or ANY
        output = step["output"]
        if task.wrapped:
            return {
                "type": "object",
                "properties": {"Payload": output, "StatusCode": {"type": "integer"}},
                "required": ["Payload", "StatusCode"],
            }
        return output

    def _built(self, params: dict, shape: dict) -> dict:
        props = {}
        for key, value in params.items():
            if key.endswith(".$"):
                props[key[:-2]] = self._read(value, shape)[0] or ANY
            elif isinstance(value, dict):
                props[key] = self._built(value, shape)
            else:
                props[key] = _literal_schema(value)
        return {"type": "object", "properties": props, "required": sorted(props)}

    def _read(self, path: str, shape: dict) -> tuple[dict | None, str]:
        if INTRINSIC.match(path):
            return ({"type": "string"} if path.startswith("States.Format(") else ANY), ""
        if path.startswith("$$"):
            return CONTEXT.get(path, ANY), ""
        return _resolve(shape, path)

    def _check_reads(self, name: str, state: dict, shape: dict) -> None:
        where = f"/States/{name}"
        for index, rule in enumerate(state.get("Choices", [])):
            self._check_rule(name, rule, shape, f"{where}/Choices/{index}")
        for key in ("TimeoutSecondsPath", "HeartbeatSecondsPath"):
            if key in state:
                found, missing = self._read(state[key], shape)
                if found is None:
                    self._unknown(name, state[key], missing, f"{where}/{key}")
                elif _type_of(found) not in (None, "integer"):
                    self.fault(
                        "input_type",
                        f"{key} {state[key]} is a {_type_of(found)}, not a number of seconds",
                        name,
                        f"{where}/{key}",
                    )
        if name in self.tasks:
            self._check_step_input(name, self.tasks[name], shape)
        elif state["Type"] == "Pass" and isinstance(state.get("Parameters"), dict):
            self._paths_exist(name, state["Parameters"], shape, f"{where}/Parameters")

    def _paths_exist(self, name: str, params: dict, shape: dict, where: str) -> None:
        for key, value in params.items():
            if key.endswith(".$") and isinstance(value, str):
                found, missing = self._read(value, shape)
                if found is None:
                    self._unknown(name, value, missing, f"{where}/{key}")
            elif isinstance(value, dict):
                self._paths_exist(name, value, shape, f"{where}/{key}")

    def _unknown(self, name: str, path: str, missing: str, where: str) -> None:
        self.fault(
            "unknown_path",
            f"{path} reads {missing!r}, which no earlier step's output "
            "guarantees on every way into this state",
            name,
            where,
        )

    def _check_rule(self, name: str, rule: dict, shape: dict, where: str) -> None:
        for key in ("And", "Or"):
            for index, sub in enumerate(rule.get(key, [])):
                self._check_rule(name, sub, shape, f"{where}/{key}/{index}")
        if "Not" in rule:
            self._check_rule(name, rule["Not"], shape, f"{where}/Not")
        if "Variable" not in rule:
            return
        found, missing = self._read(rule["Variable"], shape)
        tests_presence = "IsPresent" in rule
        if found is None:
            if not tests_presence:
                self._unknown(name, rule["Variable"], missing, f"{where}/Variable")
            return
        for operator in rule:
            wanted = next((t for p, t in COMPARISONS.items() if operator.startswith(p)), None)
            if wanted is None or operator.endswith("Path"):
                continue
            actual = _type_of(found)
            if actual and not (actual == wanted or (wanted, actual) == ("number", "integer")):
                self.fault(
                    "choice_type",
                    f"{operator} compares {rule['Variable']}, which is "
                    f"a {actual}; the rule can never match",
                    name,
                    where,
                )
            values = found.get("enum")
            if values and operator == "StringEquals" and rule[operator] not in values:
                self.fault(
                    "choice_value",
                    f"{rule['Variable']} is one of {values}; {rule[operator]!r} never occurs",
                    name,
                    where,
                )

    def _check_step_input(self, name: str, task: _Task, shape: dict) -> None:
        schema, step = task.step["input"], task.step["name"]
        props, required = schema.get("properties", {}), set(schema.get("required", []))
        given: dict[str, dict] = {}
        for key, value in task.payload.items():
            field_name = key[:-2] if key.endswith(".$") else key
            at = f"{task.payload_path}/{key}"
            if key.endswith(".$"):
                found, missing = self._read(value, shape)
                if found is None:
                    self._unknown(name, value, missing, at)
                    given[field_name] = ANY
                    continue
                given[field_name] = found
            else:
                given[field_name] = _literal_schema(value)
            if field_name not in props:
                if schema.get("additionalProperties") is False:
                    self.fault(
                        "input_unknown",
                        f"the {step} step's input has no field "
                        f"{field_name!r}; it takes {sorted(props)}",
                        name,
                        at,
                    )
                continue
            self._fits(name, step, field_name, given[field_name], props[field_name], at)
        for missing in sorted(required - set(given)):
            self.fault(
                "input_missing",
                f"the {step} step needs {missing!r} in its input "
                f"({task.payload_path.rsplit('/', 1)[-1]})",
                name,
                task.payload_path,
            )

    def _fits(self, name: str, step: str, key: str, given: dict, wanted: dict, at: str) -> None:
        actual, expected = _type_of(given), _type_of(wanted)
        if actual and expected and actual != expected:  # noqa: SIM102
            if not (expected == "number" and actual == "integer"):
                self.fault(
                    "input_type",
                    f"the {step} step's {key!r} is a {expected}; it gets a {actual} here",
                    name,
                    at,
                )
                return
        if "const" in given:
            value = given["const"]
            if "enum" in wanted and value not in wanted["enum"]:
                self.fault(
                    "input_value",
                    f"the {step} step's {key!r} is one of {wanted['enum']}, not {value!r}",
                    name,
                    at,
                )
            if isinstance(value, int | float) and not isinstance(value, bool):
                low, high = wanted.get("minimum"), wanted.get("maximum")
                if (low is not None and value < low) or (high is not None and value > high):
                    self.fault(
                        "input_value",
                        f"the {step} step's {key!r} is from {low} to {high}, not {value}",
                        name,
                        at,
                    )
        elif (
            "enum" in wanted
            and (extra := sorted(set(given.get("enum") or []) - set(wanted["enum"])))
            and extra
        ):
            self.fault("input_value", f"the {step} step's {key!r} cannot take {extra}", name, at)

    # 4. the cycle ---------------------------------------------------------------------------
    def _cycle(self, definition: dict, inputs: dict[str, dict]) -> None:
        states, start = definition["States"], definition["StartAt"]
        load = self.tasks.get(start)
        if load is None or load.step["name"] != "load":
            self.fault(
                "first_state_not_load",
                "a segment must start with the load step: it "
                "says at which stored stage the cycle resumes",
                start,
                "/StartAt",
            )
            return
        result = states[start].get("ResultPath", "$")
        dispatch_name = states[start].get("Next")
        dispatch = states.get(dispatch_name, {})
        variable = f"{result}.stage" if result != "$" else "$.stage"
        rules = [
            r
            for r in dispatch.get("Choices", [])
            if r.get("Variable") == variable and "StringEquals" in r
        ]
        if dispatch.get("Type") != "Choice" or not rules:
            self.fault(
                "no_dispatch",
                f"after {start!r} a Choice on {variable} must send each "
                "stored stage to the state that resumes it",
                dispatch_name,
                f"/States/{start}/Next",
            )
            return
        known = self.catalog["stages"]
        for rule in rules:
            stage = rule["StringEquals"]
            if stage in self.report.stages:
                self.fault(
                    "duplicate_stage", f"the stage {stage!r} is dispatched twice", dispatch_name
                )
            self.report.stages[stage] = rule["Next"]
        for stage in ("plan", "monitor"):
            if stage not in self.report.stages:
                why = "a new cycle starts" if stage == "plan" else "every period boundary resumes"
                self.fault(
                    "dispatch_missing_stage",
                    f"the dispatch {dispatch_name!r} has no rule for {stage!r}, where {why}",
                    dispatch_name,
                    f"/States/{dispatch_name}/Choices",
                )
        for stage in known:
            if stage not in self.report.stages and stage not in ("plan", "monitor"):
                self.warn(
                    "stage_not_resumable",
                    f"cycles stored at {stage!r} cannot resume "
                    "under this definition (nor be migrated to it)",
                    dispatch_name,
                )
        if self.report.faults:
            return
        self._order(states, self.report.stages)

    def _order(self, states: dict, stages: dict[str, str]) -> None:
        """Along the cycle (from ``plan``; a boundary continues where ``monitor`` resumes), no
        assess step before a plan step and no decide step before an assess step."""
        step_of = {n: t.step["name"] for n, t in self.tasks.items()}

        def successors(name: str) -> list[str]:
            following = list(_successors(states[name], catches=False))
            if step_of.get(name) == "boundary":
                following.append(stages["monitor"])
            return following

        start = stages["plan"]
        for needed, step in (("plan", "assess"), ("assess", "decide")):
            # a way from the start to a `step` state that avoids every `needed` state
            previous: dict[str, str | None] = {start: None}
            queue = [start] if step_of.get(start) != needed else []
            while queue:
                name = queue.pop(0)
                if step_of.get(name) == step:
                    way, at = [], name
                    while at is not None:
                        way.append(at)
                        at = previous[at]
                    self.fault(
                        "cycle_order",
                        f"the {step} step in {name!r} can be reached "
                        f"without a {needed} step before it: "
                        f"{' -> '.join(reversed(way))}",
                        name,
                    )
                    break
                for following in successors(name):
                    if following not in previous and step_of.get(following) != needed:
                        previous[following] = name
                        queue.append(following)

    # 6. limits ------------------------------------------------------------------------------
    def _limits(self, definition: dict, inputs: dict[str, dict]) -> None:
        states, start = definition["States"], definition["StartAt"]
        components = _strongly_connected(states)
        events, seconds = {}, {}
        for name, state in states.items():
            events[name] = _events(state, self.tasks.get(name))
            seconds[name] = _seconds(state)
        busy = []
        weight_events, weight_seconds = {}, {}
        component_of = {}
        for index, members in enumerate(components):
            for member in members:
                component_of[member] = index
            looped = len(members) > 1 or members[0] in _successors(states[members[0]])
            rounds = LOOP_ROUNDS if looped else 1
            if looped and not any(
                (self.tasks.get(m) and self.tasks[m].waits) or states[m]["Type"] == "Wait"
                for m in members
            ):
                busy.append(sorted(members))
            weight_events[index] = rounds * sum(events[m] for m in members)
            weight_seconds[index] = rounds * sum(seconds[m] for m in members)
        for members in busy:
            self.fault(
                "busy_loop",
                f"the states {members} form a loop with neither a human "
                "wait nor a Wait state: one segment could spin through its 25,000 "
                "history events in seconds",
                members[0],
            )
        dag: dict[int, set[int]] = {}
        for name, state in states.items():
            for target in _successors(state):
                if component_of[target] != component_of[name]:
                    dag.setdefault(component_of[name], set()).add(component_of[target])
        total_events = 2 + _longest(component_of[start], dag, weight_events)
        total_seconds = _longest(component_of[start], dag, weight_seconds)
        largest = max(
            _size(shape) for name, shape in inputs.items() if inputs.get(name) is not None
        )
        literals = max(
            (len(json.dumps(states[n].get(k))) for n in states for k in ("Result", "Parameters")),
            default=0,
        )
        payload = max(largest, literals)
        self.report.estimates.update(
            history_events=total_events,
            payload_bytes=payload,
            wait_seconds=total_seconds,
            assumptions=f"a loop through a human wait runs at most {LOOP_ROUNDS} rounds; a Map "
            f"{MAP_ITEMS} items; a string without maxLength {STRING_BYTES} bytes",
        )
        if total_events > MAX_EVENTS:
            self.fault(
                "too_many_events",
                f"one segment may write about {total_events:,} "
                f"history events; Step Functions stops an execution at {MAX_EVENTS:,}: "
                "end the segment earlier with a boundary step",
            )
        if payload > MAX_PAYLOAD:
            self.fault(
                "payload_too_large",
                f"the state data may reach about {payload:,} "
                f"bytes; Step Functions allows {MAX_PAYLOAD:,}: pass ids, not "
                "documents",
            )
        if total_seconds > MAX_SECONDS:
            self.fault(
                "segment_too_long",
                f"the waits of one segment add up to "
                f"{total_seconds:,} seconds; an execution stops after one year "
                f"({MAX_SECONDS:,})",
            )


def _nested_states(states: dict, where: str) -> Iterator[tuple[str, dict, str]]:
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
            yield from _nested_states(machine["States"], at)


def _events(state: dict, task: _Task | None) -> int:
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


def _machine_events(machine: dict) -> int:
    return sum(_events(s, None) for s in machine.get("States", {}).values())


def _seconds(state: dict) -> int:
    if state["Type"] == "Wait":
        return int(state.get("Seconds", 0) or 0)
    if state["Type"] == "Task":
        return int(state.get("TimeoutSeconds", 0) or 0)
    return 0


def _successors(state: dict | None, catches: bool = True) -> Iterator[str]:
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


def _is_terminal(state: object) -> bool:
    return isinstance(state, dict) and (
        state.get("Type") in TERMINAL_TYPES or state.get("End") is True
    )


def _reachable(start: str, states: dict) -> set[str]:
    seen, stack = {start}, [start]
    while stack:
        for target in _successors(states.get(stack.pop())):
            if target in states and target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _strongly_connected(states: dict) -> list[list[str]]:
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
        work = [(root, iter(list(_successors(states[root]))))]
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
                    work.append((child, iter(list(_successors(states[child])))))
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


def _longest(start: int, dag: dict[int, set[int]], weight: dict[int, int]) -> int:
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
