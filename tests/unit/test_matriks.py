"""Matriks Peran Hasil: which subordinate RHK carry each superior RHK."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from functions.domain import InvalidValue, RhkRef, matriks_peran_hasil
from tests.unit.factories import rhk, skp

ATASAN = replace(
    skp(rhk("a1", atasan=None), rhk("a2", atasan=None), rhk("a3", utama=False, atasan=None)),
    nip="197001011995031001",
    jpt=True,
)
ANI = replace(
    skp(rhk("r1", atasan="a1"), rhk("r2", utama=False, atasan="a1")), nip="198001012005012001"
)
BUDI = replace(skp(rhk("r1", atasan="a1"), rhk("r9", atasan="zz")), nip="198502022010011002")


def test_each_superior_rhk_lists_its_supporters():
    matriks = matriks_peran_hasil(ATASAN, [BUDI, ANI])
    assert list(matriks.support) == ["a1", "a2", "a3"]
    assert matriks.support["a1"] == (
        RhkRef(ANI.nip, "r1", True),
        RhkRef(ANI.nip, "r2", False),
        RhkRef(BUDI.nip, "r1", True),
    )


def test_superior_rhk_nobody_supports_are_named():
    matriks = matriks_peran_hasil(ATASAN, [ANI, BUDI])
    assert matriks.unsupported == ("a2", "a3")
    assert matriks.unsupported_utama == ("a2",)


def test_subordinate_rhk_naming_no_superior_rhk_are_unlinked():
    assert matriks_peran_hasil(ATASAN, [ANI, BUDI]).unlinked == (RhkRef(BUDI.nip, "r9", True),)


def test_no_subordinates_leave_every_rhk_unsupported():
    matriks = matriks_peran_hasil(ATASAN, [])
    assert matriks.unsupported == ("a1", "a2", "a3")


def test_the_same_subordinate_twice_is_refused():
    with pytest.raises(InvalidValue) as raised:
        matriks_peran_hasil(ATASAN, [ANI, BUDI, ANI])
    assert raised.value.field == "bawahan[2].nip"


def test_the_superior_among_their_subordinates_is_refused():
    with pytest.raises(InvalidValue):
        matriks_peran_hasil(ATASAN, [ATASAN])


@given(st.permutations([ANI, BUDI]))
def test_the_matriks_does_not_depend_on_the_order_of_subordinates(bawahan):
    assert matriks_peran_hasil(ATASAN, bawahan) == matriks_peran_hasil(ATASAN, [ANI, BUDI])
