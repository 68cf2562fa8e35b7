"""Text a person typed (a name, a position): plausible or refused by name, the same rule for the
API and for imports. Blank text (spaces only), a lone UTF-16 surrogate (half of a character,
which no storage can encode) and, in single-line text, control characters are refused."""

from __future__ import annotations

import unicodedata

from functions.domain.errors import InvalidValue

_SURROGATES = range(0xD800, 0xE000)


def check_text(field: str, text: str, *, single_line: bool = True) -> str:
    """``text`` unchanged, or an ``InvalidValue`` naming ``field`` and the rule it broke."""
    if any(ord(c) in _SURROGATES for c in text):
        raise InvalidValue(field, "contains a lone UTF-16 surrogate, half of a character")
    if not "".join(c for c in text if unicodedata.category(c)[0] not in "ZC"):
        raise InvalidValue(field, "blank: spaces or invisible characters only")
    allowed = "" if single_line else "\n\r\t"
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
        raise InvalidValue(field, "contains a control character")
    return text
