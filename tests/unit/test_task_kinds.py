"""One vocabulary of task kinds (functions/domain/stages.py): every table keyed by kind names the
same kinds, and each kind names an effect that exists (imported when a task is completed)."""

from importlib import import_module

import pytest

from functions.domain.stages import DEFAULT_TASK_DAYS, FOLLOW_UP_KIND, TASK_KINDS
from functions.engine.catalog import STEPS
from functions.services.tasks import KINDS
from schemas.tasks import COMPLETIONS


def test_every_table_keyed_by_task_kind_names_the_same_kinds():
    """The waits of the workflow have deadlines and outcomes; a person completes those and the
    coaching follow-ups (which nothing waits on)."""
    waits = {"DEFAULT_TASK_DAYS": DEFAULT_TASK_DAYS}
    waits["catalog outcomes"] = next(step.outcomes for step in STEPS if step.waits)
    completed = {"KINDS": KINDS, "COMPLETIONS": COMPLETIONS}
    assert {name: sorted(table) for name, table in waits.items()} == {
        name: sorted(TASK_KINDS) for name in waits
    }
    assert {name: sorted(table) for name, table in completed.items()} == {
        name: sorted([*TASK_KINDS, FOLLOW_UP_KIND]) for name in completed
    }


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_task_kind_names_an_effect_that_exists(kind):
    module, function = KINDS[kind].effect.rsplit(".", 1)
    assert callable(getattr(import_module(f"functions.services.{module}"), function))
