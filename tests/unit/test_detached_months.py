"""Monthly periods run per quarter (issue 14.4): which period's segment runs next and which
months are checked detached, and the month check's input."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from functions.domain import InvalidValue, next_segment
from schemas.steps import BoundaryInput, MonthCheckInput

TENANT = "t0123456789"


def test_after_the_approval_monthly_runs_march_and_checks_january_and_february_detached():
    assert next_segment("bulanan", 0, 12) == (3, [1, 2])


def test_each_quarter_s_last_month_is_a_segment_and_the_two_before_it_are_detached():
    assert [next_segment("bulanan", after, 12) for after in (3, 6, 9)] == [
        (6, [4, 5]),
        (9, [7, 8]),
        (12, [10, 11]),
    ]


def test_a_segment_run_mid_quarter_goes_on_to_that_quarter_s_last_month():
    # a stage set by hand at month 4: its segment closes, month 5 is detached, 6 runs
    assert next_segment("bulanan", 4, 12) == (6, [5])
    assert next_segment("bulanan", 11, 12) == (12, [])


def test_quarterly_periods_run_every_period_as_a_segment():
    assert [next_segment("triwulan", after, 4) for after in range(4)] == [
        (1, []),
        (2, []),
        (3, []),
        (4, []),
    ]


def test_an_unknown_frequency_is_refused_naming_it():
    with pytest.raises(InvalidValue, match="frequency"):
        next_segment("mingguan", 0, 12)


def test_a_boundary_asks_for_a_segment_per_period_unless_its_definition_says_detached():
    given = {"tenant_id": TENANT, "nip": "198001012010011001", "year": 2026, "after": "approval"}
    assert BoundaryInput().load(given)["months"] == "segments"  # definitions published before
    assert BoundaryInput().load({**given, "months": "detached"})["months"] == "detached"
    with pytest.raises(ValidationError, match="months"):
        BoundaryInput().load({**given, "months": "weekly"})


def test_a_month_check_names_a_month_or_a_task_s_deadline_not_both():
    month = {"tenant_id": TENANT, "nip": "198001012010011001", "year": 2026, "period": 2}
    deadline = {"tenant_id": TENANT, "task_id": "abc", "due": "2026-03-08T00:00:00+00:00"}
    assert MonthCheckInput().load(month)["period"] == 2
    assert MonthCheckInput().load(deadline)["task_id"] == "abc"
    for wrong in ({**month, **deadline}, {"tenant_id": TENANT, "nip": month["nip"], "year": 2026}):
        with pytest.raises(ValidationError, match="task_id and due"):
            MonthCheckInput().load(wrong)
    with pytest.raises(ValidationError, match="period"):
        MonthCheckInput().load({**month, "period": 13})
