"""Alur kerja in the console, through Flask's test client on the embedded stack: the pages for
admins (auditors read, a pegawai is refused), the draft editor with each validation message on
its state, a stale save refused, publish (a warning acknowledged) and rollback moving the
alias, the diff and the migration's dry run."""

from __future__ import annotations

import copy
import html
import json
import re

from functions.store.repository import TenantRepository
from tests.functional.test_console import browser, signed_in, token_of  # noqa: F401  (fixture)


def no_coaching(definition: dict) -> dict:
    """The default without coaching: valid, with the warning `coaching_removed` to acknowledge."""
    changed = copy.deepcopy(definition)
    changed["States"]["Monitor"]["Next"] = "RatePerilaku"
    for name in [n for n in changed["States"] if n.startswith("Coach")]:
        del changed["States"][name]
    return changed


def graph_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="workflow-graph">(.*?)</script>', html)
    assert found, "the page carries no graph"
    return json.loads(found.group(1))


def new_draft(client) -> tuple[str, str]:
    """A draft copied from the current version: (its editor's address, the editor's page)."""
    token = token_of(client.get("/console/workflow").text)
    made = client.post(
        "/console/workflow/drafts", data={"name": "uji", "from_version": "1", "csrf_token": token}
    )
    assert made.status_code == 303
    page = client.get(made.location)
    assert page.status_code == 200
    return made.location, page.text


def form_of(html: str) -> dict:
    return {
        "csrf_token": token_of(html),
        "etag": re.search(r'name="etag" value="([^"]+)"', html).group(1).replace("&#34;", '"'),
        "name": "uji",
    }


def test_the_pages_are_for_admins_and_auditors_only(browser, stack, people):  # noqa: F811
    admin = signed_in(browser, stack.sample.admin_key)
    page = admin.get("/console/workflow")
    assert page.status_code == 200
    assert 'href="/console/workflow"' in page.text  # in the menu
    assert "Versi 1" in page.text and "berlaku untuk siklus baru" in page.text
    drawn = graph_of(page.text)
    assert drawn["start"] == "Start" and any(n["human"] for n in drawn["nodes"])
    assert {e["catch"] for e in drawn["edges"]} == {None, "error", "timeout"}
    assert "<svg" in page.text  # the server's own diagram, for a browser without scripts
    assert 'id="new-draft"' in page.text

    auditor = signed_in(browser, stack.sample.auditor_key)
    read = auditor.get("/console/workflow")
    assert read.status_code == 200 and 'id="new-draft"' not in read.text
    assert 'id="rollback"' not in read.text

    pegawai = signed_in(browser, people[next(iter(people))]["key"])
    assert pegawai.get("/console/workflow").status_code == 403
    assert 'href="/console/workflow"' not in pegawai.get("/console/tasks").text


def test_each_validation_message_is_placed_on_its_state(browser, stack):  # noqa: F811
    admin = signed_in(browser, stack.sample.admin_key)
    where, page = new_draft(admin)
    assert "Definisi sah." in page
    text = re.search(r'<textarea id="definition"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    definition = json.loads(html.unescape(text))
    definition["States"]["Plan"]["Next"] = "Nowhere"
    saved = admin.post(where, data={**form_of(page), "definition": json.dumps(definition)})
    assert saved.status_code == 303
    page = admin.get(where).text
    assert "Definisi belum sah" in page
    auditor = signed_in(browser, stack.sample.auditor_key).get(where)
    assert auditor.status_code == 200 and 'id="publish"' not in auditor.text
    assert "readonly>" in auditor.text and 'value="save"' not in auditor.text
    marked = {"Plan": [{"number": 1, "words": "Tujuan transisi tidak ada"}]}
    assert graph_of(page)["marks"] == marked
    fallback = re.search(r'data-state="Plan">.*?</g>', page).group(0)  # without scripts
    assert 'stroke="#c5221f" stroke-width="3"' in fallback
    beside = re.search(r'id="pesan-Plan".*?</section>', page, re.S).group(0)
    assert "Tujuan transisi tidak ada" in beside and "Nowhere" in beside
    row = re.search(r'<table id="validation-messages">.*?</table>', page, re.S).group(0)
    assert "<code>missing_target</code>" in row and "/States/Plan/Next" in row

    # checking typed text saves nothing; text that is not JSON is one message, kept as typed
    checked = admin.post(where, data={**form_of(page), "definition": "{", "action": "check"})
    assert checked.status_code == 422 and "bukan JSON yang sah" in checked.text
    assert ">{</textarea>" in checked.text
    assert list(graph_of(admin.get(where).text)["marks"]) == ["Plan"]


def test_a_stale_save_is_refused_and_nothing_is_saved(browser, stack):  # noqa: F811
    admin = signed_in(browser, stack.sample.admin_key)
    where, page = new_draft(admin)
    form = form_of(page)
    first = admin.post(where, data={**form, "definition": '{"StartAt": "A", "States": {}}'})
    assert first.status_code == 303
    stale = admin.post(where, data={**form, "definition": '{"Comment": "mine"}'})
    assert stale.status_code == 412
    assert "sudah diubah orang lain" in stale.text
    assert "{&#34;Comment&#34;: &#34;mine&#34;}" in stale.text  # the typed text is kept
    kept = admin.get(where).text
    assert "&#34;StartAt&#34;: &#34;A&#34;" in kept

    # publishing or deleting the draft as first read is refused too; as read now, it is deleted
    stale_form = {"csrf_token": form["csrf_token"], "etag": form["etag"], "note": "lama"}
    assert admin.post(f"{where}/publish", data=stale_form).status_code == 412
    assert admin.post(f"{where}/delete", data=stale_form).status_code == 412
    gone = admin.post(f"{where}/delete", data=form_of(kept))
    assert gone.status_code == 303 and "Draf uji dihapus." in admin.get(gone.location).text
    assert admin.get(where).status_code == 404


def test_publish_with_the_warning_acknowledged_then_roll_back(browser, stack, admin):  # noqa: F811
    client = signed_in(browser, stack.sample.admin_key)
    where, page = new_draft(client)
    changed = no_coaching(admin.get("/workflow/versions/1")["definition"])
    saved = client.post(where, data={**form_of(page), "definition": json.dumps(changed)})
    assert saved.status_code == 303
    page = client.get(where).text
    assert 'name="acknowledge" value="coaching_removed"' in page
    publish = f"{where}/publish"
    form = {"csrf_token": token_of(page), "etag": form_of(page)["etag"], "note": "tanpa bimbingan"}
    refused = client.post(publish, data=form)
    assert refused.status_code == 422 and "Centang peringatan" in refused.text
    assert admin.get("/workflow/alias")["version"] == 1
    short = client.post(publish, data={**form, "note": "x", "acknowledge": "coaching_removed"})
    assert short.status_code == 422 and "Catatan wajib diisi" in short.text
    done = client.post(publish, data={**form, "acknowledge": "coaching_removed"})
    assert done.status_code == 303
    assert admin.get("/workflow/alias")["version"] == 2
    page = client.get(done.location).text
    assert "Versi 2 diterbitkan" in page and "tanpa bimbingan" in page

    diff = client.get("/console/workflow/diff?base=1&other=2")
    assert diff.status_code == 200 and '<span class="del">-    &#34;CoachingNeeded' in diff.text
    assert client.get("/console/workflow/diff?base=x&other=2").status_code == 422
    assert client.get("/console/workflow/diff?base=9&other=2").status_code == 404

    token = token_of(page)
    empty = client.post("/console/workflow/rollback", data={"version": "1", "csrf_token": token})
    assert empty.status_code == 422 and "Catatan wajib diisi" in empty.text
    back = {"version": "1", "note": "kembali", "csrf_token": token}
    assert client.post("/console/workflow/rollback", data=back).status_code == 303
    assert admin.get("/workflow/alias")["version"] == 1
    history = client.get("/console/workflow").text
    assert "Siklus baru kini dimulai pada versi 1" in history and "Dikembalikan" in history
    older = client.get("/console/workflow?version=2").text  # any version's diagram
    assert "Versi 2</h2>" in older and "RatePerilaku" in older and "CoachingNeeded" not in older
    again = client.post("/console/workflow/rollback", data=back)
    assert again.status_code == 409 and "sudah menjadi versi yang berlaku" in again.text


def test_the_migration_s_dry_run_then_the_move(browser, stack, people, admin):  # noqa: F811
    from functions.local.demo import wait_for

    nip = sorted(n for n, p in people.items() if p["position"] == "Kepala Dinas")[0]
    admin.post("/cycles", {"year": 2026, "nips": [nip]})
    repo = TenantRepository(stack.sample.tenant_id)
    wait_for(lambda: repo.find_cycle(nip, 2026), "the cycle", 60)
    client = signed_in(browser, stack.sample.admin_key)
    page = client.get("/console/workflow/migrations")
    assert page.status_code == 200
    form = {"csrf_token": token_of(page.text), "year": "2026", "to_version": "1"}
    unknown = client.post("/console/workflow/migrations", data={**form, "nips": "12"})
    assert unknown.status_code == 422 and "18 angka" in unknown.text
    dry = client.post("/console/workflow/migrations", data={**form, "nips": nip})
    assert dry.status_code == 200 and "Hasil uji coba ke versi 1" in dry.text
    row = re.search(r'<table id="migration">.*?</table>', dry.text, re.S).group(0)
    assert nip in row and "<td>Tidak</td>" in row and "not older than 1" in row
    assert 'id="confirm-migrate"' not in dry.text

    # version 2 published: the cycle can move; confirmed, it does
    changed = no_coaching(admin.get("/workflow/versions/1")["definition"])
    draft = admin.post("/workflow/drafts", {"name": "v2", "definition": changed})
    body = {"note": "tanpa bimbingan", "acknowledge": ["coaching_removed"]}
    admin.post(f"/workflow/drafts/{draft['draft_id']}/publish", body)
    to_two = {**form, "to_version": "2", "nips": nip}
    dry = client.post("/console/workflow/migrations", data=to_two)
    row = re.search(r'<table id="migration">.*?</table>', dry.text, re.S).group(0)
    assert "<td>Ya</td>" in row and 'id="confirm-migrate"' in dry.text
    moved = client.post("/console/workflow/migrations", data={**to_two, "confirm": "1"})
    assert moved.status_code == 200 and "Siklus dipindahkan ke versi 2" in moved.text
    cycle = repo.cycle(nip, 2026)
    assert 2 in (cycle.pending_version, cycle.workflow_version)


def test_the_editor_carries_settings_refuses_a_bad_one_and_publishes_them(browser, stack):  # noqa: F811
    admin = signed_in(browser, stack.sample.admin_key)
    where, page = new_draft(admin)
    assert 'id="draft-settings"' in page and "Ikuti kabupaten (Triwulanan)" in page
    text = html.unescape(re.search(r'<textarea id="definition"[^>]*>(.*?)</textarea>', page, re.S)
                         .group(1))  # fmt: skip
    form = {**form_of(page), "definition": text, "action": "save"}
    bad = admin.post(where, data={**form, "settings.task_days.approve_skp": "0",
                                  "settings.policy.max_skp_returns": "2"})  # fmt: skip
    assert bad.status_code == 422
    assert 'id="settings.task_days.approve_skp-galat"' in bad.text
    assert 'value="2"' in bad.text  # what was typed comes back
    too_many = admin.post(where, data={**form, "settings.policy.max_skp_returns": "9"})
    assert too_many.status_code == 422
    assert 'id="settings.policy.max_skp_returns-galat"' in too_many.text
    checked = admin.post(where, data={**form, "action": "check",
                                      "settings.policy.max_skp_returns": "9"})  # fmt: skip
    assert checked.status_code == 422
    assert 'id="settings.policy.max_skp_returns-galat"' in checked.text
    saved = admin.post(where, data={**form, "settings.policy.frequency": "bulanan",
                                    "settings.task_days.approve_skp": "3"})  # fmt: skip
    assert saved.status_code == 303
    page = admin.get(where).text
    assert re.search(r'<option value="bulanan" selected>', page)
    publish = {"csrf_token": token_of(page), "etag": form_of(page)["etag"], "note": "bulanan"}
    assert admin.post(f"{where}/publish", data=publish).status_code == 303
    assert (
        TenantRepository(stack.sample.tenant_id).fresh_profile().settings["policy"]["frequency"]
        == "bulanan"
    )
    diff = admin.get("/console/workflow/diff?base=1&other=2").text
    assert 'id="diff-settings"' in diff and "task_days.approve_skp" in diff
