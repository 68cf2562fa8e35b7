"""The regency's competency development measured along the four indicators of the ASN
Achievement Award (docs/development.md): (1) the policy documents on (digital) competency
development, (2) the activities run and the hours reached per unit, (3) the budget planned and
spent, (4) the use made of the development done. The policy documents are kept here too."""

from __future__ import annotations

import secrets
from dataclasses import asdict

from functions.domain.development import Tally
from functions.errors import NotFound
from functions.services import audit, spreadsheet
from functions.services.development import check_year, hours_reached, target
from functions.store.records import DevelopmentPolicyRecord, plain
from functions.store.repository import TenantRepository

POLICY_FIELDS = ("title", "number", "issued_on", "url", "digital")


# --- (1) policy documents ----------------------------------------------------------------------
def policy_shown(record: DevelopmentPolicyRecord) -> dict:
    return {"policy_id": record.policy_id, **{f: getattr(record, f) for f in POLICY_FIELDS},
            "set_by": record.set_by}  # fmt: skip


def policies(repo: TenantRepository, year: int | None = None) -> list[dict]:
    """The policy documents, by date (those issued by the end of ``year`` when given)."""
    found = sorted(repo.development_policies(), key=lambda p: (p.issued_on, p.number))
    if year is not None:
        found = [p for p in found if p.issued_on[:4] <= str(year)]
    return [policy_shown(p) for p in found]


def _values(body: dict) -> dict:
    return {**body, "issued_on": body["issued_on"].isoformat()}


def _policy(repo: TenantRepository, policy_id: str) -> DevelopmentPolicyRecord:
    found = repo.find_development_policy(policy_id)
    if found is None:
        raise NotFound(f"development policy {policy_id} not found")
    return found


def add_policy(repo: TenantRepository, actor: str, body: dict) -> dict:
    policy_id = secrets.token_hex(6)
    record = repo.new_development_policy(policy_id, **_values(body), set_by=actor)
    trail = audit.entry(repo, actor, "development_policy.create",
                        f"development_policy/{policy_id}", after=policy_shown(record))  # fmt: skip
    with repo.transaction() as writes:
        writes.put(record)
        writes.put(trail)
    return policy_shown(record)


def set_policy(repo: TenantRepository, actor: str, policy_id: str, body: dict) -> dict:
    """Replace a policy document's fields (audited with what they were)."""
    record = _policy(repo, policy_id)
    before = policy_shown(record)
    for name, value in _values(body).items():
        setattr(record, name, value)
    record.set_by = actor
    trail = audit.entry(repo, actor, "development_policy.update",
                        f"development_policy/{policy_id}", before=before,
                        after=policy_shown(record))  # fmt: skip
    with repo.transaction() as writes:
        writes.put(record)
        writes.put(trail)
    return policy_shown(record)


def delete_policy(repo: TenantRepository, actor: str, policy_id: str) -> None:
    record = _policy(repo, policy_id)
    trail = audit.entry(repo, actor, "development_policy.delete",
                        f"development_policy/{policy_id}", before=policy_shown(record))  # fmt: skip
    with repo.transaction() as writes:
        writes.delete(record)
        writes.put(trail)


# --- the report --------------------------------------------------------------------------------
def _money(value) -> float:
    return float(value) if value is not None else 0.0


def _tally_shown(tally: Tally) -> dict:
    return {**asdict(tally), "unconfirmed": tally.unconfirmed, "utilisation": tally.utilisation,
            "absorption": tally.absorption}  # fmt: skip


def report(repo: TenantRepository, year: int) -> dict:
    """The four indicators for ``year``: each unit's own staff (as ``GET /units/{id}/
    development``) with the plans and records of the year, and the regency's totals."""
    check_year(year)
    goal = target(repo)
    staff = {e.nip: e.unit_id for e in repo.employees()}
    names = {u.unit_id: u.name for u in repo.units()}
    tallies = {unit_id: Tally() for unit_id in names}
    by_nip: dict[str, list] = {nip: [] for nip in staff}
    for record in repo.development_records(year):
        by_nip.setdefault(record.nip, []).append(record)
    for plan in repo.development_plans(year):
        tally = tallies.get(staff.get(plan.nip, ""))
        if tally is None:
            continue
        for activity in plain(plan.activities) or []:
            tally.planned_activities += 1
            tally.planned_hours += float(activity["hours"])
            tally.planned_cost += _money(activity.get("cost"))
    for nip, records in by_nip.items():
        tally = tallies.get(staff.get(nip, ""))
        if tally is None:  # no longer an employee, or in a unit no longer there
            continue
        tally.employees += 1
        tally.reached += hours_reached(records, goal).reached
        for record in records:
            tally.activities += 1
            tally.hours += float(record.hours)
            tally.digital_hours += float(record.hours) if record.digital else 0.0
            tally.spent += _money(record.cost)
            use = plain(record.use) or {}
            tally.used += use.get("used") is True
            tally.not_used += use.get("used") is False
    total = Tally()
    for tally in tallies.values():
        total = total.plus(tally)
    documents = policies(repo, year)
    return {
        "year": year,
        "target": goal,
        "indicators": {
            "policy_documents": len(documents),
            "digital_policy_documents": sum(1 for d in documents if d["digital"]),
            "activities": total.activities,
            "hours": round(total.hours, 2),
            "employees_reached": total.reached,
            "employees": total.employees,
            "budget_planned": total.planned_cost,
            "budget_spent": total.spent,
            "utilisation": total.utilisation,
        },
        "policies": documents,
        "units": [
            {"unit_id": uid, "name": names[uid], **_tally_shown(t)}
            for uid, t in sorted(tallies.items())
        ],
        "total": _tally_shown(total),
    }


UNIT_COLUMNS = (
    ("unit_id", "Kode Unit"), ("name", "Unit Kerja"), ("employees", "Pegawai"),
    ("reached", "Pegawai Mencapai Target JP"), ("planned_activities", "Kegiatan Direncanakan"),
    ("planned_hours", "JP Direncanakan"), ("activities", "Kegiatan Terlaksana"),
    ("hours", "JP Terlaksana"), ("digital_hours", "JP Kompetensi Digital"),
    ("planned_cost", "Anggaran Direncanakan (Rp)"), ("spent", "Anggaran Terealisasi (Rp)"),
    ("absorption", "Serapan Anggaran"), ("used", "Dimanfaatkan"),
    ("not_used", "Tidak Dimanfaatkan"), ("unconfirmed", "Belum Dikonfirmasi"),
    ("utilisation", "Tingkat Pemanfaatan"),
)  # fmt: skip
POLICY_COLUMNS = (("title", "Judul"), ("number", "Nomor"), ("issued_on", "Tanggal"),
                  ("digital", "Kompetensi Digital"), ("url", "Tautan"))  # fmt: skip


def workbook(found: dict) -> bytes:
    """The report as an XLSX: the four indicators, the policy documents, the units."""
    ind = found["indicators"]
    policy, run = "1. Kebijakan pengembangan kompetensi", "2. Penyelenggaraan pengembangan"
    budget, use = "3. Anggaran", "4. Pemanfaatan hasil pengembangan"
    summary = [
        [policy, "Dokumen kebijakan", ind["policy_documents"]],
        [policy, "Di antaranya tentang kompetensi digital", ind["digital_policy_documents"]],
        [run, "Kegiatan terlaksana", ind["activities"]],
        [run, "JP terlaksana", ind["hours"]],
        [run, f"Pegawai mencapai {found['target']} JP", ind["employees_reached"]],
        [run, "Pegawai", ind["employees"]],
        [budget, "Direncanakan (Rp)", ind["budget_planned"]],
        [budget, "Terealisasi (Rp)", ind["budget_spent"]],
        [use, "Tingkat pemanfaatan (dimanfaatkan / terlaksana)", ind["utilisation"]],
    ]
    rows = [[u[k] for k, _ in UNIT_COLUMNS] for u in found["units"]]
    rows.append([None, "Jumlah", *(found["total"][k] for k, _ in UNIT_COLUMNS[2:])])
    return spreadsheet.workbook([
        (f"Ringkasan {found['year']}", ["Indikator", "Ukuran", "Nilai"], summary),
        ("Kebijakan", [h for _, h in POLICY_COLUMNS],
         [[p[k] for k, _ in POLICY_COLUMNS] for p in found["policies"]]),
        ("Unit Kerja", [h for _, h in UNIT_COLUMNS], rows),
    ])  # fmt: skip


def filename(year: int) -> str:
    return f"pengembangan-kompetensi-{year}.xlsx"
