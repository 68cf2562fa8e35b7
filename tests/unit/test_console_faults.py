"""The validation's messages as the workflow pages place them: on the state named, else on the
state the path points into; numbered in the report's order, warnings after faults."""

from functions.console.faults import placed, unparsable

DEFINITION = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {}}}


def test_messages_are_placed_on_their_state_and_numbered():
    report = {
        "faults": [
            {"code": "missing_target", "state": None, "path": "/States/A/Next", "message": "x"},
            {"code": "state_type", "state": "B", "path": "/States/B", "message": "y"},
            {"code": "no_terminal", "state": None, "path": "", "message": "z"},
            {"code": "bad_path", "state": None, "path": "/States/Gone/X", "message": "w"},
        ],
        "warnings": [{"code": "coaching_removed", "state": None, "path": "", "message": "v"}],
    }
    rows, marks = placed(report, DEFINITION)
    assert [r["number"] for r in rows] == [1, 2, 3, 4, 5]
    assert {s: [r["number"] for r in m] for s, m in marks.items()} == {"A": [1], "B": [2]}
    assert rows[0]["words"] == "Tujuan transisi tidak ada"
    assert rows[4]["warning"] and not rows[0]["warning"]
    assert rows[3]["state"] is None  # a path into no state is listed, not placed


def test_text_that_is_not_json_is_one_fault():
    try:
        import json

        json.loads("{")
    except ValueError as error:
        report = unparsable(error)
    rows, marks = placed(report, None)
    assert [r["code"] for r in rows] == ["json"] and marks == {}
