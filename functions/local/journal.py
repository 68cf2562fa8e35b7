"""The embedded table on disk (``kinerja serve --data DIR``): a write-through journal of item
images in SQLite, so that a restart, or a ``kill -9``, loses no write a caller was told succeeded.

moto keeps its DynamoDB table in memory. Every change of an item goes through
``query_index.refresh`` (puts, updates, deletes, a transaction's roll-back; batch writes and
transactions are made of those), which the journal wraps to note the item's table key. When the
DynamoDB request that made the changes has been answered by moto, and before the answer goes back
to the caller (``emulation._serialised``, still holding the lock that serialises DynamoDB
requests), the images of the noted items are written, or their rows deleted, in one SQLite
transaction (WAL, ``synchronous=FULL``: on disk when the commit returns). A TransactWriteItems
is therefore all or nothing on disk as in memory. On start, every row is put back into the moto
table through the same patched ``put_item`` (which rebuilds the query index's maps).

The database also keeps what else the pilot needs across restarts: the manual clock's time, the
KMS key webhook secrets are sealed with (its id and material), and whether the first start
finished seeding. SQLite is in the standard library; the file is ``DIR/kinerja.sqlite``.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from functions.engine.clock import ManualClock

FILE = "kinerja.sqlite"
SCHEMA = """
create table if not exists items (
    tbl text not null, hk text not null, rk text not null, image text not null,
    primary key (tbl, hk, rk)
) without rowid;
create table if not exists meta (name text primary key, value text not null);
"""


def _key(value) -> str:
    """A moto DynamoType key as text (``{"S": "T#…"}``); '' for no range key."""
    return "" if value is None else json.dumps(value.to_json(), sort_keys=True)


def _bytes_as_base64(value: Any) -> str:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(f"cannot journal a {type(value).__name__}")


class Journal:
    """One SQLite database in ``directory``; its calls are serialised by its own lock."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = self.directory / FILE
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.path.chmod(0o600)  # hashed keys, the KMS key: SQLite gives its -wal file the same
        self._db.execute("pragma journal_mode=wal")
        self._db.execute("pragma synchronous=full")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()
        self._pending: dict[tuple[int, Any, Any], tuple[Any, Any, Any]] = {}
        self.writes = 0  # SQLite transactions committed for DynamoDB requests

    # --- items ------------------------------------------------------------------------------
    def noting(self, refresh: Callable) -> Callable:
        """``query_index.refresh`` that also notes the item it is called for."""

        def noted(table, hash_key, range_key) -> None:
            refresh(table, hash_key, range_key)
            self._pending[(id(table), hash_key, range_key)] = (table, hash_key, range_key)

        return noted

    def flush(self) -> None:
        """Write the images of the items changed since the last flush, in one transaction.
        Called with DynamoDB requests serialised, so no change can slip in meanwhile."""
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        try:
            self._write(pending)
        except BaseException:  # the disk refused (full?): the request fails; try them next time
            self._pending = {**pending, **self._pending}
            raise

    def _write(self, pending: dict) -> None:
        rows, gone = [], []
        for table, hash_key, range_key in pending.values():
            item = _item(table, hash_key, range_key)
            key = (table.name, _key(hash_key), _key(range_key))
            if item is None:
                gone.append(key)
            else:
                image = json.dumps(item.to_json()["Attributes"], default=_bytes_as_base64)
                rows.append((*key, image))
        with self._lock:
            self._db.execute("begin immediate")
            try:
                if gone:
                    self._db.executemany(
                        "delete from items where tbl = ? and hk = ? and rk = ?", gone
                    )
                if rows:
                    self._db.executemany(
                        "insert or replace into items (tbl, hk, rk, image) values (?, ?, ?, ?)",
                        rows,
                    )
                self._db.execute("commit")
            except BaseException:
                self._db.execute("rollback")
                raise
            self.writes += 1

    def forget_pending(self) -> None:
        self._pending = {}

    def images(self, table_name: str) -> Iterator[dict]:
        with self._lock:
            found = self._db.execute(
                "select image from items where tbl = ? order by hk, rk", (table_name,)
            ).fetchall()
        for (image,) in found:
            yield json.loads(image)

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("select count(*) from items").fetchone()[0])

    def clear_items(self) -> None:
        with self._lock:
            self._db.execute("delete from items")

    # --- other state --------------------------------------------------------------------------
    def get(self, name: str) -> str | None:
        with self._lock:
            row = self._db.execute("select value from meta where name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set(self, name: str, value: str) -> None:
        with self._lock:
            self._db.execute(
                "insert or replace into meta (name, value) values (?, ?)", (name, value)
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _item(table, hash_key, range_key):
    partition = table.items.get(hash_key)
    if partition is None or range_key is None:
        return partition
    return partition.get(range_key)


class PersistentClock(ManualClock):
    """The manual clock, its time kept in the journal at every move (a restart resumes there)."""

    NAME = "clock"

    def __init__(self, start: datetime, journal: Journal) -> None:
        super().__init__(start)
        self._journal = journal
        self._saving = threading.Lock()  # two moves are stored in the order they were made
        journal.set(self.NAME, self.now().isoformat())

    def set(self, when: datetime) -> datetime:
        with self._saving:
            moved = super().set(when)
            self._journal.set(self.NAME, moved.isoformat())
        return moved

    @classmethod
    def stored(cls, journal: Journal) -> datetime | None:
        value = journal.get(cls.NAME)
        return None if value is None else datetime.fromisoformat(value)
