"""The console's languages: Indonesian by default whatever the browser prefers, English chosen by
the footer's link (kept in a cookie), and a catalogue in which every text has its English."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from functions.console import i18n
from tests.functional.test_console import browser, signed_in  # noqa: F401  (fixture)

CONSOLE = Path(i18n.__file__).parent
ENGLISH = i18n.TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"


def test_pages_are_in_indonesian_even_for_an_english_browser(browser, stack):  # noqa: F811
    page = browser().get("/console/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="id">' in page.text
    assert "Langsung ke isi" in page.text


def test_the_footer_s_link_switches_to_english_and_back(browser, people):  # noqa: F811
    client = signed_in(browser, people[next(iter(people))]["key"])
    assert "Keluar" in client.get("/console/tasks").text
    chosen = client.get("/console/bahasa/en?next=/console/tasks")
    assert chosen.status_code == 302 and chosen.location.endswith("/console/tasks")
    assert "HttpOnly" in chosen.headers["Set-Cookie"]
    page = client.get("/console/tasks").text
    assert '<html lang="en">' in page and "Sign out" in page and "Keluar" not in page
    client.get("/console/bahasa/id")
    assert "Keluar" in client.get("/console/tasks").text


def test_choosing_a_language_goes_back_only_to_a_console_page(browser):  # noqa: F811
    client = browser()
    for elsewhere in ("https://example.org/", "//example.org/console/", "/docs"):
        answer = client.get("/console/bahasa/en", query_string={"next": elsewhere})
        assert answer.location.endswith("/console/")
    unknown = client.get("/console/bahasa/xx")
    assert "Set-Cookie" not in unknown.headers


def test_every_text_of_the_console_has_its_english():
    """A text added to a page without `make messages` and its translation fails here."""
    with open(ENGLISH, "rb") as po:
        english = {m.id: m.string for m in read_po(po) if m.id}
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    written = {
        found[2]
        for found in extract_from_dir(
            CONSOLE, method_map, keywords={"_": None, "gettext": None, "lazy_gettext": None}
        )
    }
    assert written, "no text of the console goes through the catalogue"
    untranslated = sorted(t for t in written if not english.get(t))
    assert not untranslated, f"without English (run `make messages`): {untranslated}"
