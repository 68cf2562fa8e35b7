"""2.-6. What only this project knows: every Task calls a catalog step (a human task only with
``.waitForTaskToken``), the data between steps fits (see dataflow.py), the cycle resumes at each
stored stage and keeps its order, human waits time out and pass their token, and one segment
stays within Step Functions' limits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from operator import eq
from typing import TYPE_CHECKING

from functions.engine.validation.dataflow import DataFlow
from functions.engine.validation.facts import FactFlow
from functions.engine.validation.graph import (
    MAP_ITEMS,
    first_way,
    history_events,
    longest_path,
    nested_states,
    state_entries,
    strongly_connected,
    successors,
    wait_seconds,
    way_to,
)
from functions.engine.validation.shapes import STRING_BYTES, estimated_size

if TYPE_CHECKING:
    from functions.engine.validation import Report

WAIT_FOR_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken"
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
MAX_EVENTS = 25_000
MAX_PAYLOAD = 256 * 1024
MAX_SECONDS = 365 * 86_400
LOOP_ROUNDS = 25  # assumed rounds of a loop a person drives (an SKP returned and redrafted)


@dataclass
class Task:
    step: dict  # the catalog entry
    payload: dict  # the parameters the step receives
    payload_path: str  # where they are in the definition
    waits: bool
    wrapped: bool  # lambda:invoke without waiting: the result is {"Payload": output, ...}


class SemanticsChecker:
    """Checks 2 to 6 on a definition whose structure is sound, into ``report``."""

    def __init__(self, report: Report, catalog: dict) -> None:
        self.report = report
        self.catalog = catalog
        self.by_logical_id = {s["logical_id"]: s for s in catalog["steps"]}
        self.tasks: dict[str, Task] = {}

    def check(self, definition: dict) -> None:
        states = definition["States"]
        for name, state in states.items():
            if state["Type"] == "Task":
                self._catalog_task(name, state, f"/States/{name}")
        top_level = dict(self.tasks)
        for name, state, where in nested_states(states, ""):
            if state["Type"] == "Task":  # inside Parallel and Map: the catalog holds there too
                self._catalog_task(name, state, where)
        self.tasks = top_level  # the data flow and the cycle follow the top-level states
        if self.report.faults:
            return
        data_flow = DataFlow(self.report, self.tasks, self.catalog["execution_input"])
        inputs = data_flow.check(definition)
        self._cycle(definition, inputs)
        self._limits(definition, inputs)

    # 2. the catalog -------------------------------------------------------------------------
    def _catalog_task(self, name: str, state: dict, where: str) -> None:
        resource = state["Resource"]
        params = state.get("Parameters")
        if not isinstance(params, dict):
            params = {}
        names = ", ".join(s["name"] for s in self.catalog["steps"])
        if isinstance(resource, dict):
            step = self._catalog_ref(resource)
            if step is None:
                self.report.fault(
                    "not_in_catalog",
                    f"the resource {json.dumps(resource)} is not a catalog step ({names})",
                    name,
                    f"{where}/Resource",
                )
                return
            if step["waits_for_task_token"]:
                self.report.fault(
                    "wait_without_token",
                    f"the {step['name']} step opens a task for a "
                    f"person: call it with Resource {WAIT_FOR_TOKEN!r} and its Lambda in "
                    "Parameters.FunctionName",
                    name,
                    f"{where}/Resource",
                )
                return
            self.tasks[name] = Task(step, params, f"{where}/Parameters", False, False)
            return
        if resource in (WAIT_FOR_TOKEN, LAMBDA_INVOKE):
            step = self._catalog_ref(params.get("FunctionName"))
            if step is None:
                self.report.fault(
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
                self.report.fault(
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
                self.report.fault(
                    "input_missing",
                    "Parameters.Payload must hold the step's input",
                    name,
                    f"{where}/Parameters/Payload",
                )
                return
            self.tasks[name] = Task(step, payload, f"{where}/Parameters/Payload", waits, not waits)
            if waits:
                self._human_wait(name, state, payload, where)
            return
        self.report.fault(
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

    # 5. human waits -------------------------------------------------------------------------
    def _human_wait(self, name: str, state: dict, payload: dict, where: str) -> None:
        if "TimeoutSeconds" not in state and "TimeoutSecondsPath" not in state:
            self.report.fault(
                "wait_without_timeout",
                "a human wait needs TimeoutSeconds (or "
                "TimeoutSecondsPath, e.g. $.cycle.timeouts.<kind>) so an overdue task "
                "escalates instead of waiting up to a year",
                name,
                where,
            )
        if payload.get("token.$") != "$$.Task.Token":
            self.report.fault(
                "wait_without_token",
                'the payload must pass "token.$": '
                '"$$.Task.Token", or nobody can ever complete this wait',
                name,
                f"{where}/Parameters/Payload",
            )
        self._deadline(name, state, payload, where)
        catches = state.get("Catch", [])
        caught = {e for c in catches if isinstance(c, dict) for e in c.get("ErrorEquals", [])}
        if "States.Timeout" not in caught:
            self.report.warn(
                "timeout_not_escalated",
                "no Catch for States.Timeout: an overdue task "
                + ("ends where errors do" if "States.ALL" in caught else "fails the segment")
                + " instead of escalating (the default escalates up to BKPSDM and reopens there)",
                name,
                f"{where}/Catch",
            )

    def _deadline(self, name: str, state: dict, payload: dict, where: str) -> None:
        """The task's due date and the wait's timeout come from the same number: the payload's
        ``timeout_seconds`` is the state's TimeoutSeconds, or reads its TimeoutSecondsPath."""
        timeout = state.get("TimeoutSeconds", state.get("TimeoutSecondsPath"))
        path = "TimeoutSeconds" if "TimeoutSeconds" in state else "TimeoutSecondsPath"
        given = payload.get("timeout_seconds", payload.get("timeout_seconds.$"))
        if timeout is None:
            return
        field = "timeout_seconds" if "timeout_seconds" in payload else "timeout_seconds.$"
        if given is None:
            self.report.warn(
                "deadline_from_settings",
                f'the payload has no "timeout_seconds": the task\'s due date comes from the '
                f"tenant's task_days while {path} {json.dumps(timeout)} times the wait out; pass "
                f'"timeout_seconds{"" if path == "TimeoutSeconds" else ".$"}": '
                f"{json.dumps(timeout)}",
                name,
                f"{where}/Parameters/Payload",
            )
        elif (field == "timeout_seconds") != (path == "TimeoutSeconds") or given != timeout:
            self.report.fault(
                "deadline_mismatch",
                f"the task is due after {field} {json.dumps(given)} but the wait times out "
                f"after {path} {json.dumps(timeout)}: give both the same number",
                name,
                f"{where}/Parameters/Payload/{field}",
            )

    # 4. the cycle ---------------------------------------------------------------------------
    def _cycle(self, definition: dict, inputs: dict[str, dict]) -> None:
        states, start = definition["States"], definition["StartAt"]
        load = self._load_state(states, start)
        if load is None:
            self.report.fault(
                "first_state_not_load",
                "a segment must start with the load step, which says at which stored stage "
                "the cycle resumes, or with a Choice on the stage the input carries "
                "($.cycle.stage) whose Default is the load step",
                start,
                "/StartAt",
            )
            return
        result = states[load].get("ResultPath", "$")
        dispatch_name = states[load].get("Next")
        dispatch = states.get(dispatch_name, {})
        variable = f"{result}.stage" if result != "$" else "$.stage"
        rules = [
            r
            for r in dispatch.get("Choices", [])
            if r.get("Variable") == variable and "StringEquals" in r
        ]
        if dispatch.get("Type") != "Choice" or not rules:
            self.report.fault(
                "no_dispatch",
                f"after {load!r} a Choice on {variable} must send each "
                "stored stage to the state that resumes it",
                dispatch_name,
                f"/States/{load}/Next",
            )
            return
        known = self.catalog["stages"]
        for rule in rules:
            stage = rule["StringEquals"]
            if stage in self.report.stages:
                self.report.fault(
                    "duplicate_stage", f"the stage {stage!r} is dispatched twice", dispatch_name
                )
            self.report.stages[stage] = rule["Next"]
        for stage in ("plan", "monitor"):
            if stage not in self.report.stages:
                why = "a new cycle starts" if stage == "plan" else "every period boundary resumes"
                self.report.fault(
                    "dispatch_missing_stage",
                    f"the dispatch {dispatch_name!r} has no rule for {stage!r}, where {why}",
                    dispatch_name,
                    f"/States/{dispatch_name}/Choices",
                )
        for stage in known:
            if stage not in self.report.stages and stage not in ("plan", "monitor"):
                self.report.warn(
                    "stage_not_resumable",
                    f"cycles stored at {stage!r} cannot resume "
                    "under this definition (nor be migrated to it)",
                    dispatch_name,
                )
        if self.report.faults:
            return
        if start != load:
            self._carried(states, start, load, variable, self.report.stages)
        self._order(states, self.report.stages)
        if self.report.faults:
            return
        self._stages_kept(states, start, load, self.report.stages)
        self._no_failure_on_the_way(states, start, dispatch_name)
        self._boundaries_end_segments(states)
        loads = {start, load}  # where the stored stage's facts hold
        FactFlow(self.report, self.tasks, self.catalog, dispatch_name, variable, loads).check(
            definition
        )

    def _load_state(self, states: dict, start: str) -> str | None:
        """The load step: the first state, or the Default of a first Choice (on the stage the
        input carries) that leads there."""
        if self._step_of(start) == "load":
            return start
        first = states[start]
        if first["Type"] == "Choice" and self._step_of(first.get("Default")) == "load":
            return first["Default"]
        return None

    def _step_of(self, name: object) -> str | None:
        task = self.tasks.get(name) if isinstance(name, str) else None
        return task.step["name"] if task is not None else None

    def _carried(
        self, states: dict, start: str, load: str, variable: str, stages: dict[str, str]
    ) -> None:
        """A first Choice on the stage the input carries (no load step on the way: the
        segment's input says it, as the load step would; an input without it, a schedule made
        before it was carried, must reach the load step before the stage is read: the data
        flow sees to that): each stage it sends on resumes where the dispatch after the load
        step resumes it, at a step that notes the execution driving the cycle."""
        for index, rule in enumerate(states[start].get("Choices", [])):
            if "IsPresent" in rule:  # reading the stage where it may be absent: the data flow
                continue
            stage, target = rule.get("StringEquals"), rule.get("Next")
            where = f"/States/{start}/Choices/{index}"
            if rule.get("Variable") != variable or target not in (stages.get(stage), load):
                self.report.fault(
                    "carried_stage_elsewhere",
                    f"{start!r} may send a stage ({variable}) only where the dispatch after "
                    f"{load!r} resumes it, or to {load!r}",
                    start,
                    where,
                )
            elif target != load and not self._noted(target):
                self.report.fault(
                    "carried_stage_unnoted",
                    f"the stage {stage!r} resumes at {target!r} without the load step: that "
                    'step must note the execution ("execution.$": "$$.Execution.Id"), or a '
                    "resumed cycle would not know which execution drives it",
                    target,
                    where,
                )

    def _noted(self, name: str) -> bool:
        task = self.tasks.get(name)
        return task is not None and task.payload.get("execution.$") == "$$.Execution.Id"

    def _boundary(self, name: str) -> list[dict]:
        """The cases of the boundary step in ``name`` (catalog "boundaries"): the one its
        ``after`` names, every one when that is not a literal; none when it is no boundary."""
        if self._step_of(name) != "boundary":
            return []
        cases = self.catalog.get("boundaries", {})
        after = self.tasks[name].payload.get("after")
        return [cases[after]] if isinstance(after, str) and after in cases else list(cases.values())

    def _resumes(self, name: str) -> list[str]:
        """Where the next segment resumes after the boundary step in ``name``."""
        return sorted({s for case in self._boundary(name) for s in case["resumes"]})

    def _acts(self, name: str) -> set[str]:
        """The steps the state in ``name`` counts as: its own, and assess for a boundary that
        assesses the period itself."""
        acts = {self._step_of(name)} - {None}
        if any(case["assesses"] for case in self._boundary(name)):
            acts.add("assess")
        return acts  # type: ignore[return-value]

    def _stages_kept(self, states: dict, start: str, load: str, stages: dict[str, str]) -> None:
        """The regulation's stages (plan, monitor, assess, decide) stay on the cycle's way from
        ``plan`` (a segment closed at a boundary and succeeding continues where ``monitor``
        resumes), without counting on a deadline passing (no Catch); coaching left out is a
        warning an admin acknowledges when publishing. No way leads back to the load step or
        the dispatch: inside the segment the stage loaded is stale (the cycle moved on)."""
        dispatch = states[load]["Next"]
        allowed = {start: {load, dispatch}, load: {dispatch}}
        for name, state in states.items():
            back = {start, load, dispatch} & set(successors(state)) - allowed.get(name, set())
            if back:
                self.report.fault(
                    "load_again",
                    f"{name!r} leads back to {sorted(back)[-1]!r}: a segment loads and "
                    "dispatches its stage once (later the stage loaded is stale); end it with a "
                    "boundary step and let the next segment resume",
                    name,
                    f"/States/{name}",
                )
        # the ways from plan; (state, decided, the stages a boundary passed resumes at): a
        # segment closed at a boundary that ends goes on where the boundary says it resumes
        first: tuple[str, bool, tuple[str, ...]] = (stages["plan"], False, ())
        seen, stack, finishes = {first}, [first], False
        while stack:
            name, decided, closed = stack.pop()
            state = states[name]
            decided = decided or self._step_of(name) == "decide"
            closed = tuple(self._resumes(name)) or closed
            ends = state["Type"] == "Succeed" or (state["Type"] != "Fail" and state.get("End"))
            finishes = finishes or bool(decided and ends)
            following = [(t, decided, closed) for t in successors(state, catches=False)]
            if ends:
                following += [(stages[s], decided, ()) for s in closed if s in stages]
            for node in following:
                if node[0] in states and node not in seen:
                    seen.add(node)
                    stack.append(node)
        found = set()
        for name in {n for n, _, _ in seen}:
            task = self.tasks.get(name)
            if task is not None:
                found |= self._acts(name)
                if task.waits:
                    found.add(f"{task.payload.get('kind')}")
        for stage in ("plan", "monitor", "assess", "decide"):
            if stage not in found:
                self.report.fault(
                    "stage_removed",
                    f"no {stage} step is on the cycle's way from {stages['plan']!r}: the "
                    "regulation's stages plan, monitor, assess and decide cannot be left out",
                    stages["plan"],
                )
        if not self.report.faults and not finishes:
            self.report.fault(
                "cycle_never_finishes",
                f"no way from {stages['plan']!r} reaches a Succeed state after a decide step: "
                "a cycle on this definition never finishes",
                stages["plan"],
            )
        if "coach" not in found and "coaching" not in found:
            self.report.warn(
                "coaching_removed",
                "the cycle has no coaching (neither a coach step nor a coaching task): "
                "Permen PANRB 6/2022 expects pembinaan where capaian falls short; publish "
                'only with "acknowledge": ["coaching_removed"]',
                stages["plan"],
            )

    def _boundaries_end_segments(self, states: dict) -> None:
        """A boundary schedules the next segment, so after it the segment only ends: it may
        notify and pass, but no step that changes the cycle (one with facts), no human task and
        no way back to the boundary may follow. Found by the dry runs of the mutations:
        ``NextPeriod`` rewired to ``Coach`` validated, and its segment asked for the period's
        rating again and again, scheduling the next period every round."""
        for boundary, task in self.tasks.items():
            if task.step["name"] != "boundary":
                continue
            found = first_way(
                states,
                boundary,
                partial(self._follows_badly, boundary),
                lambda after: True,
            )
            if found is not None:
                way, after = found
                self.report.fault(
                    "boundary_not_last",
                    f"the boundary {boundary!r} is followed by {after!r} on the way {way}: "
                    "after a boundary the segment must end (only notify and Pass states "
                    "before its Succeed); the next segment goes on",
                    boundary,
                    f"/States/{boundary}/Next",
                )
                return

    def _follows_badly(self, boundary: str, after: str) -> bool:
        return after == boundary or self._changes_the_cycle(after)

    def _changes_the_cycle(self, name: str) -> bool:
        task = self.tasks.get(name)
        if task is None:
            return False
        declared = task.step.get("facts") or {}
        every = [declared.get("default") or {}, *(declared.get("cases") or {}).values()]
        return task.waits or any(f.get(k) for f in every for k in ("needs", "establishes"))

    def _coaching_again(self, states: dict) -> None:
        """A period's coaching is asked once: a coaching task reached again in the same period
        answers at once with what was recorded (tasks.open_task), so a way from its completion
        back to it with no other wait on it (no Catch: not a deadline's reopening) spins like a
        loop without a wait. Found by the dry runs of the mutations with late answers:
        ``Coach`` rewired to ``Monitor`` ran thousands of states in a segment and never ended."""
        for coaching, task in self.tasks.items():
            if not (task.waits and task.payload.get("kind") == "coaching"):
                continue
            found = first_way(
                states,
                coaching,
                partial(eq, coaching),
                lambda after: not self._waits(after, states),
            )
            if found is not None:
                self.report.fault(
                    "busy_loop",
                    f"the coaching task {coaching!r} is reached again on the way {found[0]} "
                    "with no other wait: asked again in the same period it answers at once, "
                    "so the loop spins",
                    coaching,
                    f"/States/{coaching}",
                )
                return

    def _waits(self, name: str, states: dict) -> bool:
        task = self.tasks.get(name)
        return states[name]["Type"] == "Wait" or (task is not None and task.waits)

    def _no_failure_on_the_way(self, states: dict, start: str, dispatch: str) -> None:
        """A Fail state ends the cycle failed: only an error may lead there (a Catch of an
        error, then RecordFailure) or a stage the dispatch does not know (its Default), not a
        way a cycle takes when nothing goes wrong, a deadline passing included (a Catch of
        ``States.Timeout``). Found by the dry runs of the mutations (bench/mutations.py): a
        Choice's default rewired to a Fail state validated, and every cycle taking it failed."""

        def onward(name: str) -> list[str]:
            state = states[name]
            if name == dispatch:  # each stage's rule; the Default is the unknown stage's
                found = [r["Next"] for r in state.get("Choices", []) if isinstance(r, dict)]
            else:
                found = list(successors(state, catches=False))
            for catch in state.get("Catch", []) if isinstance(state.get("Catch"), list) else []:
                if catch.get("ErrorEquals") == ["States.Timeout"]:
                    found.append(catch["Next"])
            return [n for n in found if n in states]

        came_from: dict[str, str | None] = {start: None}
        queue = [start]
        while queue:
            name = queue.pop(0)
            for after in onward(name):
                if after not in came_from:
                    came_from[after] = name
                    queue.append(after)
        for name in came_from:
            if states[name].get("Type") != "Fail":
                continue
            self.report.fault(
                "failure_on_the_way",
                f"the Fail state {name!r} is reached with no error on the way "
                f"{way_to(came_from, name)}: every cycle taking it would fail; lead it to "
                "the next step (a Fail state belongs after RecordFailure, reached by a Catch)",
                name,
                f"/States/{name}",
            )

    def _order(self, states: dict, stages: dict[str, str]) -> None:
        """Along the cycle (from ``plan``; a boundary continues where the next segment resumes), no
        assess step before a plan step and no decide step before an assess step."""

        def next_states(name: str) -> list[str]:
            following = list(successors(states[name], catches=False))
            return following + [stages[s] for s in self._resumes(name) if s in stages]

        start = stages["plan"]
        for needed, step in (("plan", "assess"), ("assess", "decide")):
            # a way from the start to a `step` state that avoids every `needed` state
            previous: dict[str, str | None] = {start: None}
            queue = [start] if needed not in self._acts(start) else []
            while queue:
                name = queue.pop(0)
                if step in self._acts(name):
                    self.report.fault(
                        "cycle_order",
                        f"the {step} step in {name!r} can be reached "
                        f"without a {needed} step before it: {way_to(previous, name)}",
                        name,
                    )
                    break
                for following in next_states(name):
                    if following not in previous and needed not in self._acts(following):
                        previous[following] = name
                        queue.append(following)

    def _approves(self, name: str) -> bool:
        task = self.tasks.get(name)
        return task is not None and task.waits and task.payload.get("kind") == "approve_skp"

    # 6. limits ------------------------------------------------------------------------------
    def _limits(self, definition: dict, inputs: dict[str, dict]) -> None:
        states, start = definition["States"], definition["StartAt"]
        components = strongly_connected(states)
        returns = int(self.catalog.get("max_skp_returns", LOOP_ROUNDS - 1))
        events, seconds, entries = {}, {}, {}
        for name, state in states.items():
            events[name] = history_events(state, self.tasks.get(name))
            seconds[name] = wait_seconds(state)
            entries[name] = state_entries(state)
        busy = []
        weight_events, weight_seconds, weight_entries = {}, {}, {}
        component_of = {}
        for index, members in enumerate(components):
            for member in members:
                component_of[member] = index
            looped = len(members) > 1 or members[0] in successors(states[members[0]])
            rounds = LOOP_ROUNDS if looped else 1
            if looped and any(self._approves(m) for m in members):  # the SKP-return loop
                rounds = 1 + returns
            if looped and not any(
                (self.tasks.get(m) and self.tasks[m].waits) or states[m]["Type"] == "Wait"
                for m in members
            ):
                busy.append(sorted(members))
            weight_events[index] = rounds * sum(events[m] for m in members)
            weight_seconds[index] = rounds * sum(seconds[m] for m in members)
            weight_entries[index] = rounds * sum(entries[m] for m in members)
        self._coaching_again(states)
        for members in busy:
            self.report.fault(
                "busy_loop",
                f"the states {members} form a loop with neither a human "
                "wait nor a Wait state: one segment could spin through its 25,000 "
                "history events in seconds",
                members[0],
            )
        dag: dict[int, set[int]] = {}
        for name, state in states.items():
            for target in successors(state):
                if component_of[target] != component_of[name]:
                    dag.setdefault(component_of[name], set()).add(component_of[target])
        total_events = 2 + longest_path(component_of[start], dag, weight_events)
        total_seconds = longest_path(component_of[start], dag, weight_seconds)
        # the states one segment enters at most (its bill: one transition each)
        total_entries = longest_path(component_of[start], dag, weight_entries)
        largest = max(
            estimated_size(shape) for name, shape in inputs.items() if inputs.get(name) is not None
        )
        literals = max(
            (len(json.dumps(states[n].get(k))) for n in states for k in ("Result", "Parameters")),
            default=0,
        )
        payload = max(largest, literals)
        self.report.estimates.update(
            history_events=total_events,
            state_transitions=total_entries,
            payload_bytes=payload,
            wait_seconds=total_seconds,
            assumptions=f"an SKP returned at most {returns} times (policy max_skp_returns); "
            f"another loop through a human wait runs at most {LOOP_ROUNDS} rounds; a Map "
            f"{MAP_ITEMS} items; a string without maxLength {STRING_BYTES} bytes",
        )
        if total_events > MAX_EVENTS:
            self.report.fault(
                "too_many_events",
                f"one segment may write about {total_events:,} "
                f"history events; Step Functions stops an execution at {MAX_EVENTS:,}: "
                "end the segment earlier with a boundary step",
            )
        if payload > MAX_PAYLOAD:
            self.report.fault(
                "payload_too_large",
                f"the state data may reach about {payload:,} "
                f"bytes; Step Functions allows {MAX_PAYLOAD:,}: pass ids, not "
                "documents",
            )
        if total_seconds > MAX_SECONDS:
            self.report.fault(
                "segment_too_long",
                f"the waits of one segment add up to "
                f"{total_seconds:,} seconds; an execution stops after one year "
                f"({MAX_SECONDS:,})",
            )
