"""The one seam between asking for a draft's dry run and running it (as dispatch.py is for the
webhook worker): the ``simulate`` function (serverless.yml), which carries the emulation, is
invoked asynchronously (``InvocationType=Event``) with ``{tenant_id, draft_id,
simulation_id}``; it reads what it needs and stores its report. The embedded runtime installs
a runner of its own with :func:`use` (a thread of its process), as it installs its clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from functions import config
from functions.engine.clients import client

Runner = Callable[[dict], None]

_runner: Runner | None = None


def use(runner: Runner | None) -> Runner | None:
    """Run dry runs with ``runner`` (None: the simulate Lambda); returns the previous."""
    global _runner
    previous, _runner = _runner, runner
    return previous


def start(tenant_id: str, draft_id: str, simulation_id: str) -> None:
    """Run the dry run ``simulation_id`` of the draft, asynchronously."""
    event = {"tenant_id": tenant_id, "draft_id": draft_id, "simulation_id": simulation_id}
    if _runner is not None:
        _runner(event)
        return
    client("lambda").invoke(
        FunctionName=config.current().simulate_function,
        InvocationType="Event",
        Payload=json.dumps(event).encode(),
    )
