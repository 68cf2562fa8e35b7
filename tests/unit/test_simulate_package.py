"""The simulate function carries its emulation on Lambda (docs/deploy.md, "The simulate
function"): a zip of its own with functions/local, the files it reads, the dependencies and
pyproject's `emulation` group, while every other function's zip has none of it. Read from
serverless.yml and pyproject.toml; when infra/package.sh has built the package, checked in the
zips and the template too (CI builds it before the tests)."""

from __future__ import annotations

import json
import re
import sys
import tomllib
import zipfile
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from functions.local.project import ROOT, load_yaml
from tests.unit.test_purity import imported

SERVERLESS = load_yaml(ROOT / "serverless.yml")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
EMULATION = PROJECT["optional-dependencies"]["emulation"]
LOCAL = ROOT / "functions" / "local"
BUILT = ROOT / ".serverless"
SIMULATE = SERVERLESS["functions"]["simulate"]
# what functions/local/project.py reads besides the ASL (the service zip has workflows/)
READ = ("serverless.yml", "infra/table.yml")


def _regex(pattern: str) -> re.Pattern:
    """A package pattern of serverless (a glob; ``**`` crosses folders) as a regex."""
    parts = re.split(r"(\*\*/?|\*)", pattern)
    glob = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*"}
    return re.compile("".join(glob.get(p, re.escape(p)) for p in parts) + "$")


def packaged(patterns: list[str]) -> set[str]:
    """The project's files a zip with these patterns holds (the last matching pattern wins)."""
    rules = [(p.startswith("!"), _regex(p.removeprefix("!"))) for p in patterns]
    candidates = [
        p.relative_to(ROOT).as_posix()
        for top in ("functions", "schemas", "workflows", "infra")
        for p in (ROOT / top).rglob("*")
        if p.is_file()
    ] + [p.name for p in ROOT.glob("*") if p.is_file()]
    held = set()
    for path in candidates:
        verdicts = [not negated for negated, rule in rules if rule.match(path)]
        if verdicts and verdicts[-1]:
            held.add(path)
    return held


def test_simulate_has_a_zip_of_its_own_with_the_emulation_and_what_it_reads():
    service = SERVERLESS["package"]["patterns"]
    assert SIMULATE["package"]["individually"] is True
    simulate = packaged(service + SIMULATE["package"]["patterns"])
    modules = {p.relative_to(ROOT).as_posix() for p in LOCAL.glob("*.py")}
    assert modules and modules <= simulate
    assert set(READ) <= simulate
    assert {f"workflows/{p.name}" for p in (ROOT / "workflows").glob("*.asl.json")} <= simulate
    assert not [p for p in LOCAL.iterdir() if p.is_dir() and p.name != "__pycache__"], (
        "functions/local/*.py takes no subpackage: widen the simulate function's patterns"
    )
    assert not any("__pycache__" in p for p in simulate)
    # every other function shares the service zip, which has none of it
    others = {k for k, f in SERVERLESS["functions"].items() if "package" in f}
    assert others == {"simulate"}
    assert not {p for p in packaged(service) if p.startswith("functions/local/")}
    assert not set(READ) & packaged(service)


def test_package_sh_adds_the_emulation_group_to_the_simulate_zip():
    package_sh = (ROOT / "infra" / "package.sh").read_text()
    assert '["optional-dependencies"]["emulation"]' in package_sh
    assert '"$EMULATION_REQS" "$OUT/emulation-requirements" "$OUT/simulate.zip"' in package_sh


def _closure(requirements: list[str]) -> set[str]:
    """The distributions these requirements install, with their extras (installed metadata)."""
    seen: set[tuple[str, str]] = set()  # (distribution, extra or "")
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        for wanted in ("", *requirement.extras):
            if (name, wanted) not in seen:
                seen.add((name, wanted))
                todo += [(Requirement(r), wanted) for r in metadata.requires(name) or ()]
    return {name for name, _ in seen}


def test_the_emulation_group_installs_everything_functions_local_imports():
    motos = [Requirement(r) for r in EMULATION if r.startswith("moto")]
    assert len(motos) == 1, "the emulation group carries moto"
    moto = motos[0]
    assert str(moto.specifier).startswith("==")  # pinned: the emulation patches moto's insides
    assert all("==" in r for r in EMULATION)
    assert "kinerja[emulation]" in PROJECT["optional-dependencies"]["dev"]
    installed = _closure(PROJECT["dependencies"] + EMULATION)
    providers = metadata.packages_distributions()
    names = set().union(*(imported(p) for p in LOCAL.glob("*.py")))
    missing = {}
    for name in sorted(names):
        top = name.split(".")[0]
        if top in sys.stdlib_module_names or top in ("functions", "schemas"):
            continue
        found = {canonicalize_name(d) for d in providers.get(top, ())}
        if not found & installed:
            missing[name] = found
    assert not missing, f"functions/local imports what the emulation group lacks: {missing}"
    # moto's services the emulation imports bring their own requirements through moto's extras
    extras = set(metadata.metadata("moto").get_all("Provides-Extra") or ())
    services = {n.split(".")[1] for n in names if n.startswith("moto.")}
    for service in services:
        extra = service.removesuffix("_simple")
        if extra in extras:
            assert extra in moto.extras, f"moto[{extra}]: functions/local imports moto.{service}"


@pytest.mark.skipif(
    not (BUILT / "simulate.zip").exists(), reason="infra/package.sh has not built the package"
)
def test_the_built_package_gives_simulate_its_own_zip_with_the_emulation():
    template = json.loads((BUILT / "cloudformation-template-update-stack.json").read_text())
    resources = template["Resources"]
    code = resources["SimulateLambdaFunction"]["Properties"]["Code"]["S3Key"]
    assert code.endswith("/simulate.zip")
    others = [
        r["Properties"]["Code"]["S3Key"]
        for key, r in resources.items()
        if r["Type"] == "AWS::Lambda::Function" and key != "SimulateLambdaFunction"
    ]
    assert others and all(k.endswith("/kinerja.zip") for k in others)
    names = set(zipfile.ZipFile(BUILT / "simulate.zip").namelist())
    assert {"functions/local/simulation.py", "functions/local/emulation.py", *READ} <= names
    assert {"moto/__init__.py", "yaml/__init__.py", "pynamodb/__init__.py"} <= names
    assert not [n for n in names if n.startswith(("boto3/", "botocore/"))]  # the runtime's
    service = zipfile.ZipFile(BUILT / "kinerja.zip").namelist()
    assert not [n for n in service if n.startswith(("functions/local/", "moto/", "yaml/"))]
