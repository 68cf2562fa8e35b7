"""One vocabulary of task kinds (functions/domain/stages.py): every table keyed by kind names the
same kinds, and each kind names an effect that exists (imported when a task is completed)."""

from importlib import import_module

import pytest

from functions.domain.stages import DEFAULT_TASK_DAYS, TASK_KINDS
from functions.engine.catalog import STEPS
from functions.services.tasks import KINDS
from schemas.tasks import COMPLETIONS


def test_every_table_keyed_by_task_kind_names_the_same_kinds():
    outcomes = next(step.outcomes for step in STEPS if step.waits)
    tables = {"DEFAULT_TASK_DAYS": DEFAULT_TASK_DAYS, "KINDS": KINDS, "COMPLETIONS": COMPLETIONS}
    tables["catalog outcomes"] = outcomes
    assert {name: sorted(table) for name, table in tables.items()} == {
        name: sorted(TASK_KINDS) for name in tables
    }


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_task_kind_names_an_effect_that_exists(kind):
    module, function = KINDS[kind].effect.rsplit(".", 1)
    assert callable(getattr(import_module(f"functions.services.{module}"), function))
