"""Task kinds name their effects as text (imported when a task is completed): each must resolve."""

from importlib import import_module

import pytest

from functions.services.tasks import KINDS


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_task_kind_names_an_effect_that_exists(kind):
    module, function = KINDS[kind].effect.rsplit(".", 1)
    assert callable(getattr(import_module(f"functions.services.{module}"), function))
