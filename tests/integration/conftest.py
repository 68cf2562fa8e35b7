"""A team's finished year, shared by the tests of what comes after it."""

import pytest

from functions.local.client import ApiError
from functions.local.demo import Demo, wait_for

from .test_cycle import team


@pytest.fixture
def finished(stack, api, people):
    """The bkpsdm team's year (its head and two reports), run to its decisions."""
    nips = team(people)
    demo = Demo(api, stack.sample.to_json(), only=nips)
    demo.run_year()
    return nips, demo


def refused(call, status: int) -> dict:
    with pytest.raises(ApiError) as caught:
        call()
    assert caught.value.status == status, caught.value.body
    return caught.value.body["error"]


@pytest.fixture
def failed_head(stack, api, people, monkeypatch) -> str:
    """The bkpsdm head's cycle, started and failed for good at ``plan`` (the regency's SKP
    template "missing"); the breakage stays until the test's ``monkeypatch.undo()``."""
    from functions.errors import InvalidInput
    from functions.steps import plan

    def broken(*args):
        raise InvalidInput("the SKP template of this regency is missing")

    monkeypatch.setattr(plan, "ensure_draft", broken)
    admin = api.as_(stack.sample.admin_key)
    head = team(people)[0]
    admin.post("/cycles", {"year": 2026, "nips": [head]})
    wait_for(lambda: admin.get(f"/cycles/{head}/2026")["status"] == "failed", "the failure", 30)
    return head
