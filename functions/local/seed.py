"""The sample regency: three perangkat daerah under the Sekretaris Daerah, thirty employees
(PNS and PPPK; JPT, administrator, pengawas, pelaksana, fungsional at several jenjang). A larger
one for benchmarks repeats the unit's roster in more units (``units``), with numbered names."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from functions.services import auth
from functions.services.tenants import create_tenant
from functions.store.repository import TenantRepository

UNITS = (
    ("dinkes", "Dinas Kesehatan"),
    ("disdik", "Dinas Pendidikan dan Kebudayaan"),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan SDM"),
)
NAMES = (
    "Agus Santoso", "Budi Hartono", "Citra Lestari", "Dewi Anggraini", "Eko Prasetyo",
    "Fitri Handayani", "Gita Permata", "Hendra Wijaya", "Indah Sari", "Joko Susilo",
    "Kartika Putri", "Lukman Hakim", "Maya Safitri", "Nur Aini", "Oki Firmansyah",
    "Putu Ayu", "Rahmat Hidayat", "Sri Wahyuni", "Taufik Rahman", "Umi Kalsum",
    "Vina Oktaviani", "Wahyu Nugroho", "Yuni Astuti", "Zainal Arifin", "Bayu Saputra",
    "Dian Novita", "Fajar Ramadhan", "Hana Pertiwi", "Irfan Maulana", "Laras Wulandari",
    "Sutrisno Adi",
)  # fmt: skip
# (position kind, position, jenjang, asn kind, index of the penilai within the unit; -1 = sekda)
ROSTER = (
    ("jpt", "Kepala Dinas", None, "pns", -1),
    ("administrator", "Sekretaris", None, "pns", 0),
    ("administrator", "Kepala Bidang", None, "pns", 0),
    ("pengawas", "Kepala Subbagian Umum", None, "pns", 1),
    ("pengawas", "Kepala Seksi", None, "pns", 2),
    ("fungsional", "Analis SDM Aparatur", "ahli_muda", "pns", 2),
    ("fungsional", "Pranata Komputer", "ahli_pertama", "pns", 4),
    ("fungsional", "Arsiparis", "terampil", "pns", 3),
    ("pelaksana", "Pengadministrasi Umum", None, "pns", 3),
    ("pelaksana", "Pengelola Layanan Operasional", None, "pppk", 4),
)


@dataclass
class SampleRegency:
    tenant_id: str
    admin_key: str
    platform_key: str
    auditor_key: str
    people: dict[str, dict] = field(default_factory=dict)  # nip -> {name, unit, key, ...}
    webhook_secret: str | None = None  # the "eoffice" source's first whsec_ secret

    def to_json(self) -> dict:
        return {
            "tenant_id": self.tenant_id,
            "platform_key": self.platform_key,
            "admin_key": self.admin_key,
            "auditor_key": self.auditor_key,
            "people": self.people,
            "webhook_secret": self.webhook_secret,
        }


GOLONGAN = {"jpt": "IV/c", "administrator": "IV/a", "pengawas": "III/d", "pelaksana": "II/c",
            "fungsional": "III/b"}  # fmt: skip
"""A usual golongan of each position kind (for the SIASN export's penilaiGolongan)."""


def make_nip(rng: random.Random, sequence: int, sex: int) -> str:
    born = date(rng.randint(1968, 1996), rng.randint(1, 12), rng.randint(1, 28))
    appointed = (max(born.year + 22, 1995) + rng.randint(0, 5), rng.randint(1, 12))
    return f"{born:%Y%m%d}{appointed[0]}{appointed[1]:02d}{sex}{sequence:03d}"


def _units(count: int) -> list[tuple[str, str]]:
    extra = [(f"unit{n:03d}", f"Unit Kerja {n}") for n in range(len(UNITS) + 1, count + 1)]
    return [*UNITS, *extra][:count]


def _names(count: int):
    for n in range(count):
        base = NAMES[n % len(NAMES)]
        yield base if n < len(NAMES) else f"{base} {n // len(NAMES) + 1}"


def seed_sample(seed: int = 6, units: int = len(UNITS)) -> SampleRegency:
    rng = random.Random(seed)
    created = create_tenant("Kabupaten Sukamaju", "9901", {"policy": {"public_feedback": True}})
    tenant_id, admin_key = created
    repo = TenantRepository(tenant_id)
    sample = SampleRegency(
        tenant_id,
        admin_key,
        auth.issue_key(auth.PLATFORM, None, None, "sample platform operator"),
        auth.issue_key(auth.AUDITOR, tenant_id, None, "sample auditor"),
    )
    sample.webhook_secret = (getattr(created, "webhook_secret", None) or {}).get("secret")
    add_roster(repo, sample, rng, units)
    return sample


def add_roster(repo, sample: SampleRegency, rng, units: int, limit: int | None = None) -> None:
    """The Sekretaris Daerah and ``units`` units of the roster below, each person with a key
    in ``sample.people``; at most ``limit`` people (a workflow's dry run: a smaller regency)."""
    names = _names(1 + units * len(ROSTER))
    repo.new_unit("setda", name="Sekretariat Daerah").save()
    sekda = _person(
        repo, sample, rng, next(names), "setda", ("jpt", "Sekretaris Daerah", None, "pns"), None
    )
    for unit_id, unit_name in _units(units):
        staff: list[str] = []
        for kind, position, jenjang, asn, boss in ROSTER:
            if limit is not None and len(sample.people) >= limit:
                break
            penilai = sekda if boss < 0 else staff[boss]
            spec = (kind, position, jenjang, asn)
            staff.append(_person(repo, sample, rng, next(names), unit_id, spec, penilai))
        if staff:
            repo.new_unit(unit_id, name=unit_name, parent_id="setda", head_nip=staff[0]).save()


def _person(repo, sample, rng, name, unit_id, spec, penilai) -> str:
    kind, position, jenjang, asn = spec
    nip = make_nip(rng, len(sample.people) + 1, 2 if name.split()[0][-1] in "aiu" else 1)
    scores = {k: rng.randint(55, 95) for k in ("manajerial", "sosial_kultural", "teknis")}
    repo.new_employee(
        nip,
        penilai,
        name=name,
        unit_id=unit_id,
        asn_kind=asn,
        position_kind=kind,
        position=position,
        jenjang=jenjang,
        potensi_scores=scores,
        siasn_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        golongan="IX" if asn == "pppk" else GOLONGAN[kind],
    ).save()
    key = auth.issue_key(auth.PEGAWAI, repo.tenant_id, nip, name)
    sample.people[nip] = {"name": name, "unit": unit_id, "position": position, "key": key,
                          "penilai": penilai}  # fmt: skip
    return nip


def write_credentials(sample: SampleRegency, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sample.to_json(), indent=2))
    path.chmod(0o600)
