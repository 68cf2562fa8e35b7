"""BerAKHLAK, the seven core values (regulation.md §3)."""

from __future__ import annotations

from functions.domain import BERAKHLAK, BERAKHLAK_LABELS, BERAKHLAK_VALUES


def test_the_seven_values_in_the_order_of_the_acronym():
    assert BERAKHLAK == (
        "berorientasi_pelayanan",
        "akuntabel",
        "kompeten",
        "harmonis",
        "loyal",
        "adaptif",
        "kolaboratif",
    )
    assert "".join(BERAKHLAK_LABELS[key][0] for key in BERAKHLAK) == "BAKHLAK"


def test_each_value_has_a_label_and_three_behaviours():
    for key in BERAKHLAK:
        value = BERAKHLAK_VALUES[key]
        assert value.key == key and value.label
        assert len(value.perilaku) == 3 and all(value.perilaku)


def test_the_behaviours_are_the_circulars():
    assert BERAKHLAK_VALUES["akuntabel"].perilaku[2] == "tidak menyalahgunakan kewenangan jabatan"
    assert BERAKHLAK_VALUES["adaptif"].perilaku[2] == "bertindak proaktif"
    assert BERAKHLAK_LABELS["berorientasi_pelayanan"] == "Berorientasi Pelayanan"
