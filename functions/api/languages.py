"""The API's error messages in the caller's language: English by default, Bahasa Indonesia when
the request prefers it (``Accept-Language: id``). Only ``message`` and the rules in ``details``
change; the error ``code`` never does, so programs keep matching on it.

The messages are written in English where they are raised (functions/errors.py's hierarchy
knows nothing of languages, as its floor requires), so they are translated here, as the answer
leaves, by their message id: the catalogue's ids are the raised texts with ``%(name)s`` for
the parts an f-string fills in (``employee %(nip)s not found``), and a message matches the id
whose fixed parts it has. The catalogue is the Babel domain ``api`` (translations/id); ``make
messages`` extracts its ids from the ``raise`` statements (``extract_raises``) and from the
marshmallow and werkzeug texts listed below."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from flask_babel import Domain, get_locale

from functions.errors import KinerjaError

TRANSLATIONS = Path(__file__).parent / "translations"
DOMAIN = Domain(translation_directories=str(TRANSLATIONS), domain="api")
LANGUAGES = ("en", "id")
DEFAULT = "en"


def message_id(text: str) -> str:
    """A no-op marker: ``text`` is a message id of the ``api`` catalogue (for the extractor)."""
    return text


# What marshmallow, webargs and werkzeug say, as they fill in their templates ({min} etc.).
FOREIGN = (
    message_id("Missing data for required field."),
    message_id("Field may not be null."),
    message_id("Unknown field."),
    message_id("Invalid input type."),
    message_id("Invalid value."),
    message_id("Not a valid string."),
    message_id("Not a valid integer."),
    message_id("Not a valid number."),
    message_id("Not a valid boolean."),
    message_id("Not a valid date."),
    message_id("Not a valid datetime."),
    message_id("Not a valid list."),
    message_id("Not a valid mapping type."),
    message_id("Not a valid email address."),
    message_id("Not a valid URL."),
    message_id("Not a valid UUID."),
    message_id("Not a valid decimal."),
    message_id("Shorter than minimum length %(min)s."),
    message_id("Longer than maximum length %(max)s."),
    message_id("Length must be between %(min)s and %(max)s."),
    message_id("Length must be %(equal)s."),
    message_id("Must be greater than or equal to %(min)s."),
    message_id("Must be less than or equal to %(max)s."),
    message_id("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    message_id("Must be greater than %(min)s."),
    message_id("Must be less than %(max)s."),
    message_id("Must be one of: %(choices)s."),
    message_id("String does not match expected pattern."),
    message_id("Special numeric values (nan or infinity) are not permitted."),
    message_id("Invalid JSON body."),
    message_id(
        "The requested URL was not found on the server. If you entered the URL manually "
        "please check your spelling and try again."
    ),
    message_id("The method is not allowed for the requested URL."),
    message_id("storage is busy; try again"),  # StorageUnavailable's own
)


def language() -> str:
    """The API's language for this request: the caller's preference among ours, else English."""
    return str(get_locale() or DEFAULT)


def translated(text: Any) -> Any:
    """``text`` (a message, or the ``details`` of an error: rules by field, nested) in the
    request's language; what the catalogue does not know stays as it is."""
    if isinstance(text, str):
        return _translate(text)
    if isinstance(text, list | tuple):
        return [translated(item) for item in text]
    if isinstance(text, dict):
        return {key: translated(value) for key, value in text.items()}
    return text


def _translate(text: str) -> str:
    catalogue = getattr(DOMAIN.get_translations(), "_catalog", None)
    if not catalogue:  # English, or no compiled catalogue: the text as raised
        return text
    exact = catalogue.get(text)
    if exact:
        return exact
    for pattern, translation in _patterns(catalogue):
        found = pattern.fullmatch(text)
        if found:
            return translation % {k: _translate(v) for k, v in found.groupdict().items()}
    head, colon, rule = text.partition(": ")  # "field: rule", as a DomainError reads
    if colon and " " not in head:
        return f"{head}: {_translate(rule)}"
    return text


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


_PATTERNS: dict[int, tuple[tuple[re.Pattern, str], ...]] = {}


def _patterns(catalogue: dict) -> tuple[tuple[re.Pattern, str], ...]:
    """Each message id with placeholders as a pattern its messages match, the most specific
    (longest fixed text) first; made once per catalogue (Flask-Babel keeps one per language)."""
    if id(catalogue) not in _PATTERNS:
        _PATTERNS[id(catalogue)] = _compiled(catalogue)
    return _PATTERNS[id(catalogue)]


def _compiled(catalogue: dict) -> tuple[tuple[re.Pattern, str], ...]:
    found = []
    for msgid, msgstr in catalogue.items():
        if not isinstance(msgid, str) or "%(" not in msgid or not msgstr:
            continue
        fixed = [re.escape(part.replace("%%", "%")) for part in _PLACEHOLDER.split(msgid)[::2]]
        names = _PLACEHOLDER.findall(msgid)
        regex = fixed[0] + "".join(
            f"(?P<{n}>.+?){f}" for n, f in zip(names, fixed[1:], strict=True)
        )
        found.append((len(_PLACEHOLDER.sub("", msgid)), re.compile(regex, re.S), msgstr))
    found.sort(key=lambda entry: -entry[0])
    return tuple((pattern, msgstr) for _, pattern, msgstr in found)


# --- the extractor `make messages` runs (babel's method ``raises``, functions/api/babel.cfg) ---
def extract_raises(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """The message ids of a Python file: the message of every error of functions/errors.py
    made there (raised or returned; a domain error's rule, its second argument), of
    marshmallow's ``ValidationError`` and validators (``error=``), of ``error_response(...)``
    and each ``message_id(...)``;
    f-strings become ids with ``%(name)s`` where they fill in a value."""
    for call in ast.walk(ast.parse(fileobj.read())):
        if not isinstance(call, ast.Call):
            continue
        for keyword in call.keywords:  # a marshmallow validator's own words: error="..."
            text = _message_id(keyword.value) if keyword.arg == "error" else None
            if text:
                yield call.lineno, None, text, []
        name = getattr(call.func, "id", getattr(call.func, "attr", ""))
        at = _ARGUMENT.get(name, 0 if name in _errors() else None)
        if at is None or len(call.args) <= at:
            continue
        text = _message_id(call.args[at])
        if text and re.search(r"[A-Za-z]{2}", text):
            yield call.lineno, None, text, []


# Which argument holds the message when it is not the first: a domain error's rule is its
# second (the first names the field), error_response's message its third.
_DOMAIN_ERRORS = ("InvalidValue", "MissingInput", "PolicyError", "NipError", "SkpError")
_ARGUMENT = {"error_response": 2, "message_id": 0} | {
    name: 1 for name in (*_DOMAIN_ERRORS, "DomainError", "RosterError")
}


@cache
def _errors() -> frozenset[str]:
    """The names of the project's errors (and of the two defined beside their services)."""
    found, todo = set(), [KinerjaError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return frozenset(found | {"ValidationError", "UnreadableAnswer", "ImportRejected"})


def _message_id(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if not isinstance(node, ast.JoinedStr):
        return None
    parts, used = [], set()
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value).replace("%", "%%"))
        elif isinstance(value, ast.FormattedValue):
            base = getattr(value.value, "attr", getattr(value.value, "id", "value"))
            name, n = base, 2
            while name in used:
                name, n = f"{base}{n}", n + 1
            used.add(name)
            parts.append(f"%({name})s")
    return "".join(parts)
