"""The clock seam. On AWS the system clock; in the embedded runtime a clock that the demo and
tests move forward, so that a year of periods passes in seconds."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """Time stands still until :meth:`set` moves it; it never moves backwards."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> datetime:
        when = when.astimezone(UTC)
        with self._lock:
            if when < self._now:
                raise ValueError(f"the clock cannot go back from {self._now.isoformat()}")
            self._now = when
        return self._now


_clock: Clock = SystemClock()


def now() -> datetime:
    return _clock.now()


def use(clock: Clock) -> Clock:
    """Install a clock for this process (the embedded runtime and tests)."""
    global _clock
    previous, _clock = _clock, clock
    return previous


def current() -> Clock:
    return _clock
