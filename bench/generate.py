"""Deterministic Russian-looking clients for the duplicate-check benchmark, and the ways people mistype them.

Everything here is pure Python (Faker `ru_RU` word lists and a seeded `random.Random`): company i of seed s is
the same on every run and on every database.
"""

import random
import string
from dataclasses import dataclass, field
from typing import Any

from faker import Faker
from faker.providers.address.ru_RU import Provider as AddressProvider
from faker.providers.job.ru_RU import Provider as JobProvider
from faker.providers.lorem.ru_RU import Provider as LoremProvider
from faker.providers.person.ru_RU import Provider as PersonProvider

# Companies of fresh (not loaded) clients are numbered from here, so their INNs and domains never collide.
FRESH_START = 5_000_000
PUBLIC_MAIL = ("mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru", "inbox.ru", "rambler.ru", "ya.ru")
MOBILE_CODES = tuple(range(900, 1000))
AREA_CODES = (
    495, 499, 812, 343, 383, 846, 843, 863, 831, 342, 351, 391, 861, 473, 4212, 3452, 3812, 4232, 8442, 8452,
    4852, 4872, 4922, 4732, 8162, 8112, 8172, 3519, 3532, 3412, 8352, 8362, 3022, 4012, 4112, 8182, 8202,
)  # fmt: skip
STEMS_1 = (
    "Техно", "Строй", "Агро", "Мега", "Альфа", "Вектор", "Гранд", "Евро", "Интер", "Нефте", "Газ", "Энерго",
    "Мед", "Фарм", "Транс", "Сиб", "Урал", "Волга", "Нева", "Север", "Юг", "Восток", "Запад", "Про", "Тех",
    "Инфо", "Софт", "Дата", "Пром", "Маш", "Авто", "Хим", "Лес", "Стекло", "Металл", "Эко", "Био", "Гео",
    "Аква", "Терра", "Нова", "Стандарт", "Капитал", "Бизнес", "Электро", "Теле", "Сервис", "Снаб", "Торг",
    "Монтаж", "Дор", "Мост", "Спец", "Полимер", "Кабель", "Арт", "Медиа", "Оптима", "Лидер", "Профи",
)  # fmt: skip
STEMS_2 = (
    "строй", "трейд", "сервис", "снаб", "торг", "ком", "лайн", "групп", "систем", "инвест", "проект",
    "маркет", "холдинг", "логистик", "пром", "мех", "тех", "софт", "энерго", "монтаж", "комплект", "ресурс",
    "альянс", "партнер", "центр", "мастер", "пласт", "оптим", "гарант", "консалт", "экспо", "сфера",
)  # fmt: skip
TAILS = (" Плюс", "-М", " Групп", " Сервис", "-Юг", "-Север", " Центр", " Трейд", "-Регион", " Холдинг")
LEGAL_FORMS = (("ooo", 75), ("ao", 8), ("ip", 5), ("pao", 3), ("zao", 2), ("", 7))
LEGAL_FORM_SHORT = {"ooo": "ООО", "ao": "АО", "ip": "ИП", "pao": "ПАО", "zao": "ЗАО"}
LEGAL_FORM_LONG = {
    "ooo": "общество с ограниченной ответственностью",
    "ao": "акционерное общество",
    "ip": "индивидуальный предприниматель",
    "pao": "публичное акционерное общество",
    "zao": "закрытое акционерное общество",
}
SURNAME_SUFFIXES = (("ов", "ова"), ("ев", "ева"), ("ин", "ина"), ("ский", "ская"), ("енко", "енко"), ("ук", "ук"))
INN_REGIONS = (77, 50, 78, 47, 66, 54, 16, 52, 61, 63, 2, 24, 23, 36, 74, 59, 72)
INN_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)

# One common transliteration (the one people type in e-mails and domains); the corruptions use others.
TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip
TRANSLIT_OTHER = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z", "и": "i",
        "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "iu", "я": "ia",
    }
)  # fmt: skip


def translit(text: str, table: dict[int, str] = TRANSLIT) -> str:
    out = text.lower().translate(table)
    return "".join(ch if ch.isascii() else "" for ch in out)


def slug(text: str) -> str:
    return "".join(ch for ch in translit(text) if ch in string.ascii_lowercase + string.digits)


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def inn_for(index: int, region: int) -> str:
    """A valid 10-digit legal-entity INN, unique per index below 10 million."""
    body = f"{region:02d}{(index * 7919 + 12345) % 10_000_000:07d}"
    check = sum(int(digit) * weight for digit, weight in zip(body, INN_WEIGHTS_10, strict=True)) % 11 % 10
    return body + str(check)


@dataclass
class Pools:
    """Word lists drawn once from Faker ru_RU."""

    surnames: list[tuple[str, str]]  # (masculine, feminine)
    surname_weights: list[float]
    first_male: list[str]
    first_female: list[str]
    middle_male: list[str]
    middle_female: list[str]
    nouns: list[str]
    cities: list[str]
    jobs: list[str]
    industries: list[str] = field(default_factory=list)


def build_pools(seed: int) -> Pools:
    Faker.seed(seed)
    rng = random.Random(seed)
    real = list(zip(PersonProvider.last_names_male, PersonProvider.last_names_female, strict=False))
    nouns = sorted({word.capitalize() for word in LoremProvider.word_list if len(word) >= 4 and word.isalpha()})
    roots = sorted(
        {word[:-1] if word[-1] in "аяоеиьйы" else word for word in nouns + list(PersonProvider.first_names_male)}
    )
    synthetic = [
        (root + male, root + female)
        for root in roots
        if len(root) >= 3
        for male, female in rng.sample(SURNAME_SUFFIXES, 2)
    ]
    # Real surnames are frequent, invented ones rare: a rough Zipf-like head and long tail.
    weights = [0.4 / len(real)] * len(real) + [0.6 / len(synthetic)] * len(synthetic)
    cities = [city for city in AddressProvider.city_names if city.isalpha() and len(city) > 3]
    return Pools(
        surnames=real + synthetic,
        surname_weights=weights,
        first_male=list(PersonProvider.first_names_male),
        first_female=list(PersonProvider.first_names_female),
        middle_male=list(PersonProvider.middle_names_male),
        middle_female=list(PersonProvider.middle_names_female),
        nouns=nouns,
        cities=cities,
        jobs=list(JobProvider.jobs),
        industries=["Строительство", "Торговля", "Производство", "IT", "Логистика", "Медицина", "Образование"],
    )


class Generator:
    """Company i (with its contacts) from a seed; fresh companies are numbered from FRESH_START."""

    def __init__(self, seed: int, pools: Pools, office_count: int, region_count: int) -> None:
        self.seed = seed
        self.pools = pools
        self.office_count = office_count
        self.region_count = region_count
        self._cumulative_surnames = list(_accumulate(pools.surname_weights))

    def rng_for(self, index: int) -> random.Random:
        return random.Random(self.seed * 10_000_019 + index)

    def surname(self, rng: random.Random) -> tuple[str, str]:
        return rng.choices(self.pools.surnames, cum_weights=self._cumulative_surnames)[0]

    def company_name(self, rng: random.Random) -> tuple[str, str]:
        """(name, a word for the domain)."""
        pools = self.pools
        roll = rng.random()
        if roll < 0.4:
            name = rng.choice(STEMS_1) + rng.choice(STEMS_2)
            core = name
            if rng.random() < 0.5:
                name += rng.choice(TAILS) if rng.random() < 0.6 else " " + rng.choice(pools.cities)
        elif roll < 0.65:
            first = self.surname(rng)[0]
            pattern = rng.random()
            core = first
            if pattern < 0.3:
                name = first
            elif pattern < 0.55:
                name = f"{first} и партнеры"
            elif pattern < 0.8:
                name = f"{first}-{self.surname(rng)[0]}"
            else:
                name = f"{first}, {self.surname(rng)[0]} и {self.surname(rng)[0]}"
        else:
            core = rng.choice(pools.nouns)
            name = core
            if rng.random() < 0.6:
                name += rng.choice(TAILS) if rng.random() < 0.5 else " " + rng.choice(pools.cities)
        return name, core

    def phone(self, rng: random.Random) -> str:
        if rng.random() < 0.6:
            return f"+7{rng.choice(MOBILE_CODES)}{rng.randrange(10**7):07d}"
        area = str(rng.choice(AREA_CODES))
        return f"+7{area}{rng.randrange(10 ** (10 - len(area))):0{10 - len(area)}d}"

    def company(self, index: int) -> dict[str, Any]:
        rng = self.rng_for(index)
        name, core = self.company_name(rng)
        legal_form = rng.choices([form for form, _ in LEGAL_FORMS], weights=[w for _, w in LEGAL_FORMS])[0]
        if legal_form and rng.random() < 0.3:
            # Imported data keeps the legal form in the name and leaves the field empty.
            name, legal_form = f"{LEGAL_FORM_SHORT[legal_form]} «{name}»", ""
        code = base36(index)
        domain = ""
        if rng.random() < 0.8:
            if rng.random() < 0.05:
                domain = f"{core.lower()}{index}.рф"
            else:
                zone = rng.choices(("ru", "com", "su", "net", "msk.ru", "org"), weights=(70, 12, 4, 5, 4, 5))[0]
                sep = rng.choice(("-", ""))
                domain = f"{slug(core)}{sep}{code}.{zone}"
        website = ""
        if domain:
            website = rng.choice(("{d}", "www.{d}", "https://{d}", "http://www.{d}/", "https://www.{d}")).format(
                d=domain
            )
        region = INN_REGIONS[index % len(INN_REGIONS)]
        inn = inn_for(index, region) if rng.random() < 0.7 and legal_form != "ip" else ""
        contacts = []
        for number in range(rng.choices((1, 2, 3), weights=(60, 30, 10))[0]):
            contacts.append(self.contact(rng, domain, f"{code}{number}"))
        return {
            "index": index,
            "name": name,
            "legal_form": legal_form,
            "inn": inn,
            "website": website,
            "domain": domain,
            "industry": rng.choice(self.pools.industries),
            "office": rng.choices(range(self.office_count), weights=[4] + [1.5] * (self.office_count - 1))[0],
            "region": rng.randrange(self.region_count),
            "contacts": contacts,
        }

    def contact(self, rng: random.Random, domain: str, unique: str) -> dict[str, Any]:
        pools = self.pools
        male = rng.random() < 0.55
        masculine, feminine = self.surname(rng)
        surname = masculine if male else feminine
        first = rng.choice(pools.first_male if male else pools.first_female)
        phones = [self.phone(rng) for _ in range(rng.choices((0, 1, 2), weights=(5, 80, 15))[0])]
        emails = []
        for number in range(rng.choices((0, 1, 2), weights=(15, 80, 5))[0]):
            if domain and not domain.endswith(".рф") and rng.random() < 0.7:
                local = rng.choice(
                    (f"{slug(first)[0]}.{slug(surname)}", slug(surname), f"{slug(first)}.{slug(surname)}")
                )
                emails.append(f"{local}{number or ''}@{domain}")
            else:
                emails.append(f"{slug(surname)}.{slug(first)}{unique}{number or ''}@{rng.choice(PUBLIC_MAIL)}")
        return {
            "surname": surname,
            "first_name": first,
            "patronymic": rng.choice(pools.middle_male if male else pools.middle_female),
            "position": rng.choice(pools.jobs),
            "phones": phones,
            "emails": emails,
        }


def _accumulate(weights: list[float]) -> list[float]:
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return out


# ---- How people mistype a client they already have -------------------------------------------------


def typo(text: str, rng: random.Random) -> str:
    """One slip of the finger in the longest word: a letter dropped, doubled, swapped or replaced."""
    words = text.split(" ")
    position = max(range(len(words)), key=lambda n: len(words[n]))
    word = words[position]
    if len(word) < 5:
        return text
    cut = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        word = word[:cut] + word[cut + 1 :]
    elif kind == 1:
        word = word[:cut] + word[cut] + word[cut:]
    elif kind == 2:
        word = word[: cut - 1] + word[cut] + word[cut - 1] + word[cut + 1 :]
    else:
        alphabet = "абвгдеёжзийклмнопрстуфхцчшщьыэюя" if not word.isascii() else string.ascii_lowercase
        word = word[:cut] + rng.choice(alphabet) + word[cut + 1 :]
    words[position] = word
    return " ".join(words)


def plain_name(company: dict[str, Any]) -> tuple[str, str]:
    """(name without a legal form, legal form code)."""
    name = company["name"]
    for code, short in LEGAL_FORM_SHORT.items():
        if name.startswith(f"{short} «") and name.endswith("»"):
            return name[len(short) + 2 : -1], code
    return name, company["legal_form"]


def corrupt_name(company: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    """(how the name is typed, which corruption)."""
    name, form = plain_name(company)
    roll = rng.randrange(6)
    if roll == 0:
        return typo(name, rng), "name_typo"
    if roll == 1 and form:
        return f"{name}, {LEGAL_FORM_LONG[form]}", "legal_form_long_after"
    if roll == 2 and form:
        return f'{LEGAL_FORM_SHORT[form].lower()} "{name.upper()}"', "legal_form_case_quotes"
    if roll == 3:
        return translit(name, rng.choice((TRANSLIT, TRANSLIT_OTHER))).title(), "latin"
    if roll == 4:
        return name.replace("е", "ё", 1).lower() + (" " + LEGAL_FORM_SHORT[form] if form else ""), "case_yo_form_after"
    return f"«{name}»", "quotes"


def corrupt_phone(e164: str, rng: random.Random) -> tuple[str, str]:
    digits = e164[2:]
    roll = rng.randrange(5)
    if digits.startswith("9") and roll == 0:
        return digits, "mobile_without_7"
    if roll == 1:
        local = digits[-7:]
        return f"{local[:3]}-{local[3:5]}-{local[5:]}", "without_city_code"
    if roll == 2:
        return f"+7 {digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]} доб. {rng.randrange(10, 999)}", "extension"
    area = 3 if digits.startswith("9") or digits[:3] in ("495", "499", "812") else 4
    return f"8 ({digits[:area]}) {digits[area:-4]}-{digits[-4:-2]}-{digits[-2:]}", "eight_brackets"


def corrupt_email(email: str, surname_other: str, rng: random.Random) -> tuple[str, str]:
    _local, _, domain = email.partition("@")
    if domain not in PUBLIC_MAIL and rng.random() < 0.6:
        return f"{slug(surname_other)}@{domain.upper() if rng.random() < 0.3 else domain}", "same_corporate_domain"
    return f"  {email.upper()} ", "case_spaces"


def corrupt_website(website: str, domain: str, rng: random.Random) -> tuple[str, str]:
    roll = rng.randrange(4)
    if roll == 0:
        return f"https://www.{domain}/contacts?utm_source=expo", "www_path_query"
    if roll == 1:
        return f"http://shop.{domain.upper()}.", "subdomain_trailing_dot"
    if roll == 2 and domain.endswith(".рф"):
        return "https://" + domain.encode("idna").decode("ascii"), "punycode"
    return f"{domain}/", "bare_slash"


def corrupt_surname(surname: str, rng: random.Random) -> tuple[str, str]:
    for male, female in SURNAME_SUFFIXES:
        if male != female and surname.endswith(female):
            return surname[: -len(female)] + male, "gender_swap"
        if male != female and surname.endswith(male):
            return surname[: -len(male)] + female, "gender_swap"
    if rng.random() < 0.5:
        return translit(surname, TRANSLIT_OTHER).capitalize(), "latin"
    return surname.upper(), "upper"
