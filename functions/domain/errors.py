"""Errors of the rules. Each names the field it refuses (a dotted path such as
``rhk[2].iki[0].target``) and the rule it broke, so a person can fix the input without reading
code. The API maps any ``DomainError`` to 422; steps map the class name to an ASL error name."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class DomainError(ValueError):
    """An input breaks a rule. ``field`` is where, ``rule`` is a short human sentence."""

    def __init__(self, field: str, rule: str) -> None:
        # Both go to ``args`` so the error survives pickling (Lambda, multiprocessing).
        super().__init__(field, rule)
        self.field = field
        self.rule = rule

    def __str__(self) -> str:
        return f"{self.field}: {self.rule}"

    def details(self) -> dict[str, list[str]]:
        """The rules broken, by field: the ``details`` of an error body."""
        return {self.field: [self.rule]}


class InvalidValue(DomainError):
    """A value outside the set or range the rules allow (a rating, a jenjang, a month)."""


class MissingInput(DomainError):
    """Something a rule needs was not given (no judgement to rate, a BerAKHLAK value unrated)."""


class PolicyError(DomainError):
    """A tenant policy setting is unknown, of the wrong type or out of range."""


class NipError(DomainError):
    """A NIP that cannot be a civil servant's (regulation.md §8)."""


class SkpError(DomainError):
    """One rule of the SKP (regulation.md §2) is broken."""


class SkpInvalid(SkpError):
    """An SKP breaks one or more rules; ``field``/``rule`` are the first, ``problems`` all."""

    def __init__(self, problems: Iterable[DomainError]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("SkpInvalid needs at least one problem")
        first = self.problems[0]
        super().__init__(first.field, first.rule)
        self.args = (self.problems,)

    def details(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for problem in self.problems:
            found.setdefault(problem.field, []).append(problem.rule)
        return found


def member(kind: type[E], value: object, field: str) -> E:
    """``value`` as a member of the enum ``kind``, or an ``InvalidValue`` naming ``field``."""
    try:
        # An enum call looks ``value`` up among the members' values (typeshed types it as
        # constructing a StrEnum from a str): any object, ValueError when it is no member.
        return kind(value)  # type: ignore[arg-type]
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InvalidValue(field, f"{value!r} is not one of {allowed}") from None
