"""The rules at a regency's scale: the distribution check of every unit and the 9-box placement
(with the whole follow-up: angka kredit, flags, tukin) of every employee, for 10,000 employees.

Pure domain code, as the decide step and the distribution endpoint run it; what DynamoDB adds
on top is the reads, which the demo's cost figures count. Each figure is the median of several
runs on the same generated regency (fixed seed), in milliseconds.
"""

from __future__ import annotations

import random
import statistics
import time

from functions.domain import (
    OrgPredikat,
    Policy,
    Predikat,
    check_distribution,
    follow_up,
    potensi_from_scores,
)

EMPLOYEES = 10_000
UNITS = 40  # perangkat daerah of a large kabupaten: 250 people each
RUNS = 7
WEIGHTS = {  # a plausible spread of predikat before any correction
    Predikat.SANGAT_BAIK: 18, Predikat.BAIK: 70, Predikat.BUTUH_PERBAIKAN: 8,
    Predikat.KURANG: 3, Predikat.SANGAT_KURANG: 1,
}  # fmt: skip
JENJANG = (None, None, "ahli_pertama", "ahli_muda", "terampil", "mahir")


def regency(seed: int = 6) -> list[dict]:
    rng = random.Random(seed)
    orgs = list(OrgPredikat)
    people = []
    for n in range(EMPLOYEES):
        people.append({
            "nip": f"{n:018d}",
            "unit": n % UNITS,
            "org": orgs[(n % UNITS) % len(orgs)],
            "predikat": rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0],
            "standing": rng.uniform(60, 130),
            "asn_kind": "pppk" if rng.random() < 0.2 else "pns",
            "jenjang": rng.choice(JENJANG),
            "scores": {k: rng.uniform(40, 98) for k in ("manajerial", "sosial_kultural", "teknis")},
        })  # fmt: skip
    return people


def distribution_checks(people: list[dict], policy: Policy) -> int:
    units: dict[int, list[dict]] = {}
    for person in people:
        units.setdefault(person["unit"], []).append(person)
    broken = 0
    for members in units.values():
        report = check_distribution(
            members[0]["org"],
            {p["nip"]: p["predikat"] for p in members},
            policy,
            head_nip=members[0]["nip"],
            standing={p["nip"]: p["standing"] for p in members},
        )
        broken += len(report.violations)
    return broken


def placements(people: list[dict], policy: Policy) -> int:
    succession = 0
    for p in people:
        decided = follow_up(
            predikat=p["predikat"],
            asn_kind=p["asn_kind"],
            jenjang=p["jenjang"],
            months=12,
            potensi=potensi_from_scores(**p["scores"], policy=policy),
            policy=policy,
        )
        succession += decided.box >= 7
    return succession


def _median_ms(work, *args) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = work(*args)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), result


def main() -> dict:
    people, policy = regency(), Policy()
    check_ms, violations = _median_ms(distribution_checks, people, policy)
    whole_ms, _ = _median_ms(
        lambda: check_distribution(
            OrgPredikat.BAIK, {p["nip"]: p["predikat"] for p in people}, policy
        )
    )
    box_ms, succession = _median_ms(placements, people, policy)
    figures = {
        "employees": EMPLOYEES,
        "units": UNITS,
        "distribution_check_all_units_ms": check_ms,
        "distribution_check_one_unit_of_10000_ms": whole_ms,
        "violations_found": violations,
        "nine_box_and_follow_up_ms": box_ms,
        "succession_candidates": succession,
    }
    print(figures)
    return figures


if __name__ == "__main__":
    main()
