"""Domain errors: a field and a rule, in one hierarchy under ValueError."""

from __future__ import annotations

import pickle

import pytest

from functions.domain import (
    DomainError,
    InvalidValue,
    MissingInput,
    NipError,
    PolicyError,
    Rating,
    SkpError,
    SkpInvalid,
)
from functions.domain.errors import member


def test_an_error_reads_field_colon_rule():
    error = InvalidValue("rhk[2].iki[0].target", "a number")
    assert str(error) == "rhk[2].iki[0].target: a number"
    assert (error.field, error.rule) == ("rhk[2].iki[0].target", "a number")
    assert error.details() == {"rhk[2].iki[0].target": ["a number"]}


@pytest.mark.parametrize("kind", [InvalidValue, MissingInput, NipError, PolicyError, SkpError])
def test_every_domain_error_is_a_value_error_and_survives_pickling(kind):
    error = kind("nip", "18 digits")
    assert isinstance(error, DomainError) and isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.field, copy.rule) == (kind, "nip", "18 digits")


def test_an_invalid_skp_collects_its_problems_by_field():
    error = SkpInvalid([SkpError("rhk", "one utama"), SkpError("rhk", "ids unique")])
    assert str(error) == "rhk: one utama"
    assert error.details() == {"rhk": ["one utama", "ids unique"]}
    copy = pickle.loads(pickle.dumps(error))
    assert copy.details() == error.details()


def test_an_invalid_skp_needs_a_problem():
    with pytest.raises(ValueError):
        SkpInvalid([])


def test_member_names_the_field_and_the_allowed_values():
    assert member(Rating, "sesuai", "rating") is Rating.SESUAI
    with pytest.raises(InvalidValue) as raised:
        member(Rating, ["sesuai"], "rating")
    assert raised.value.field == "rating"
    assert "di_atas, sesuai, di_bawah" in raised.value.rule
