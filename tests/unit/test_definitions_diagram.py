"""The SVG diagram of a definition: one box per state, laid out in layers from StartAt."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from functions.engine.definitions_diagram import graph, render

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def boxes(svg: str) -> dict[str, float]:
    """State name -> the top of its box."""
    tree = ET.fromstring(svg)
    return {
        g.get("data-state"): float(g.find(f"{SVG}rect").get("y"))
        for g in tree.iter(f"{SVG}g")
        if g.get("class") == "state"
    }


def test_the_default_workflow_has_a_box_per_state_in_the_order_of_the_cycle():
    definition = json.loads((ROOT / "workflows" / "evaluation.asl.json").read_text())
    svg = render(definition, "version 1")
    top = boxes(svg)
    assert set(top) == set(definition["States"])
    assert top["Start"] < top["Load"] < top["Resume"] < top["Plan"] < top["DraftSkp"]
    assert top["DraftSkp"] < top["Approval"] and top["AnnualReview"] < top["AssessYear"]
    assert top["AssessYear"] < top["Decide"] and top["RatePerilaku"] < top["ClosePeriod"]
    assert "version 1" in svg


def test_a_loop_back_is_drawn_and_catch_edges_are_dashed():
    definition = {
        "StartAt": "Draft",
        "States": {
            "Draft": {"Type": "Pass", "Next": "Review"},
            "Review": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.d", "StringEquals": "returned", "Next": "Draft"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed"},
        },
    }
    svg = render(definition)
    top = boxes(svg)
    assert top["Draft"] < top["Review"] < top["Done"]
    assert ">returned</text>" in svg and ">default</text>" in svg
    assert len(re.findall(r'class="edge"', svg)) == 3


def test_names_are_escaped_and_an_empty_definition_still_renders():
    svg = render({"StartAt": "<x>", "States": {"<x>": {"Type": "Succeed"}}}, "a & b")
    assert "&lt;x&gt;" in svg and "a &amp; b" in svg
    ET.fromstring(svg)
    ET.fromstring(render({}, "nothing"))


def test_the_graph_for_the_console_gives_kinds_and_groups_edges():
    definition = json.loads((ROOT / "workflows" / "evaluation.asl.json").read_text())
    found = graph(definition)
    assert found["start"] == "Start" and len(found["nodes"]) == len(definition["States"])
    kinds = {n["id"]: n for n in found["nodes"]}
    assert kinds["Approval"]["human"] and not kinds["Monitor"]["human"]
    assert kinds["Done"]["terminal"] and kinds["Resume"]["kind"] == "Choice"
    catches = {(e["source"], e["target"]): e["catch"] for e in found["edges"] if e["catch"]}
    assert catches[("Approval", "ApprovalEscalated")] == "timeout"
    assert catches[("Approval", "RecordFailure")] == "error"
    # the dispatch's rules to one state are one edge with their values joined
    resume = [e for e in found["edges"] if e["source"] == "Resume" and e["target"] == "Monitor"]
    assert [e["label"] for e in resume] == ["monitor / coach / assess"]
    assert graph({"States": "no"}) == {"start": None, "nodes": [], "edges": []}


def test_states_with_a_fault_are_outlined_in_red():
    definition = {"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Fail"}}}
    svg = render(definition, marked=frozenset({"A"}))
    assert svg.count('stroke="#c5221f" stroke-width="3"') == 1
