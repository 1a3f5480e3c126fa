"""Match keys for the client duplicate check: company name, surname, phone, e-mail, website, INN.

A key is for comparing, never for display: two ways of writing the same thing give the same key.
"""

import re
from collections.abc import Collection
from functools import lru_cache
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from nastavnik.lib.inn import InnError, normalize_inn
from nastavnik.lib.phone import PhoneError, normalize_phone, split_extension

# Long forms before short ones: "акционерное общество" is a part of "публичное акционерное общество".
LEGAL_FORM_PHRASES = (
    "общество с ограниченной ответственностью",
    "публичное акционерное общество",
    "непубличное акционерное общество",
    "закрытое акционерное общество",
    "открытое акционерное общество",
    "акционерное общество",
    "индивидуальный предприниматель",
    "limited liability company",
    "joint stock company",
)
LEGAL_FORM_WORDS = frozenset(
    {
        "ооо", "ао", "пао", "зао", "оао", "нао", "ип", "нко", "ано", "тоо", "гуп", "муп", "фгуп",
        "llc", "ltd", "jsc", "ooo", "zao", "oao", "pao", "inc",
    }
)  # fmt: skip

PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "mail.ru", "bk.ru", "list.ru", "inbox.ru", "internet.ru", "yandex.ru", "ya.ru", "yandex.com",
        "rambler.ru", "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "icloud.com",
        "me.com", "yahoo.com", "proton.me", "protonmail.com", "qip.ru", "ukr.net", "tut.by",
    }
)  # fmt: skip

# Second-level zones sold like top-level ones, and site builders whose subdomain is the client's own site:
# for both the registrable domain keeps one more label (shop.example.com.ru → example.com.ru).
SHARED_SUFFIXES = frozenset(
    {
        "com.ru", "net.ru", "org.ru", "pp.ru", "msk.ru", "spb.ru", "msk.su", "spb.su",
        "co.uk", "org.uk", "com.ua", "org.ua", "kiev.ua", "com.kz", "org.kz", "com.by",
        "narod.ru", "ucoz.ru", "ucoz.net", "tilda.ws", "nethouse.ru", "wixsite.com", "blogspot.com", "github.io",
    }
)  # fmt: skip

# Pages on these hosts belong to whoever is named in the first path segment (vk.com/romashka);
# the bare host says nothing about the client, and as a key it would make every such client a duplicate.
PROFILE_HOSTS = frozenset({"vk.com", "vk.ru", "ok.ru", "t.me", "taplink.cc", "instagram.com", "facebook.com"})

_CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "i", "є": "e", "ў": "u",
    }
)  # fmt: skip

# Spelling variants of one Russian sound, rewritten in order. Digraphs containing "h" become placeholders
# first so that "kh" → "h" cannot break them; the placeholders are spelled out again at the end.
_LATIN_VARIANTS = (
    (re.compile(r"shch|sch"), "1"),
    (re.compile(r"zh"), "2"),
    (re.compile(r"ch"), "3"),
    (re.compile(r"sh"), "4"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"c(?=[aoukrl]|$)"), "k"),  # Latin hard c: Coca-Cola = Кока-Кола
    (re.compile(r"ts|tz"), "c"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"yo"), "e"),
    (re.compile(r"[yj]"), "i"),  # й, ы and the y/j of yu, ya: Юлия = Yuliya = Iuliia
    (re.compile(r"ie"), "e"),  # Sergeyev = Сергеев
    (re.compile(r"(.)\1+"), r"\1"),
)
_PLACEHOLDERS = str.maketrans({"1": "sch", "2": "zh", "3": "ch", "4": "sh"})
_NOT_A_LETTER = re.compile(r"[\W_]+")
_NOT_LATIN = re.compile(r"([^a-z]+)")
# Removed one after another, in the order of LEGAL_FORM_PHRASES.
_LEGAL_FORM_PATTERNS = tuple(re.compile(rf"(?<!\S){phrase}(?!\S)") for phrase in LEGAL_FORM_PHRASES)


def _plain_words(text: str) -> str:
    """Lower case, ё→е, punctuation and quotes to spaces, single spaces."""
    text = (text or "").lower().replace("ё", "е")
    return " ".join(_NOT_A_LETTER.sub(" ", text).split())


def _respell(letters: str) -> str:
    for pattern, replacement in _LATIN_VARIANTS:
        letters = pattern.sub(replacement, letters)
    return letters.translate(_PLACEHOLDERS)


@lru_cache(maxsize=65536)  # the words of names and surnames come back again and again in an import
def _canonical_latin(word: str) -> str:
    """One Latin spelling of a word written in Cyrillic or in any common Latin transliteration."""
    # Digits and letters of other scripts keep their place; only runs of Latin letters are respelled.
    parts = _NOT_LATIN.split(word.translate(_CYRILLIC_TO_LATIN))
    return "".join(part if index % 2 else _respell(part) for index, part in enumerate(parts))


def _strip_legal_forms(words: str) -> str:
    for pattern in _LEGAL_FORM_PATTERNS:
        words = pattern.sub(" ", words)
    return " ".join(word for word in words.split() if word not in LEGAL_FORM_WORDS)


@lru_cache(maxsize=65536)  # pure and called for every key of every row of an import
def company_name_key(name: str) -> str:
    """«ООО "Ромашка"», 'Romashka LLC' and 'Ромашка, ООО' → 'romashka'."""
    words = _plain_words(name)
    # A name that is nothing but a legal form keeps it rather than turning into an empty key.
    words = _strip_legal_forms(words) or words
    return " ".join(_canonical_latin(word) for word in words.split())


def company_name_tokens(name: str) -> list[str]:
    """The words of the company name key, for matching by word."""
    return company_name_key(name).split()


def name_similarity(a_key: str, b_key: str) -> float:
    """How alike two name keys are, 0..1; spacing and word order do not count."""
    if not a_key or not b_key:
        return 0.0
    score = max(
        fuzz.ratio(a_key, b_key),
        fuzz.token_sort_ratio(a_key, b_key),
        fuzz.ratio(a_key.replace(" ", ""), b_key.replace(" ", "")),
    )
    return score / 100


# Feminine and adjectival endings, on the canonical Latin spelling, reduced to a stem shared by both genders:
# Иванова/Иванов, Ильина/Ильин, Петровская/Петровский, Толстая/Толстой. Белых, Шевченко and Ким have none.
_SURNAME_ENDINGS = (
    (re.compile(r"(ov|ev|in)a$"), r"\1"),
    (re.compile(r"(aia|oi|i)$"), ""),
)
_SHORTEST_STEM = 3


def _surname_part_key(part: str) -> str:
    key = _canonical_latin(part)
    for pattern, replacement in _SURNAME_ENDINGS:
        stem = pattern.sub(replacement, key)
        if stem != key:
            return stem if len(stem) >= _SHORTEST_STEM else key
    return key


@lru_cache(maxsize=65536)  # pure and called for every key of every row of an import
def surname_key(surname: str) -> str:
    """One key for the masculine and feminine forms and Latin spellings: Иванова, Иванов, Ivanova → 'ivanov'."""
    return " ".join(_surname_part_key(part) for part in _plain_words(surname).split())


_LOCAL_DIGITS = 7
_SHORTEST_LOCAL = 5


@lru_cache(maxsize=65536)  # pure and called for every key of every row of an import
def phone_keys(raw: str) -> tuple[str | None, str]:
    """(E.164 or None when the number cannot be completed, the subscriber part without country and city code).

    The subscriber part is the last seven digits; a 5–6-digit local number of a small town is kept as typed.
    """
    number, _extension = split_extension(raw or "")
    digits = re.sub(r"\D", "", number)
    full: str | None = None
    for candidate in (number, ("+" if number.lstrip().startswith("+") else "") + digits):
        try:
            full = normalize_phone(candidate)
            break
        except PhoneError:
            continue
    if full:
        digits = full.lstrip("+")
    if len(digits) < _SHORTEST_LOCAL:
        return full, ""
    return full, digits[-_LOCAL_DIGITS:]


def email_key(raw: str) -> str:
    """The address trimmed and in lower case."""
    address = (raw or "").strip().lower()
    return address.removeprefix("mailto:").strip()


def email_domain_key(raw: str, public_domains: Collection[str] = PUBLIC_EMAIL_DOMAINS) -> str | None:
    """The corporate domain of an address, in website_key form; None for public mail providers or no domain."""
    address = email_key(raw)
    if "@" not in address:
        return None
    host = _host_key(address.rpartition("@")[2])
    domain = website_key(host) if host else None
    if domain is None:
        return None
    public = {_host_key(provider) for provider in public_domains}
    return None if host in public or domain in public else domain


def _host_key(host: str) -> str | None:
    """Lower case, no trailing dot, no www., Cyrillic labels in punycode; None if it is not a host name."""
    host = host.strip().lower().rstrip(".").removeprefix("www.")
    if "." not in host or not re.fullmatch(r"[\w.-]+", host):
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", ascii_host):
        return None
    return ascii_host


def _registrable_domain(host: str) -> str | None:
    labels = host.split(".")
    if all(label.isdigit() for label in labels):
        return host  # an IP address has no parent domain
    keep = 3 if ".".join(labels[-2:]) in SHARED_SUFFIXES else 2
    if len(labels) < keep:
        return None  # a bare suffix such as com.ru or tilda.ws is nobody's site
    return ".".join(labels[-keep:])


@lru_cache(maxsize=65536)  # pure and called for every key of every row of an import
def website_key(raw: str) -> str | None:
    """The registrable domain of a site address: 'https://www.Shop.Example.ru/a?q=1' → 'example.ru'.

    Cyrillic domains are in punycode; a page on a profile host keeps its owner: 'vk.com/romashka'.
    """
    text = (raw or "").strip()
    if not text:
        return None
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text):
        text = "//" + text.removeprefix("//")
    try:
        parts = urlsplit(text)
        hostname = parts.hostname
    except ValueError:
        return None
    host = _host_key(hostname or "")
    if host is None:
        return None
    if host in PROFILE_HOSTS:
        owner = parts.path.strip("/").split("/")[0].lower()
        return f"{host}/{owner}" if owner else None
    return _registrable_domain(host)


def inn_key(raw: str) -> str | None:
    """The INN digits if they form a valid INN (labels like «ИНН» and separators are ignored), else None."""
    digits = re.sub(r"\D", "", raw or "")
    # The first two digits are a region code and there is no region 00: zeros typed as a placeholder pass the checksum.
    if digits.startswith("00"):
        return None
    try:
        return normalize_inn(digits)
    except InnError:
        return None
