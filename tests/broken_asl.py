"""The default workflow with one fault each, made from workflows/evaluation.asl.json when asked
(``broken(name)``), so they follow the default as it changes: a fault that no longer applies to
it fails its test instead of lingering in a stale copy. Each change is a function whose docstring
says the fault; tests/unit/test_definitions_validation.py holds what validation answers."""

import copy
import json
from pathlib import Path

BASE = json.loads((Path(__file__).parents[1] / "workflows" / "evaluation.asl.json").read_text())


def S(d):
    return d["States"]


def start_not_found(d):
    "StartAt names a state that does not exist"
    d["StartAt"] = "Begin"


def no_start(d):
    "StartAt is missing"
    del d["StartAt"]


def state_type(d):
    "a state of an unknown type"
    S(d)["Monitor"]["Type"] = "Job"


def missing_target(d):
    "Next names a state that does not exist"
    S(d)["Coach"]["Next"] = "RatePerilaku2"


def unreachable(d):
    "a state no transition leads to"
    S(d)["Orphan"] = {"Type": "Pass", "Next": "Done"}


def transition(d):
    "a Task with both Next and End"
    S(d)["Plan"]["End"] = True


def retry_shape(d):
    "a Retry whose IntervalSeconds is text"
    S(d)["Monitor"]["Retry"][0]["IntervalSeconds"] = "2"


def catch_shape(d):
    "a Catch without Next"
    del S(d)["Decide"]["Catch"][0]["Next"]


def bad_path(d):
    "a ResultPath that is not a reference path"
    S(d)["Plan"]["ResultPath"] = "plan"


def choice_shape(d):
    "a Choice state without rules"
    S(d)["CoachingNeeded"]["Choices"] = []


def unknown_field(d):
    "a misspelt field in a state"
    S(d)["Coach"]["ResultPth"] = S(d)["Coach"].pop("ResultPath")


def no_terminal(d):
    "no state ends the execution"
    return {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}},
    }


def wait_shape(d):
    "a Wait with both Seconds and Timestamp"
    S(d)["Pause"] = {
        "Type": "Wait",
        "Seconds": 5,
        "Timestamp": "2026-01-01T00:00:00Z",
        "Next": "Monitor",
    }
    S(d)["Resume"]["Choices"][2]["Next"] = "Pause"


def timeout_shape(d):
    "a human wait with a timeout of zero seconds"
    st = S(d)["Approval"]
    del st["TimeoutSecondsPath"]
    st["TimeoutSeconds"] = 0


def no_way_out(d):
    "two states loop with no way to an end state"
    S(d)["CoachingNeeded"]["Choices"].append(
        {"Variable": "$.monitor.coaching_needed", "BooleanEquals": False, "Next": "Spin"}
    )
    S(d)["Spin"] = {"Type": "Wait", "Seconds": 60, "Next": "Spin2"}
    S(d)["Spin2"] = {"Type": "Wait", "Seconds": 60, "Next": "Spin"}


def retry_backoff(d):
    "a Retry with BackoffRate below 1 (asl-validator misses it)"
    S(d)["Monitor"]["Retry"][0]["BackoffRate"] = 0.5


def heartbeat_not_shorter(d):
    "a human wait whose heartbeat is not shorter than its timeout (asl-validator misses it)"
    st = S(d)["Approval"]
    del st["TimeoutSecondsPath"]
    st["TimeoutSeconds"] = 600
    st["HeartbeatSeconds"] = 600


def catch_all_not_last(d):
    "States.ALL caught before a more specific error (asl-validator misses it)"
    S(d)["DraftSkp"]["Catch"].reverse()


# --- semantic faults ---------------------------------------------------------------------
def not_in_catalog_arn(d):
    "a Lambda outside the catalog, by ARN"
    S(d)["Coach"]["Resource"] = (
        "arn:aws:lambda:ap-southeast-3:123456789012:function:export-to-excel"
    )


def not_in_catalog_ref(d):
    "a function the deployable does not have"
    S(d)["Coach"]["Resource"] = {"Fn::GetAtt": ["SendEmailLambdaFunction", "Arn"]}


def nested_not_in_catalog(d):
    "a Lambda outside the catalog, hidden in a Parallel branch"
    branch = {
        "StartAt": "Export",
        "States": {
            "Export": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:ap-southeast-3:123456789012:function:exfiltrate",
                "End": True,
            }
        },
    }
    S(d)["Side"] = {
        "Type": "Parallel",
        "Branches": [branch],
        "ResultPath": None,
        "Next": "DraftSkp",
    }
    S(d)["Plan"]["Next"] = "Side"


def wait_mismatch(d):
    "the plan step called as if it waited for a person"
    st = S(d)["Plan"]
    st["Resource"] = "arn:aws:states:::lambda:invoke.waitForTaskToken"
    st["TimeoutSeconds"] = 3600
    st["Parameters"] = {
        "FunctionName": {"Fn::GetAtt": ["PlanLambdaFunction", "Arn"]},
        "Payload": st["Parameters"],
    }


def wait_without_timeout(d):
    "a human wait without a timeout"
    del S(d)["Approval"]["TimeoutSecondsPath"]


def wait_without_token(d):
    "a human wait that never passes its task token"
    del S(d)["DraftSkp"]["Parameters"]["Payload"]["token.$"]


def unknown_path(d):
    "a step reads a field no earlier step writes (typo)"
    S(d)["Monitor"]["Parameters"]["period.$"] = "$.cycle.periode"


def output_moved(d):
    "monitor's output moved; the next state still reads it at the old place"
    S(d)["Monitor"]["ResultPath"] = "$.monitoring"


def input_missing(d):
    "the assess step without its scope"
    del S(d)["AssessYear"]["Parameters"]["scope"]


def input_unknown(d):
    "the decide step given a field it does not take"
    S(d)["Decide"]["Parameters"]["period.$"] = "$.cycle.period"


def input_type(d):
    "a text where the step wants a number"
    S(d)["Coach"]["Parameters"]["period.$"] = "$.cycle.stage"


def input_value(d):
    "a value outside the step's choices"
    S(d)["AssessYear"]["Parameters"]["scope"] = "quarterly"


def choice_type(d):
    "a Choice compares a boolean as a string"
    rule = S(d)["CoachingNeeded"]["Choices"][0]
    del rule["BooleanEquals"]
    rule["StringEquals"] = "true"


def choice_value(d):
    "a Choice waits for a value the approval never gives"
    S(d)["ApprovalDecision"]["Choices"][0]["StringEquals"] = "return"


def cycle_order_plan(d):
    "a new cycle goes to monitoring without planning"
    S(d)["Resume"]["Choices"][0]["Next"] = "Monitor"
    S(d)["Resume"]["Choices"][1]["Next"] = "Plan"


def cycle_order_decide(d):
    "decide reached without an assessment"
    S(d)["CoachingNeeded"]["Default"] = "Decide"
    S(d)["Coach"]["Next"] = "RatePerilaku"


def dispatch_missing_stage(d):
    "the stored stage monitor has no state to resume at"
    S(d)["Resume"]["Choices"] = [
        c for c in S(d)["Resume"]["Choices"] if c["StringEquals"] != "monitor"
    ]


def first_state_not_load(d):
    "the segment does not start by loading the stored stage"
    S(d)["Hello"] = {"Type": "Pass", "Next": "Start"}
    d["StartAt"] = "Hello"


def facts_annual_skipped(d):
    "the annual segment goes straight to the decision, skipping the annual review"
    rules = {c["StringEquals"]: c for c in S(d)["Resume"]["Choices"]}
    rules["annual"]["Next"], rules["decide"]["Next"] = "Decide", "AnnualReview"


def facts_second_approval(d):
    "a second approval after the first reuses approve_skp (escalated) on an approved SKP"
    second = copy.deepcopy(S(d)["ApprovalEscalated"])
    second["ResultPath"] = "$.second_approval"
    second["Next"] = "FirstPeriod"
    second["Catch"][0]["Next"] = "ApprovalBkpsdm"
    S(d)["SecondApproval"] = second
    S(d)["ApprovalDecision"]["Default"] = "SecondApproval"


def busy_loop(d):
    "assessment repeated in a loop nobody drives"
    S(d)["AssessYear"]["Next"] = "Again"
    S(d)["Again"] = {
        "Type": "Choice",
        "Choices": [
            {"Variable": "$.assessment.predikat", "StringEquals": "kurang", "Next": "AssessYear"}
        ],
        "Default": "Decide",
    }


def carried_stage_unchecked(d):
    "the stage the input carries is compared without checking it is there (an old schedule)"
    del S(d)["Start"]["Choices"][0]


def carried_stage_elsewhere(d):
    "the stage the input carries resumes elsewhere than the loaded stage would"
    S(d)["Start"]["Choices"][1]["Next"] = "RatePerilaku"


def carried_stage_unnoted(d):
    "a segment resumed on the input's stage never notes which execution drives the cycle"
    del S(d)["Monitor"]["Parameters"]["execution.$"]


def too_many_events(d):
    "retries that could write more history than an execution may hold"
    S(d)["Monitor"]["Retry"][0]["MaxAttempts"] = 10000


def payload_too_large(d):
    "a 300 KB document carried in the state data"
    S(d)["Template"] = {
        "Type": "Pass",
        "Result": {"blob": "x" * 300_000},
        "ResultPath": "$.template",
        "Next": "DraftSkp",
    }
    S(d)["Plan"]["Next"] = "Template"


def segment_too_long(d):
    "a human wait of more than a year in one segment"
    st = S(d)["Approval"]
    del st["TimeoutSecondsPath"]
    del st["Parameters"]["Payload"]["timeout_seconds.$"]
    st["TimeoutSeconds"] = st["Parameters"]["Payload"]["timeout_seconds"] = 40_000_000


FAULTS = {
    name: change
    for name, change in list(globals().items())
    if callable(change) and getattr(change, "__module__", "") == __name__ and change.__doc__
}


def broken(name: str) -> dict:
    """The default with the fault ``name``."""
    definition = copy.deepcopy(BASE)
    definition = FAULTS[name](definition) or definition
    definition["Comment"] = f"BROKEN ({name}): {FAULTS[name].__doc__}"
    return definition
