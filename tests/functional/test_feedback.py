"""Feedback on behaviour: from the penilai, peers under the same penilai and subordinates
through the API; from the public only where the tenant enables it."""

from datetime import date

import pytest

from functions.errors import InvalidInput
from functions.local.client import ApiError
from functions.services import feedback
from functions.services.tenants import create_tenant
from functions.store.repository import TenantRepository

YEAR = 2026
BODY = {"aspect": "kolaboratif", "text": "Selalu membantu tim menyelesaikan laporan"}


def status_of(call) -> int:
    with pytest.raises(ApiError) as caught:
        call()
    return caught.value.status


def test_colleagues_give_feedback_and_the_employee_does_not_see_who(api, admin, people):
    head = next(n for n, p in people.items() if p["unit"] == "dinkes" and p["penilai"]
                and people[p["penilai"]]["unit"] != "dinkes")  # fmt: skip
    nip = next(n for n, p in people.items() if p["penilai"] == head)
    peer = next(n for n, p in people.items() if p["penilai"] == head and n != nip)
    below = next(n for n, p in people.items() if p["penilai"] == nip)
    outsider = next(n for n, p in people.items() if p["unit"] == "disdik")
    path = f"/cycles/{nip}/{YEAR}/feedback"
    given = {
        giver: api.as_(people[giver]["key"]).post(path, BODY)["relation"]
        for giver in (head, peer, below)
    }
    assert given == {head: "atasan", peer: "rekan", below: "bawahan"}
    assert status_of(lambda: api.as_(people[outsider]["key"]).post(path, BODY)) == 403
    assert status_of(lambda: api.as_(people[nip]["key"]).post(path, BODY)) == 403
    assert status_of(lambda: admin.post(path, BODY)) == 403  # BKPSDM reads, does not rate
    bad = {**BODY, "aspect": "ramah"}
    assert status_of(lambda: api.as_(people[peer]["key"]).post(path, bad)) == 422

    seen_by_penilai = api.as_(people[head]["key"]).get(path)
    assert sorted(f["given_by"] for f in seen_by_penilai) == sorted((head, peer, below))
    seen_by_self = api.as_(people[nip]["key"]).get(path)
    assert len(seen_by_self) == 3 and {f["given_by"] for f in seen_by_self} == {None}
    assert status_of(lambda: api.as_(people[outsider]["key"]).get(path)) == 403


def test_public_feedback_is_refused_where_the_tenant_has_not_enabled_it(stack, people):
    tenant_id, _ = create_tenant("Kota Contoh", "9902")
    repo = TenantRepository(tenant_id)
    repo.new_employee("198001012005011001", name="A", unit_id="u", asn_kind="pns",
                      position_kind="pelaksana", position="Staf").save()  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        feedback.new_feedback(
            repo, "198001012005011001", received_on=date(YEAR, 3, 1), text="Pelayanan ramah",
            source="eoffice", feedback_id="f1",
        )  # fmt: skip
    assert "policy.public_feedback" in refused.value.details
    sample = TenantRepository(stack.sample.tenant_id)  # the sample regency takes it
    record = feedback.new_feedback(
        sample, next(iter(people)), received_on=date(YEAR, 3, 1), text="Pelayanan ramah",
        source="eoffice", feedback_id="f1",
    )  # fmt: skip
    assert record.relation == "publik" and record.given_by is None
