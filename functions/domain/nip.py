"""NIP, the 18-digit civil-servant number (regulation.md §8): birth date YYYYMMDD, appointment
YYYYMM, sex digit (1 male, 2 female), 3-digit sequence. Reading it catches typos that would
otherwise attach a cycle to the wrong person.

A PPPK's number as BKN issues it (Nomor Induk PPPK) differs in digits 13-14: after the year of
the first appointment comes the number of the work agreement (e.g. ``21``), not a month
(``199203032022211005``). ``parse_nip(nip, "pppk")`` reads that form, ``"pns"`` (the default)
the PNS one; ``None`` (a NIP whose holder's kind is not known, e.g. a penilai named) either."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from functions.domain.errors import NipError

NIP_LENGTH = 18
EARLIEST_BIRTH_YEAR = 1900
_SEX = {"1": "L", "2": "P"}


@dataclass(frozen=True)
class NipInfo:
    birth_date: date
    appointment: tuple[int, int | None]  # (year, month) as CPNS; a PPPK's: (year, None)
    sex: str  # "L" (laki-laki) or "P" (perempuan)
    sequence: int
    agreement: int | None = None  # a PPPK's digits 13-14: the number of the work agreement


def normal_nip(nip: str) -> str:
    """The NIP without the spaces it is often printed with ("19800101 200501 1 001")."""
    if not isinstance(nip, str):
        raise NipError("nip", "a NIP is text of 18 digits")
    return "".join(nip.split())


def parse_nip(nip: str, asn_kind: str | None = "pns", today: date | None = None) -> NipInfo:
    """What a NIP says; ``NipError`` (field "nip") names the part that cannot be right.
    ``asn_kind``: "pns", "pppk" (digits 13-14 are not a month), or None for either. With
    ``today``, a birth date after it is refused too (a NIP of someone not yet born)."""
    digits = normal_nip(nip)
    if len(digits) != NIP_LENGTH or not digits.isascii() or not digits.isdigit():
        raise NipError("nip", f"a NIP has exactly {NIP_LENGTH} digits")
    try:
        born = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NipError("nip", f"digits 1-8 ({digits[:8]}) are not a possible birth date") from None
    if born.year < EARLIEST_BIRTH_YEAR:
        raise NipError("nip", f"digits 1-4 ({digits[:4]}) are not a possible birth year")
    if today is not None and born > today:
        raise NipError("nip", f"digits 1-8 ({digits[:8]}) are a birth date after today ({today})")
    year, month = int(digits[8:12]), int(digits[12:14])
    pppk = asn_kind == "pppk" or (asn_kind is None and not 1 <= month <= 12)
    if pppk and year < born.year:
        raise NipError("nip", "the appointment year (digits 9-12) cannot precede the birth year")
    if not pppk and not 1 <= month <= 12:
        raise NipError("nip", f"digits 13-14 ({digits[12:14]}) are not an appointment month")
    if not pppk and (year, month) < (born.year, born.month):
        raise NipError("nip", "the appointment (digits 9-14) cannot precede the birth date")
    if digits[14] not in _SEX:
        raise NipError("nip", f"digit 15 ({digits[14]}) is the sex: 1 (male) or 2 (female)")
    if pppk:  # Nomor Induk PPPK: digits 13-14 number the work agreement
        return NipInfo(born, (year, None), _SEX[digits[14]], int(digits[15:]), agreement=month)
    return NipInfo(born, (year, month), _SEX[digits[14]], int(digits[15:]))


def is_valid_nip(nip: str) -> bool:
    try:
        parse_nip(nip)
    except NipError:
        return False
    return True
