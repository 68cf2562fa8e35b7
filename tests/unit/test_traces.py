"""X-Ray tracing: off, nothing of the Tracer is touched; on, a subsegment per block with its
annotations. The steps never import the X-Ray SDK (cold starts); Powertools' tracer module comes
with its package (the Logger's), and loads the SDK only when a Tracer is made."""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager

from functions import config, traces
from functions.local.project import ROOT


class FakeSubsegment:
    def __init__(self) -> None:
        self.annotations: dict[str, str] = {}

    def put_annotation(self, key: str, value: str) -> None:
        self.annotations[key] = value


class FakeTracer:
    def __init__(self) -> None:
        self.opened: list[tuple[str, FakeSubsegment]] = []
        self.provider = self

    @contextmanager
    def in_subsegment(self, name: str):
        subsegment = FakeSubsegment()
        self.opened.append((name, subsegment))
        yield subsegment


def test_off_a_traced_block_creates_no_tracer(monkeypatch):
    monkeypatch.setattr(traces, "tracer", lambda: (_ for _ in ()).throw(AssertionError))
    previous = config.use(config.Config(tracing=False))
    try:
        with traces.traced("plan", tenant_id="t0123456789"):
            ran = True
    finally:
        config.use(previous)
    assert ran


def test_on_a_traced_block_is_a_subsegment_annotated_with_ids(monkeypatch):
    fake = FakeTracer()
    monkeypatch.setattr(traces, "tracer", lambda: fake)
    previous = config.use(config.Config(tracing=True))
    try:
        with traces.traced("plan", tenant_id="t0123456789", step=None):
            pass
    finally:
        config.use(previous)
    ((name, subsegment),) = fake.opened
    assert name == "## plan" and subsegment.annotations == {"tenant_id": "t0123456789"}


def test_the_steps_and_the_worker_import_no_x_ray_sdk():
    code = (
        "import sys, functions.steps.plan, functions.steps.decide, functions.webhooks.worker; "
        "print(any(m.startswith('aws_xray_sdk') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
