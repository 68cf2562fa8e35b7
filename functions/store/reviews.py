"""Talent review rounds: the round, its officials and the panel's scores, in the tenant
partition (``TREVIEW#``, ``TRO#<round>#``, ``TRS#<round>#``)."""

from __future__ import annotations

from functions.store import keys
from functions.store.base import Bound, _find, _get
from functions.store.records import ReviewOfficialRecord, ReviewScoreRecord, TalentReviewRecord


class Reviews(Bound):
    def new_review(self, review_id: str, **attrs) -> TalentReviewRecord:
        return TalentReviewRecord(self.pk, keys.review(review_id), review_id=review_id, **attrs)

    def review(self, review_id: str) -> TalentReviewRecord:
        return _get(TalentReviewRecord, self.pk, keys.review(review_id), f"review {review_id}")

    def reviews(self) -> list[TalentReviewRecord]:
        condition = TalentReviewRecord.sk.startswith(keys.REVIEW_PREFIX)
        return list(TalentReviewRecord.query(self.pk, condition))

    def new_review_official(self, review_id: str, nip: str, **attrs) -> ReviewOfficialRecord:
        return ReviewOfficialRecord(
            self.pk, keys.review_official(review_id, nip), review_id=review_id, nip=nip, **attrs
        )

    def review_official(self, review_id: str, nip: str) -> ReviewOfficialRecord:
        sk = keys.review_official(review_id, nip)
        return _get(ReviewOfficialRecord, self.pk, sk, f"official {nip} of review {review_id}")

    def review_officials(self, review_id: str) -> list[ReviewOfficialRecord]:
        condition = ReviewOfficialRecord.sk.startswith(keys.review_official(review_id))
        return list(ReviewOfficialRecord.query(self.pk, condition))

    def new_review_score(self, review_id: str, nip: str, member_nip: str, **attrs):
        return ReviewScoreRecord(
            self.pk, keys.review_score(review_id, nip, member_nip), review_id=review_id,
            nip=nip, member_nip=member_nip, **attrs,
        )  # fmt: skip

    def find_review_score(self, review_id: str, nip: str, member_nip: str):
        return _find(ReviewScoreRecord, self.pk, keys.review_score(review_id, nip, member_nip))

    def review_scores(self, review_id: str) -> list[ReviewScoreRecord]:
        condition = ReviewScoreRecord.sk.startswith(keys.review_score(review_id))
        return list(ReviewScoreRecord.query(self.pk, condition))
