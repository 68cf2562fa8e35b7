"""Matriks Peran Hasil from the stored SKP: for a superior, which subordinate RHK support each
of theirs and which nobody supports; for a unit, the whole cascade from its leader down."""

from __future__ import annotations

from functions.domain import Skp, SkpStatus, matriks_peran_hasil
from functions.errors import Forbidden, StageForbids
from functions.services.auth import ADMIN, AUDITOR, Principal
from functions.services.distribution import unit_tree
from functions.services.skp import to_domain
from functions.store.records import EmployeeRecord, SkpRecord, plain
from functions.store.repository import TenantRepository


def skp_of(record: SkpRecord, employee: EmployeeRecord) -> Skp:
    jpt = employee.position_kind == "jpt"
    return to_domain(record.nip, record.year, plain(record.content), jpt)


def matriks(repo: TenantRepository, nip: str, year: int) -> dict:
    """The superior's RHK, each with the subordinate RHK supporting it (subordinates' SKP as
    stored, whatever their status, each shown with it)."""
    employee = repo.employee(nip)
    return _matriks(repo, employee, year, _names(repo))


def unit_cascade(repo: TenantRepository, unit_id: str, year: int) -> dict:
    """From the unit's leader down: each superior's matriks, then their subordinates' in turn."""
    unit, inside = unit_tree(repo, unit_id)
    # Only the people met on the way down are read: the head, then each one's subordinates
    # (the index of employees by penilai), never the tenant's whole roster.
    head = repo.find_employee(unit.head_nip) if unit.head_nip else None
    people = {head.nip: head} if head else {}
    names = {nip: e.name for nip, e in people.items()}
    tiers, seen = [], set()
    level = [head.nip] if head else []
    while level:
        next_level = []
        for nip in level:
            if nip in seen:
                continue
            seen.add(nip)
            below = [e for e in repo.subordinates(nip) if e.unit_id in inside]
            people |= {e.nip: e for e in below}
            names |= {e.nip: e.name for e in below}
            if not below:
                continue
            if repo.find_skp(nip, year) is None:  # not evaluated this year: say so, go on down
                tiers.append({"nip": nip, "name": names[nip], "skp_status": None,
                              "subordinates": sorted(e.nip for e in below)})  # fmt: skip
            else:
                tiers.append(_matriks(repo, people[nip], year, names, below))
            next_level += [e.nip for e in below]
        level = sorted(next_level)
    return {"unit_id": unit_id, "year": year, "leader": unit.head_nip, "matriks": tiers}


def _names(repo: TenantRepository) -> dict[str, str]:
    return {e.nip: e.name for e in repo.employees()}


def _matriks(
    repo: TenantRepository,
    atasan: EmployeeRecord,
    year: int,
    names: dict[str, str],
    bawahan: list[EmployeeRecord] | None = None,
) -> dict:
    bawahan = repo.subordinates(atasan.nip) if bawahan is None else bawahan
    theirs = repo.skp(atasan.nip, year)
    records = [(e, repo.find_skp(e.nip, year)) for e in bawahan]
    drafted = [(e, r) for e, r in records if r is not None]
    built = matriks_peran_hasil(skp_of(theirs, atasan), [skp_of(r, e) for e, r in drafted])
    texts = {(r.nip, rhk["id"]): rhk["text"] for _, r in drafted for rhk in _rhk(r)}
    status = {r.nip: r.status for _, r in drafted}

    def shown(ref) -> dict:
        return {
            "nip": ref.nip, "name": names.get(ref.nip), "skp_status": status[ref.nip],
            "rhk_id": ref.rhk_id, "text": texts[(ref.nip, ref.rhk_id)], "utama": ref.utama,
        }  # fmt: skip

    return {
        "nip": atasan.nip,
        "name": atasan.name,
        "skp_status": theirs.status,
        "rhk": [
            {
                "rhk_id": rhk["id"],
                "text": rhk["text"],
                "utama": rhk["utama"],
                "supported_by": [shown(ref) for ref in built.support[rhk["id"]]],
            }
            for rhk in _rhk(theirs)
        ],
        "unsupported": list(built.unsupported),
        "unsupported_utama": list(built.unsupported_utama),
        "unlinked": [shown(ref) for ref in built.unlinked],
        "without_skp": sorted(e.nip for e, r in records if r is None),
    }


def _rhk(record: SkpRecord) -> list[dict]:
    return plain(record.content).get("rhk", [])


def approved_rhk(repo: TenantRepository, principal: Principal, nip: str, year: int) -> dict:
    """The RHK of ``nip``'s approved SKP, for their direct subordinates to cascade from (each
    RHK they draft names one of these ids), besides admins, auditors, ``nip`` and their penilai.
    Only the RHK (id, text, utama), nothing else of the cycle; 409 until the SKP is approved."""
    superior = repo.employee(nip)
    reader = principal.nip
    allowed = (
        principal.role in (ADMIN, AUDITOR)
        or (reader is not None and reader in (nip, superior.penilai_nip))
        or (reader is not None and (below := repo.find_employee(reader)) is not None
            and below.penilai_nip == nip)
    )  # fmt: skip
    if not allowed:
        raise Forbidden(f"only the direct subordinates of {nip} read their RHK")
    record = repo.skp(nip, year)
    if record.status != SkpStatus.DISETUJUI:
        raise StageForbids(
            f"the SKP {nip}/{year} is {record.status}: its RHK are shown once it is approved",
            details={"skp_status": record.status},
        )
    rhk = [
        {"id": r["id"], "text": r["text"], "utama": r["utama"]}
        for r in plain(record.content).get("rhk", [])
    ]
    return {"nip": nip, "name": superior.name, "year": year, "rhk": rhk}
