"""A unit's employee predikat against its organisation predikat (SE MenPANRB 3/2023): the
check names the broken bound, by how many people, and who sits closest to it; the penilai then
corrects ratings with reasons (decisions.revise), which the result's history keeps."""

from __future__ import annotations

from functools import partial
from statistics import fmean

from functions.domain import DistributionScope, OrgPredikat, check_distribution
from functions.domain.errors import DomainError
from functions.errors import Conflict, InvalidInput, NotFound
from functions.services import audit, decisions
from functions.services.settings import TenantSettings
from functions.store import keys
from functions.store.records import (
    CycleRecord,
    UnitRecord,
    plain,
)
from functions.store.repository import TenantRepository


def unit_tree(repo: TenantRepository, unit_id: str) -> tuple[UnitRecord, set[str]]:
    """The unit and the ids of it and every unit below it."""
    units = repo.units()
    unit = next((u for u in units if u.unit_id == unit_id), None)
    if unit is None:
        raise NotFound(f"unit {unit_id} does not exist")
    inside, grew = {unit_id}, True
    while grew:
        below = {u.unit_id for u in units if u.parent_id in inside} - inside
        inside |= below
        grew = bool(below)
    return unit, inside


def set_org_predikat(repo: TenantRepository, unit_id: str, year: int, value: str, by: str):
    """Store the unit's predikat. Its leader's rating hasil kerja is the unit's result
    (policy ``leader_rating``): a leader already assessed is revised in the same transaction."""
    unit, _ = unit_tree(repo, unit_id)
    try:
        org = OrgPredikat(value)
    except ValueError:
        allowed = [p.value for p in OrgPredikat]
        raise InvalidInput(
            "unknown organisation predikat", details={"org_predikat": [f"one of {allowed}"]}
        ) from None
    record = repo.unit_result(unit_id, year) or repo.new_unit_result(unit_id, year)
    before = {"org_predikat": record.org_predikat} if record.org_predikat else None
    record.org_predikat, record.set_by = org.value, by
    trail = audit.entry(
        repo, by, "unit.org_predikat", f"unit/{unit_id}/{year}",
        before=before, after={"org_predikat": org.value},
    )  # fmt: skip
    leader = _leader_revision(repo, unit, year, org, by, also=(record, trail))
    if leader is None:
        with repo.all_or_none(
            Conflict(f"the predikat of {unit_id}/{year} changed meanwhile")
        ) as batch:
            batch.put(record)
            batch.put(trail)
    return {"unit_id": unit_id, "year": year, "org_predikat": org.value, "set_by": by,
            "leader_revision": leader}  # fmt: skip


def _leader_revision(repo, unit, year: int, org: OrgPredikat, by: str, also) -> dict | None:
    """Revise the leader's annual result to the unit's, with ``also`` in the transaction; None
    when there is no leader result to change."""
    annual = repo.assessment(unit.head_nip, year, 0) if unit.head_nip else None
    if annual is None or annual.predikat is None:
        return None
    rating = TenantSettings.of(repo.profile()).policy.leader_rating[org].value
    if annual.rating_hasil_kerja == rating:
        return None
    reason = f"the unit's predikat of {year} is {org.value}: its leader's rating hasil kerja"
    return decisions.revise(
        repo, unit.head_nip, year, ratings={"rating_hasil_kerja": rating}, reason=reason, by=by,
        kind="unit_result", also=also,
    )  # fmt: skip


def org_predikat(repo: TenantRepository, unit_id: str, year: int) -> str | None:
    found = repo.unit_result(unit_id, year)
    return found.org_predikat if found else None


def standing(repo: TenantRepository, cycles: list[CycleRecord]) -> dict[str, float]:
    """Mean annual capaian per employee: orders the candidates nearest a bound first, and
    ranks within a predikat."""
    standing = {}
    for annual in repo.annual_assessments(cycles):
        values = [float(v) for v in (plain(annual.capaian) or {}).values() if v is not None]
        if values:
            standing[keys.nip_of(annual.pk)] = fmean(values)
    return standing


DENOMINATOR = {
    DistributionScope.DIRECT: "the unit's own staff (policy distribution_scope=direct); each "
    "sub-unit is checked against its own predikat",
    DistributionScope.TREE: "the unit's staff and everyone in the units below it (policy "
    "distribution_scope=tree), who also count in their own unit's check",
}


def unit_distribution(
    repo: TenantRepository, unit_id: str, year: int, tree_cycles: list[CycleRecord] | None = None
) -> dict:
    """The check of one unit. Who counts is the policy ``distribution_scope`` (default: the
    unit's direct staff), said in ``scope`` and ``denominator``; ``ok`` is None when the unit
    is not checked (no predikat yet, or too small for its bounds); a "too many" bound names
    whom to move and where (``move``). ``tree_cycles``: the year's cycles of the unit and the
    units below, when the caller has read them already (a page that shows them too)."""
    unit, inside = unit_tree(repo, unit_id)
    policy = TenantSettings.of(repo.profile()).policy
    if policy.distribution_scope is DistributionScope.DIRECT:
        inside = {unit_id}
    org = org_predikat(repo, unit_id, year)
    if tree_cycles is None:
        cycles = repo.unit_cycles(year, inside)
    else:
        cycles = [c for c in tree_cycles if c.unit_id in inside]
    cycles = [c for c in cycles if c.status != "closed"]  # left the year's evaluation
    rated = [c for c in cycles if c.predikat]
    out = {
        "unit_id": unit_id,
        "year": year,
        "org_predikat": org,
        "scope": policy.distribution_scope.value,
        "units": sorted(inside),
        "denominator": DENOMINATOR[policy.distribution_scope]
        + ("; the head is not counted" if policy.distribution_exclude_head else ""),
        "pending": sorted(c.nip for c in cycles if not c.predikat),
    }
    if org is None:
        return {**out, "checked": False, "ok": None, "note": "set the unit's predikat first"}
    try:
        check = partial(
            check_distribution,
            OrgPredikat(org),
            {c.nip: c.predikat for c in rated},
            policy,
            head_nip=unit.head_nip,
        )
        report = check()
        if report.violations:  # standing only orders a broken bound's candidates: read theirs
            wanted = {nip for v in report.violations for nip in v.candidates}
            report = check(standing=standing(repo, [c for c in rated if c.nip in wanted]))
    except DomainError as error:
        raise InvalidInput.of(error) from None
    # the names of just the people a broken bound names, not the unit's whole roster
    named = {n for v in report.violations for n in [*v.candidates[:5], *(m.nip for m in v.moves)]}
    names = {nip: e.name for nip, e in repo.employees_of(named).items()} if named else {}
    return {
        **out,
        "checked": report.checked,
        "ok": report.ok,
        "note": report.note,
        "counted": report.counted,
        "excluded": list(report.excluded),
        "counts": {p.value: n for p, n in report.counts.items()},
        "violations": [
            {
                "bound": v.bound,
                "message": v.message,
                "group": [p.value for p in v.group],
                "allowed": v.allowed,
                "actual": v.actual,
                "too_many": v.too_many,
                "too_few": v.too_few,
                "closest": [{"nip": nip, "name": names.get(nip)} for nip in v.candidates[:5]],
                "move": [_move(m, names) for m in v.moves],
            }
            for v in report.violations
        ],
    }


def _move(move, names: dict[str, str]) -> dict:
    return {
        "nip": move.nip,
        "name": names.get(move.nip),
        "from": move.from_.value,
        "to": move.to.value,
        "direction": move.direction,
    }


def _units_counting(repo: TenantRepository, nip: str, year: int) -> list[str]:
    """The units whose check counts this employee and has a predikat to check against: their
    unit, and with ``distribution_scope=tree`` every unit above it."""
    unit_id = repo.cycle(nip, year).unit_id
    units = [unit_id]
    if TenantSettings.of(repo.profile()).policy.distribution_scope is DistributionScope.TREE:
        parents = {u.unit_id: u.parent_id for u in repo.units()}
        while (above := parents.get(units[-1])) is not None and above not in units:
            units.append(above)
    return [u for u in units if org_predikat(repo, u, year) is not None]


def revise_checked(repo: TenantRepository, nip: str, year: int, **revision) -> dict:
    """``decisions.revise``, and what it does to the distribution of each unit that counts the
    employee: ``distribution`` lists them with the verdict before and after, and ``breaks``
    when a unit that met its bounds no longer does (the answer then says which bounds)."""
    units = _units_counting(repo, nip, year)
    before = {u: unit_distribution(repo, u, year) for u in units}
    result = decisions.revise(repo, nip, year, **revision)
    effects = []
    for unit_id in units:
        after = unit_distribution(repo, unit_id, year)
        effects.append({
            "unit_id": unit_id,
            "ok_before": before[unit_id]["ok"],
            "ok": after["ok"],
            "breaks": before[unit_id]["ok"] is True and after["ok"] is False,
            "violations": [v["message"] for v in after.get("violations", [])],
        })  # fmt: skip
    return {**result, "distribution": effects}
