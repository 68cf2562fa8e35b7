"""The talent review forms' refusals by the form's field names (functions/console/review.py):
a schema's nested messages and a service's details, each beside its field."""

from functions.console.review import RULES, _errors


def test_an_override_s_refusal_goes_beside_that_official_s_fields():
    body = {"overrides": [{"nip": "1"}, {"nip": "2"}]}
    found = _errors({"overrides": {1: {"reason": ["short"], "recommendation": ["x"]}}}, body)
    assert found == {"reason-2": [RULES["reason"]], "override-2": [RULES["recommendation"]]}
    found = _errors({"overrides.2.position": ["no position"]}, body)
    assert found == {"position-2": [RULES["position"]]}


def test_a_score_s_refusal_goes_beside_its_criterion_and_others_to_their_field():
    found = _errors({"scores": {"prestasi": {"value": ["too big"]}}}, {})
    assert found == {"score-prestasi": [RULES["scores"]]}
    found = _errors({"scores": ["inovasi: not scored"], "note": ["long"]}, {})
    assert found == {"scores": [RULES["scores"]], "note": [RULES["note"]]}
    assert set(_errors({"elsewhere": ["?"]}, {})) == {""}
