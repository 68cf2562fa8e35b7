"""A tenant's settings: the domain policy and the deadlines of its human tasks.

A tenant admin reads and changes them after onboarding (``GET``/``PATCH /settings``, with the
profile's version as ETag). A change is audited (``tenant.settings``, the settings changed,
before and after) and applies to what is computed afterwards; a running cycle keeps the
frequency it started with (:func:`cycle_frequency`). docs/policies.md says when each applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from functions.domain import Frequency, Policy
from functions.domain.errors import DomainError
from functions.domain.stages import DEFAULT_TASK_DAYS
from functions.errors import InvalidInput, PreconditionFailed
from functions.services import audit
from functions.store.records import CycleRecord, TenantRecord, plain
from functions.store.repository import TenantRepository


@dataclass(frozen=True)
class TenantSettings:
    policy: Policy
    task_days: dict[str, float]

    @classmethod
    def of(cls, profile: TenantRecord) -> TenantSettings:
        return cls.read(plain(profile.settings) or {})

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> TenantSettings:
        """Settings from what is stored (absent keys: the defaults); ``PolicyError`` names the
        field of a bad one."""
        days = {**DEFAULT_TASK_DAYS, **{k: float(v) for k, v in raw.get("task_days", {}).items()}}
        return cls(policy=Policy.from_dict(raw.get("policy", {})), task_days=days)

    def timeouts(self) -> dict[str, int]:
        """Task deadlines in whole seconds, as Step Functions wants them (at least 1)."""
        return {kind: max(1, round(days * 86400)) for kind, days in self.task_days.items()}

    def to_dict(self) -> dict:
        return {"policy": self.policy.to_dict(), "task_days": dict(self.task_days)}


# --- a running cycle's frequency -------------------------------------------------------------
_BY_PERIODS = {12 // f.months: f for f in Frequency}


def cycle_frequency(repo: TenantRepository, cycle: CycleRecord | None) -> Frequency:
    """The frequency a cycle runs at: the one it started with (its number of periods), so a
    later change of ``policy.frequency`` applies to cycles started afterwards. Without a cycle:
    the tenant's current setting."""
    if cycle is not None and cycle.periods in _BY_PERIODS:
        return _BY_PERIODS[cycle.periods]
    return TenantSettings.of(repo.profile()).policy.frequency


# --- reading and changing them ---------------------------------------------------------------
def shown(profile: TenantRecord) -> dict:
    return {**TenantSettings.of(profile).to_dict(), "version": profile.version}


def current(repo: TenantRepository) -> dict:
    """The settings as stored now (not the per-process cached profile), with their version."""
    return shown(repo.fresh_profile())


def _merged(stored: Mapping[str, Any], changes: Mapping[str, Any] | None) -> dict:
    """``stored`` with ``changes`` applied; a change to null goes back to the default."""
    merged = {**stored, **(changes or {})}
    return {name: value for name, value in merged.items() if value is not None}


def _changed(before: dict, after: dict) -> tuple[dict, dict]:
    """The settings that differ, as ``{"policy": {...}, "task_days": {...}}`` before and after."""
    old: dict[str, dict] = {}
    new: dict[str, dict] = {}
    for part in ("policy", "task_days"):
        for name in sorted(set(before[part]) | set(after[part])):
            if before[part].get(name) != after[part].get(name):
                old.setdefault(part, {})[name] = before[part].get(name)
                new.setdefault(part, {})[name] = after[part].get(name)
    return old, new


def update(repo: TenantRepository, actor: str, version: int, changes: Mapping[str, Any]) -> dict:
    """Change some settings (the others stay), on the version read. A bad value is refused
    naming ``policy.<field>`` (or ``task_days.<kind>``) and the rule, before anything is stored."""
    profile = repo.fresh_profile()
    if profile.version != version:
        raise PreconditionFailed(
            "the settings changed since you read them: read them again",
            details={"If-Match": [f"version {version} is stale; the current one is "
                                  f"{profile.version}"]},
        )  # fmt: skip
    stored = plain(profile.settings) or {}
    raw = {
        **stored,
        "policy": _merged(stored.get("policy", {}), changes.get("policy")),
        "task_days": _merged(stored.get("task_days", {}), changes.get("task_days")),
    }
    try:
        after = TenantSettings.read(raw)
    except DomainError as error:
        raise InvalidInput(str(error), details=error.details()) from None
    old, new = _changed(TenantSettings.of(profile).to_dict(), after.to_dict())
    if not new:
        return shown(profile)
    profile.settings = raw
    trail = audit.entry(
        repo, actor, "tenant.settings", f"tenant/{repo.tenant_id}", before=old, after=new
    )
    try:
        stale = PreconditionFailed("the settings changed meanwhile: read them again")
        with repo.all_or_none(stale) as writes:
            writes.put(profile)  # conditional on the version read
            writes.put(trail)
    finally:
        repo.forget_profile()  # this process applies it at once; others within PROFILE_TTL
    return shown(profile)
