"""Cold start of each step handler: its import time in a fresh interpreter against
``import boto3, pynamodb`` alone, measured side by side (interleaved) in one run.

Both sides import from bytecode, as on Lambda, where the package ships compiled ``.pyc``
(infra/package.sh): the installed libraries have theirs, and our modules are compiled first.
Without that, every cold start would compile our source again (~15 ms more per step).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "import boto3, pynamodb.models"
STEPS = sorted(
    p.stem
    for p in (ROOT / "functions" / "steps").glob("*.py")
    if p.stem not in ("__init__", "step")
)


# PYTHONDONTWRITEBYTECODE would make every fresh interpreter compile our modules from source.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_seconds(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True
    )
    return float(out.stdout)


def flask_imported(module: str) -> bool:
    code = f"import sys, {module}; print('flask' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.strip() == "True"


def main(rounds: int = 7) -> dict:
    for package in ("functions", "schemas"):
        compileall.compile_dir(ROOT / package, quiet=1)
    samples: dict[str, list[float]] = {"baseline": []}
    for _ in range(rounds):
        samples["baseline"].append(import_seconds(BASELINE))
        for step in STEPS:
            samples.setdefault(step, []).append(import_seconds(f"import functions.steps.{step}"))
    base = statistics.median(samples["baseline"])
    print(
        f"cold start: median of {rounds} fresh interpreters; "
        f"baseline `{BASELINE}` = {base * 1000:.0f} ms"
    )
    result = {"baseline_ms": round(base * 1000, 1), "steps": {}}
    for step in STEPS:
        median = statistics.median(samples[step])
        flask = flask_imported(f"functions.steps.{step}")
        result["steps"][step] = {
            "ms": round(median * 1000, 1),
            "ratio": round(median / base, 2),
            "imports_flask": flask,
        }
        print(
            f"  {step:<12} {median * 1000:6.0f} ms  {median / base:4.2f}x  flask imported: {flask}"
        )
    return result


if __name__ == "__main__":
    main()
