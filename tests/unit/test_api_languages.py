"""The API's message catalogue: the ids its extractor finds where errors are made, and the
translation of a message by the id whose fixed parts it has."""

from __future__ import annotations

import io

import pytest
from flask import Flask

from functions.api.languages import extract_raises, translated
from functions.console import i18n
from tests.catalogues import compile_catalogues

compile_catalogues()
SOURCE = b"""
NIP = validate.Regexp(r"^[0-9]{18}$", error="must be 18 digits")


def refuse(nip, record, repo):
    if record is None:
        raise NotFound(f"employee {nip} not found")
    if record.status != "open":
        raise StageForbids(f"the SKP is {record.status}, not {other.status}")
    raise InvalidValue("rating", "a rating the rules know")
    raise ValueError("an internal mistake, never shown")
    return Conflict("the record changed meanwhile")
    return error_response(422, "invalid_input", "the request body is invalid")
"""


def test_the_extractor_finds_the_messages_of_the_project_s_errors_only():
    found = [text for _, _, text, _ in extract_raises(io.BytesIO(SOURCE), [], [], {})]
    assert sorted(found) == sorted([
        "employee %(nip)s not found",
        "the SKP is %(status)s, not %(status2)s",
        "a rating the rules know",
        "the record changed meanwhile",
        "the request body is invalid",
        "must be 18 digits",
    ])  # fmt: skip


@pytest.fixture
def app():
    app = Flask(__name__)
    i18n.init_app(app)
    return app


def test_a_message_is_translated_by_its_id_with_the_values_kept(app):
    with app.test_request_context("/cycles", headers={"Accept-Language": "id"}):
        assert translated("employee 1990 not found") == "pegawai 1990 tidak ditemukan"
        returned = "SKP berstatus draft, tidak diajukan"
        assert translated("the SKP is draft, not submitted") == returned
        assert translated({"items": {0: {"value": ["Not a valid number."]}}}) == {
            "items": {0: {"value": ["Bukan angka yang sah."]}}
        }
        assert translated("nips.0: a NIP is text of 18 digits") == (
            "nips.0: NIP berupa teks 18 angka"
        )
        assert translated("Must be one of: a, b.") == "Harus salah satu dari: a, b."
        assert translated("no id for this sentence") == "no id for this sentence"
        assert translated(None) is None


def test_english_first_leaves_messages_as_raised(app):
    with app.test_request_context("/cycles", headers={"Accept-Language": "en, id;q=0.5"}):
        assert translated("employee 1990 not found") == "employee 1990 not found"
    with app.test_request_context("/cycles"):
        assert translated("employee 1990 not found") == "employee 1990 not found"
