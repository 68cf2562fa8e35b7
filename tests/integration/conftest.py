"""A team's finished year, shared by the tests of what comes after it."""

import pytest

from functions.local.client import ApiError
from functions.local.demo import Demo

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
