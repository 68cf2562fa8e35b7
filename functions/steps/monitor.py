"""Monitor: at a period's end, capaian per IKI, judgement per RHK, and whether to coach."""

from functions.services.monitoring import monitor_period
from functions.steps.step import step
from schemas.steps import MonitorInput, MonitorOutput


@step(MonitorInput, MonitorOutput)
def handler(event, repo):
    nip, year, period = event["nip"], event["year"], event["period"]
    return monitor_period(repo, nip, year, period, event["execution"])
