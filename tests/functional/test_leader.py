"""A unit leader's annual rating hasil kerja comes from the unit's predikat once it is set
(the annual assessment reads it; setting it later revises the result: test_outcomes)."""

from functions.services.assessment import leader_rating
from functions.store.repository import TenantRepository


def test_the_leader_of_a_unit_with_a_predikat_takes_the_units_result(stack, people):
    repo = TenantRepository(stack.sample.tenant_id)
    head = next(u.head_nip for u in repo.units() if u.unit_id == "disdik")
    other = next(n for n, p in people.items() if p["unit"] == "disdik" and n != head)
    assert leader_rating(repo, head, 2026) is None  # no unit predikat yet: the rules decide
    result = repo.new_unit_result("disdik", 2026)
    result.org_predikat, result.set_by = "istimewa", "test"
    result.save()
    assert leader_rating(repo, head, 2026) == "di_atas"
    assert leader_rating(repo, other, 2026) is None
    assert leader_rating(repo, head, 2027) is None
