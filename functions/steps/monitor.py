"""Monitor: at a period's end, capaian per IKI, judgement per RHK, and whether to coach."""

from functions.services.monitoring import monitor_period
from functions.steps.step import step
from schemas.steps import MonitorOutput, PeriodRef


@step(PeriodRef, MonitorOutput)
def handler(event, repo):
    return monitor_period(repo, event["nip"], event["year"], event["period"])
