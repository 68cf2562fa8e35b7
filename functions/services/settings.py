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
from functions.domain.policy import WORKFLOW_POLICY
from functions.domain.stages import DEFAULT_TASK_DAYS
from functions.errors import InvalidInput, KinerjaError, PreconditionFailed
from functions.services import audit
from functions.store.records import CycleRecord, Record, TenantRecord, plain
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


def applied(stored: Mapping[str, Any], changes: Mapping[str, Any] | None) -> dict:
    """Stored settings with ``changes`` (``{"policy": …, "task_days": …}``) applied: the others
    stay, a change to null goes back to the default."""
    changes = changes or {}
    return {
        **stored,
        "policy": _merged(stored.get("policy", {}), changes.get("policy")),
        "task_days": _merged(stored.get("task_days", {}), changes.get("task_days")),
    }


def checked(raw: Mapping[str, Any], prefix: str = "") -> TenantSettings:
    """The settings ``raw`` holds, or ``InvalidInput`` naming ``<prefix>policy.<field>`` (or
    ``task_days.<kind>``) and the rule: the one check of the settings API and of drafts."""
    try:
        return TenantSettings.read(raw)
    except DomainError as error:
        details = {f"{prefix}{name}": rules for name, rules in error.details().items()}
        named = f"{prefix}{error}"  # the domain's rule, as the settings API words it
        raise InvalidInput(named, details=details) from None


def changing(repo: TenantRepository, actor: str, changes: Mapping[str, Any], profile=None):
    """The writes that apply ``changes`` to the stored settings (the profile, conditional on the
    version read, and its audit entry): none when nothing changes. Refused, naming the field,
    before anything is written; the caller writes them in its own transaction."""
    profile = profile or repo.fresh_profile()
    stored = plain(profile.settings) or {}
    raw = applied(stored, changes)
    after = checked(raw)
    old, new = _changed(TenantSettings.of(profile).to_dict(), after.to_dict())
    if not new:
        return profile, []
    profile.settings = raw
    trail = audit.entry(
        repo, actor, "tenant.settings", f"tenant/{repo.tenant_id}", before=old, after=new
    )
    return profile, [profile, trail]


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
    profile, written = changing(repo, actor, changes, profile)
    if written:
        stale = PreconditionFailed("the settings changed meanwhile: read them again")
        store(repo, stale, written)
    return shown(profile)


def store(
    repo: TenantRepository,
    refused: KinerjaError,
    written: list[Record],
    new: tuple[Record, ...] | list[Record] = (),
) -> None:
    """Write ``written`` (on the versions read) and ``new`` (where their keys are free) all or
    none (``refused`` when a condition fails), then drop this process's cached profile: it
    applies new settings at once, other processes within PROFILE_TTL."""
    try:
        with repo.all_or_none(refused) as writes:
            for record in new:
                writes.put_new(record)
            for record in written:
                writes.put(record)
    finally:
        repo.forget_profile()


# --- the part a workflow definition carries ------------------------------------------------
def carried(changes: Mapping[str, Any] | None) -> dict:
    """The settings a draft carries, as given (nulls left out: the tenant's value then), or
    ``InvalidInput`` naming ``settings.<field>``: only what a definition depends on
    (WORKFLOW_POLICY, task_days), each by the settings API's own rule."""
    changes = changes or {}
    policy = {k: v for k, v in (changes.get("policy") or {}).items() if v is not None}
    days = {k: v for k, v in (changes.get("task_days") or {}).items() if v is not None}
    foreign = sorted(set(policy) - set(WORKFLOW_POLICY))
    if foreign:
        raise InvalidInput(
            "a draft carries only the settings a definition depends on",
            details={
                f"settings.policy.{name}": [
                    f"not a workflow setting ({', '.join(WORKFLOW_POLICY)}, task_days): "
                    "change it in the regency's settings"
                ]
                for name in foreign
            },
        )
    checked({"policy": policy, "task_days": days}, "settings.")
    return {part: value for part, value in (("policy", policy), ("task_days", days)) if value}


def effective(repo: TenantRepository, changes: Mapping[str, Any] | None) -> TenantSettings:
    """What a draft runs with: the tenant's settings now, the draft's own over them."""
    return checked(applied(plain(repo.profile().settings) or {}, changes), "settings.")


def workflow_part(settings: TenantSettings) -> dict:
    """What a published version records: every setting a definition depends on, in full."""
    policy = settings.policy.to_dict()
    return {
        "policy": {name: policy[name] for name in WORKFLOW_POLICY},
        "task_days": dict(settings.task_days),
    }


def differences(base: Mapping[str, Any] | None, other: Mapping[str, Any] | None) -> list[dict]:
    """The workflow settings two versions differ in, ``[{setting, base, other}]`` (a version
    recorded before versions carried settings: none, and nothing is compared)."""
    if not base or not other:
        return []
    old, new = _changed(
        {"policy": {}, "task_days": {}, **base}, {"policy": {}, "task_days": {}, **other}
    )
    return [
        {"setting": f"{part}.{name}", "base": old[part][name], "other": value}
        for part, values in sorted(new.items())
        for name, value in sorted(values.items())
    ]
