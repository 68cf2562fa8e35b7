"""Validation of a workflow definition (ASL) before it may reach a running cycle.

Pure: plain dicts in, faults out; no AWS, no marshmallow. The step catalog comes in as the
plain description of :func:`functions.engine.catalog.described` (JSON Schemas of every step's
input and output). Each fault has a code, the state it is in, a JSON-pointer-like path and a
message that says what is wrong there and how to put it right.

What is checked, in order:

1. structure: fields and types of the document and of each state, ``StartAt``, ``Next`` targets,
   ``Choices``, ``Retry``/``Catch`` shape, path syntax, reachability, a terminal state, a way
   out of every state;
2. catalog: every Task calls a catalog step (a human task only with ``.waitForTaskToken``);
3. data: the input each step receives (its ``Parameters``) fits its input schema, reading only
   fields that the earlier steps' output schemas guarantee on every way into the state;
4. the cycle: the segment starts with Load and a Choice on the stored stage that handles
   ``plan`` and ``monitor``; from ``plan`` no assess step is reached before a plan step and no
   decide step before an assess step; plan, monitor, assess and decide stay on the cycle's way
   (coaching left out is a warning to acknowledge); and the facts each step needs (declared in
   the catalog) hold on every way into it from the start, each stored stage entering with the
   facts it implies (facts.py);
5. human waits: a timeout on each, the task token passed;
6. limits of one segment: history events (25,000), payload (256 KB), duration (one year),
   definition size (1 MB).

The package: structure.py checks 1, semantics.py 2 and 4-6 with dataflow.py for 3, and they
share shapes.py (the JSON Schemas of state data) and graph.py (the state machine as a graph);
:func:`validate` below runs them and measures the definition's size.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from functions.engine.validation.facts import ACKNOWLEDGE
from functions.engine.validation.semantics import (
    MAX_EVENTS,
    MAX_PAYLOAD,
    WAIT_FOR_TOKEN,
    SemanticsChecker,
)
from functions.engine.validation.structure import StructureChecker

__all__ = [
    "ACKNOWLEDGE",
    "MAX_DEFINITION",
    "MAX_EVENTS",
    "MAX_PAYLOAD",
    "WAIT_FOR_TOKEN",
    "Fault",
    "Report",
    "validate",
]

MAX_DEFINITION = 1024 * 1024


@dataclass(frozen=True)
class Fault:
    code: str
    message: str
    state: str | None = None
    path: str = ""


@dataclass
class Report:
    faults: list[Fault] = field(default_factory=list)
    warnings: list[Fault] = field(default_factory=list)
    stages: dict[str, str] = field(default_factory=dict)  # stored stage -> state resuming it
    estimates: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.faults

    def codes(self) -> set[str]:
        return {f.code for f in self.faults}

    def fault(self, code: str, message: str, state: str | None = None, path: str = "") -> None:
        self.faults.append(Fault(code, message, state, path))

    def warn(self, code: str, message: str, state: str | None = None, path: str = "") -> None:
        self.warnings.append(Fault(code, message, state, path))

    def to_dict(self) -> dict:
        return {
            "valid": self.valid,
            "faults": [asdict(f) for f in self.faults],
            "warnings": [asdict(f) for f in self.warnings],
            "acknowledge": sorted({f.code for f in self.warnings if f.code in ACKNOWLEDGE}),
            "stages": dict(self.stages),
            "estimates": dict(self.estimates),
        }


def validate(definition: object, catalog: dict) -> Report:
    """Every fault of ``definition`` against the step ``catalog``."""
    report = Report()
    if not StructureChecker(report).check(definition, "", top=True):
        return report
    assert isinstance(definition, dict)
    size = len(json.dumps(definition, separators=(",", ":")).encode())
    report.estimates["definition_bytes"] = size
    if size > MAX_DEFINITION:
        report.fault(
            "definition_too_large",
            f"the definition is {size:,} bytes; Step Functions accepts at most {MAX_DEFINITION:,}",
        )
    if report.faults:  # the graph is unsound: the later checks would only echo it
        return report
    SemanticsChecker(report, catalog).check(definition)
    return report
