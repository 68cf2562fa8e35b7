"""A cycle's records: the cycle, its SKP, realisations, assessments, coaching, decision,
failures, keberatan, revisions and feedback."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from functions.errors import NotFound
from functions.store import keys
from functions.store.base import Bound, _find, _get
from functions.store.records import (
    AssessmentRecord,
    CoachingRecord,
    CycleRecord,
    DecisionRecord,
    FailureRecord,
    FeedbackRecord,
    KeberatanRecord,
    RealisasiRecord,
    Record,
    RevisionRecord,
    SkpRecord,
    UnitSummaryRecord,
)


class Cycles(Bound):
    def cycle_pk(self, nip: str, year: int) -> str:
        return keys.cycle(self.tenant_id, nip, year)

    def new_cycle(self, nip: str, year: int, unit_id: str, **attrs) -> CycleRecord:
        return CycleRecord(
            self.cycle_pk(nip, year),
            keys.CYCLE,
            nip=nip,
            year=year,
            ref=keys.new_cycle_ref(),
            unit_id=unit_id,
            gsi1pk=keys.cycles_of_year(self.tenant_id, year),
            gsi1sk=keys.unit_cycle(unit_id, nip),
            **attrs,
        )

    def cycle(self, nip: str, year: int) -> CycleRecord:
        return _get(CycleRecord, self.cycle_pk(nip, year), keys.CYCLE, f"cycle {nip}/{year}")

    def find_cycle(self, nip: str, year: int) -> CycleRecord | None:
        return _find(CycleRecord, self.cycle_pk(nip, year), keys.CYCLE)

    def cycles(self, year: int) -> list[CycleRecord]:
        return list(CycleRecord.by_gsi1.query(keys.cycles_of_year(self.tenant_id, year)))

    def unit_cycles(self, year: int, unit_ids: Iterable[str]) -> list[CycleRecord]:
        """The year's cycles listed under these units (a unit and those below it, for a tree
        scope): one index query per unit on the sort key's ``"{unit_id}#"`` prefix, so a unit
        view reads its own cycles, not the tenant's. In unit, then NIP order."""
        pk = keys.cycles_of_year(self.tenant_id, year)
        return [
            cycle
            for unit_id in sorted(set(unit_ids))
            for cycle in CycleRecord.by_gsi1.query(
                pk, CycleRecord.gsi1sk.startswith(keys.unit_cycles_prefix(unit_id))
            )
        ]

    def cycle_listing(
        self, year: int, unit_prefix: str, start: dict | None, page_size: int
    ) -> Iterator[CycleRecord]:
        """The year's cycles by unit and NIP (those of units starting ``unit_prefix``), from the
        key ``start`` on, read ``page_size`` at a time."""
        condition = CycleRecord.gsi1sk.startswith(unit_prefix) if unit_prefix else None
        pk = keys.cycles_of_year(self.tenant_id, year)
        return CycleRecord.by_gsi1.query(
            pk, condition, last_evaluated_key=start, page_size=page_size
        )

    def unit_summaries(self, year: int) -> list[UnitSummaryRecord]:
        """The year's per-unit counters (store/counters.py), in one query of the tenant
        partition: keys.UNIT_SUMMARY_SHARDS items per unit that has cycles."""
        condition = UnitSummaryRecord.sk.startswith(keys.unit_summaries_prefix(year))
        return list(UnitSummaryRecord.query(self.pk, condition))

    def new_unit_summary(self, year: int, sk: str, unit_id: str) -> UnitSummaryRecord:
        return UnitSummaryRecord(self.pk, sk, unit_id=unit_id, year=year)

    def new_skp(self, nip: str, year: int, **attrs) -> SkpRecord:
        return SkpRecord(self.cycle_pk(nip, year), keys.SKP, nip=nip, year=year, **attrs)

    def skp(self, nip: str, year: int) -> SkpRecord:
        return _get(SkpRecord, self.cycle_pk(nip, year), keys.SKP, f"SKP {nip}/{year}")

    def find_skp(self, nip: str, year: int) -> SkpRecord | None:
        return _find(SkpRecord, self.cycle_pk(nip, year), keys.SKP)

    def skps(self, cycles: Iterable[CycleRecord]) -> dict[str, SkpRecord]:
        """The SKPs of these cycles (those that have one) by NIP, in one batch read."""
        return {s.nip: s for s in SkpRecord.batch_get([(c.pk, keys.SKP) for c in cycles])}

    def new_realisasi(self, nip: str, year: int, period: int, iki_id: str, **attrs):
        sk = keys.realisasi(period, iki_id)
        return RealisasiRecord(self.cycle_pk(nip, year), sk, period=period, iki_id=iki_id, **attrs)

    def realisasi(self, nip: str, year: int, period: int | None = None) -> list[RealisasiRecord]:
        condition = RealisasiRecord.sk.startswith(keys.realisasi_prefix(period))
        return list(RealisasiRecord.query(self.cycle_pk(nip, year), condition))

    def assessment(self, nip: str, year: int, period: int) -> AssessmentRecord | None:
        """Period 0 is the annual assessment."""
        return _find(AssessmentRecord, self.cycle_pk(nip, year), self._assessment_sk(period))

    def new_assessment(self, nip: str, year: int, period: int, **attrs) -> AssessmentRecord:
        pk = self.cycle_pk(nip, year)
        return AssessmentRecord(pk, self._assessment_sk(period), period=period, **attrs)

    def assessments(self, nip: str, year: int) -> list[AssessmentRecord]:
        condition = AssessmentRecord.sk.startswith(keys.ASSESSMENT_PREFIX)
        return list(AssessmentRecord.query(self.cycle_pk(nip, year), condition))

    def period_assessments(
        self, wanted: Iterable[tuple[str, int, int]]
    ) -> dict[tuple, AssessmentRecord]:
        """The assessments of these (nip, year, period) that exist, in one batch read."""
        by_key = {(self.cycle_pk(n, y), self._assessment_sk(p)): (n, y, p) for n, y, p in wanted}
        found = AssessmentRecord.batch_get(list(by_key))
        return {by_key[(a.pk, a.sk)]: a for a in found}

    @staticmethod
    def _assessment_sk(period: int) -> str:
        return keys.ANNUAL if period == 0 else keys.assessment(period)

    def new_coaching(self, nip: str, year: int, period: int, task_id: str, **attrs):
        sk = keys.coaching(period, task_id)
        pk = self.cycle_pk(nip, year)
        return CoachingRecord(pk, sk, period=period, task_id=task_id, **attrs)

    def coachings(self, nip: str, year: int) -> list[CoachingRecord]:
        condition = CoachingRecord.sk.startswith(keys.COACHING_PREFIX)
        return list(CoachingRecord.query(self.cycle_pk(nip, year), condition))

    def annual_assessments(self, cycles: Iterable[CycleRecord]) -> list[AssessmentRecord]:
        """The annual assessments of these cycles (those that have one), in one batch read."""
        return list(AssessmentRecord.batch_get([(c.pk, keys.ANNUAL) for c in cycles]))

    def decisions(self, cycles: Iterable[CycleRecord]) -> list[DecisionRecord]:
        """The decisions of these cycles (those that have one), in one batch read."""
        return list(DecisionRecord.batch_get([(c.pk, keys.DECISION) for c in cycles]))

    def new_decision(self, nip: str, year: int, **attrs) -> DecisionRecord:
        return DecisionRecord(self.cycle_pk(nip, year), keys.DECISION, **attrs)

    def decision(self, nip: str, year: int) -> DecisionRecord | None:
        return _find(DecisionRecord, self.cycle_pk(nip, year), keys.DECISION)

    def new_failure(self, nip: str, year: int, execution: str, **attrs) -> FailureRecord:
        sk = keys.failure(execution)
        return FailureRecord(self.cycle_pk(nip, year), sk, execution=execution, **attrs)

    def failures(self, nip: str, year: int) -> list[FailureRecord]:
        condition = FailureRecord.sk.startswith("FAIL#")
        return list(FailureRecord.query(self.cycle_pk(nip, year), condition))

    def new_keberatan(self, nip: str, year: int, **attrs) -> KeberatanRecord:
        return KeberatanRecord(self.cycle_pk(nip, year), keys.KEBERATAN, **attrs)

    def keberatan(self, nip: str, year: int) -> KeberatanRecord:
        found = _find(KeberatanRecord, self.cycle_pk(nip, year), keys.KEBERATAN)
        if found is None:
            raise NotFound(f"no keberatan on {nip}/{year}")
        return found

    def revisions(self, nip: str, year: int) -> list[RevisionRecord]:
        condition = RevisionRecord.sk.startswith(keys.REVISION_PREFIX)
        return list(RevisionRecord.query(self.cycle_pk(nip, year), condition))

    def feedback(self, nip: str, year: int) -> list[FeedbackRecord]:
        condition = FeedbackRecord.sk.startswith(keys.FEEDBACK_PREFIX)
        return list(FeedbackRecord.query(self.cycle_pk(nip, year), condition))

    def cycle_records(self, nip: str, year: int) -> list[Record]:
        """Everything stored for one cycle, in one query (typed by the discriminator)."""
        return list(Record.query(self.cycle_pk(nip, year)))
