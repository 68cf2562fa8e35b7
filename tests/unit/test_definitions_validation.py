"""Validation of workflow definitions: the default passes; each broken definition of
tests/broken_asl.py (the default with one fault) is refused with its own message, and
asl-validator agrees wherever the fault is one of ASL's structure.

Faults that only this project can see (catalog resources, schemas between steps, the cycle's
order, human waits, a segment's limits) and dead ends in the graph are invisible to
asl-validator: for those the test asserts that it accepts the file, to show the validator is
needed, not to excuse it."""

import ast
import json
import subprocess
from pathlib import Path

import pytest

from functions.engine import catalog, validation
from tests import broken_asl

ROOT = Path(__file__).resolve().parents[2]
ASL_VALIDATOR = ROOT / "node_modules" / ".bin" / "asl-validator"

# file -> (our fault code, words of its message, does asl-validator reject it too)
# Structural faults asl-validator 4.0.0 accepts (we refuse them): a BackoffRate below 1, a
# heartbeat not shorter than the timeout, States.ALL before another error, a state with no way
# to an end. Everything after "no_way_out" is beyond ASL's structure.
CASES = {
    "start_not_found": ("start_not_found", "'StartAt' names 'Begin', which is not a state", True),
    "no_start": ("no_start", "'StartAt' must name the first state", True),
    "state_type": ("state_type", "unknown state type 'Job'", True),
    "missing_target": ("missing_target", "Next names 'RatePerilaku2', which is not a state", True),
    "unreachable": ("unreachable", "no transition leads to 'Orphan'", True),
    "transition": ("transition", "exactly one of 'Next' or 'End'", True),
    "retry_shape": ("retry_shape", "Retry[0].IntervalSeconds must be an integer >= 1", True),
    "catch_shape": ("catch_shape", "Catch[0] needs 'Next'", True),
    "bad_path": ("bad_path", "'plan' is not a reference path", True),
    "choice_shape": ("choice_shape", "needs a non-empty 'Choices' list", True),
    "unknown_field": ("unknown_field", "a Task state has no field 'ResultPth'", True),
    "no_terminal": ("no_terminal", "no reachable state ends the execution", True),
    "wait_shape": ("wait_shape", "exactly one of Seconds, Timestamp", True),
    "timeout_shape": ("timeout_shape", "TimeoutSeconds must be a positive integer", True),
    "retry_backoff": ("retry_shape", "Retry[0].BackoffRate must be a number >= 1", False),
    "heartbeat_not_shorter": ("timeout_shape", "HeartbeatSeconds must be less than", False),
    "catch_all_not_last": ("catch_shape", "States.ALL must be alone in the last Catch", False),
    "no_way_out": ("no_way_out", "from 'Spin' no path reaches an end state", False),
    "not_in_catalog_arn": ("not_in_catalog", "function:export-to-excel' is not a catalog", False),
    "not_in_catalog_ref": ("not_in_catalog", "SendEmailLambdaFunction", False),
    "nested_not_in_catalog": ("not_in_catalog", "function:exfiltrate' is not a catalog", False),
    "wait_mismatch": ("wait_mismatch", "the plan step returns at once", False),
    "wait_without_timeout": ("wait_without_timeout", "a human wait needs TimeoutSeconds", False),
    "wait_without_token": ("wait_without_token", '"token.$": "$$.Task.Token"', False),
    "unknown_path": ("unknown_path", "$.cycle.periode reads 'periode'", False),
    "output_moved": ("unknown_path", "$.monitor.coaching_needed reads 'monitor'", False),
    "input_missing": ("input_missing", "the assess step needs 'scope'", False),
    "input_unknown": ("input_unknown", "the decide step's input has no field 'period'", False),
    "input_type": ("input_type", "the coach step's 'period' is a integer; it gets a string", False),
    "input_value": ("input_value", "one of ['periodic', 'annual'], not 'quarterly'", False),
    "choice_type": ("choice_type", "$.monitor.coaching_needed, which is a boolean", False),
    "choice_value": ("choice_value", "'return' never occurs", False),
    "cycle_order_plan": (
        "cycle_order",
        "the assess step in 'ClosePeriod' can be reached without a plan step",
        False,
    ),
    "cycle_order_decide": (
        "cycle_order",
        "the decide step in 'Decide' can be reached without a assess step",
        False,
    ),
    "facts_annual_skipped": (
        "fact_missing",
        "the decide step in 'Decide' needs the annual assessment and predikat (assess, annual), "
        "which does not hold on the way Start -> Load -> Resume (stage 'annual') -> Decide",
        False,
    ),
    "facts_second_approval": (
        "fact_missing",
        "the approve_skp task in 'SecondApproval' needs an SKP submitted for approval "
        "(diajukan); an SKP not approved yet (new, drafted, submitted or returned), which does "
        "not hold on the way Start -> Load -> Resume (stage 'plan') -> Plan -> "
        "DraftSkp -> Approval -> ApprovalDecision -> SecondApproval (the approve_skp task in "
        "'Approval' used it up)",
        False,
    ),
    "dispatch_missing_stage": ("dispatch_missing_stage", "no rule for 'monitor'", False),
    "first_state_not_load": ("first_state_not_load", "must start with the load step", False),
    "busy_loop": ("busy_loop", "['Again', 'AssessYear'] form a loop", False),
    "carried_stage_unchecked": ("unknown_path", "$.cycle.stage reads 'cycle'", False),
    "carried_stage_elsewhere": (
        "carried_stage_elsewhere",
        "'Start' may send a stage ($.cycle.stage) only where the dispatch after 'Load'",
        False,
    ),
    "carried_stage_unnoted": (
        "carried_stage_unnoted",
        "the stage 'monitor' resumes at 'Monitor' without the load step",
        False,
    ),
    "too_many_events": ("too_many_events", "history events; Step Functions stops", False),
    "payload_too_large": ("payload_too_large", "the state data may reach about 300,", False),
    "segment_too_long": ("segment_too_long", "an execution stops after one year", False),
}


def load(name: str) -> dict:
    return broken_asl.broken(name)


def asl_validator_accepts(path: Path) -> bool:
    done = subprocess.run(
        [str(ASL_VALIDATOR), "--json-path", str(path)], capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode == 0


def test_every_fault_has_a_case_and_every_case_a_fault():
    assert set(broken_asl.FAULTS) == set(CASES)


def test_the_default_workflow_is_valid_and_resumes_every_stage():
    report = validation.validate(
        json.loads((ROOT / "workflows" / "evaluation.asl.json").read_text()),
        catalog.described(),
    )
    assert report.faults == []
    assert report.stages["plan"] == "Plan" and report.stages["decide"] == "Decide"
    assert 0 < report.estimates["history_events"] < validation.MAX_EVENTS
    assert 0 < report.estimates["payload_bytes"] < validation.MAX_PAYLOAD


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_definition_is_refused_with_its_own_message(name):
    code, words, _ = CASES[name]
    report = validation.validate(load(name), catalog.described())
    assert not report.valid
    assert report.faults[0].code == code, report.faults
    assert words in report.faults[0].message, report.faults[0].message


def test_each_broken_definition_gets_a_different_first_message():
    messages = [validation.validate(load(n), catalog.described()).faults[0] for n in CASES]
    assert len({(m.code, m.message) for m in messages}) == len(CASES)


@pytest.mark.skipif(not ASL_VALIDATOR.exists(), reason="run `npm ci` (infra/package.sh)")
@pytest.mark.parametrize("name", sorted(CASES))
def test_asl_validator_agrees_on_structural_faults(name, tmp_path):
    _, _, structural = CASES[name]
    written = tmp_path / f"{name}.asl.json"
    written.write_text(json.dumps(load(name)))
    accepted = asl_validator_accepts(written)
    if structural:
        assert not accepted, f"asl-validator accepts {name}, which we refuse"
    else:
        # beyond ASL's structure (catalog, schemas, cycle order, human waits, limits), or a
        # structural fault asl-validator 4.0.0 does not check (listed above CASES)
        assert accepted, f"{name} was meant to show a fault asl-validator cannot see"


@pytest.mark.skipif(not ASL_VALIDATOR.exists(), reason="run `npm ci` (infra/package.sh)")
def test_asl_validator_and_we_accept_the_default():
    assert asl_validator_accepts(ROOT / "workflows" / "evaluation.asl.json")


def test_a_definition_that_is_not_an_object_is_refused():
    assert validation.validate([], catalog.described()).codes() == {"not_an_object"}
    assert validation.validate({"StartAt": "A"}, catalog.described()).codes() == {"no_states"}


def test_validation_imports_only_the_standard_library():
    files = sorted((ROOT / "functions" / "engine" / "validation").glob("*.py"))
    assert files
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name)
        for path in files
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    package = "functions.engine.validation"  # its modules import one another, nothing else
    outside = {
        m.split(".")[0] for m in imported if m != package and not m.startswith(package + ".")
    }
    standard = {"__future__", "json", "re", "collections", "dataclasses", "typing"}
    assert outside <= standard | {"functools", "operator"}, outside


def approval_waiting(days: int) -> dict:
    definition = json.loads((ROOT / "workflows" / "evaluation.asl.json").read_text())
    approval = definition["States"]["Approval"]
    del approval["TimeoutSecondsPath"]
    approval["TimeoutSeconds"] = days * 86400
    payload = approval["Parameters"]["Payload"]
    del payload["timeout_seconds.$"]
    payload["timeout_seconds"] = days * 86400
    return definition


def test_the_skp_return_loop_counts_by_the_policy_bound_not_25_rounds():
    """An approval waiting 30 days in the loop of returns: 1 + MAX_SKP_RETURNS rounds (180
    days), within a year; 25 rounds would have made it 750 days. 70 days is too long."""
    from functions.domain.policy import MAX_SKP_RETURNS

    report = validation.validate(approval_waiting(30), catalog.described())
    assert report.valid, report.faults
    assert report.estimates["wait_seconds"] == (1 + MAX_SKP_RETURNS) * 30 * 86400
    too_long = validation.validate(approval_waiting(70), catalog.described())
    assert too_long.codes() == {"segment_too_long"}


def test_a_task_due_and_its_wait_timeout_must_be_the_same_number():
    definition = approval_waiting(3)
    definition["States"]["Approval"]["Parameters"]["Payload"]["timeout_seconds"] = 7 * 86400
    report = validation.validate(definition, catalog.described())
    assert [(f.code, f.state) for f in report.faults] == [("deadline_mismatch", "Approval")]
    del definition["States"]["Approval"]["Parameters"]["Payload"]["timeout_seconds"]
    report = validation.validate(definition, catalog.described())
    assert report.valid and [w.code for w in report.warnings] == ["deadline_from_settings"]


# --- edit points regencies ask for (issue 13): employee facts, assignees, a second approval ---
def _faults(definition: dict) -> list[tuple[str, str]]:
    report = validation.validate(definition, catalog.described())
    return [(f.code, f.message) for f in report.faults]


def test_a_second_approval_for_jpt_by_the_atasan_penilai_validates():
    from tests.workflow_examples import jpt_second_approval

    report = validation.validate(jpt_second_approval(), catalog.described())
    assert report.valid, report.faults
    assert report.warnings == []


def test_a_choice_on_the_employee_facts_is_checked_against_the_load_output():
    from tests.workflow_examples import jpt_second_approval

    misspelt = jpt_second_approval()
    misspelt["States"]["IsJpt"]["Choices"][0]["StringEquals"] = "JPT"
    assert [c for c, _ in _faults(misspelt)] == ["choice_value"]
    unknown = jpt_second_approval()
    unknown["States"]["IsJpt"]["Choices"][0]["Variable"] = "$.cycle.employee.grade"
    assert [c for c, _ in _faults(unknown)] == ["unknown_path"]
    for field, value in (("asn_kind", "pppk"), ("unit_id", "dinkes")):
        other = jpt_second_approval()
        rule = other["States"]["IsJpt"]["Choices"][0]
        rule["Variable"], rule["StringEquals"] = f"$.cycle.employee.{field}", value
        assert _faults(other) == []


def test_a_human_task_assignee_is_one_of_the_relationships():
    from tests.workflow_examples import jpt_second_approval

    changed = jpt_second_approval()
    changed["States"]["SecondApproval"]["Parameters"]["Payload"]["assignee"] = "bupati"
    faults = _faults(changed)
    assert [c for c, _ in faults] == ["input_value"]
    assert "'assignee'" in faults[0][1] and "atasan_penilai" in faults[0][1]


def test_a_second_approval_needs_a_first_one_before_it():
    from tests.workflow_examples import jpt_second_approval

    changed = jpt_second_approval()
    changed["States"]["DraftSkp"]["Next"] = "IsJpt"  # no first approval on the way
    faults = _faults(changed)
    assert faults and {c for c, _ in faults} == {"fact_missing"}
    assert (
        "the approve_skp_second task in 'SecondApproval' needs an approved SKP (disetujui); "
        "an SKP approved by the penilai, not yet by a second approval, which does not hold on "
        "the way Start -> Load -> Resume (stage 'plan') -> Plan -> DraftSkp -> IsJpt -> "
        "SecondApproval"
    ) in [m for _, m in faults]
    twice = jpt_second_approval()  # a second approval after a second approval: used up
    twice["States"]["SecondApprovalDecision"]["Default"] = "SecondApprovalEscalated"
    faults = _faults(twice)
    assert faults and {c for c, _ in faults} == {"fact_missing"}
    assert faults[0][1].startswith(
        "the approve_skp_second task in 'SecondApprovalEscalated' needs an SKP approved by "
        "the penilai, not yet by a second approval"
    )
    assert faults[0][1].endswith("(the approve_skp_second task in 'SecondApproval' used it up)")


def test_a_notify_step_sends_a_known_or_custom_event():
    from tests.workflow_examples import notify_on_approval

    for event in ("custom.eoffice_approval", "skp.approved"):
        assert _faults(notify_on_approval(event=event)) == []
    for event in ("eoffice_approval", "custom.E-Office", "skp.draft"):
        faults = _faults(notify_on_approval(event=event))
        assert [c for c, _ in faults] == ["input_value"], faults
        assert "the notify step's 'event' must match" in faults[0][1]
    missing = notify_on_approval()
    del missing["States"]["NotifyApproved"]["Parameters"]["event"]
    assert [c for c, _ in _faults(missing)] == ["input_missing"]


def test_the_transitions_estimate_counts_every_state_entered_as_the_cost_bench_does():
    """bench/demo_cost.py counts an execution's StateEntered events: a Parallel's own and its
    branches' states each count once."""
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Next": "Both"},
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "X",
                        "States": {"X": {"Type": "Pass", "Next": "Y"}, "Y": {"Type": "Succeed"}},
                    }
                ],
                "Next": "Z",
            },
            "Z": {"Type": "Succeed"},
        },
    }
    report = validation.validate(definition, catalog.described())
    assert report.estimates["state_transitions"] == 1 + (1 + 2) + 1
    default = validation.validate(
        json.loads((ROOT / "workflows" / "evaluation.asl.json").read_text()), catalog.described()
    )
    assert 0 < default.estimates["state_transitions"] < default.estimates["history_events"]


def test_a_choice_that_found_a_field_present_knows_it_on_its_way():
    """The default's Start reads $.cycle.stage, which the execution input may lack, only after
    sending an input without it to the load step."""
    from functions.engine.validation.shapes import present, resolve

    stage = {"type": "object", "properties": {"stage": {"type": "string"}}, "required": ["stage"]}
    given = {"type": "object", "properties": {"cycle": stage}, "required": []}
    assert resolve(given, "$.cycle.stage")[0] is None
    assert resolve(present(given, "$.cycle.stage"), "$.cycle.stage")[0] == {"type": "string"}
    assert present(given, "$.other") == given
