"""Names that outlive the data carry no personal data: a NIP encodes birth date and sex, and
Step Functions keeps execution names (so the ARNs and correlation ids made of them) beyond any
deletion (UU 27/2022)."""

import logging

from functions.engine import scheduler
from functions.engine.clients import client
from functions.local.demo import Demo

from .test_cycle import team


def test_a_year_leaves_no_nip_or_name_in_execution_names_schedules_or_our_logs(
    stack, api, people, monkeypatch, caplog, capfd
):
    nips = team(people)
    schedules: list[str] = []
    real = scheduler.schedule_name
    monkeypatch.setattr(
        scheduler, "schedule_name", lambda *a: schedules.append(real(*a)) or schedules[-1]
    )
    caplog.set_level(logging.DEBUG, logger="functions")
    Demo(api, stack.sample.to_json(), only=nips).run_year()

    sfn = client("stepfunctions")
    executions = [
        e["name"]
        for machine in sfn.list_state_machines()["stateMachines"]
        for e in sfn.list_executions(stateMachineArn=machine["stateMachineArn"])["executions"]
    ]
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("functions")]
    printed = capfd.readouterr()
    assert len(executions) >= 3 * 5 and len(schedules) >= 3 * 3  # a year of segments each
    secrets = [*nips, *(people[n]["name"] for n in nips)]
    for text in [*executions, *schedules, *ours, printed.out, printed.err]:
        assert not [s for s in secrets if s in text], text[:300]
