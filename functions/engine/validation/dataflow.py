"""3. Data between steps: the schema of each state's input, computed along every way into it
(from the execution input, each step's output put at its ``ResultPath``, the Catch error object
at the Catch's), keeping only what holds on every way in. Each step's input (its ``Parameters``)
must fit its input schema, and every path read (``Parameters``, a Choice's ``Variable``,
``TimeoutSecondsPath``) must be known there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from functions.engine.validation.shapes import (
    ANY,
    assign,
    intersect,
    literal_schema,
    present,
    resolve,
    type_of,
)
from functions.engine.validation.structure import INTRINSIC

if TYPE_CHECKING:
    from functions.engine.validation import Report
    from functions.engine.validation.semantics import Task

COMPARISONS = {
    "String": "string",
    "Numeric": "number",
    "Boolean": "boolean",
    "Timestamp": "string",
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


class DataFlow:
    """Check 3 on the top-level states, given the catalog steps their Tasks call (``tasks``)."""

    def __init__(self, report: Report, tasks: dict[str, Task], execution_input: dict) -> None:
        self.report = report
        self.tasks = tasks
        self.execution_input = execution_input

    def check(self, definition: dict) -> dict[str, dict]:
        """The schema of each state's input that holds on every way into it (a fixed point),
        after checking each state's reads and each step's input against it."""
        states = definition["States"]
        inputs: dict[str, dict | None] = {n: None for n in states}
        inputs[definition["StartAt"]] = self.execution_input
        work = [definition["StartAt"]]
        rounds = 0
        while work and rounds < 10_000:
            rounds += 1
            name = work.pop()
            state, shape = states[name], inputs[name]
            for target, out in self._transfer(name, state, shape or ANY):
                merged = intersect(inputs[target], out)
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
            effective = resolve(shape, state["InputPath"])[0] or ANY
        result = ANY
        if kind == "Task" and name in self.tasks:
            result = self._result(self.tasks[name])
        elif kind == "Pass":
            if "Result" in state:
                result = literal_schema(state["Result"])
            elif "Parameters" in state:
                result = self._built(state["Parameters"], effective)
            else:
                result = effective
        if kind in ("Task", "Pass", "Parallel", "Map"):
            if "ResultSelector" in state:
                result = ANY
            out = assign(effective, state.get("ResultPath", "$"), result)
        else:
            out = effective
        if state.get("OutputPath") not in (None, "$"):
            out = resolve(out, state["OutputPath"])[0] or ANY
        for catch in state.get("Catch", []):
            yield catch["Next"], assign(effective, catch.get("ResultPath", "$"), ERROR_OBJECT)
        if "Next" in state:
            yield state["Next"], out
        for rule, before, shape_after in _narrowed(state, out):
            yield rule["Next"], shape_after
            out = before
        if "Default" in state:
            yield state["Default"], out

    def _result(self, task: Task) -> dict:
        step = task.step
        if task.waits:
            kind = task.payload.get("kind")
            outcomes = step["outcomes"]
            if isinstance(kind, str) and kind in outcomes:
                return outcomes[kind]
            merged = None
            for schema in outcomes.values():
                merged = intersect(merged, schema)
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
                props[key] = literal_schema(value)
        return {"type": "object", "properties": props, "required": sorted(props)}

    def _read(self, path: str, shape: dict) -> tuple[dict | None, str]:
        if INTRINSIC.match(path):
            return ({"type": "string"} if path.startswith("States.Format(") else ANY), ""
        if path.startswith("$$"):
            return CONTEXT.get(path, ANY), ""
        return resolve(shape, path)

    def _check_reads(self, name: str, state: dict, shape: dict) -> None:
        where = f"/States/{name}"
        current = shape  # a rule reads what the presence tests before it found
        for index, (rule, after, _) in enumerate(_narrowed(state, shape)):
            self._check_rule(name, rule, current, f"{where}/Choices/{index}")
            current = after
        for key in ("TimeoutSecondsPath", "HeartbeatSecondsPath"):
            if key in state:
                found, missing = self._read(state[key], shape)
                if found is None:
                    self._unknown(name, state[key], missing, f"{where}/{key}")
                elif type_of(found) not in (None, "integer"):
                    self.report.fault(
                        "input_type",
                        f"{key} {state[key]} is a {type_of(found)}, not a number of seconds",
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
        self.report.fault(
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
            actual = type_of(found)
            if actual and not (actual == wanted or (wanted, actual) == ("number", "integer")):
                self.report.fault(
                    "choice_type",
                    f"{operator} compares {rule['Variable']}, which is "
                    f"a {actual}; the rule can never match",
                    name,
                    where,
                )
            values = found.get("enum")
            if values and operator == "StringEquals" and rule[operator] not in values:
                self.report.fault(
                    "choice_value",
                    f"{rule['Variable']} is one of {values}; {rule[operator]!r} never occurs",
                    name,
                    where,
                )

    def _check_step_input(self, name: str, task: Task, shape: dict) -> None:
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
                given[field_name] = literal_schema(value)
            if field_name not in props:
                if schema.get("additionalProperties") is False:
                    self.report.fault(
                        "input_unknown",
                        f"the {step} step's input has no field "
                        f"{field_name!r}; it takes {sorted(props)}",
                        name,
                        at,
                    )
                continue
            self._fits(name, step, field_name, given[field_name], props[field_name], at)
        for missing in sorted(required - set(given)):
            self.report.fault(
                "input_missing",
                f"the {step} step needs {missing!r} in its input "
                f"({task.payload_path.rsplit('/', 1)[-1]})",
                name,
                task.payload_path,
            )

    def _fits(self, name: str, step: str, key: str, given: dict, wanted: dict, at: str) -> None:
        actual, expected = type_of(given), type_of(wanted)
        if actual and expected and actual != expected:  # noqa: SIM102
            if not (expected == "number" and actual == "integer"):
                self.report.fault(
                    "input_type",
                    f"the {step} step's {key!r} is a {expected}; it gets a {actual} here",
                    name,
                    at,
                )
                return
        if "const" in given:
            value = given["const"]
            if "enum" in wanted and value not in wanted["enum"]:
                self.report.fault(
                    "input_value",
                    f"the {step} step's {key!r} is one of {wanted['enum']}, not {value!r}",
                    name,
                    at,
                )
            pattern = wanted.get("pattern")
            if (
                isinstance(value, str)
                and isinstance(pattern, str)
                and not re.search(pattern, value)
            ):
                self.report.fault(
                    "input_value",
                    f"the {step} step's {key!r} must match {pattern}, not {value!r}",
                    name,
                    at,
                )
            if isinstance(value, int | float) and not isinstance(value, bool):
                low, high = wanted.get("minimum"), wanted.get("maximum")
                if (low is not None and value < low) or (high is not None and value > high):
                    self.report.fault(
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
            self.report.fault(
                "input_value", f"the {step} step's {key!r} cannot take {extra}", name, at
            )


def _narrowed(state: dict, shape: dict) -> Iterator[tuple[dict, dict, dict]]:
    """Each rule of a Choice with (the shape for the rules after it, the shape on its way):
    ``{"Variable": x, "IsPresent": true}`` has x on its way; after ``"IsPresent": false`` the
    rules that follow (and the Default) have it."""
    for rule in state.get("Choices", []):
        variable, test = rule.get("Variable"), rule.get("IsPresent")
        if not isinstance(variable, str) or not isinstance(test, bool):
            yield rule, shape, shape
            continue
        found = present(shape, variable)
        yield rule, (shape if test else found), (found if test else shape)
        shape = shape if test else found
