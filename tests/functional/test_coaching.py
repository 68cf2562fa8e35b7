"""The coach step's advice: konseling when bimbingan did not lift the same results, or when
its follow-up found no improvement."""

import pytest

from functions.services import coaching
from functions.store.repository import TenantRepository

YEAR = 2026


@pytest.fixture
def coach(stack):
    repo = TenantRepository(stack.sample.tenant_id)
    nip = next(iter(stack.sample.people))

    def held(period: int, rhk: list[str], outcome: str | None = None) -> None:
        repo.new_coaching(
            nip, YEAR, period, f"t{period}", coaching_kind="bimbingan", by_nip="x",
            held_on=f"{YEAR}-0{period}-20", findings="Capaian rendah", rhk_ids=rhk,
            follow_ups=[{"outcome": outcome}] if outcome else [],
        ).save()  # fmt: skip

    return repo, nip, held


def test_the_same_results_lagging_again_advise_konseling(coach):
    repo, nip, held = coach
    held(1, ["r1"])
    held(2, ["r1", "r2"])
    assert coaching.review(repo, nip, YEAR, 2) == {"records": 1, "konseling_advised": True}


def test_other_results_lagging_after_an_improvement_do_not(coach):
    repo, nip, held = coach
    held(1, ["r1"], outcome="improved")
    held(2, ["r2"])
    assert coaching.review(repo, nip, YEAR, 2)["konseling_advised"] is False


def test_a_follow_up_without_improvement_advises_konseling(coach):
    repo, nip, held = coach
    held(1, ["r1"], outcome="not_improved")
    held(2, ["r2"])
    assert coaching.review(repo, nip, YEAR, 2)["konseling_advised"] is True
