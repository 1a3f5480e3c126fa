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
