"""The console's languages: Indonesian by default whatever the browser prefers, English chosen by
the footer's link (kept in a cookie), and a catalogue in which every text has its English."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from functions.console import i18n
from functions.console.labels import label
from tests.catalogues import compile_catalogues
from tests.functional.conftest import YEAR
from tests.functional.test_console import browser, signed_in  # noqa: F401  (fixture)

compile_catalogues()
CONSOLE = Path(i18n.__file__).parent
ENGLISH = i18n.TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None}


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
            CONSOLE, method_map, keywords={**KEYWORDS, "ngettext": (1, 2)}
        )
    }
    assert written, "no text of the console goes through the catalogue"
    untranslated = sorted(str(t) for t in written if not _translated(english.get(t)))
    assert not untranslated, f"without English (run `make messages`): {untranslated}"


def _translated(english) -> bool:
    """A translation, with each of its plural forms for a count."""
    return all(english) if isinstance(english, tuple) else bool(english)


def _indonesian_texts() -> set[str]:
    """The catalogue's Indonesian texts that English writes otherwise."""
    with open(ENGLISH, "rb") as po:
        return {m.id for m in read_po(po) if m.id and m.string and m.string != m.id}


def _visible(html: str, tags: str) -> list[str]:
    """The texts of the page's ``tags`` (headings, table heads, buttons...), tags stripped."""
    found = re.findall(rf"<({tags})\b[^>]*>(.*?)</\1>", html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for _, text in found]


def test_pages_in_english_keep_no_indonesian_in_their_headings(browser, stack):  # noqa: F811
    client = signed_in(browser, stack.sample.admin_key)
    client.get("/console/bahasa/en")
    units = client.get("/console/units").text
    unit = re.search(r'href="(/console/units/[^"?]+)', units).group(1)
    indonesian = _indonesian_texts()
    for path in ("/console/", "/console/units", unit, "/console/tasks", f"{unit}/talent"):
        page = client.get(path)
        assert page.status_code == 200, path
        shown = _visible(page.text, "title|h1|h2|h3|th|caption|nav|label|button|legend|summary")
        assert shown, path
        left = [text for text in shown if text in indonesian or text.rstrip(".") in indonesian]
        assert not left, f"{path} still in Indonesian: {left}"
        assert '<html lang="en">' in page.text
    home = client.get("/console/").text
    assert "Progress per work unit" in home and "Overdue tasks" in home


def test_the_words_of_codes_follow_the_language(browser, stack):  # noqa: F811
    app = stack.server.app
    with app.test_request_context("/console/", headers={"Cookie": f"{i18n.COOKIE}=en"}):
        assert label("predikat", "butuh_perbaikan") == "Needs Improvement"
        assert label("stage", "plan") == "Performance planning"
        assert label("predikat", "unknown_code") == "unknown_code"
    with app.test_request_context("/console/"):
        assert label("predikat", "butuh_perbaikan") == "Butuh Perbaikan"


def test_an_skp_to_review_in_english(browser, approval):  # noqa: F811
    head, member, _ = approval
    client = signed_in(browser, head.key)
    client.get("/console/bahasa/en")
    page = client.get(f"/console/cycles/{member}/{YEAR}").text
    assert "Approve the SKP" in page and "Return the SKP" in page
    assert "Individual performance indicator" in page and "Submitted" in page
    assert re.search(r"awaits your approval until [A-Z][a-z]{2} \d{1,2}, \d{4}\.", page)  # a date
    indonesian = _indonesian_texts()
    shown = _visible(page, "title|h1|h2|h3|th|dt|label|button")
    assert not [text for text in shown if text in indonesian], shown
