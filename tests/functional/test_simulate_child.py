"""The simulate handler's child process imports from where its parent does. On Lambda the
runtime puts the code (/var/task) on ``sys.path`` itself, not in ``PYTHONPATH``, and the Python
has no site-packages of ours: here a Python with none of its own, given the project and the
venv's packages the same way, must still run the emulation's entry point in its child."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from functions import config
from functions.local.emulation import EmbeddedAws
from functions.local.project import ROOT
from functions.simulation import handler


def test_the_child_is_handed_the_parents_import_path():
    environment = handler.child_environment()
    assert environment["PYTHONPATH"].split(os.pathsep) == [p for p in sys.path if p]
    assert environment["PATH"] == os.environ["PATH"]


def test_the_child_imports_the_emulation_from_the_parents_paths_alone(tmp_path: Path):
    bare = tmp_path / "python"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", bare], check=True)
    paths = [str(ROOT), sysconfig.get_paths()["purelib"]]
    # a policy the emulation refuses: its child must have imported functions.local.simulation
    program = (
        f"import sys; sys.path[:0] = {paths!r}\n"
        "from functions.simulation.handler import emulate\n"
        "try:\n"
        "    emulate({'policy': 'sometimes', 'year': 2026, 'definition': {}})\n"
        "except RuntimeError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [bare / "bin" / "python", "-I", "-S", "-c", program],
        cwd=tmp_path,  # not the project: `-m` finds nothing there
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "the emulation stopped (1): ValueError: policy must be one of" in done.stdout, (
        done.stdout + done.stderr
    )


def test_the_childs_stack_traces_nothing_though_its_environment_asks_for_it(monkeypatch):
    monkeypatch.setenv("KINERJA_TRACING", "on")  # the simulate function's on Lambda
    with EmbeddedAws():
        assert config.current().tracing is False
