"""Cursors of paged listings: opaque, but only ever starting inside the listed partition."""

import base64
import json

import pytest

from functions.errors import InvalidInput
from functions.store import pages
from functions.store.records import EmployeeRecord


def cursor_of(key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def test_a_cursor_round_trips_the_key_of_the_last_item():
    record = EmployeeRecord("T#t0000000000", "EMP#199203152019032004")
    cursor = pages.encode(record, ("pk", "sk"))
    key = pages.decode(cursor, {"pk": "T#t0000000000"}, {"sk": "EMP#"})
    assert key == {"pk": {"S": "T#t0000000000"}, "sk": {"S": "EMP#199203152019032004"}}


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 !",
        cursor_of(["a list"]),
        cursor_of({"pk": {"S": "T#t1111111111"}, "sk": {"S": "EMP#1"}}),  # another tenant
        cursor_of({"pk": {"S": "T#t0000000000"}, "sk": {"S": "PROFILE"}}),  # outside the range
        cursor_of({"pk": {"S": "T#t0000000000"}, "sk": {"N": "1"}}),
        cursor_of({"pk": {"S": "T#t0000000000"}, "sk": {"S": "EMP#1"}, "x": {"S": "y"}}),
    ],
)
def test_a_cursor_from_elsewhere_is_refused_naming_the_cursor(cursor):
    with pytest.raises(InvalidInput) as caught:
        pages.decode(cursor, {"pk": "T#t0000000000"}, {"sk": "EMP#"})
    assert caught.value.details == {"cursor": ["invalid"]}


def test_a_page_reads_one_more_item_to_know_whether_another_page_follows():
    items = [EmployeeRecord("T#t0000000000", f"EMP#{n}") for n in range(5)]

    def query(start, size):
        return items[:size]

    found, after = pages.page(
        query, limit=3, cursor=None, partition={"pk": "T#t0000000000"}, attributes=("pk", "sk")
    )
    assert len(found) == 3 and json.loads(base64.urlsafe_b64decode(after + "=="))["sk"] == {
        "S": "EMP#2"
    }
    found, after = pages.page(
        query, limit=5, cursor=None, partition={"pk": "T#t0000000000"}, attributes=("pk", "sk")
    )
    assert len(found) == 5 and after is None


def test_roles_must_be_declared_and_known():
    from functions.api.roles import roles

    with pytest.raises(ValueError):
        roles()
    with pytest.raises(ValueError):
        roles("superuser")
