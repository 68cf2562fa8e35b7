"""Dependencies point down only, floor by floor (docs/architecture.md); tests/layers.py reads the
imports, deferred ones included."""

from __future__ import annotations

from tests import layers


def test_no_import_runs_up_a_floor():
    assert [f"{e.source}:{e.line} -> {e.target}" for e in layers.upward(layers.graph())] == []


def test_nothing_outside_local_imports_the_embedded_runtime():
    found = [
        f"{e.source}:{e.line}"
        for imports in layers.graph().values()
        for e in imports
        if e.target.startswith("functions.local") and not e.source.startswith("functions.local")
    ]
    assert found == []


def test_no_circle_crosses_a_floor():
    crossing = [
        g for g in layers.circles(layers.graph()) if len({layers.floor_of(m) for m in g}) > 1
    ]
    assert crossing == []


def test_only_the_store_imports_pynamodb():
    assert layers.pynamodb_outside_store() == []


def test_only_the_store_reaches_the_table():
    assert layers.storage_calls_outside_store() == []


def test_a_record_saved_outside_the_store_is_caught(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from functions.store.records import UnitRecord\n"
        "def f(repo, unit):\n"
        "    unit.save()\n"
        "    list(UnitRecord.by_gsi1.query('x'))\n"
        "    repo.put(unit)\n"
    )
    found = layers.storage_calls_in("functions.services.probe", probe)
    assert found == [
        "functions.services.probe:3 unit.save",
        "functions.services.probe:4 UnitRecord.by_gsi1.query",
    ]


def test_an_upward_import_is_caught_even_when_deferred(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from functions.services import cycles\n")
    found = {
        (e.target, e.deferred)
        for e in layers.imports_of("functions.store.probe", probe)
        if layers.floor_of(e.target) < layers.floor_of("functions.store.probe")
    }
    assert found == {("functions.services", True), ("functions.services.cycles", True)}
