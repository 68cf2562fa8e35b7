"""The metrics port: one EMF line per count on AWS, dimensions service and stage only."""

from __future__ import annotations

import json

from functions import config, metrics


def test_a_count_is_one_emf_line_whose_dimensions_are_service_and_stage_not_the_tenant(capsys):
    previous = config.use(config.Config(stage="prod"))
    try:
        metrics.count(metrics.TASKS_ESCALATED, tenant_id="t0123456789", kind="approve_skp")
    finally:
        config.use(previous)
    (line,) = capsys.readouterr().out.splitlines()
    blob = json.loads(line)
    (directive,) = blob["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == "Kinerja"
    assert directive["Dimensions"] == [["service", "stage"]]
    assert directive["Metrics"] == [{"Name": "TasksEscalated", "Unit": "Count"}]
    assert blob["TasksEscalated"] == [1.0] or blob["TasksEscalated"] == 1.0
    assert (blob["service"], blob["stage"]) == ("kinerja", "prod")
    # the tenant is a property of the line (Logs Insights), not a dimension (a metric per regency)
    assert blob["tenant_id"] == "t0123456789" and blob["kind"] == "approve_skp"


def test_nothing_is_emitted_for_zero_and_a_broken_sink_never_raises(capsys):
    def broken(name, value, properties):
        raise RuntimeError("sink down")

    metrics.count(metrics.CYCLES_STARTED, 0)
    assert capsys.readouterr().out == ""
    previous = metrics.use(broken)
    try:
        metrics.count(metrics.CYCLES_STARTED, 2)  # logged, not raised
    finally:
        metrics.use(previous)


def test_a_tally_adds_counts_by_name_and_properties():
    tally = metrics.Tally()
    previous = metrics.use(tally)
    try:
        metrics.count(metrics.CYCLES_STARTED, 3, tenant_id="ta")
        metrics.count(metrics.CYCLES_STARTED, 2, tenant_id="tb")
        metrics.count(metrics.CYCLES_FAILED, tenant_id="ta", error=None)
    finally:
        metrics.use(previous)
    assert tally.counts == {"CyclesStarted": 5, "CyclesFailed": 1}
    assert tally.of(metrics.CYCLES_STARTED, tenant_id="ta") == 3
    assert tally.events[-1] == ("CyclesFailed", 1, {"tenant_id": "ta"})  # None left out
