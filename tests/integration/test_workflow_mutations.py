"""Issue 13's done-when, a handful of it: mutations of the default workflow that validation
accepts finish their simulated year (each dry-run as the simulate function runs it, in a child
process with an embedded stack of its own). ``python -m bench.mutations`` runs every accepted
one and prints the counts (docs/workflows.md)."""

from __future__ import annotations

import pytest

from bench.mutations import accepted, dry_run

# on the way every on-time year takes: a coaching task without its coach step, the period's
# perilaku rated twice, the annual review asked twice
ON_THE_WAY = ("drop Coach", "duplicate RatePerilaku", "duplicate AnnualReview")


@pytest.fixture(scope="module")
def mutations() -> dict[str, dict]:
    total, kept = accepted()
    # 99 of 1,043 once validation refused the three gaps (docs); 73 of 929 since the default's
    # segments are folded (issue 14.4: fewer states to mutate); 67 with the coaching loops
    assert total > 900 and len(kept) > 60
    return {label: definition for label, definition, _ in kept}


@pytest.mark.parametrize("label", ON_THE_WAY)
def test_an_accepted_mutation_finishes_its_simulated_year(mutations, label):
    report = dry_run(mutations[label])
    cycles = report["cycles"]
    assert cycles["finished"] == cycles["total"] == 1, (label, report["stuck"], report["failed"])
    assert len(report["segments"]) == 6  # planning, four quarters, the annual review
