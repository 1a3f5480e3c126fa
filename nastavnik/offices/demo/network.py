"""The demo franchise network: headquarters staff, five partner offices, tariffs, proposal templates."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from nastavnik.activities.models import ProposalTemplate
from nastavnik.deals.models import Stage, Tariff
from nastavnik.offices.choices import AbsenceKind, OfficeKind, OfficeStatus, RegionKind, Role, SpecialistArea
from nastavnik.offices.demo.common import DEMO_DOMAIN, DEMO_PASSWORD, Seeder, fake_inn, tone_wav
from nastavnik.offices.models import HEADQUARTERS_CODE, Absence, Office, User

TARIFFS = [("Старт", "9900"), ("Бизнес", "19900"), ("Профи", "34900"), ("Корпоративный", "59900")]
PROPOSAL_TEMPLATES = [
    ("КП «Наставник» 2026 — рекомендованный", True),
    ("КП для интернет-магазина", False),
    ("КП для сферы услуг", False),
    ("Краткое КП на одну страницу", False),
]
# code, name, city, region code, legal name, franchise start (days ago), status, account manager, share of clients
PARTNERS = [
    ("spb", "Представительство в Санкт-Петербурге", "Санкт-Петербург", "78", "ООО «Северная Звезда»", 1900,
     OfficeStatus.ACTIVE, "am1", 20),
    ("kzn", "Представительство в Казани", "Казань", "16", "ООО «Волга-Консалт»", 1300,
     OfficeStatus.ACTIVE, "am1", 14),
    ("ekb", "Представительство в Екатеринбурге", "Екатеринбург", "66", "ООО «Уральский Партнёр»", 900,
     OfficeStatus.ACTIVE, "am1", 14),
    ("nsk", "Представительство в Новосибирске", "Новосибирск", "54", "ООО «Сибирь Бизнес»", 75,
     OfficeStatus.ONBOARDING, "am2", 5),
    ("krd", "Представительство в Краснодаре", "Краснодар", "23", "ООО «Кубань Маркет»", 600,
     OfficeStatus.PAUSED, "am2", 12),
]  # fmt: skip
HQ_SHARE = 35
# Headquarters managers: Moscow, then lists of Russian regions, then the CIS countries (None).
HQ_MANAGER_REGIONS: list[list[str] | None] = [
    ["77"],
    ["77", "50"],
    ["78", "47", "10", "29", "35", "39", "51", "53", "60", "76", "69", "33", "37", "40", "62", "71"],
    ["16", "02", "52", "63", "64", "73", "58", "23", "61", "34", "30", "26", "91", "92"],
    ["66", "74", "72", "59", "54", "55", "24", "38", "42", "70", "22", "25", "27", "14", "28", "65", "41", "49"],
    None,
]
ABSENCES = [
    # user, kind, first and last day relative to today, note
    ("manager3", AbsenceKind.VACATION, -3, 10, "Ежегодный отпуск"),
    ("spb.manager2", AbsenceKind.SICK, -20, -14, ""),
    ("am2", AbsenceKind.DAY_OFF, 5, 5, "Семейные обстоятельства"),
    ("kzn.agent", AbsenceKind.VACATION, 30, 44, ""),
    ("ekb.manager1", AbsenceKind.DAY_OFF, -35, -35, ""),
]


class NetworkSeeder(Seeder):
    """Offices and people first: every client and deal of the demo belongs to one of them."""

    def user(self, key: str, role: str, office: Office, **fields: Any) -> User:
        surname, first_name, patronymic = self.person()
        user = User(
            email=f"{key}@{DEMO_DOMAIN}",
            password=self.password_hash,
            role=role,
            office=office,
            last_name=surname,
            first_name=first_name,
            patronymic=patronymic,
            phone=self.phone("77", mobile=True),
            **fields,
        )
        self.users[key] = user
        return user

    def people_and_offices(self) -> None:
        # One hash for every demo user: hashing thirty-odd passwords would take most of the run.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.users = {}
        hq = Office.objects.get(code=HEADQUARTERS_CODE)
        if not hq.legal_name:
            hq.legal_name = "ООО «Наставник»"
            hq.inn = fake_inn(self.rng, region_code="77")
            hq.franchise_started_on = date(2015, 2, 2)
            hq.save()
        self.offices = [hq]
        self.user("admin", Role.ADMIN, hq, is_staff=True, is_superuser=True)
        self.user("head", Role.HEAD, hq)
        for n in range(1, 7):
            self.user(f"manager{n}", Role.MANAGER, hq)
        for n in range(1, 3):
            self.user(f"agent{n}", Role.AGENT, hq)
            self.user(f"am{n}", Role.ACCOUNT_MANAGER, hq)
        self.user("legal", Role.SPECIALIST, hq, specialist_area=SpecialistArea.LEGAL)
        self.user("tech", Role.SPECIALIST, hq, specialist_area=SpecialistArea.TECHNICAL)
        for code, name, city, region_code, legal_name, started_days_ago, status, _mentor, _share in PARTNERS:
            office = Office.objects.create(
                code=code,
                kind=OfficeKind.PARTNER,
                name=name,
                legal_name=legal_name,
                inn=fake_inn(self.rng, region_code=region_code),
                city=city,
                region=self.regions.get(region_code),
                franchise_started_on=self.today - timedelta(days=started_days_ago),
                status=status,
            )
            self.offices.append(office)
            self.user(f"{code}.owner", Role.PARTNER_OWNER, office)
            self.user(f"{code}.manager1", Role.MANAGER, office)
            self.user(f"{code}.manager2", Role.MANAGER, office)
            self.user(f"{code}.agent", Role.AGENT, office)
        self.save(User, list(self.users.values()))
        for office, partner in zip(self.offices[1:], PARTNERS, strict=True):
            office.owner = self.users[f"{partner[0]}.owner"]
            office.account_manager = self.users[partner[7]]
            office.save(update_fields=["owner", "account_manager"])
        self.staff_by_office()

    def staff_by_office(self) -> None:
        self.managers, self.agents, self.hq_coverage = {}, {}, []
        for office in self.offices:
            staff = [user for user in self.users.values() if user.office_id == office.pk]
            self.managers[office.pk] = [user for user in staff if user.role == Role.MANAGER]
            self.agents[office.pk] = [user for user in staff if user.role == Role.AGENT]
        cis = [region for region in self.regions.values() if region.kind == RegionKind.CIS_COUNTRY]
        for n, codes in enumerate(HQ_MANAGER_REGIONS, start=1):
            manager = self.users[f"manager{n}"]
            covered = cis if codes is None else [self.regions[code] for code in codes if code in self.regions]
            manager.regions.set(covered)
            self.hq_coverage += [(region, manager) for region in covered]

    def catalogue(self) -> None:
        self.tariffs = [
            Tariff.objects.get_or_create(name=name, defaults={"monthly_price": Decimal(price)})[0]
            for name, price in TARIFFS
        ]
        self.templates = [
            ProposalTemplate.objects.get_or_create(name=name, defaults={"is_recommended": recommended})[0]
            for name, recommended in PROPOSAL_TEMPLATES
        ]
        stages = list(Stage.objects.order_by("order", "pk"))
        self.open_stages = [stage for stage in stages if not stage.is_closed]
        self.won_stage = next(stage for stage in stages if stage.is_won)
        self.lost_stage = next(stage for stage in stages if stage.is_lost)
        self.proposal_from = next(
            (i for i, stage in enumerate(self.open_stages) if stage.name.startswith("КП")), len(self.open_stages) // 2
        )

    def recording_files(self) -> None:
        """Three short tones per office, shared by many calls: enough to play, cheap to store."""
        tones = [tone_wav(frequency) for frequency in (440.0, 523.25, 659.25)]
        self.recordings = {}
        for office in self.offices:
            self.recordings[office.pk] = []
            for n, data in enumerate(tones, start=1):
                name = f"recordings/{office.pk}/demo-call-{n}.wav"
                if not default_storage.exists(name):
                    name = default_storage.save(name, ContentFile(data))
                self.recordings[office.pk].append(name)

    def absences(self) -> None:
        self.save(
            Absence,
            [
                Absence(
                    user=self.users[key],
                    kind=kind,
                    starts_on=self.today + timedelta(days=first),
                    ends_on=self.today + timedelta(days=last),
                    note=note,
                )
                for key, kind, first, last, note in ABSENCES
            ],
        )
