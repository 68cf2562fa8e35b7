"""The small diff of an SKP's content that the audit trail keeps between versions."""

from functions.domain.changes import MAX_CHANGES, changes

SKP = {
    "approach": "kuantitatif",
    "rhk": [
        {"id": "r1", "text": "Layanan", "utama": True,
         "iki": [{"id": "i1", "indikator": "Jumlah", "target": {"value": 2, "unit": "dokumen"}}]},
        {"id": "r2", "text": "Inovasi", "utama": False, "iki": []},
    ],
    "lampiran": {"dukungan_sumber_daya": ["Aplikasi e-office"]},
}  # fmt: skip


def copy(value):
    import json

    return json.loads(json.dumps(value))


def test_a_target_changed_from_2_to_6_is_named_by_its_rhk_and_iki():
    after = copy(SKP)
    after["rhk"][0]["iki"][0]["target"]["value"] = 6
    assert changes(SKP, after) == {"rhk.r1.iki.i1.target.value": {"before": 2, "after": 6}}


def test_reordered_items_are_no_change_and_an_added_item_names_only_itself():
    after = copy(SKP)
    after["rhk"].reverse()
    assert changes(SKP, after) == {}
    after["rhk"].append({"id": "r3", "text": "Baru", "utama": False, "iki": []})
    assert changes(SKP, after) == {
        "rhk.r3.iki": {"before": None, "after": []},
        "rhk.r3.text": {"before": None, "after": "Baru"},
        "rhk.r3.utama": {"before": None, "after": False},
    }


def test_a_first_draft_lists_everything_and_a_huge_change_is_cut_short():
    first = changes(None, SKP)
    assert first["approach"] == {"before": None, "after": "kuantitatif"}
    assert first["lampiran.dukungan_sumber_daya"]["after"] == ["Aplikasi e-office"]
    many = {"rhk": [{"id": f"r{n}", "text": "x"} for n in range(MAX_CHANGES + 5)]}
    cut = changes(None, many)
    assert len(cut) == MAX_CHANGES + 1 and cut["…"]["after"] == "5 more changes"
