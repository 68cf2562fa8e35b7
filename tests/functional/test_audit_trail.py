"""The audit trail of a cycle's changes through the HTTP API: a change and its entry are
stored together or not at all."""

from functions.engine.clients import client
from tests.functional.conftest import YEAR
from tests.integration.conftest import refused


def entries(admin, nip: str) -> list[dict]:
    return admin.get(f"/audit?from={YEAR}-01-01&to={YEAR}-12-31&person={nip}")


def test_a_completion_undone_after_its_commit_leaves_no_audit_entry(admin, approval, monkeypatch):
    from functions.engine import tokens
    from functions.services import tasks

    boss, member, task = approval
    before = entries(admin, member)
    monkeypatch.setattr(tasks.tokens, "check_live", lambda token: None)  # the check passed
    real = tokens.send_success

    def late(token, output):
        client("stepfunctions").send_task_failure(taskToken=token, error="Late", cause="test")
        real(token, output)  # refused now: the commit is undone, its audit entries with it

    monkeypatch.setattr(tasks.tokens, "send_success", late)
    refused(lambda: boss.post(f"/tasks/{task['task_id']}/complete", {"decision": "approve"}), 409)
    assert entries(admin, member) == before
    assert not [e for e in before if e["action"] == "skp.approve"]


def test_a_rejected_task_is_audited_with_its_reason_and_who_rejected_it(admin, approval):
    boss, member, task = approval
    boss.post(f"/tasks/{task['task_id']}/reject", {"reason": "Bukan bawahan langsung saya"})
    (rejected,) = [e for e in entries(admin, member) if e["action"] == "task.reject"]
    assert rejected["item"] == f"task/{task['task_id']}" and rejected["subject_nip"] == member
    assert (
        rejected["before"]["status"] == "open" and rejected["before"]["task_kind"] == "approve_skp"
    )
    assert rejected["after"] == {"status": "rejected",
                                 "outcome": {"reason": "Bukan bawahan langsung saya"}}  # fmt: skip
    assert rejected["actor"].endswith(rejected["before"]["assignee_nip"])
