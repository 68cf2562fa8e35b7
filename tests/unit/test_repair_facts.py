"""The facts a cycle's stage stands on (functions/services/repair.py: set_stage refuses without)."""

import pytest

from functions.services.repair import missing_for

FACTS = {
    "skp_status": "disetujui",
    "measured_periods": [1, 2],
    "assessed_periods": [1],
    "annual_predikat": None,
    "decided": False,
}


@pytest.mark.parametrize(
    ("stage", "period", "skp", "words"),
    [
        ("plan", 1, "diajukan", "it is drafted"),
        ("approval", 1, "draft", "not diajukan"),
        ("monitor", 1, "diajukan", "not disetujui"),
        ("coach", 3, "disetujui", "period 3 is not measured"),
        ("annual", 4, "disetujui", "period 2 is not assessed"),
        ("decide", 4, "disetujui", "no predikat"),
        ("done", 4, "disetujui", "no decision"),
    ],
)
def test_a_stage_without_its_facts_names_what_is_missing(stage, period, skp, words):
    missing = missing_for(stage, period, 4, {**FACTS, "skp_status": skp})
    assert any(words in m for m in missing), missing


@pytest.mark.parametrize(
    ("stage", "period", "skp"),
    [("plan", 1, None), ("plan", 1, "dikembalikan"), ("approval", 1, "diajukan"),
     ("monitor", 3, "disetujui"), ("assess", 2, "disetujui")],
)  # fmt: skip
def test_a_stage_with_its_facts_may_be_set(stage, period, skp):
    assert missing_for(stage, period, 4, {**FACTS, "skp_status": skp}) == []
