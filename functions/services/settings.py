"""A tenant's settings: the domain policy and the deadlines of its human tasks."""

from __future__ import annotations

from dataclasses import dataclass

from functions.domain import Policy
from functions.domain.stages import DEFAULT_TASK_DAYS
from functions.store.records import TenantRecord, plain


@dataclass(frozen=True)
class TenantSettings:
    policy: Policy
    task_days: dict[str, float]

    @classmethod
    def of(cls, profile: TenantRecord) -> TenantSettings:
        raw = plain(profile.settings) or {}
        days = {**DEFAULT_TASK_DAYS, **{k: float(v) for k, v in raw.get("task_days", {}).items()}}
        return cls(policy=Policy.from_dict(raw.get("policy", {})), task_days=days)

    def timeouts(self) -> dict[str, int]:
        """Task deadlines in whole seconds, as Step Functions wants them (at least 1)."""
        return {kind: max(1, round(days * 86400)) for kind, days in self.task_days.items()}

    def to_dict(self) -> dict:
        return {"policy": self.policy.to_dict(), "task_days": dict(self.task_days)}
