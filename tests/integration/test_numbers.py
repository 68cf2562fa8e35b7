"""Issue 12, "a year a regency can trust": the numbers of a whole year on the embedded stack,
driven through the HTTP API."""

import pytest

from functions.local.demo import Demo

from .test_cycle import YEAR, team

UPTIME = [99.6, 99.6, 99.6, 99.6]  # % each quarter against 99 %: a level, just above target
SPBE = [2.5, 2.7, 2.8, 2.9]  # an index against 3.5: below target all year


class Levels(Demo):
    """The head's first RHK also measures an uptime (%), the indeks SPBE (terakhir) and a
    document count whose first report is a typo (30 for 3)."""

    def content(self, nip: str, position: str) -> dict:
        content = super().content(nip, position)
        if nip == self.only[0]:
            extra = [
                ("uptime", "Ketersediaan layanan daring", {"value": 99, "unit": "%"}),
                ("spbe", "Indeks SPBE", {"value": 3.5, "unit": "indeks", "agregasi": "terakhir"}),
                ("docs", "Jumlah dokumen layanan", {"value": 12, "unit": "dokumen"}),
            ]
            for iki_id, indikator, target in extra:
                content["rhk"][0]["iki"].append({
                    "id": iki_id, "indikator": indikator, "aspek": "kualitas",
                    "target": target, "perspektif": content["rhk"][0]["iki"][0]["perspektif"],
                })  # fmt: skip
        return content

    def report(self, period: int, periods: int) -> None:
        super().report(period, periods)
        head = self.only[0]
        link = ["https://eoffice.sukamaju.go.id/naskah/spbe"]
        values = {"uptime": UPTIME[period - 1], "spbe": SPBE[period - 1],
                  "docs": 30 if period == 1 else 3}  # fmt: skip
        items = [{"iki_id": k, "value": v, "bukti": link} for k, v in values.items()]
        self.person(head).post(
            f"/cycles/{head}/{self.year}/realisasi/batch", {"period": period, "items": items}
        )


def test_levels_and_indexes_are_measured_by_their_agregasi_all_year(stack, api, admin, people):
    nips = team(people)
    demo = Levels(api, stack.sample.to_json(), only=nips)
    demo.run_year()
    head = nips[0]
    view = admin.get(f"/cycles/{head}/{YEAR}")
    by_period = {a["period"]: a["capaian"] for a in view["assessments"]}
    for period in (1, 2, 3, 4, "annual"):
        # 99.6 against 99: about 100.6 %, not the cap of 200 % (summed and pro-rated before)
        assert by_period[period]["uptime"] == pytest.approx(100.61, abs=0.01)
    assert by_period[1]["spbe"] == pytest.approx(71.43, abs=0.01)  # 2.5 / 3.5, the latest
    assert by_period["annual"]["spbe"] == pytest.approx(82.86, abs=0.01)  # 2.9 / 3.5: below
    assert by_period[1]["docs"] == by_period["annual"]["docs"] == 200.0  # 30 for 3: capped …
    skp = admin.get(f"/cycles/{head}/{YEAR}/skp")["content"]["rhk"][0]["iki"]
    assert {i["id"]: i["target"]["agregasi"] for i in skp if i["id"] in ("uptime", "spbe")} == {
        "uptime": "rata_rata", "spbe": "terakhir"
    }  # fmt: skip

    # … and flagged as implausible in the unit's data-quality worksheet
    sheet = admin.get(f"/units/bkpsdm/quality?year={YEAR}")
    [row] = [r for r in sheet["rows"] if r["check"] == "capaian_over_cap"]
    assert row["nip"] == head and row["items"] == ["docs@1", "docs@2", "docs@3", "docs@4"]
    assert sheet["counts"]["capaian_over_cap"] == 1
