"""One vocabulary of task kinds (functions/domain/stages.py): every table keyed by kind names the
same kinds, and each kind's effect is bound by reference."""

from functions.domain.stages import (
    DEFAULT_TASK_DAYS,
    FOLLOW_UP_KIND,
    REVIEW_TASK_DAYS,
    REVIEW_TASK_KINDS,
    TASK_KINDS,
)
from functions.engine.catalog import STEPS, WAIT_FOR_TOKEN
from functions.services.completion import EFFECTS
from functions.services.tasks import KINDS
from schemas.tasks import COMPLETIONS


def test_every_table_keyed_by_task_kind_names_the_same_kinds():
    """The waits of the evaluation workflow have deadlines and outcomes; a person completes
    those, the coaching follow-ups (which nothing waits on) and the talent review round's tasks
    (workflows/talent_review.asl.json, with their own deadlines), each with its body and its
    effect."""
    waits = {"DEFAULT_TASK_DAYS": DEFAULT_TASK_DAYS}
    waits["catalog outcomes"] = next(step.outcomes for step in STEPS if step.waits)
    completed = {"KINDS": KINDS, "COMPLETIONS": COMPLETIONS, "EFFECTS": EFFECTS}
    assert {name: sorted(table) for name, table in waits.items()} == {
        name: sorted(TASK_KINDS) for name in waits
    }
    assert {name: sorted(table) for name, table in completed.items()} == {
        name: sorted([*TASK_KINDS, FOLLOW_UP_KIND, *REVIEW_TASK_KINDS]) for name in completed
    }
    assert sorted(REVIEW_TASK_DAYS) == sorted(REVIEW_TASK_KINDS)


def test_the_review_workflow_waits_on_each_review_task_kind_with_its_deadline():
    """Every review task kind is opened by a waiting state of the round's ASL, whose timeout is
    the round's days for that kind (the execution input's ``timeouts``)."""
    import json
    from pathlib import Path

    asl = Path(__file__).parents[2] / "workflows" / "talent_review.asl.json"
    waits = {}

    def walk(states: dict) -> None:
        for state in states.values():
            if state.get("Resource") == WAIT_FOR_TOKEN:
                kind = state["Parameters"]["Payload"]["kind"]
                waits[kind] = state["TimeoutSecondsPath"]
            if "ItemProcessor" in state:
                walk(state["ItemProcessor"]["States"])

    walk(json.loads(asl.read_text())["States"])
    assert waits == {kind: f"$.timeouts.{kind}" for kind in REVIEW_TASK_KINDS}


def test_opening_a_task_loads_no_effect():
    """The human_task step opens tasks: its cold start imports none of the effects' modules."""
    import subprocess
    import sys

    probe = (
        "import sys, functions.steps.human_task; "
        "print(sorted(m for m in ('functions.services.completion', 'functions.services.skp', "
        "'functions.services.coaching', 'functions.services.assessment') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]", loaded.stderr
