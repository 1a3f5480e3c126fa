"""What every part of the demo seeding shares: seeded randomness, the clock, bulk writes and small fakes."""

import math
import random
import wave
from array import array
from datetime import date, datetime, time, timedelta
from io import BytesIO
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from faker import Faker

from nastavnik.activities.models import ProposalTemplate
from nastavnik.deals.models import Deal, Stage, Tariff
from nastavnik.offices.models import Office, Region, User

DEMO_DOMAIN = "nastavnik.demo"
DEMO_PASSWORD = "demo12345"
SEED = 2026
BATCH = 500
MOSCOW = ZoneInfo("Europe/Moscow")
MOBILE_CODES = ["903", "905", "910", "915", "916", "917", "925", "926", "950", "977", "985", "999"]
CITY_CODES = {"77": "495", "50": "496", "78": "812", "16": "843", "66": "343", "54": "383", "23": "861"}
T = TypeVar("T")

_LATIN = ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u"]
_LATIN += ["f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]
_TRANSLIT = str.maketrans(dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", _LATIN, strict=True)))


def inn_check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(digit * weight for digit, weight in zip(digits, weights, strict=False)) % 11 % 10


def fake_inn(rng: random.Random, *, region_code: str = "77", person: bool = False) -> str:
    """A valid INN that starts with the region: 10 digits for an organisation, 12 for a sole trader."""
    prefix = region_code if region_code.isdigit() and len(region_code) == 2 else "77"
    digits = [int(c) for c in prefix] + [rng.randrange(10) for _ in range(8 if person else 7)]
    if person:
        digits.append(inn_check_digit(digits, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
        digits.append(inn_check_digit(digits, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
    else:
        digits.append(inn_check_digit(digits, (2, 4, 10, 3, 5, 9, 4, 6, 8)))
    return "".join(map(str, digits))


def transliterate(text: str) -> str:
    """Cyrillic to Latin, letters and digits only: for demo domains and mailboxes."""
    return "".join(c for c in text.lower().translate(_TRANSLIT) if c.isascii() and c.isalnum())


def tone_wav(frequency: float, seconds: float = 1.5, rate: int = 8000) -> bytes:
    """A short mono tone with soft edges: a stand-in for a call recording."""
    count = int(seconds * rate)
    edge = rate // 20
    samples = array(
        "h",
        (
            int(9000 * min(1.0, i / edge, (count - i) / edge) * math.sin(2 * math.pi * frequency * i / rate))
            for i in range(count)
        ),
    )
    buffer = BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def add_months(day: date, months: int) -> date:
    years, month = divmod(day.month - 1 + months, 12)
    return date(day.year + years, month + 1, min(day.day, 28))


class Seeder:
    """State of one seeding run: the network part fills the offices and people the sales part builds on."""

    offices: list[Office]
    users: dict[str, User]
    managers: dict[int, list[User]]
    agents: dict[int, list[User]]
    hq_coverage: list[tuple[Region, User]]
    tariffs: list[Tariff]
    templates: list[ProposalTemplate]
    open_stages: list[Stage]
    won_stage: Stage
    lost_stage: Stage
    proposal_from: int
    recordings: dict[int, list[str]]

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.fake = Faker("ru_RU")
        self.fake.seed_instance(SEED)
        # The clock stops at the start of today, so a run gives the same data all day long.
        self.today = timezone.localdate()
        self.now = datetime.combine(self.today, time.min, tzinfo=MOSCOW)
        self.regions = {region.code: region for region in Region.objects.order_by("code")}
        self.counts: dict[str, int] = {}
        self.deal_months: dict[int, int] = {}
        self.stuck_deals: list[Deal] = []

    def pick(self, options: list[T], weights: list[float] | None = None) -> T:
        return self.rng.choices(options, weights)[0]

    def save(self, model: type[models.Model], objects: list[Any], *, label: str = "", backdate: bool = False) -> None:
        """bulk_create in batches; backdate keeps the created_at the demo chose, which bulk_create stamps as now."""
        chosen = [obj.created_at for obj in objects] if backdate else []
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        if backdate:
            for obj, created_at in zip(objects, chosen, strict=True):
                obj.created_at = created_at
            model._default_manager.bulk_update(objects, ["created_at"], batch_size=BATCH)
        label = label or model.__name__
        self.counts[label] = self.counts.get(label, 0) + len(objects)

    def moment(self, start: datetime, end: datetime) -> datetime:
        """A random working-hours moment (Moscow) between start and end, never in the future."""
        start, end = min(start, self.now), min(end, self.now)
        if end <= start:
            return start
        local = (start + (end - start) * self.rng.random()).astimezone(MOSCOW)
        if local.weekday() >= 5:
            local -= timedelta(days=local.weekday() - 4)
        local = local.replace(hour=self.rng.randint(9, 18), minute=self.rng.randrange(60), second=0, microsecond=0)
        return max(start, min(local, end))

    def person(self) -> tuple[str, str, str]:
        """Surname, first name and patronymic of one gender."""
        if self.rng.random() < 0.5:
            return self.fake.last_name_male(), self.fake.first_name_male(), self.fake.middle_name_male()
        return self.fake.last_name_female(), self.fake.first_name_female(), self.fake.middle_name_female()

    def phone(self, region_code: str, *, mobile: bool) -> str:
        code = self.pick(MOBILE_CODES) if mobile else CITY_CODES.get(region_code, "495")
        return f"+7{code}{self.rng.randrange(2000000, 10000000):07d}"
