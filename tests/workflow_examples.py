"""Definitions regencies ask for (docs/workflows.md), built from the default: one place for the
unit tests (they validate) and the integration tests (they publish and run)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "workflows" / "evaluation.asl.json"
WAIT_FOR_TOKEN = "arn:aws:states:::lambda:invoke.waitForTaskToken"


def default_definition() -> dict:
    return json.loads(DEFAULT.read_text())


def _renamed(state: dict, kind: str, assignee: str, level: int, nexts: dict) -> dict:
    changed = copy.deepcopy(state)
    payload = changed["Parameters"]["Payload"]
    payload["kind"], payload["assignee"] = kind, assignee
    payload["timeout_seconds.$"] = f"$.cycle.timeouts.{kind}"
    if level:
        payload["level"] = level
    changed["TimeoutSecondsPath"] = f"$.cycle.timeouts.{kind}"
    changed["ResultPath"] = "$.second_approval"
    changed.pop("Comment", None)
    changed["Next"] = nexts["Next"]
    changed["Catch"][0]["Next"] = nexts["Timeout"]
    return changed


def jpt_second_approval(definition: dict | None = None) -> dict:
    """A second approval for JPT by the atasan penilai: after the penilai approves, a Choice on
    the employee's position kind sends a JPT's SKP to a second approval (approve_skp_second,
    assignee atasan_penilai; overdue: one level up, then BKPSDM); returned, the SKP is drafted
    and both approvals come again. Everyone else goes on as before."""
    changed = copy.deepcopy(definition or default_definition())
    states = changed["States"]
    approved = states["ApprovalDecision"]["Default"]  # the approval boundary (FirstPeriod)
    states["ApprovalDecision"]["Default"] = "IsJpt"
    states["IsJpt"] = {
        "Type": "Choice",
        "Comment": "JPT: a second approval by the atasan penilai",
        "Choices": [
            {
                "Variable": "$.cycle.employee.position_kind",
                "StringEquals": "jpt",
                "Next": "SecondApproval",
            }
        ],
        "Default": approved,
    }
    kind, who = "approve_skp_second", "atasan_penilai"
    states["SecondApproval"] = _renamed(
        states["Approval"],
        kind,
        who,
        0,
        {"Next": "SecondApprovalDecision", "Timeout": "SecondApprovalEscalated"},
    )
    states["SecondApprovalEscalated"] = _renamed(
        states["ApprovalEscalated"],
        kind,
        who,
        1,
        {"Next": "SecondApprovalDecision", "Timeout": "SecondApprovalBkpsdm"},
    )
    states["SecondApprovalBkpsdm"] = _renamed(
        states["ApprovalBkpsdm"],
        kind,
        who,
        2,
        {"Next": "SecondApprovalDecision", "Timeout": "SecondApprovalReopen"},
    )
    states["SecondApprovalReopen"] = {"Type": "Pass", "Next": "SecondApprovalBkpsdm"}
    states["SecondApprovalDecision"] = {
        "Type": "Choice",
        "Choices": [
            {
                "Variable": "$.second_approval.decision",
                "StringEquals": "returned",
                "Next": "DraftSkp",
            }
        ],
        "Default": approved,
    }
    return changed


def notify_on_approval(definition: dict | None = None, event: str = "custom.eoffice_approval"):
    """An e-office notification on approval: a notify step between the approval and its
    boundary sends ``event`` to the regency's subscriptions."""
    changed = copy.deepcopy(definition or default_definition())
    states = changed["States"]
    approved = states["ApprovalDecision"]["Default"]
    states["ApprovalDecision"]["Default"] = "NotifyApproved"
    states["NotifyApproved"] = {
        "Type": "Task",
        "Resource": {"Fn::GetAtt": ["NotifyLambdaFunction", "Arn"]},
        "Parameters": {
            "tenant_id.$": "$.tenant_id",
            "nip.$": "$.nip",
            "year.$": "$.year",
            "event": event,
            "note": "SKP disetujui",
            "execution.$": "$$.Execution.Name",
            "state.$": "$$.State.Name",
            "entered_at.$": "$$.State.EnteredTime",
        },
        "ResultPath": "$.notified",
        "Retry": copy.deepcopy(states[approved]["Retry"]),
        "Catch": copy.deepcopy(states[approved]["Catch"]),
        "Next": approved,
    }
    return changed


def midyear_review(definition: dict | None = None, period: int = 6) -> dict:
    """A mid-year review: after the monitoring (and coaching, where it was needed) of
    ``period`` (the sixth of monthly periods: June), the penilai reviews the year so far with
    the employee (``review_midyear``; overdue: one level up, then BKPSDM) before rating the
    period's perilaku. Goes with ``policy.frequency: monthly`` (``PATCH /settings``)."""
    changed = copy.deepcopy(definition or default_definition())
    states = changed["States"]
    rate = states["CoachingNeeded"]["Default"]  # RatePerilaku
    states["CoachingNeeded"]["Default"] = "IsMidYear"
    states["Coach"]["Next"] = "IsMidYear"
    states["IsMidYear"] = {
        "Type": "Choice",
        "Comment": "the mid-year review after the sixth monthly period",
        "Choices": [
            {"Variable": "$.cycle.period", "NumericEquals": period, "Next": "MidYearReview"}
        ],
        "Default": rate,
    }
    kind, chain = (
        "review_midyear",
        ("MidYearReview", "MidYearReviewEscalated", "MidYearReviewBkpsdm"),
    )
    for level, (name, source) in enumerate(
        zip(chain, ("RatePerilaku", "RatePerilakuEscalated", "RatePerilakuBkpsdm"), strict=True)
    ):
        state = copy.deepcopy(states[source])
        payload = state["Parameters"]["Payload"]
        payload["kind"] = kind
        payload["timeout_seconds.$"] = f"$.cycle.timeouts.{kind}"
        state["TimeoutSecondsPath"] = f"$.cycle.timeouts.{kind}"
        state["ResultPath"] = "$.midyear"
        state.pop("Comment", None)
        state["Next"] = rate
        state["Catch"][0]["Next"] = chain[level + 1] if level < 2 else "MidYearReviewReopen"
        states[name] = state
    states["MidYearReviewReopen"] = {"Type": "Pass", "Next": "MidYearReviewBkpsdm"}
    return changed


def mutations() -> list[tuple[str, dict]]:
    """Changes of the default workflow, each labelled: every ``Next``, ``Default`` and Choice
    rule rewired to each main state (not the escalation states), each state dropped (its ways
    in going where it went), each human task duplicated in a row. tests/unit/
    test_definitions_facts.py checks validation against a model of the facts on them;
    bench/mutations.py dry-runs the ones validation accepts."""
    DEFAULT = default_definition()
    states = DEFAULT["States"]
    main = [n for n in states if not any(w in n for w in ("Escalated", "Bkpsdm", "Reopen"))]
    found = []
    for name, state in states.items():  # rewire a Next, a Default, a Choice rule
        slots = [("Next",)] if "Next" in state else []
        slots += [("Default",)] if "Default" in state else []
        slots += [("Choices", i) for i in range(len(state.get("Choices", [])))]
        for slot in slots:
            for target in main:
                d = copy.deepcopy(DEFAULT)
                at = d["States"][name]
                if slot[0] == "Choices":
                    if at["Choices"][slot[1]]["Next"] == target:
                        continue
                    at["Choices"][slot[1]]["Next"] = target
                elif at[slot[0]] == target:
                    continue
                else:
                    at[slot[0]] = target
                found.append((f"rewire {name}.{'.'.join(map(str, slot))} -> {target}", d))
    for name, state in states.items():  # drop a state, its ways in going where it went
        onward = state.get("Next") or state.get("Default")
        if name == DEFAULT["StartAt"] or not onward:
            continue
        d = copy.deepcopy(DEFAULT)
        del d["States"][name]
        text = json.dumps(d).replace(f'"Next": "{name}"', f'"Next": "{onward}"')
        text = text.replace(f'"Default": "{name}"', f'"Default": "{onward}"')
        found.append((f"drop {name}", json.loads(text)))
    for name, state in states.items():  # a human task twice in a row
        if state.get("Resource") != WAIT_FOR_TOKEN:
            continue
        d = copy.deepcopy(DEFAULT)
        d["States"][f"{name}Again"] = copy.deepcopy(state)
        d["States"][name]["Next"] = f"{name}Again"
        found.append((f"duplicate {name}", d))
    return found
