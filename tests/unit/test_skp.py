"""The SKP: the rules it must pass before submission, its status moves, and data quality."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from functions.domain import (
    Check,
    InvalidValue,
    RealisasiEntry,
    SkpError,
    SkpInvalid,
    SkpStatus,
    Stage,
    StageRecord,
    Target,
    can_move,
    data_quality,
    skp_problems,
    validate_skp,
)
from tests.unit.factories import DEFAULT, iki, rhk, skp

SUPERIOR = {"a1", "a2"}


def problems(made, superior=SUPERIOR, policy=DEFAULT) -> dict[str, str]:
    return {p.field: p.rule for p in skp_problems(made, superior_rhk_ids=superior, policy=policy)}


def test_a_well_formed_skp_passes():
    validate_skp(skp(), superior_rhk_ids=SUPERIOR, policy=DEFAULT)
    assert problems(skp()) == {}


def test_an_invalid_skp_raises_with_the_first_problem_and_all_of_them():
    bad = skp(rhk("r1", utama=False, atasan=None), rhk("r1", atasan="zz"))
    with pytest.raises(SkpInvalid) as raised:
        validate_skp(bad, superior_rhk_ids=SUPERIOR, policy=DEFAULT)
    error = raised.value
    assert (error.field, str(error)) == ("rhk[0].rhk_atasan_id", f"{error.field}: {error.rule}")
    fields = ["rhk[0].rhk_atasan_id", "rhk[1].id", "rhk[1].rhk_atasan_id", "rhk[1].iki[0].id"]
    assert [p.field for p in error.problems] == fields
    assert list(error.details()) == fields
    assert all(isinstance(p, SkpError) for p in error.problems)


def test_an_skp_needs_an_rhk_utama():
    only_tambahan = skp(rhk("r1", utama=False), rhk("r2", utama=False))
    assert problems(only_tambahan) == {"rhk": "at least one RHK is utama"}


def test_an_skp_needs_an_rhk():
    assert "rhk" in problems(replace(skp(), rhk=()))


def test_every_rhk_needs_an_iki():
    empty = replace(rhk("r2"), iki=())
    assert "rhk[1].iki" in problems(skp(rhk("r1"), empty))


def test_rhk_ids_are_unique():
    assert "rhk[1].id" in problems(skp(rhk("r1"), rhk("r1", iki_=(iki("x"),))))


def test_iki_ids_are_unique_across_the_skp():
    twice = skp(rhk("r1", iki_=(iki("i1"),)), rhk("r2", iki_=(iki("i1"),)))
    assert problems(twice) == {"rhk[1].iki[0].id": "IKI id i1 is used twice"}


def test_a_blank_text_is_refused():
    assert "rhk[0].text" in problems(skp(replace(rhk("r1"), text="  ")))
    assert "rhk[0].iki[0].indikator" in problems(
        skp(rhk("r1", iki_=(replace(iki(), indikator=""),)))
    )


def test_a_non_jpt_rhk_names_a_superior_rhk_that_exists():
    assert problems(skp(rhk("r1", atasan=None))) == {
        "rhk[0].rhk_atasan_id": "name the superior's RHK this result supports"
    }
    assert problems(skp(rhk("r1", atasan="a9"))) == {
        "rhk[0].rhk_atasan_id": "a9 is not an RHK of the superior's approved SKP"
    }


def test_cascading_is_not_checked_without_the_superiors_skp():
    assert problems(skp(rhk("r1", atasan=None)), superior=None) == {}


def test_a_jpt_needs_no_superior_rhk_but_a_named_one_must_exist():
    assert problems(skp(rhk("r1", atasan=None), jpt=True)) == {}
    assert "rhk[0].rhk_atasan_id" in problems(skp(rhk("r1", atasan="a9"), jpt=True))


def test_an_additional_rhk_cascades_unless_the_policy_says_otherwise():
    tambahan = skp(rhk("r1"), rhk("r2", utama=False, atasan=None))
    assert "rhk[1].rhk_atasan_id" in problems(tambahan)
    free = DEFAULT.replace(tambahan_requires_rhk_atasan=False)
    assert problems(tambahan, policy=free) == {}


def test_weights_sum_to_100_when_the_tenant_weighs():
    weighs = DEFAULT.replace(use_weights=True)
    fine = skp(rhk("r1", weight=60), rhk("r2", atasan="a2", weight=40))
    assert problems(fine, policy=weighs) == {}
    short = skp(rhk("r1", weight=60), rhk("r2", atasan="a2", weight=30))
    assert problems(short, policy=weighs) == {
        "rhk[*].weight": "the weights of the RHK sum to 100, not 90"
    }
    missing = skp(rhk("r1", weight=100), rhk("r2", atasan="a2"))
    assert problems(missing, policy=weighs) == {
        "rhk[1].weight": "the tenant weighs RHK: give a weight above 0"
    }
    assert "rhk[1].weight" in problems(
        skp(rhk("r1", weight=100), rhk("r2", atasan="a2", weight=0)), policy=weighs
    )


def test_weights_are_not_checked_when_the_tenant_does_not_weigh():
    assert problems(skp(rhk("r1", weight=10), rhk("r2", atasan="a2"))) == {}


def test_lower_is_better_fits_every_aspek():
    # "jumlah temuan BPK ≤ 2" is kualitas (issue 12: lower_is_better is no longer waktu/biaya only)
    for aspek in ("waktu", "biaya", "kualitas", "kuantitas"):
        fine = iki(aspek=aspek, value=2, unit="temuan", lower_is_better=True)
        assert problems(skp(rhk("r1", iki_=(fine,)))) == {}


def test_an_unknown_agregasi_is_refused():
    odd = replace(iki(), target=Target(12, "dokumen", agregasi="median"))
    assert problems(skp(rhk("r1", iki_=(odd,)))) == {
        "rhk[0].iki[0].target.agregasi": "one of jumlah, rata_rata, terakhir, maksimum, minimum"
    }


def test_an_unknown_aspek_is_refused():
    assert "rhk[0].iki[0].aspek" in problems(skp(rhk("r1", iki_=(iki(aspek="kecepatan"),))))


@pytest.mark.parametrize(
    ("target", "field"),
    [
        ({"value": None}, "rhk[0].iki[0].target.value"),
        ({"value": -1}, "rhk[0].iki[0].target.value"),
        ({"value": 0}, "rhk[0].iki[0].target.value"),
        ({"value": float("inf")}, "rhk[0].iki[0].target.value"),
        ({"value": "12"}, "rhk[0].iki[0].target.value"),
        ({"unit": " "}, "rhk[0].iki[0].target.unit"),
    ],
)
def test_a_quantitative_target_is_a_positive_number_with_a_unit(target, field):
    assert field in problems(skp(rhk("r1", iki_=(iki(**target),))))


def test_a_zero_target_is_fine_when_lower_is_better():
    none_late = iki(aspek="waktu", value=0, unit="hari terlambat", lower_is_better=True)
    assert problems(skp(rhk("r1", iki_=(none_late,)))) == {}


def test_a_qualitative_skp_describes_targets_without_numbers():
    described = iki(value=None, unit="", qualitative="Rancangan Perbup diterima Bupati")
    assert problems(skp(rhk("r1", iki_=(described,)), approach="kualitatif")) == {}
    bare = iki(value=None, unit="")
    assert problems(skp(rhk("r1", iki_=(bare,)), approach="kualitatif")) == {
        "rhk[0].iki[0].target.qualitative": "describe the qualitative target"
    }


def test_an_unknown_approach_or_year_is_refused():
    assert "approach" in problems(skp(approach="campuran"))
    assert "year" in problems(skp(year=2021))


def test_perspektif_is_one_of_the_policy_list():
    tagged = skp(rhk("r1", iki_=(iki(perspektif="Penerima Layanan"),)), jpt=True)
    assert problems(tagged) == {}
    odd = skp(rhk("r1", iki_=(iki(perspektif="Kepuasan Bupati"),)), jpt=True)
    assert "rhk[0].iki[0].perspektif" in problems(odd)


def test_a_jpt_tags_indicators_with_a_perspektif_when_the_policy_requires_it():
    untagged = skp(rhk("r1", atasan=None), jpt=True)
    assert problems(untagged) == {}
    strict = DEFAULT.replace(jpt_requires_perspektif=True)
    assert problems(untagged, policy=strict) == {
        "rhk[0].iki[0].perspektif": "a JPT tags each IKI with a perspektif"
    }


def test_ekspektasi_khusus_and_lampiran_use_known_keys():
    made = skp(
        perilaku_ekspektasi={"akuntabel": "Laporan tepat waktu", "jujur": "x", "loyal": " "},
        lampiran={
            "konsekuensi": ("Teguran",),
            "anggaran": ("APBD",),
            "dukungan_sumber_daya": ("",),
        },
    )
    assert set(problems(made)) == {
        "perilaku_ekspektasi.jujur",
        "perilaku_ekspektasi.loyal",
        "lampiran.anggaran",
        "lampiran.dukungan_sumber_daya",
    }


# --- status ----------------------------------------------------------------------------------

D, J, T, K = SkpStatus.DRAFT, SkpStatus.DIAJUKAN, SkpStatus.DISETUJUI, SkpStatus.DIKEMBALIKAN
ALLOWED = {(D, J), (K, J), (J, T), (J, K)}


@pytest.mark.parametrize("current", list(SkpStatus))
@pytest.mark.parametrize("to", list(SkpStatus))
def test_status_moves(current, to):
    assert can_move(current, to) is ((current, to) in ALLOWED)


def test_status_moves_accept_the_stored_strings():
    assert can_move("draft", "diajukan")


def test_an_unknown_status_is_refused():
    with pytest.raises(InvalidValue):
        can_move("ditolak", "diajukan")


# --- data quality ----------------------------------------------------------------------------

TODAY = date(2026, 7, 15)
ATASAN = skp(
    rhk(
        "a1",
        iki_=(
            iki("ai1", value=100, unit="dokumen"),
            iki("ai2", aspek="waktu", value=5, unit="hari", lower_is_better=True),
        ),
    ),
    rhk("a2", iki_=(iki("ai3"),)),
    jpt=True,
    nip="197001011995031001",
)
DONE = [
    StageRecord(Stage.PLAN, date(2026, 1, 14), date(2026, 1, 10)),
    StageRecord(Stage.MONITOR, date(2026, 7, 10), date(2026, 7, 5)),
    StageRecord(Stage.COACH, date(2026, 7, 14), date(2026, 7, 12)),
    StageRecord(Stage.ASSESS, date(2026, 7, 31)),
]


def quality(made, *, atasan=ATASAN, realisasi=(), stages=DONE, policy=DEFAULT, periods=None):
    found = data_quality(
        made, atasan=atasan, realisasi=realisasi, stages=stages, today=TODAY, policy=policy,
        periods=periods,
    )  # fmt: skip
    return {f.check: f.items for f in found}


def test_a_clean_cycle_has_no_findings():
    realisasi = [RealisasiEntry("r1-i1", 1, 3, ("https://eoffice/naskah/1",))]
    assert quality(skp(), realisasi=realisasi) == {}


def test_a_realisation_without_bukti_is_found():
    realisasi = [
        RealisasiEntry("r2-i1", 2, 3, ()),
        RealisasiEntry("r1-i1", 1, 3, ("",)),
        RealisasiEntry("r1-i1", 2, 3, ("https://eoffice/naskah/2",)),
    ]
    assert quality(skp(), realisasi=realisasi) == {
        Check.REALISASI_WITHOUT_BUKTI: ("r1-i1@1", "r2-i1@2")
    }


def test_a_realisation_of_an_unknown_iki_is_found():
    realisasi = [RealisasiEntry("zz", 1, 3, ("https://x",))]
    assert quality(skp(), realisasi=realisasi) == {Check.REALISASI_UNKNOWN_IKI: ("zz@1",)}


def test_an_rhk_that_names_no_superior_rhk_is_found():
    made = skp(rhk("r1", atasan="a9"), rhk("r2", utama=False, atasan=None))
    assert quality(made) == {Check.RHK_ATASAN_MISSING: ("r1", "r2")}


def test_targets_are_not_checked_against_an_unknown_superior():
    assert quality(skp(rhk("r1", atasan="a9")), atasan=None) == {}


def test_a_target_beyond_the_superiors_is_found():
    bigger = iki("mine", value=120, unit="Dokumen ")  # more than the superior's whole 100
    slower = iki("slow", aspek="waktu", value=7, unit="hari", lower_is_better=True)  # 7 > 5 days
    fine = iki("ok", value=40, unit="dokumen")
    other_unit = iki("pages", value=500, unit="halaman")
    made = skp(rhk("r1", iki_=(bigger, slower, fine, other_unit)))
    assert quality(made) == {Check.TARGET_BEYOND_ATASAN: ("mine", "slow")}


def test_mixed_weights_are_found():
    made = skp(rhk("r1", weight=70), rhk("r2", utama=False, atasan="a2"))
    assert quality(made) == {Check.WEIGHTS_MISSING: ("r2",)}


def test_weights_are_found_missing_when_the_tenant_weighs():
    found = quality(skp(), policy=DEFAULT.replace(use_weights=True))
    assert found == {Check.WEIGHTS_MISSING: ("r1", "r2")}


def test_weights_not_summing_to_100_are_found():
    made = skp(rhk("r1", weight=70), rhk("r2", utama=False, atasan="a2", weight=20))
    assert quality(made) == {Check.WEIGHTS_SUM: ()}


def test_a_weight_of_zero_is_found():
    made = skp(rhk("r1", weight=100), rhk("r2", utama=False, atasan="a2", weight=0))
    assert quality(made) == {Check.WEIGHTS_NOT_POSITIVE: ("r2",)}


def test_an_additional_rhk_heavier_than_a_main_one_is_found():
    made = skp(
        rhk("r1", weight=30),
        rhk("r3", atasan="a2", weight=39.5),
        rhk("r2", utama=False, atasan="a2", weight=30.5),
    )
    assert quality(made) == {Check.WEIGHTS_TAMBAHAN_OVER_UTAMA: ("r2",)}


def test_a_stage_completed_late_is_found():
    stages = [replace(DONE[0], completed_on=date(2026, 1, 20)), *DONE[1:]]
    assert quality(skp(), stages=stages) == {Check.STAGE_LATE: ("plan",)}


def test_an_overdue_or_missing_stage_is_found_but_not_one_still_open():
    stages = [DONE[0], replace(DONE[1], completed_on=None)]  # monitor overdue, coach and assess?
    assert quality(skp(), stages=stages) == {
        Check.STAGE_NOT_COMPLETED: ("monitor", "coach", "assess")
    }
    assert quality(skp(), stages=DONE) == {}  # assess is due on 31 July: still open


def test_a_stage_given_twice_is_refused():
    with pytest.raises(InvalidValue):
        quality(skp(), stages=[*DONE, DONE[0]])


def test_findings_come_in_the_order_of_the_checks():
    made = skp(rhk("r1", atasan="a9", weight=50), rhk("r2", utama=False, atasan="a2"))
    realisasi = [RealisasiEntry("r1-i1", 1, 3, ())]
    found = data_quality(
        made, atasan=ATASAN, realisasi=realisasi, stages=DONE[:1], today=TODAY, policy=DEFAULT
    )
    assert [f.check for f in found] == [
        Check.RHK_ATASAN_MISSING,
        Check.REALISASI_WITHOUT_BUKTI,
        Check.WEIGHTS_MISSING,
        Check.STAGE_NOT_COMPLETED,
    ]
    assert all(f.rule for f in found)


def test_an_implausible_capaian_over_the_cap_is_found():
    uptime = iki("up", aspek="kualitas", value=99, unit="%")  # rata_rata by default
    docs = iki("docs", value=12, unit="dokumen")  # jumlah: 3 a quarter
    late = iki("late", aspek="waktu", value=5, unit="hari", lower_is_better=True)
    made = skp(rhk("r1", iki_=(uptime, docs, late)))
    link = ("https://eoffice/naskah/1",)
    realisasi = [
        RealisasiEntry("up", 1, 99.6, link),  # 100.6 %: plausible
        RealisasiEntry("docs", 1, 30, link),  # 30 against 3: 1000 %
        RealisasiEntry("docs", 2, 0, link),  # 30 against 6: 500 %, still
        RealisasiEntry("late", 1, 0, link),  # done in no time: the best, not implausible
    ]
    assert quality(made, realisasi=realisasi, periods=4) == {
        Check.CAPAIAN_OVER_CAP: ("docs@1", "docs@2")
    }
    assert quality(made, realisasi=realisasi) == {}  # without the periods, not checked
    roomy = DEFAULT.replace(capaian_cap=600)  # the tenant's cap is the bound
    assert quality(made, realisasi=realisasi, periods=4, policy=roomy) == {
        Check.CAPAIAN_OVER_CAP: ("docs@1",)
    }
