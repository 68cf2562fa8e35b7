"""The tenant policy: defaults, the stored form, and refusals that name the field."""

from __future__ import annotations

import json
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from functions.domain import Frequency, Policy, PolicyError, Predikat, Rating, Rounding
from functions.domain.policy import policy_sources

DOCS = Path(__file__).resolve().parents[2] / "docs" / "policies.md"


def test_defaults_are_the_documented_ones():
    policy = Policy()
    assert policy.frequency is Frequency.TRIWULAN
    assert policy.use_weights is False
    assert (policy.hasil_most_ratio, policy.hasil_small_share_max_count) == (0.5, 1)
    assert policy.hasil_small_share_max_ratio == 0.25
    assert (policy.perilaku_di_atas_min, policy.perilaku_di_bawah_max) == (4, 3)
    assert (policy.judge_di_atas_from, policy.judge_sesuai_from) == (110.0, 90.0)
    assert policy.coaching_periods_below == 1
    assert policy.keberatan_days == 14
    assert policy.planning_deadline_days == 14
    assert policy.tukin_factor[Predikat.BUTUH_PERBAIKAN] == Decimal("0.90")
    assert policy.tukin_factor[Predikat.KURANG] == Decimal("0.85")
    assert policy.tukin_factor[Predikat.SANGAT_KURANG] == Decimal("0.80")
    assert policy.kinerja_axis[Predikat.BAIK] is Rating.SESUAI
    assert policy.distribution_rounding is Rounding.NEAREST
    assert policy.rewards == ("penghargaan",)


def test_the_stored_form_round_trips():
    policy = Policy(frequency=Frequency.BULANAN, use_weights=True, judge_sesuai_from=85)
    assert Policy.from_dict(policy.to_dict()) == policy


def test_the_stored_form_is_plain_json():
    stored = json.loads(json.dumps(Policy().to_dict()))
    assert stored["frequency"] == "triwulan"
    assert stored["tukin_factor"]["kurang"] == "0.85"
    assert stored["kinerja_axis"]["sangat_baik"] == "di_atas"
    assert Policy.from_dict(stored) == Policy()


def test_absent_settings_keep_their_default():
    assert Policy.from_dict({}) == Policy()
    assert Policy.from_dict({"keberatan_days": 21}).keberatan_days == 21


def test_an_unknown_setting_is_refused_by_name():
    with pytest.raises(PolicyError) as raised:
        Policy.from_dict({"use_weigths": True})
    assert raised.value.field == "policy.use_weigths"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("frequency", "semesteran"),
        ("use_weights", "yes"),
        ("use_weights", 1),
        ("keberatan_days", 14.5),
        ("keberatan_days", "14"),
        ("keberatan_days", True),
        ("keberatan_days", 0),
        ("hasil_most_ratio", 1.5),
        ("hasil_most_ratio", "half"),
        ("judge_di_atas_from", -1),
        ("judge_di_atas_from", float("nan")),
        ("capaian_cap", 50),
        ("potensi_tinggi_from", 101),
        ("perspektif", "penerima_layanan"),
        ("perspektif", [""]),
        ("rewards", [3]),
        ("rewards_from", "excellent"),
        ("tukin_factor", {"baik": "1"}),
        ("tukin_factor", [1, 2]),
        ("kinerja_axis", {"sangat_baik": "di_atas", "baik": "tinggi"}),
        ("improvement_predikat", ["butuh_perbaikan", "buruk"]),
        ("distribution_rounding", "up"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_field(name, value):
    with pytest.raises(PolicyError) as raised:
        Policy.from_dict({name: value})
    assert raised.value.field.startswith(f"policy.{name}")


def test_a_wrong_tukin_factor_names_the_predikat():
    factors = {p.value: "1" for p in Predikat} | {"kurang": "abc"}
    with pytest.raises(PolicyError) as raised:
        Policy.from_dict({"tukin_factor": factors})
    assert raised.value.field == "policy.tukin_factor.kurang"


def test_a_missing_tukin_factor_names_the_missing_predikat():
    factors = {p.value: "1" for p in Predikat if p is not Predikat.BAIK}
    with pytest.raises(PolicyError) as raised:
        Policy.from_dict({"tukin_factor": factors})
    assert "baik" in raised.value.rule


def test_numbers_stored_as_decimals_are_read():
    policy = Policy.from_dict({"keberatan_days": Decimal("21"), "judge_sesuai_from": Decimal("85")})
    assert (policy.keberatan_days, policy.judge_sesuai_from) == (21, 85.0)


def test_perspektif_labels_are_read_as_keys():
    assert Policy(perspektif=["Penerima Layanan"]).perspektif == ("penerima_layanan",)


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"judge_sesuai_from": 120}, "policy.judge_sesuai_from"),
        ({"potensi_menengah_from": 90}, "policy.potensi_menengah_from"),
        ({"perilaku_di_atas_min": 8}, "policy.perilaku_di_atas_min"),
        ({"improvement_predikat": ["kurang", "kurang"]}, "policy.improvement_predikat"),
    ],
)
def test_inconsistent_settings_are_refused(settings, field):
    with pytest.raises(PolicyError) as raised:
        Policy.from_dict(settings)
    assert raised.value.field == field


def test_a_policy_built_directly_is_checked_and_frozen_too():
    policy = Policy(frequency="bulanan", kinerja_axis={p.value: "sesuai" for p in Predikat})
    assert policy.frequency is Frequency.BULANAN
    assert policy.kinerja_axis[Predikat.SANGAT_BAIK] is Rating.SESUAI
    with pytest.raises(TypeError):
        policy.kinerja_axis[Predikat.BAIK] = Rating.DI_ATAS  # type: ignore[index]
    with pytest.raises(PolicyError):
        Policy(keberatan_days="two weeks")


def test_a_non_mapping_is_refused():
    with pytest.raises(PolicyError) as raised:
        Policy.from_dict(["frequency"])  # type: ignore[arg-type]
    assert raised.value.field == "policy"


def test_every_setting_has_a_source():
    sources = policy_sources()
    assert set(sources) == {f.name for f in fields(Policy)}
    assert all(reason.strip() for reason in sources.values())


def test_every_setting_is_documented_in_docs_policies():
    text = DOCS.read_text(encoding="utf-8")
    missing = [f.name for f in fields(Policy) if f"`{f.name}`" not in text]
    assert missing == []


def test_a_policy_is_hashable_and_equal_policies_hash_alike():
    assert hash(Policy()) == hash(Policy.from_dict(Policy().to_dict()))
    assert len({Policy(), Policy(), Policy(keberatan_days=7)}) == 2


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=15), inner),
    max_leaves=8,
)


@given(st.sampled_from([f.name for f in fields(Policy)]), json_values)
def test_any_stored_value_is_read_or_refused_with_a_policy_error(name, value):
    try:
        policy = Policy.from_dict({name: value})
    except PolicyError as error:  # a bound of a pair may be named from its partner's side
        assert error.field.startswith(f"policy.{name}") or name in error.rule
    else:
        assert Policy.from_dict(policy.to_dict()) == policy
