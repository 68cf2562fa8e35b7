"""A unit's year-end views read that unit, not the regency (issue 14): the same answers as the
old whole-tenant reads filtered in Python, from the unit's own cycles and employees."""

from bench.regency import YEAR, counted, old_way, seed
from functions.domain import OrgPredikat, check_distribution
from functions.services import cascade, distribution, quality, talent
from functions.services.settings import TenantSettings
from functions.store.repository import TenantRepository

VIEWS = {
    "distribution": distribution.unit_distribution,
    "talent": talent.unit_talent,
    "quality": quality.unit_worksheet,
}


def test_a_unit_view_answers_as_the_whole_tenant_read_did_reading_only_that_unit(stack):
    tenant_id, units = seed(employees=120, units=4)
    repo = TenantRepository(tenant_id)
    unit = units[1]
    own = repo.unit_cycles(YEAR, [unit])
    assert len(own) == 30 and {c.unit_id for c in own} == {unit}
    two = [c.gsi1sk for c in repo.unit_cycles(YEAR, units[:2])]
    assert two == sorted(c.gsi1sk for c in repo.cycles(YEAR) if c.unit_id in units[:2])
    for name, view in VIEWS.items():
        view(repo, unit, YEAR)  # warm the profile's settings cache alike for both
        with counted() as by_unit:
            answer = view(repo, unit, YEAR)
        with old_way(), counted() as whole:
            assert view(repo, unit, YEAR) == answer, name
        # the unit's 30 cycles, their employees and their records (5 items a cycle, read by
        # the worksheet); not the regency's 120 cycles (and 120 employees, but for the
        # distribution, which reads the names of just the people a broken bound names)
        assert by_unit["items"] <= 7 * 30, (name, by_unit)
        assert whole["items"] >= (120 if name == "distribution" else 240), (name, whole)
    assert distribution.unit_distribution(repo, unit, YEAR)["counted"] == 29  # not the head
    with counted() as reads:  # the cascade: the head, then subordinates by penilai
        tiers = cascade.unit_cascade(repo, unit, YEAR)["matriks"]
    assert [t["nip"] for t in tiers] == [own[0].nip] and len(tiers[0]["rhk"]) == 0
    assert reads["items"] <= 3 * 30, reads


def test_unit_cycles_prefix_does_not_take_a_unit_whose_id_continues_another(stack):
    tenant_id, _ = seed(employees=4, units=1)
    repo = TenantRepository(tenant_id)
    for unit_id in ("u1", "u10"):
        repo.put(repo.new_cycle(f"1990010120150110{len(unit_id):02d}", YEAR, unit_id,
                                stage="done", periods=4))  # fmt: skip
    assert [c.unit_id for c in repo.unit_cycles(YEAR, ["u1"])] == ["u1"]
    assert [c.unit_id for c in repo.unit_cycles(YEAR, ["u1", "u10"])] == ["u1", "u10"]


def test_the_distribution_reads_standing_only_for_a_broken_bounds_candidates(stack):
    tenant_id, (unit,) = seed(employees=30, units=1)
    repo = TenantRepository(tenant_id)
    answer = distribution.unit_distribution(repo, unit, YEAR)
    assert answer["violations"], "the seed breaks a bound of Baik"
    # the candidates closest first, as when everyone's standing was read
    rated = [c for c in repo.unit_cycles(YEAR, [unit]) if c.predikat]
    policy = TenantSettings.of(repo.profile()).policy
    full = check_distribution(
        OrgPredikat("baik"),
        {c.nip: c.predikat for c in rated},
        policy,
        head_nip=rated[0].nip,
        standing=distribution.standing(repo, rated),
    )
    assert [[c["nip"] for c in v["closest"]] for v in answer["violations"]] == [
        list(v.candidates[:5]) for v in full.violations
    ]
    assert [[m["nip"] for m in v["move"]] for v in answer["violations"]] == [
        [m.nip for m in v.moves] for v in full.violations
    ]
    # bounds that hold: no annual assessment (nor name) is read
    for n, cycle in enumerate(rated[1:]):
        cycle.predikat = "butuh_perbaikan" if n == 0 else "baik" if n <= 17 else "sangat_baik"
        repo.put(cycle)
    with counted() as reads:
        assert distribution.unit_distribution(repo, unit, YEAR)["ok"] is True
    assert reads["BatchGetItem"] == 0, reads
