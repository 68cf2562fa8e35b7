"""A tenant's profile, units and their positions, employees and their development."""

from __future__ import annotations

import time
from collections.abc import Iterable

from pynamodb.exceptions import DoesNotExist

from functions.errors import NotFound
from functions.store import keys, pages
from functions.store.base import Bound, _find, _get
from functions.store.records import (
    CycleRecord,
    DevelopmentPlanRecord,
    DevelopmentPolicyRecord,
    DevelopmentRecord,
    EmployeeRecord,
    PositionRecord,
    TenantRecord,
    UnitRecord,
    UnitResultRecord,
)

PROFILE_TTL = 10.0  # seconds a process keeps a tenant's profile (its settings)
_profiles: dict[str, tuple[float, TenantRecord]] = {}


class People(Bound):
    def profile(self) -> TenantRecord:
        """The tenant's profile, read at most every PROFILE_TTL seconds per process: every step
        and request needs its settings, which change rarely (a change applies within the TTL)."""
        cached = _profiles.get(self.tenant_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        profile = _get(TenantRecord, self.pk, keys.PROFILE, f"tenant {self.tenant_id}")
        _profiles[self.tenant_id] = (time.monotonic() + PROFILE_TTL, profile)
        return profile

    def forget_profile(self) -> None:
        _profiles.pop(self.tenant_id, None)

    def fresh_profile(self) -> TenantRecord:
        """The profile read afresh and uncached (the copy to edit, not the one requests share)."""
        try:
            return TenantRecord.get(self.pk, keys.PROFILE, consistent_read=True)
        except DoesNotExist:
            raise NotFound(f"tenant {self.tenant_id} not found") from None

    def new_profile(self, **attrs) -> TenantRecord:
        return TenantRecord(self.pk, keys.PROFILE, tenant_id=self.tenant_id, **attrs)

    def new_unit(self, unit_id: str, **attrs) -> UnitRecord:
        return UnitRecord(self.pk, keys.unit(unit_id), unit_id=unit_id, **attrs)

    def find_unit(self, unit_id: str) -> UnitRecord | None:
        return _find(UnitRecord, self.pk, keys.unit(unit_id))

    def units(self) -> list[UnitRecord]:
        return list(UnitRecord.query(self.pk, UnitRecord.sk.startswith(keys.UNIT_PREFIX)))

    def units_page(self, limit: int, cursor: str | None) -> tuple[list[UnitRecord], str | None]:
        return pages.page(
            lambda start, size: UnitRecord.query(
                self.pk, UnitRecord.sk.startswith(keys.UNIT_PREFIX), limit=size,
                last_evaluated_key=start,
            ),
            limit=limit, cursor=cursor, partition={"pk": self.pk}, attributes=("pk", "sk"),
            prefixes={"sk": keys.UNIT_PREFIX},
        )  # fmt: skip

    def employees_page(
        self, limit: int, cursor: str | None, unit_id: str | None = None
    ) -> tuple[list[EmployeeRecord], str | None]:
        condition = EmployeeRecord.unit_id == unit_id if unit_id else None
        return pages.page(
            lambda start, size: EmployeeRecord.query(
                self.pk, EmployeeRecord.sk.startswith(keys.EMPLOYEE_PREFIX),
                filter_condition=condition, limit=size, last_evaluated_key=start,
            ),
            limit=limit, cursor=cursor, partition={"pk": self.pk}, attributes=("pk", "sk"),
            prefixes={"sk": keys.EMPLOYEE_PREFIX},
        )  # fmt: skip

    def new_employee(self, nip: str, penilai_nip: str | None = None, **attrs) -> EmployeeRecord:
        return EmployeeRecord(
            self.pk,
            keys.employee(nip),
            nip=nip,
            penilai_nip=penilai_nip,
            gsi1pk=keys.subordinates_of(self.tenant_id, penilai_nip) if penilai_nip else None,
            gsi1sk=keys.employee(nip) if penilai_nip else None,
            **attrs,
        )

    def new_unit_result(self, unit_id: str, year: int) -> UnitResultRecord:
        return UnitResultRecord(
            self.pk, keys.unit_result(unit_id, year), unit_id=unit_id, year=year
        )

    def unit_result(self, unit_id: str, year: int) -> UnitResultRecord | None:
        return _find(UnitResultRecord, self.pk, keys.unit_result(unit_id, year))

    def new_position(self, unit_id: str, position_id: str, **attrs) -> PositionRecord:
        return PositionRecord(
            self.pk, keys.position(unit_id, position_id), unit_id=unit_id,
            position_id=position_id, **attrs,
        )  # fmt: skip

    def find_position(self, unit_id: str, position_id: str) -> PositionRecord | None:
        return _find(PositionRecord, self.pk, keys.position(unit_id, position_id))

    def positions(self, unit_id: str | None = None) -> list[PositionRecord]:
        """A unit's positions (all the regency's without one), by unit and id."""
        prefix = keys.positions_of(unit_id) if unit_id else keys.POSITION_PREFIX
        return list(PositionRecord.query(self.pk, PositionRecord.sk.startswith(prefix)))

    def new_development_plan(self, nip: str, year: int) -> DevelopmentPlanRecord:
        return DevelopmentPlanRecord(self.pk, keys.development_plan(year, nip), nip=nip, year=year)

    def development_plan(self, nip: str, year: int) -> DevelopmentPlanRecord | None:
        return _find(DevelopmentPlanRecord, self.pk, keys.development_plan(year, nip))

    def new_development_record(
        self, nip: str, year: int, record_id: str, **attrs
    ) -> DevelopmentRecord:
        return DevelopmentRecord(
            self.pk, keys.development_record(year, nip, record_id), nip=nip, year=year,
            record_id=record_id, **attrs,
        )  # fmt: skip

    def development_records(self, year: int, nip: str | None = None) -> list[DevelopmentRecord]:
        """A year's development activities done (one employee's with ``nip``)."""
        prefix = keys.development_records_of(year, nip)
        return list(DevelopmentRecord.query(self.pk, DevelopmentRecord.sk.startswith(prefix)))

    def development_plans(self, year: int) -> list[DevelopmentPlanRecord]:
        condition = DevelopmentPlanRecord.sk.startswith(keys.development_plans_of(year))
        return list(DevelopmentPlanRecord.query(self.pk, condition))

    def new_development_policy(self, policy_id: str, **attrs) -> DevelopmentPolicyRecord:
        return DevelopmentPolicyRecord(
            self.pk, keys.development_policy(policy_id), policy_id=policy_id, **attrs
        )

    def find_development_policy(self, policy_id: str) -> DevelopmentPolicyRecord | None:
        return _find(DevelopmentPolicyRecord, self.pk, keys.development_policy(policy_id))

    def development_policies(self) -> list[DevelopmentPolicyRecord]:
        condition = DevelopmentPolicyRecord.sk.startswith(keys.DEVPOLICY_PREFIX)
        return list(DevelopmentPolicyRecord.query(self.pk, condition))

    def employee(self, nip: str) -> EmployeeRecord:
        return _get(EmployeeRecord, self.pk, keys.employee(nip), f"employee {nip}")

    def find_employee(self, nip: str) -> EmployeeRecord | None:
        return _find(EmployeeRecord, self.pk, keys.employee(nip))

    def employees(self) -> list[EmployeeRecord]:
        return list(
            EmployeeRecord.query(self.pk, EmployeeRecord.sk.startswith(keys.EMPLOYEE_PREFIX))
        )

    def employees_of(self, nips: Iterable[str]) -> dict[str, EmployeeRecord]:
        """These employees (those that exist) by NIP, in one batch read."""
        wanted = [(self.pk, keys.employee(nip)) for nip in set(nips)]
        return {e.nip: e for e in EmployeeRecord.batch_get(wanted)}

    def unit_employees(
        self, cycles: Iterable[CycleRecord], unit_ids: Iterable[str]
    ) -> list[EmployeeRecord]:
        """The employees of these units who have one of ``cycles`` (a unit's cycles of a year,
        :meth:`Cycles.unit_cycles`), in one batch read of just them. A cycle's index entry is the
        unit's roster of the year (moving an employee moves their open cycles with them), so no
        index of employees by unit is kept; one whose record now names another unit (moved
        after their cycle ended) is left out, as a filter of :meth:`employees` by unit does."""
        inside = set(unit_ids)
        found = self.employees_of(c.nip for c in cycles).values()
        return sorted((e for e in found if e.unit_id in inside), key=lambda e: (e.unit_id, e.nip))

    def subordinates(self, penilai_nip: str) -> list[EmployeeRecord]:
        pk = keys.subordinates_of(self.tenant_id, penilai_nip)
        return list(EmployeeRecord.by_gsi1.query(pk))
