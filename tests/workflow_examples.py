"""Definitions regencies ask for (docs/workflows.md), built from the default: one place for the
unit tests (they validate) and the integration tests (they publish and run)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "workflows" / "evaluation.asl.json"


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
