"""The demo sales: clients with contacts, deals across the pipeline, the timeline, invoices and payments."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.activities.models import Activity
from nastavnik.clients.choices import Channel, CompanyStatus, LeadSource, LegalForm
from nastavnik.clients.models import GOLDEN_LIST_TAG, Company, Contact, ContactEmail, ContactPhone, Tag
from nastavnik.deals.choices import InvoiceStatus, PaymentStatus
from nastavnik.deals.models import Deal, Invoice, Payment
from nastavnik.offices.choices import RegionKind
from nastavnik.offices.demo.common import BATCH, Seeder, add_months, fake_inn, transliterate
from nastavnik.offices.demo.network import HQ_SHARE, PARTNERS
from nastavnik.offices.models import Office, Region, User

NAME_ROOTS = ["Альфа", "Вектор", "Гранит", "Меридиан", "Ладога", "Север", "Орион", "Атлант", "Спектр", "Прометей"]
NAME_ROOTS += ["Фаворит", "Горизонт", "Сфера", "Стандарт", "Эталон", "Квадрат", "Престиж", "Восток", "Кедр", "Волга"]
NAME_ROOTS += ["Урал", "Каскад", "Магистраль", "Олимп", "Авангард", "Феникс", "Нова", "Мега", "Заря", "Бриз"]
NAME_SUFFIXES = ["Строй", "Трейд", "Сервис", "Групп", "Логистик", "Мед", "Софт", "Плюс", "Маркет", "Пром"]
NAME_SUFFIXES += ["Инвест", "Транс", "Экспо", "Консалт", "Дизайн", "Авто", "Агро", "Лайн", "Тех", "Холдинг"]
NAME_TAILS = ["Юг", "Север", "Центр", "Плюс", "Про", "Регион"]
INDUSTRIES = [
    "Строительство", "Розничная торговля", "Оптовая торговля", "Логистика", "Медицина", "Образование",
    "Общественное питание", "Производство", "Недвижимость", "Автосервис", "Салон красоты", "Юридические услуги",
    "Информационные технологии", "Туризм", "Фитнес", "Мебель", "Стоматология", "Интернет-магазин",
]  # fmt: skip
POSITIONS = [
    ("Генеральный директор", True), ("Собственник", True), ("Коммерческий директор", True),
    ("Директор по маркетингу", True), ("Руководитель отдела продаж", False), ("Маркетолог", False),
    ("Главный бухгалтер", False), ("Офис-менеджер", False), ("Менеджер по закупкам", False),
]  # fmt: skip
LOST_REASONS = [
    "Дорого", "Выбрали конкурента", "Нет бюджета в этом году", "Неактуально", "Не удалось выйти на ЛПР",
    "Отложили решение на следующий год", "Закрыли направление",
]  # fmt: skip
CALL_NOTES = [
    "Обсудили тарифы, клиент просит КП.", "ЛПР в отпуске, перезвонить через неделю.", "Договорились о встрече.",
    "Клиент сравнивает с конкурентами.", "Уточнили посещаемость сайта и бюджет.", "Не дозвонились.",
    "Обсудили условия оплаты.", "Клиент доволен, готовит договор.",
]  # fmt: skip
EMAIL_SUBJECTS = [
    "Презентация тарифов", "Договор на согласование", "Счёт на оплату", "Ответы на вопросы по подключению",
    "Материалы по итогам встречи",
]  # fmt: skip
MEETING_SUBJECTS = ["Встреча в офисе клиента", "Онлайн-встреча", "Демонстрация системы"]
TASK_SUBJECTS = ["Перезвонить ЛПР", "Отправить договор", "Уточнить бюджет", "Напомнить об оплате счёта"]
OFFICE_TAGS = [("Ключевой клиент", "success"), ("Повторная продажа", "info"), ("Холодная база", "secondary")]


class SalesSeeder(Seeder):
    """A year of work of every office, written table by table with bulk_create."""

    def setup_sales(self, *, company_total: int) -> None:
        self.company_total = company_total
        self.names_taken: set[str] = set()
        self.domains_taken: set[str] = set(Company.objects.values_list("website", flat=True))
        self.inns_taken: set[str] = set(Company.objects.values_list("inn", flat=True))

    # --- clients -------------------------------------------------------------------------------------------
    def unique_inn(self, region_code: str, *, person: bool) -> str:
        inn = fake_inn(self.rng, region_code=region_code, person=person)
        while inn in self.inns_taken:
            inn = fake_inn(self.rng, region_code=region_code, person=person)
        self.inns_taken.add(inn)
        return inn

    def unique_domain(self, name: str) -> str:
        stem = transliterate(name)[:24] or "company"
        domain = f"{stem}.ru"
        while domain in self.domains_taken:
            domain = f"{stem}{self.rng.randint(2, 999)}.ru"
        self.domains_taken.add(domain)
        return domain

    def company_name(self) -> str:
        if self.rng.random() < 0.25:
            name = f"{self.fake.last_name_male()} и партнёры"
        else:
            name = f"{self.pick(NAME_ROOTS)}{self.pick(['', ' ', '-'])}{self.pick(NAME_SUFFIXES)}"
        while name in self.names_taken:
            name = f"{name.split(' ')[0]} {self.pick(NAME_TAILS)}"
            if name in self.names_taken:
                name = f"{name} {self.rng.randint(2, 99)}"
        self.names_taken.add(name)
        return name

    def company_region_and_manager(self, office: Office) -> tuple[Region | None, User]:
        if not office.is_headquarters:
            region = office.region if self.rng.random() < 0.85 else self.pick(list(self.regions.values()))
            return region, self.pick(self.managers[office.pk])
        roll = self.rng.random()
        if roll < 0.5:
            region = self.regions["77"]
        elif roll < 0.6:
            region = self.regions["50"]
        else:
            region = self.pick(self.hq_coverage)[0]
        covering = [manager for covered, manager in self.hq_coverage if covered.pk == region.pk]
        return region, self.pick(covering or self.managers[office.pk])

    def companies(self) -> list[Company]:
        weights = [HQ_SHARE] + [partner[-1] for partner in PARTNERS]
        owners = [office for office in self.offices for _ in range(2)]
        owners += self.rng.choices(self.offices, weights, k=self.company_total - len(owners))
        companies = []
        for office in owners:
            region, manager = self.company_region_and_manager(office)
            legal_form = self.pick(
                [LegalForm.OOO, LegalForm.IP, LegalForm.AO, LegalForm.PAO, LegalForm.ZAO], [70, 15, 8, 2, 5]
            )
            is_person = legal_form == LegalForm.IP
            name = " ".join(self.person()) if is_person else self.company_name()
            in_russia = region is None or region.kind != RegionKind.CIS_COUNTRY
            companies.append(
                Company(
                    office=office,
                    name=name,
                    legal_form=legal_form,
                    inn=self.unique_inn(region.code if region else "77", person=is_person) if in_russia else "",
                    website=self.unique_domain(name),
                    industry=self.pick(INDUSTRIES),
                    region=region,
                    source=self.pick(LeadSource.values, [25, 25, 25, 10, 15]),
                    site_traffic_monthly=int(self.rng.lognormvariate(8, 1.3)) if self.rng.random() < 0.8 else None,
                    preferred_channel=self.pick(Channel.values, [50, 20, 15, 12, 1, 2]),
                    responsible=manager,
                    status=self.pick(CompanyStatus.values, [85, 10, 5]),
                    notes=self.fake.sentence(nb_words=8) if self.rng.random() < 0.2 else "",
                    created_at=self.now - timedelta(days=self.rng.randint(1, 365), hours=self.rng.randint(0, 23)),
                )
            )
        self.save(Company, companies, backdate=True)
        return companies

    def contacts(self, companies: list[Company]) -> dict[int, list[Contact]]:
        by_company: dict[int, list[Contact]] = {}
        contacts: list[Contact] = []
        for company in companies:
            for n in range(self.pick([1, 2, 3], [50, 35, 15])):
                surname, first_name, patronymic = self.person()
                position, decides = POSITIONS[0] if n == 0 else self.pick(POSITIONS)
                birthday = self.fake.date_of_birth(minimum_age=25, maximum_age=62) if self.rng.random() < 0.4 else None
                contact = Contact(
                    company=company,
                    surname=surname,
                    first_name=first_name,
                    patronymic=patronymic,
                    position=position,
                    is_decision_maker=decides,
                    preferred_channel=self.pick(Channel.values, [55, 15, 15, 12, 1, 2]),
                    birthday=birthday,
                    is_current=n == 0 or self.rng.random() > 0.1,
                )
                contacts.append(contact)
                by_company.setdefault(company.pk, []).append(contact)
        self.save(Contact, contacts)
        phones, emails = [], []
        for contact in contacts:
            company = contact.company
            region_code = company.region.code if company.region else "77"
            phones.append(ContactPhone(contact=contact, number=self.phone(region_code, mobile=True)))
            if self.rng.random() < 0.35:
                landline = self.phone(region_code, mobile=False)
                phones.append(ContactPhone(contact=contact, number=landline, extension=str(self.rng.randint(100, 999))))
            surname = transliterate(contact.surname)
            if self.rng.random() < 0.8:
                local = f"{transliterate(contact.first_name)[:1]}.{surname}"
                emails.append(ContactEmail(contact=contact, email=f"{local}@{company.website}"))
            if self.rng.random() < 0.15:
                mailbox = self.pick(["mail.ru", "yandex.ru", "gmail.com"])
                emails.append(ContactEmail(contact=contact, email=f"{surname}{contact.pk}@{mailbox}"))
        self.save(ContactPhone, phones)
        self.save(ContactEmail, emails)
        return by_company

    # --- deals and the timeline ----------------------------------------------------------------------------
    def deals(self, companies: list[Company], contacts: dict[int, list[Contact]]) -> list[Deal]:
        deals: list[Deal] = []
        offices_with_a_deal: set[int] = set()
        for company in companies:
            # The first client of every office gets a stuck negotiation, so each office has a golden-list case.
            stuck = company.office_id not in offices_with_a_deal
            offices_with_a_deal.add(company.office_id)
            count = 1 if stuck else self.pick([0, 1, 2, 3], [20, 55, 20, 5])
            deals += [self.deal(company, contacts[company.pk], stuck=stuck and n == 0) for n in range(count)]
        self.save(Deal, deals, backdate=True)
        return deals

    def deal(self, company: Company, contacts: list[Contact], *, stuck: bool) -> Deal:
        opened = self.moment(company.created_at, self.now)
        age_days = (self.now - opened).days
        if stuck:
            stage = self.open_stages[min(self.proposal_from + 1, len(self.open_stages) - 1)]
        elif self.rng.random() < min(0.8, age_days / 150):
            stage = self.won_stage if self.rng.random() < 0.45 else self.lost_stage
        else:
            reach = len(self.open_stages) * (0.3 + 0.7 * min(1.0, age_days / 90))
            stage = self.open_stages[min(len(self.open_stages) - 1, int(self.rng.random() * reach))]
        tariff = self.pick(self.tariffs, [35, 35, 20, 10])
        months = self.pick([1, 3, 6, 12], [30, 30, 20, 20])
        agents = self.agents[company.office_id]
        agent = None
        if agents and (company.source == LeadSource.AGENT or self.rng.random() < 0.1):
            agent = self.pick(agents)
        closed_at = None
        if stage.is_closed:
            closed_at = self.moment(opened + timedelta(days=2), opened + timedelta(days=min(age_days, 120)))
        current = [contact for contact in contacts if contact.is_current]
        deal = Deal(
            office_id=company.office_id,
            company=company,
            contact=self.pick(current or contacts),
            title=f"Тариф «{tariff.name}», {months} мес.",
            stage=stage,
            tariff=tariff,
            amount=tariff.monthly_price * months,
            owner=company.responsible,
            agent=agent,
            source=LeadSource.AGENT if agent else company.source,
            opened_at=opened,
            expected_close_on=timezone.localdate(closed_at)
            if closed_at
            else self.today + timedelta(days=self.rng.randint(3, 60)),
            closed_at=closed_at,
            lost_reason=self.pick(LOST_REASONS) if stage.is_lost else "",
            created_at=opened,
        )
        self.deal_months[id(deal)] = months
        if stuck:
            self.stuck_deals.append(deal)
        return deal

    def activities(self, companies: list[Company], deals: list[Deal]) -> None:
        batch: list[Activity] = []
        for deal in deals:
            batch += self.deal_timeline(deal)
            if len(batch) >= 10 * BATCH:
                self.save(Activity, batch)
                batch = []
        with_deals = {deal.company_id for deal in deals}
        for company in companies:
            if company.pk not in with_deals and self.rng.random() < 0.5:
                at = self.moment(company.created_at, self.now)
                batch.append(
                    Activity(
                        office_id=company.office_id,
                        company=company,
                        author=company.responsible,
                        kind=ActivityKind.NOTE,
                        occurred_at=at,
                        body=self.pick(CALL_NOTES),
                    )
                )
        self.save(Activity, batch)

    def deal_timeline(self, deal: Deal) -> list[Activity]:
        end = deal.closed_at or self.now
        progress = len(self.open_stages) if deal.stage.is_closed else self.open_stages.index(deal.stage)
        entries: list[Activity] = []

        def add(kind: str, at: datetime, author: User | None = None, **fields: Any) -> None:
            entries.append(
                Activity(
                    office_id=deal.office_id,
                    company_id=deal.company_id,
                    deal=deal,
                    contact=deal.contact,
                    author=author or deal.owner,
                    kind=kind,
                    occurred_at=at,
                    **fields,
                )
            )

        for n in range(self.rng.randint(1, min(7, 2 + progress))):
            duration = max(15, min(2400, int(self.rng.lognormvariate(5.3, 0.8))))
            recording = ""
            if duration >= 60 and self.rng.random() < 0.1:
                recording = self.pick(self.recordings[deal.office_id])
            add(
                ActivityKind.CALL,
                deal.opened_at if n == 0 else self.moment(deal.opened_at, end),
                deal.agent if n == 0 else None,
                direction=CallDirection.OUTGOING if n == 0 or self.rng.random() < 0.7 else CallDirection.INCOMING,
                duration_seconds=duration,
                recording=recording,
                body=self.pick(CALL_NOTES),
            )
        for _n in range(self.rng.randint(0, 2)):
            add(ActivityKind.EMAIL, self.moment(deal.opened_at, end), subject=self.pick(EMAIL_SUBJECTS))
        if progress >= 2 and self.rng.random() < 0.4:
            add(ActivityKind.MEETING, self.moment(deal.opened_at, end), subject=self.pick(MEETING_SUBJECTS))
        if progress >= self.proposal_from and (not deal.stage.is_lost or self.rng.random() < 0.5):
            add(
                ActivityKind.PROPOSAL,
                self.moment(deal.opened_at, end),
                subject="Коммерческое предложение",
                proposal_template=self.templates[0] if self.rng.random() < 0.7 else self.pick(self.templates[1:]),
                acknowledged=self.rng.random() < (0.9 if deal.stage.is_won else 0.55),
            )
        if not deal.stage.is_closed:
            due = self.now + timedelta(days=self.rng.randint(-3, 14), hours=self.rng.randint(10, 18))
            # Overdue demo tasks count as reminded already, or the worker would mail them all on its first run.
            add(
                ActivityKind.TASK,
                self.moment(deal.opened_at, self.now),
                subject=self.pick(TASK_SUBJECTS),
                due_at=due,
                reminded_at=due if due < self.now else None,
            )
        elif self.rng.random() < 0.5:
            at = self.moment(deal.opened_at, end)
            add(ActivityKind.TASK, at, subject=self.pick(TASK_SUBJECTS), due_at=at, is_done=True, reminded_at=at)
        if self.rng.random() < 0.3:
            add(ActivityKind.NOTE, self.moment(deal.opened_at, end), body=self.fake.sentence(nb_words=10))
        return entries

    # --- money and tags ------------------------------------------------------------------------------------
    def money(self, deals: list[Deal]) -> None:
        """Won deals are paid and renewed each period until the client leaves; billed deals wait for payment."""
        numbers: dict[int, int] = {}
        invoices: list[Invoice] = []
        paid: list[tuple[Invoice, date]] = []

        def invoice(deal: Deal, issued: date, amount: Decimal) -> Invoice:
            numbers[deal.office_id] = numbers.get(deal.office_id, 0) + 1
            record = Invoice(
                office_id=deal.office_id,
                company_id=deal.company_id,
                deal=deal,
                tariff=deal.tariff,
                number=f"{issued:%y}-{numbers[deal.office_id]:05d}",
                amount=amount,
                issued_on=issued,
                due_on=issued + timedelta(days=5),
                status=InvoiceStatus.ISSUED,
            )
            invoices.append(record)
            return record

        invoice_stage = self.open_stages[-1]
        for deal in deals:
            if deal.stage == invoice_stage:
                invoice(deal, timezone.localdate(self.moment(deal.opened_at, self.now)), deal.amount)
            if not deal.stage.is_won or deal.closed_at is None:
                continue
            months = self.deal_months[id(deal)]
            closed_on = timezone.localdate(deal.closed_at)
            issued = max(timezone.localdate(deal.opened_at), closed_on - timedelta(days=self.rng.randint(1, 5)))
            paid.append((invoice(deal, issued, deal.amount), closed_on))
            renewals = self.pick([0, 1, 2, 3, 99], [15, 10, 10, 10, 55])
            issued = add_months(issued, months)
            while renewals and issued <= self.today:
                record = invoice(deal, issued, deal.amount)
                paid_on = issued + timedelta(days=self.rng.randint(0, 7))
                if paid_on <= self.today and self.rng.random() < 0.93:
                    paid.append((record, paid_on))
                elif paid_on < self.today - timedelta(days=30):
                    record.status = InvoiceStatus.CANCELLED
                issued = add_months(issued, months)
                renewals -= 1
        for record, _paid_on in paid:
            record.status = InvoiceStatus.PAID
        self.save(Invoice, invoices)
        payments = [
            Payment(
                office_id=record.office_id,
                company_id=record.company_id,
                deal=record.deal,
                invoice=record,
                tariff=record.tariff,
                amount=record.amount,
                paid_on=paid_on,
                status=PaymentStatus.REFUNDED if self.rng.random() < 0.01 else PaymentStatus.RECEIVED,
            )
            for record, paid_on in paid
        ]
        self.save(Payment, payments)

    def tags(self, companies: list[Company], deals: list[Deal]) -> None:
        """«Золотой список» on stuck negotiations of every office, and a few office tags on clients."""
        golden = {tag.office_id: tag for tag in Tag.objects.filter(name=GOLDEN_LIST_TAG)}
        negotiating = set(self.open_stages[self.proposal_from :])
        chosen = {id(deal): deal for deal in self.stuck_deals}
        for deal in deals:
            if deal.stage in negotiating and self.rng.random() < 0.08:
                chosen[id(deal)] = deal
        deal_tags = [Deal.tags.through(deal_id=deal.pk, tag_id=golden[deal.office_id].pk) for deal in chosen.values()]
        self.save(Deal.tags.through, deal_tags, label="golden list deals")
        office_tags = {
            office.pk: [
                Tag.objects.get_or_create(office=office, name=name, defaults={"color": color})[0]
                for name, color in OFFICE_TAGS
            ]
            for office in self.offices
        }
        company_tags = [
            Company.tags.through(company_id=company.pk, tag_id=self.pick(office_tags[company.office_id]).pk)
            for company in companies
            if self.rng.random() < 0.12
        ]
        self.save(Company.tags.through, company_tags, label="company tags")
