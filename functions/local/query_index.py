"""Queries on the embedded DynamoDB that read their partition, not the table.

moto answers every Query by listing and sorting *every item of the table* before it looks at the
key condition (``Table.all_items``), so a query's cost grows with the whole table and a year of N
employees costs O(N²) (issue 14). DynamoDB itself reads one partition. Here a query on the
table's own key gets that partition's items, and a query on a global secondary index gets the
items whose index key is the one asked for, from a map kept in step with every write (puts,
updates, deletes, a transaction's roll-back). moto's own code then filters, sorts, pages and
projects them exactly as before: only the list it starts from is smaller.

The map lives on each moto ``Table`` object (a new embedded stack has new tables). DynamoDB
requests are serialised (``emulation._serialised``), so the map needs no lock of its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

MAP = "_kinerja_index_partitions"  # table attribute: {index: {hash value: {item key}}}
WHERE = "_kinerja_index_where"  # table attribute: {(index, item key): hash value}


def _index_hash_attribute(index) -> str:
    return next(k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH")


def refresh(table, hash_key, range_key) -> None:
    """Put one item (by its table key) in the right index partitions, or none if it is gone."""
    if not table.global_indexes:
        return
    partitions = table.__dict__.setdefault(MAP, {})
    where = table.__dict__.setdefault(WHERE, {})
    key = (hash_key, range_key)
    item = _item(table, hash_key, range_key)
    for index in table.global_indexes:
        old = where.pop((index.name, key), None)
        if old is not None:
            partitions[index.name][old].discard(key)
        value = item.attrs.get(_index_hash_attribute(index)) if item is not None else None
        if value is not None:
            partitions.setdefault(index.name, {}).setdefault(value, set()).add(key)
            where[(index.name, key)] = value


def _item(table, hash_key, range_key):
    partition = table.items.get(hash_key)
    if partition is None or range_key is None:
        return partition
    return partition.get(range_key)


def _candidates(table, hash_key, index_name, hash_key_conditions) -> list | None:
    """The items a query can match, or None when this query is not one we narrow."""
    if index_name is None:
        if hash_key is None:
            return None
        partition = table.items.get(hash_key)
        if partition is None:
            return []
        return list(partition.values()) if table.range_key_attr else [partition]
    index = next((i for i in table.global_indexes if i.name == index_name), None)
    if index is None or not hash_key_conditions or len(hash_key_conditions) != 1:
        return None
    attribute, value = hash_key_conditions[0]
    if attribute != _index_hash_attribute(index):
        return None
    keys = table.__dict__.get(MAP, {}).get(index_name, {}).get(value, ())
    found = [_item(table, h, r) for h, r in keys]
    return [item for item in found if item is not None]


def _with_prefix(items: list, range_key_conditions) -> list:
    """Those of ``items`` a sort key ``begins_with`` can match (all when the query has no such
    condition): a unit's cycles out of the year's (issue 14), without sorting the year first.
    moto applies the condition again; this only keeps it from starting with the rest."""
    if not range_key_conditions or len(range_key_conditions) != 1:
        return items
    attribute, comparison, values = range_key_conditions[0]
    if comparison != "BEGINS_WITH" or len(values) != 1 or getattr(values[0], "type", None) != "S":
        return items
    prefix = values[0].value
    kept = []
    for item in items:
        value = item.attrs.get(attribute)
        if value is not None and value.type == "S" and value.value.startswith(prefix):
            kept.append(item)
    return kept


def _in_table_order(items: list) -> list:
    """As moto's all_items orders them (by table key), so its stable sorts give the same pages."""
    return sorted(items, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)


def narrowed_query(original: Callable) -> Callable:
    """``Table.query`` starting from the partition's items instead of the whole table's."""

    signature = inspect.signature(original)

    def query(table, *args: Any, **kwargs: Any):
        asked = signature.bind(table, *args, **kwargs).arguments
        found = _candidates(
            table, asked["hash_key"], asked.get("index_name"), asked.get("hash_key_conditions")
        )
        if found is None:
            return original(table, *args, **kwargs)
        found = _with_prefix(found, asked.get("range_key_conditions"))
        table.all_items = lambda: _in_table_order(found)  # what moto's query starts from
        try:
            return original(table, *args, **kwargs)
        finally:
            del table.all_items

    return query


def indexed_put(original: Callable) -> Callable:
    def put_item(table, *args: Any, **kwargs: Any):
        item = original(table, *args, **kwargs)
        refresh(table, item.hash_key, item.range_key)
        return item

    return put_item


def indexed_delete(original: Callable) -> Callable:
    def delete_item(table, hash_key, range_key):
        item = original(table, hash_key, range_key)
        refresh(table, hash_key, range_key)
        return item

    return delete_item


def indexed_update(original: Callable) -> Callable:
    """The backend's update_item changes an item in place (its index key too)."""

    def update_item(backend, table_name, *args: Any, **kwargs: Any):
        item = original(backend, table_name, *args, **kwargs)
        if item is not None:
            refresh(backend.get_table(table_name), item.hash_key, item.range_key)
        return item

    return update_item
