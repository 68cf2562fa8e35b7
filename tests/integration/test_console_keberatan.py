"""The result's side of the cycle page in the console, after a team's whole year on the embedded
stack: the employee reads the feedback they received without the giver's NIP and files a
keberatan within the policy's days (a refused form keeps nothing); its decider accepts it there,
revising the predikat as POST .../keberatan/decision does; the penilai gets no decision form."""

from __future__ import annotations

from datetime import date

from functions.services import feedback
from functions.store.repository import TenantRepository
from tests.functional.test_console import sign_in, token_of

from .conftest import refused
from .test_cycle import YEAR


def signed(stack, key: str):
    client = stack.server.app.test_client()
    assert sign_in(client, key).status_code == 302
    return client


def post(client, path: str, form: dict):
    token = token_of(client.get(path.rsplit("/keberatan", 1)[0]).text)
    return client.post(path, data={**form, "csrf_token": token})


def test_an_employee_reads_feedback_and_files_a_keberatan_its_decider_accepts(
    stack, finished, api, admin, people
):
    nips, _ = finished
    nip = nips[2]
    page = f"/console/cycles/{nip}/{YEAR}"
    penilai_nip = people[nip]["penilai"]
    # given during the year (the API takes feedback for the current year only, now the next)
    repo = TenantRepository(stack.sample.tenant_id)
    given = feedback.new_feedback(
        repo, nip, received_on=date(YEAR, 6, 1), text="Sigap membantu rekan satu tim",
        source="api", feedback_id="f1", aspect="kolaboratif", relation="atasan",
        given_by=penilai_nip,
    )  # fmt: skip
    assert repo.create(given)
    me = signed(stack, people[nip]["key"])
    shown = me.get(page).text
    received = shown.split('id="umpan-balik"')[1].split("</section>")[0]
    assert "Sigap membantu rekan satu tim" in received and penilai_nip not in received
    assert "Anda dapat mengajukan keberatan" in shown

    empty = post(me, f"{page}/keberatan", {"reason": "", "rating_hasil_kerja": "di_atas"})
    assert empty.status_code == 303
    again = me.get(page).text
    assert "Tuliskan alasannya" in again and 'aria-invalid="true"' in again
    refused(lambda: admin.get(f"/cycles/{nip}/{YEAR}/keberatan"), 404)

    annual = admin.get(f"/cycles/{nip}/{YEAR}")["assessments"][-1]
    asked = "sesuai" if annual["rating_hasil_kerja"] == "di_atas" else "di_atas"
    reason = "Bukti dukung triwulan akhir belum diperhitungkan"
    post(me, f"{page}/keberatan", {"reason": reason, "rating_hasil_kerja": asked})
    filed = admin.get(f"/cycles/{nip}/{YEAR}/keberatan")
    assert filed["status"] == "filed" and filed["requested"]["rating_hasil_kerja"] == asked
    assert "Menunggu keputusan" in me.get(page).text

    if filed["decider_nip"] not in (None, penilai_nip):
        assert "Simpan keputusan" not in signed(stack, people[penilai_nip]["key"]).get(page).text
    decider = filed["decider_nip"]
    judge = signed(stack, people[decider]["key"] if decider else stack.sample.admin_key)
    assert "Simpan keputusan" in judge.get(page).text
    post(judge, f"{page}/keberatan/keputusan", {"accepted": "ya", "reason": "Bukti diterima"})
    decided = admin.get(f"/cycles/{nip}/{YEAR}/keberatan")
    assert decided["status"] == "accepted"
    revisions = admin.get(f"/cycles/{nip}/{YEAR}/revisions")["revisions"]
    assert revisions[-1]["kind"] == "keberatan"
    assert admin.get(f"/cycles/{nip}/{YEAR}")["predikat"] == revisions[-1]["after"]["predikat"]
    assert "Diterima" in me.get(page).text
