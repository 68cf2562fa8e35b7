"""1. Structure: the fields and types of the document and of each state, ``StartAt``, ``Next``
targets, ``Choices``, ``Retry``/``Catch`` shape, path syntax, reachability, a terminal state and
a way out of every state.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from functions.engine.validation.graph import is_terminal, reachable, successors

if TYPE_CHECKING:
    from functions.engine.validation import Report

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
# $ then .name, ['name'] or [n]: the only paths ResultPath and the *Path fields may use.
NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
REFERENCE_PATH = re.compile(rf"^\$((\.{NAME})|(\['[^']+'\])|(\[\d+\]))*$")
# A JSONPath as Step Functions reads it: also wildcards, slices, filters and deep scans.
JSON_PATH = re.compile(rf"^\$\$?((\.\.?({NAME}|\*))|(\[[^\[\]]+\]))*$")
INTRINSIC = re.compile(r"^States\.[A-Za-z0-9]+\(.*\)$", re.S)


class StructureChecker:
    """Check 1 on a state machine and every machine nested in it, into ``report``."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def check(self, machine: object, where: str, top: bool = False) -> bool:
        """Check one state machine (the whole or a Parallel branch / Map iterator); False when
        it is too broken to look further."""
        if not isinstance(machine, dict):
            self.report.fault(
                "not_an_object", "a state machine is a JSON object", path=where or "/"
            )
            return False
        allowed = TOP_FIELDS if top else TOP_FIELDS | {"ProcessorConfig"}
        for name in sorted(set(machine) - allowed):
            self.report.fault(
                "unknown_field",
                f"unknown field {name!r} in the state machine",
                None,
                f"{where}/{name}",
            )
        states = machine.get("States")
        if not isinstance(states, dict) or not states:
            self.report.fault(
                "no_states",
                "'States' must be an object with at least one state",
                path=f"{where}/States",
            )
            return False
        start = machine.get("StartAt")
        if not isinstance(start, str):
            self.report.fault(
                "no_start", "'StartAt' must name the first state", path=f"{where}/StartAt"
            )
        elif start not in states:
            self.report.fault(
                "start_not_found",
                f"'StartAt' names {start!r}, which is not a state; states are {sorted(states)}",
                path=f"{where}/StartAt",
            )
        for name, state in states.items():
            self._state(name, state, states, f"{where}/States/{name}")
        if isinstance(start, str) and start in states:
            self._graph(start, states, where)
        return True

    def _state(self, name: str, state: object, states: dict, where: str) -> None:
        if len(name) > 80:
            self.report.fault("state_name", "a state name has at most 80 characters", name, where)
        if not isinstance(state, dict):
            self.report.fault("not_an_object", "a state is a JSON object", name, where)
            return
        kind = state.get("Type")
        if kind not in FIELDS:
            self.report.fault(
                "state_type",
                f"unknown state type {kind!r}; use one of {sorted(FIELDS)}",
                name,
                f"{where}/Type",
            )
            return
        for extra in sorted(set(state) - FIELDS[kind]):
            self.report.fault(
                "unknown_field", f"a {kind} state has no field {extra!r}", name, f"{where}/{extra}"
            )
        if kind in ("Task", "Pass", "Wait", "Parallel", "Map"):
            has_next, ends = "Next" in state, state.get("End") is True
            if has_next == ends:
                self.report.fault(
                    "transition",
                    f"a {kind} state needs exactly one of 'Next' or 'End': true",
                    name,
                    where,
                )
            if "End" in state and state["End"] is not True:
                self.report.fault("transition", "'End' can only be true", name, f"{where}/End")
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
            self.report.fault(
                "missing_target",
                f"{where.rsplit('/', 1)[-1]} names {target!r}, which is not a state",
                name,
                where,
            )

    def _path(self, path: object, name: str, where: str, reference: bool = False) -> None:
        pattern = REFERENCE_PATH if reference else JSON_PATH
        if not isinstance(path, str) or not pattern.match(path):
            what = "a reference path ($, .field, ['field'], [index])" if reference else "a path"
            self.report.fault("bad_path", f"{path!r} is not {what}", name, where)

    def _parameters(self, params: object, name: str, where: str) -> None:
        if not isinstance(params, dict):
            return
        for key, value in params.items():
            if key.endswith(".$"):
                if not isinstance(value, str) or not (
                    JSON_PATH.match(value) or INTRINSIC.match(value)
                ):
                    self.report.fault(
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
            self.report.fault(f"{kind.lower()}_shape", f"'{kind}' must be a list", name, where)
            return
        for index, item in enumerate(items):
            at = f"{where}/{index}"
            if not isinstance(item, dict):
                self.report.fault(
                    f"{kind.lower()}_shape", f"each {kind} entry is an object", name, at
                )
                continue
            allowed = RETRY_FIELDS if kind == "Retry" else CATCH_FIELDS
            for extra in sorted(set(item) - allowed):
                self.report.fault(
                    f"{kind.lower()}_shape",
                    f"a {kind} entry has no field {extra!r}",
                    name,
                    f"{at}/{extra}",
                )
            errors = item.get("ErrorEquals")
            if not (
                isinstance(errors, list) and errors and all(isinstance(e, str) for e in errors)
            ):
                self.report.fault(
                    f"{kind.lower()}_shape",
                    f"{kind}[{index}].ErrorEquals must be a non-empty list of error names",
                    name,
                    f"{at}/ErrorEquals",
                )
            elif "States.ALL" in errors and (len(errors) > 1 or index != len(items) - 1):
                self.report.fault(
                    f"{kind.lower()}_shape",
                    f"States.ALL must be alone in the last {kind} entry",
                    name,
                    f"{at}/ErrorEquals",
                )
            if kind == "Catch":
                if "Next" not in item:
                    self.report.fault("catch_shape", f"Catch[{index}] needs 'Next'", name, at)
                else:
                    self._target(item["Next"], states, name, f"{at}/Next")
                if item.get("ResultPath") is not None:
                    self._path(item["ResultPath"], name, f"{at}/ResultPath", reference=True)
                continue
            for key, low in (("IntervalSeconds", 1), ("MaxAttempts", 0), ("MaxDelaySeconds", 1)):
                value = item.get(key)
                if key in item and (type(value) is not int or value < low):
                    self.report.fault(
                        "retry_shape",
                        f"Retry[{index}].{key} must be an integer >= {low}",
                        name,
                        f"{at}/{key}",
                    )
            rate = item.get("BackoffRate")
            if "BackoffRate" in item and (
                rate is None or type(rate) not in (int, float) or isinstance(rate, bool) or rate < 1
            ):
                self.report.fault(
                    "retry_shape",
                    f"Retry[{index}].BackoffRate must be a number >= 1",
                    name,
                    f"{at}/BackoffRate",
                )
            if "JitterStrategy" in item and item["JitterStrategy"] not in ("FULL", "NONE"):
                self.report.fault(
                    "retry_shape",
                    f"Retry[{index}].JitterStrategy is FULL or NONE",
                    name,
                    f"{at}/JitterStrategy",
                )

    def _task(self, name: str, state: dict, states: dict, where: str) -> None:
        if "Resource" not in state:
            self.report.fault("no_resource", "a Task state needs 'Resource'", name, where)
        for key in ("TimeoutSeconds", "HeartbeatSeconds"):
            value = state.get(key)
            if key in state and (type(value) is not int or value < 1):
                self.report.fault(
                    "timeout_shape", f"{key} must be a positive integer", name, f"{where}/{key}"
                )
            if key in state and f"{key}Path" in state:
                self.report.fault("timeout_shape", f"use {key} or {key}Path, not both", name, where)
        for key in ("TimeoutSecondsPath", "HeartbeatSecondsPath"):
            if key in state:
                self._path(state[key], name, f"{where}/{key}", reference=True)
        timeout, heartbeat = state.get("TimeoutSeconds"), state.get("HeartbeatSeconds")
        if type(timeout) is int and type(heartbeat) is int and heartbeat >= timeout:
            self.report.fault(
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
            self.report.fault(
                "choice_shape",
                "a Choice state needs a non-empty 'Choices' list",
                name,
                f"{where}/Choices",
            )
            choices = []
        for index, rule in enumerate(choices):
            at = f"{where}/Choices/{index}"
            if not isinstance(rule, dict):
                self.report.fault("choice_shape", "each choice rule is an object", name, at)
                continue
            if "Next" not in rule:
                self.report.fault("choice_shape", f"Choices[{index}] needs 'Next'", name, at)
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
            self.report.fault(
                "choice_shape",
                "a choice rule needs 'Variable' and exactly one "
                "comparison (StringEquals, BooleanEquals, …)",
                name,
                at,
            )
            return
        self._path(rule["Variable"], name, f"{at}/Variable")
        for extra in sorted(set(rule) - {"Variable", "Next", "Comment", *operators}):
            self.report.fault(
                "choice_shape", f"a choice rule has no field {extra!r}", name, f"{at}/{extra}"
            )

    def _wait(self, name: str, state: dict, states: dict, where: str) -> None:
        given = [k for k in ("Seconds", "Timestamp", "SecondsPath", "TimestampPath") if k in state]
        if len(given) != 1:
            self.report.fault(
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
            self.report.fault(
                "parallel_shape",
                "a Parallel state needs a non-empty 'Branches' list",
                name,
                f"{where}/Branches",
            )
            return
        for index, branch in enumerate(branches):
            self.check(branch, f"{where}/Branches/{index}")

    def _map(self, name: str, state: dict, states: dict, where: str) -> None:
        key = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
        if key not in state:
            self.report.fault("map_shape", "a Map state needs 'ItemProcessor'", name, where)
            return
        if "ItemsPath" in state:
            self._path(state["ItemsPath"], name, f"{where}/ItemsPath", reference=True)
        self.check(state[key], f"{where}/{key}")

    def _graph(self, start: str, states: dict, where: str) -> None:
        seen = reachable(start, states)
        for name in states:
            if name not in seen:
                self.report.fault(
                    "unreachable",
                    f"no transition leads to {name!r}; remove it or point a Next at it",
                    name,
                    f"{where}/States/{name}",
                )
        terminals = {n for n in seen if is_terminal(states.get(n))}
        if not terminals:
            self.report.fault(
                "no_terminal",
                "no reachable state ends the execution (Succeed, Fail or End: true)",
                path=f"{where}/States",
            )
            return
        reverse: dict[str, set[str]] = {}
        for name in seen:
            for target in successors(states.get(name)):
                reverse.setdefault(target, set()).add(name)
        can_end, stack = set(terminals), list(terminals)
        while stack:
            for previous in reverse.get(stack.pop(), ()):
                if previous not in can_end:
                    can_end.add(previous)
                    stack.append(previous)
        for name in sorted(seen - can_end):
            self.report.fault(
                "no_way_out",
                f"from {name!r} no path reaches an end state: an "
                "execution entering it runs until it times out",
                name,
                f"{where}/States/{name}",
            )
