"""What the embedded runtime reads from the deployable's own files, so the two cannot drift:
the functions of serverless.yml, the table of infra/, the ASL of workflows/."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


class _TolerantLoader(yaml.SafeLoader):
    """Reads CloudFormation short tags (!Ref, !Sub, …) as plain values."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(), Loader=_TolerantLoader)


@cache
def functions() -> dict[str, str]:
    """Function key → handler string (``functions/steps/load.handler``), from serverless.yml."""
    spec = load_yaml(ROOT / "serverless.yml")
    return {key: fn["handler"] for key, fn in spec["functions"].items()}


def logical_id(function_key: str) -> str:
    """The CloudFormation logical id serverless gives a function's Lambda resource."""
    name = function_key[0].upper() + function_key[1:]
    return name.replace("-", "Dash").replace("_", "Underscore") + "LambdaFunction"


@cache
def table_properties() -> dict:
    """The table's CreateTable arguments, from infra/table.yml."""
    resource = load_yaml(ROOT / "infra" / "table.yml")["Resources"]["KinerjaTable"]
    wanted = ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode")
    return {k: v for k, v in resource["Properties"].items() if k in wanted}


def time_to_live() -> dict:
    """The table's TimeToLiveSpecification (UpdateTimeToLive's argument), from infra/table.yml:
    the attribute whose epoch second expires an item (functions/store/retention.py)."""
    resource = load_yaml(ROOT / "infra" / "table.yml")["Resources"]["KinerjaTable"]
    return dict(resource["Properties"]["TimeToLiveSpecification"])


def definition(name: str, arns: dict[str, str]) -> str:
    """An ASL file with its ``Fn::GetAtt`` references resolved to the given Lambda ARNs."""
    document = json.loads((ROOT / "workflows" / f"{name}.asl.json").read_text())
    return json.dumps(_resolve(document, arns))


def _resolve(node: Any, arns: dict[str, str]) -> Any:
    if isinstance(node, dict):
        if set(node) == {"Fn::GetAtt"}:
            logical, attribute = node["Fn::GetAtt"]
            if attribute != "Arn" or logical not in arns:
                raise KeyError(f"cannot resolve Fn::GetAtt {logical}.{attribute}")
            return arns[logical]
        return {k: _resolve(v, arns) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, arns) for v in node]
    return node


def handler_target(handler: str) -> tuple[str, str]:
    """``functions/steps/load.handler`` → (``functions.steps.load``, ``handler``)."""
    path, attribute = handler.rsplit(".", 1)
    return re.sub(r"[/\\]", ".", path), attribute
