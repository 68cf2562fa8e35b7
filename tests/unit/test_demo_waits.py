"""The demo's waits scale with the work (issue 14): its requests may take longer and its waits
last longer for a larger year, and its polls never take more than a third of the time."""

from functions.local import demo
from functions.local.client import Client


def credentials(n: int) -> dict:
    people = {f"{i:018d}": {"key": f"k{i}", "penilai": None} for i in range(n)}
    return {"people": people, "admin_key": "admin", "platform_key": "platform"}


def test_requests_and_waits_scale_with_the_cycles_run():
    small = demo.Demo(Client("http://127.0.0.1:9", timeout=30), credentials(3))
    large = demo.Demo(Client("http://127.0.0.1:9", timeout=30), credentials(300))
    only = demo.Demo(Client("http://127.0.0.1:9"), credentials(300), only=["0" * 18])
    assert small.api.timeout == demo.REQUEST + 3 * demo.PER_CYCLE
    patient = demo.Demo(Client("http://127.0.0.1:9", timeout=900), credentials(3))
    assert patient.api.timeout == 900  # never below what the caller gave
    assert large.api.timeout == demo.REQUEST + 300 * demo.PER_CYCLE
    assert large.admin.timeout == large.platform.timeout == large.person("0" * 18).timeout
    assert large.admin.timeout == large.api.timeout
    assert large.patience == demo.WAIT + 300 * demo.PER_CYCLE
    assert only.patience == demo.WAIT + demo.PER_CYCLE  # the cycles run, not the regency


def test_a_poll_pauses_at_least_twice_as_long_as_it_took():
    assert demo._pause(demo.POLL, 0.001) == demo.POLL * 1.5
    assert demo._pause(demo.POLL_MAX, 0.0) == demo.POLL_MAX
    assert demo._pause(demo.POLL_MAX, 0.4) == 0.8  # a slow poll of a large year
