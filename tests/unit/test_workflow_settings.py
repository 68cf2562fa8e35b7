"""The settings a workflow draft carries (services/settings: one check with the settings API,
naming the field) and the reconciliation of an SKP submitted ahead (domain.uncascaded)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from functions.domain import uncascaded
from functions.errors import InvalidInput
from functions.services import settings
from tests.unit.factories import DEFAULT, rhk, skp


def test_a_draft_carries_only_workflow_settings_without_nulls():
    carried = settings.carried(
        {"policy": {"frequency": "bulanan", "max_skp_returns": None}, "task_days": {"coaching": 5}}
    )
    assert carried == {"policy": {"frequency": "bulanan"}, "task_days": {"coaching": 5}}
    assert settings.carried(None) == {}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"policy": {"frequency": "tahunan"}}, "settings.policy.frequency"),
        ({"policy": {"max_skp_returns": 6}}, "settings.policy.max_skp_returns"),
        ({"policy": {"keberatan_days": 21}}, "settings.policy.keberatan_days"),
    ],
)
def test_a_bad_or_foreign_setting_is_refused_naming_it(changes, field):
    with pytest.raises(InvalidInput) as refused:
        settings.carried(changes)
    assert field in refused.value.details


def test_the_workflow_part_and_the_differences_of_two_versions():
    monthly = settings.checked(settings.applied({}, {"policy": {"frequency": "bulanan"}}))
    part = settings.workflow_part(monthly)
    assert part["policy"] == {"frequency": "bulanan", "max_skp_returns": 3}
    assert part["task_days"]["approve_skp"] == 7
    quarterly = settings.workflow_part(settings.checked({}))
    assert settings.differences(quarterly, part) == [
        {"setting": "policy.frequency", "base": "triwulan", "other": "bulanan"}
    ]
    assert settings.differences(None, part) == []  # a version from before: nothing compared


def test_uncascaded_names_the_rhk_whose_link_is_missing_or_unknown():
    submitted_ahead = skp(rhk("r1", atasan=None), rhk("r2", atasan="a9"), rhk("r3", atasan="a1"))
    assert uncascaded(submitted_ahead, {"a1", "a2"}, DEFAULT) == ("r1", "r2")
    optional = replace(DEFAULT, tambahan_requires_rhk_atasan=False)
    tambahan = skp(rhk("r1", utama=False, atasan=None))
    assert uncascaded(tambahan, {"a1"}, optional) == ()
    assert uncascaded(skp(rhk("r1", atasan=None), jpt=True), {"a1"}, DEFAULT) == ()
