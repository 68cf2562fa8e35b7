"""Business metrics counted where things happen, on the embedded stack (its sink keeps the
counts that are EMF lines on AWS: functions/metrics.py)."""

from __future__ import annotations

import json

from functions import metrics
from functions.local.demo import Demo, wait_for
from functions.store.repository import TenantRepository

from .test_cycle import YEAR, team


def test_a_teams_year_counts_its_cycles_started_and_finished_and_its_tasks(stack, api, people):
    nips = team(people)
    Demo(api, stack.sample.to_json(), only=nips).run()
    tally, tenant = stack.aws.metrics, stack.sample.tenant_id
    assert tally.of(metrics.CYCLES_STARTED, tenant_id=tenant) == len(nips)
    assert tally.of(metrics.CYCLES_FINISHED, tenant_id=tenant) == len(nips)
    # per employee at least: the draft, its approval, a behaviour rating per quarter, the annual
    assert tally.of(metrics.TASKS_OPENED, tenant_id=tenant) >= len(nips) * (2 + 4 + 1)
    assert tally.of(metrics.TASKS_OPENED, kind="draft_skp") == len(nips)
    assert tally.counts.get(metrics.CYCLES_FAILED, 0) == 0
    assert tally.counts.get(metrics.TASKS_ESCALATED, 0) == 0
    for name, _value, properties in tally.events:  # ids only: never a NIP or a name
        assert name in metrics.NAMES
        assert not set(json.dumps(properties).split('"')) & set(people), properties


def test_an_overdue_task_counts_as_overdue_and_escalated(stack, api, people):
    repo = TenantRepository(stack.sample.tenant_id)
    profile = repo.profile()
    profile.settings = {"task_days": {"approve_skp": 1 / 86400}}  # one second
    profile.save()
    repo.forget_profile()
    admin = api.as_(stack.sample.admin_key)
    head = team(people)[0]
    demo = Demo(api, stack.sample.to_json(), only=[head])
    demo.year = YEAR
    admin.post("/cycles", {"year": YEAR, "nips": [head]})
    demo.draft_and_submit(head)
    wait_for(lambda: admin.get("/tasks?assignee=bkpsdm"), "the escalated approval", 30)
    tally = stack.aws.metrics
    assert tally.of(metrics.TASKS_OVERDUE, kind="approve_skp") == 1
    assert tally.of(metrics.TASKS_ESCALATED, kind="approve_skp") == 1


def test_a_failed_segment_counts_a_failed_cycle_once(stack, failed_head):
    tally = stack.aws.metrics
    assert tally.of(metrics.CYCLES_FAILED, tenant_id=stack.sample.tenant_id) == 1
    assert tally.of(metrics.CYCLES_FAILED, error="InvalidInput", stage="plan") == 1
