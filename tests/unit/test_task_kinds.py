"""One vocabulary of task kinds (functions/domain/stages.py): every table keyed by kind names the
same kinds, and each kind's effect is bound by reference."""

from functions.domain.stages import DEFAULT_TASK_DAYS, FOLLOW_UP_KIND, TASK_KINDS
from functions.engine.catalog import STEPS
from functions.services.completion import EFFECTS
from functions.services.tasks import KINDS
from schemas.tasks import COMPLETIONS


def test_every_table_keyed_by_task_kind_names_the_same_kinds():
    """The waits of the workflow have deadlines and outcomes; a person completes those and the
    coaching follow-ups (which nothing waits on), each with its body and its effect."""
    waits = {"DEFAULT_TASK_DAYS": DEFAULT_TASK_DAYS}
    waits["catalog outcomes"] = next(step.outcomes for step in STEPS if step.waits)
    completed = {"KINDS": KINDS, "COMPLETIONS": COMPLETIONS, "EFFECTS": EFFECTS}
    assert {name: sorted(table) for name, table in waits.items()} == {
        name: sorted(TASK_KINDS) for name in waits
    }
    assert {name: sorted(table) for name, table in completed.items()} == {
        name: sorted([*TASK_KINDS, FOLLOW_UP_KIND]) for name in completed
    }


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
