"""The UI is Russian (the source text); the English catalogue must cover every string."""

import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "nastavnik" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[tuple[str, str, bool]]:
    entries = []
    for block in text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if not match or "msgid_plural" in block:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        msgstr = "".join(re.findall(r'"(.*)"', match.group(2)))
        if msgid:
            entries.append((msgid, msgstr, "#, fuzzy" in block))
    return entries


def test_every_russian_string_has_an_english_translation():
    entries = _entries(CATALOGUE.read_text(encoding="utf-8"))
    assert entries, "the English catalogue is empty"
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert missing == []


def test_compiled_catalogue_exists():
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists()
    assert compiled.stat().st_size > 0


def test_russian_by_default_whatever_the_browser_asks(client, alice):
    client.force_login(alice)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Менеджер по продажам" in page


def test_english_when_chosen(client, alice):
    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Sales manager" in page
    assert "Менеджер по продажам" not in page
