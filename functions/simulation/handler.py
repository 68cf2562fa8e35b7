"""Handler of the ``simulate`` function: ``{tenant_id, draft_id, simulation_id}`` (an async
invoke by functions/engine/simulations.py). Reads the spec from the tenant's table, runs the
emulation in a child process (``python -m functions.local.simulation``, the spec on its
standard input, the report on its standard output) and stores the report.

On Lambda this function has a zip of its own with functions/local, moto and pyyaml
(serverless.yml, infra/package.sh); the child imports from the same places as this process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from functions import logs
from functions.services import simulations
from functions.store.repository import TenantRepository

TIMEOUT = 840  # seconds: within the function's 900 (serverless.yml)

logger = logs.logger()


def child_environment() -> dict[str, str]:
    """This process's environment with its import path: Lambda's bootstrap puts the code
    (/var/task, and a layer's /opt/python) on ``sys.path`` itself, not in ``PYTHONPATH``; a
    child would find it only if started in that folder."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


def emulate(spec: dict) -> dict:
    """The report of ``spec``, run on an embedded stack of its own in a child process (no
    shell; it writes nothing into its code, which is read-only on Lambda)."""
    done = subprocess.run(
        [sys.executable, "-m", "functions.local.simulation"],
        input=json.dumps(spec).encode(),
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        env=child_environment(),
    )
    if done.returncode != 0:
        last = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"the emulation stopped ({done.returncode}): {last[0][:500]}")
    return json.loads(done.stdout)


def handler(event: dict, context) -> dict:
    repo = TenantRepository(event["tenant_id"])
    result = simulations.run(repo, event["draft_id"], event["simulation_id"], emulate)
    logger.info("dry run", extra={"tenant_id": repo.tenant_id, "status": result["status"]})
    return {"simulation_id": result["simulation_id"], "status": result["status"]}
