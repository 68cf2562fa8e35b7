"""Fixtures of the functional tests beside tests/conftest.py's."""

import pytest

from functions.local.demo import Demo, wait_for
from tests.integration.test_cycle import team

YEAR = 2026


@pytest.fixture
def approval(stack, api, admin, people):
    """A member's submitted SKP and the penilai's open approval task."""
    head, member, _ = team(people)
    demo = Demo(api, stack.sample.to_json(), only=[member])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [member]})
    demo.draft_and_submit(member)
    task = wait_for(lambda: demo.open_task(head, "approve_skp", member), "the approval", 30)
    return demo.person(head), member, task
