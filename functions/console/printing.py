"""Printable documents in the layout of Permen PANRB 6/2022's lampiran: the SKP (the pegawai and
the pejabat penilai, RHK with IKI and targets, perilaku with the pimpinan's expectations,
lampiran, signatures) and the evaluation of a period or the year (capaian, rating hasil kerja
and perilaku, predikat, the three signatures). Pages of their own with a print stylesheet; the
same reads as GET /cycles/{nip}/{year}, with the same relationships."""

from __future__ import annotations

from flask import render_template, request

from functions.console.blueprint import blp, signed
from functions.domain.berakhlak import CORE_VALUES
from functions.services import reports
from functions.services.auth import ADMIN, AUDITOR, PEGAWAI, may_read
from functions.services.distribution import org_predikat
from functions.store.records import plain

CYCLE = "/cycles/<nip>/<int:year>"
LAMPIRAN = (
    ("dukungan_sumber_daya", "Dukungan sumber daya"),
    ("skema_pertanggungjawaban", "Skema pertanggungjawaban"),
    ("konsekuensi", "Konsekuensi"),
)


def _person(repo, nip: str | None, units: dict[str, str]) -> dict | None:
    found = repo.find_employee(nip) if nip else None
    if found is None:
        return None
    return {"name": found.name, "nip": found.nip, "golongan": found.golongan,
            "position": found.position, "unit": units.get(found.unit_id, found.unit_id),
            "penilai_nip": found.penilai_nip}  # fmt: skip


def _parties(repo, nip: str) -> dict:
    """The pegawai, the pejabat penilai and the atasan pejabat penilai, as the forms name them."""
    units = {u.unit_id: u.name for u in repo.units()}
    pegawai = _person(repo, nip, units)
    penilai = _person(repo, pegawai["penilai_nip"], units) if pegawai else None
    atasan = _person(repo, penilai["penilai_nip"], units) if penilai else None
    return {"pegawai": pegawai, "penilai": penilai, "atasan": atasan,
            "instansi": repo.profile().name}  # fmt: skip


@blp.route(f"{CYCLE}/skp/cetak")
@signed(ADMIN, AUDITOR, PEGAWAI)
def print_skp(who, repo, nip, year):
    may_read(who, repo, nip)
    skp = repo.find_skp(nip, year)
    content = plain(skp.content) if skp else {}
    parties = _parties(repo, nip)
    penilai = parties["penilai"]
    above = repo.find_skp(penilai["nip"], year) if penilai else None
    atasan_rhk = {
        r["id"]: r["text"] for r in (plain(above.content) if above else {}).get("rhk", [])
    }
    return render_template(
        "print_skp.html",
        atasan_rhk=atasan_rhk,
        year=year,
        skp=skp,
        content=content,
        utama=[r for r in content.get("rhk", []) if r.get("utama")],
        tambahan=[r for r in content.get("rhk", []) if not r.get("utama")],
        values=CORE_VALUES,
        lampiran=LAMPIRAN,
        **parties,
    )


@blp.route(f"{CYCLE}/evaluasi/cetak")
@signed(ADMIN, AUDITOR, PEGAWAI)
def print_evaluation(who, repo, nip, year):
    """The evaluation of ``?periode=`` (a period number; the year when absent or ``annual``)."""
    may_read(who, repo, nip)
    view = reports.cycle_view(repo, nip, year)
    asked = request.args.get("periode", "annual")
    period = int(asked) if asked.isdigit() else 0
    assessed = repo.assessment(nip, year, period)
    skp = repo.find_skp(nip, year)
    realised: dict[str, list[tuple[int, object]]] = {}
    for r in sorted(repo.realisasi(nip, year), key=lambda r: int(r.period)):
        if period in (0, int(r.period)):
            realised.setdefault(r.iki_id, []).append((int(r.period), r.value))
    return render_template(
        "print_evaluation.html",
        year=year,
        period=period,
        periods=view["periods"],
        content=plain(skp.content) if skp else {},
        assessed=assessed,
        capaian=plain(assessed.capaian) if assessed else {},
        judgements=plain(assessed.judgements) if assessed else {},
        overrides=(plain(assessed.overrides) or {}) if assessed else {},
        perilaku=(plain(assessed.perilaku) or {}) if assessed else {},
        realised=realised,
        org=org_predikat(repo, view["unit_id"], year),
        values=CORE_VALUES,
        **_parties(repo, nip),
    )
