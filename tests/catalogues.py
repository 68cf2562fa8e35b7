"""The compiled catalogues (.mo) the language tests read, made from the committed .po when
missing or older, as `make assets` makes them, so the tests hold without running it first."""

from __future__ import annotations

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from functions.api import languages
from functions.console import i18n

CATALOGUES = (
    i18n.TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po",
    languages.TRANSLATIONS / "id" / "LC_MESSAGES" / "api.po",
)


def compile_catalogues() -> None:
    for source in CATALOGUES:
        target = source.with_suffix(".mo")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        with open(source, "rb") as po:
            catalogue = read_po(po)
        with open(target, "wb") as mo:
            write_mo(mo, catalogue)
