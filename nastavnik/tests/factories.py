"""factory_boy factories with Russian fake data, shared by every app's tests."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from faker import Faker

from nastavnik.activities.choices import ActivityKind, CallDirection
from nastavnik.activities.models import Activity, ProposalTemplate
from nastavnik.clients.duplicates import company_keys_refresh
from nastavnik.clients.models import Company, Contact, ContactEmail, ContactPhone
from nastavnik.deals.models import Deal, Invoice, Payment, Stage, Tariff
from nastavnik.offices.choices import OfficeKind, Role
from nastavnik.offices.models import Office, Region, User

fake = Faker("ru_RU")
PASSWORD = "correct-horse-42"


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"office{n}")
    kind = OfficeKind.PARTNER
    name = factory.LazyFunction(lambda: f"Представительство {fake.city()}")
    city = factory.LazyFunction(fake.city)
    region = factory.LazyFunction(lambda: Region.objects.order_by("?").first())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ru")
    first_name = factory.LazyFunction(fake.first_name_male)
    last_name = factory.LazyFunction(fake.last_name_male)
    patronymic = factory.LazyFunction(fake.middle_name_male)
    role = Role.MANAGER
    office = factory.SubFactory(OfficeFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    office = factory.SubFactory(OfficeFactory)
    name = factory.LazyFunction(lambda: fake.company().replace("«", "").replace("»", "").split(" ", 1)[-1])
    website = factory.Sequence(lambda n: f"site{n}.ru")
    industry = factory.LazyFunction(fake.bs)

    @factory.post_generation
    def _client_keys(obj, create, extracted, **kwargs):
        if create:
            company_keys_refresh([obj.pk])


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    surname = factory.LazyFunction(fake.last_name_male)
    first_name = factory.LazyFunction(fake.first_name_male)
    patronymic = factory.LazyFunction(fake.middle_name_male)
    position = factory.LazyFunction(fake.job)

    @factory.post_generation
    def _client_keys(obj, create, extracted, **kwargs):
        if create:
            company_keys_refresh([obj.company_id])


class ContactPhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPhone
        skip_postgeneration_save = True

    contact = factory.SubFactory(ContactFactory)
    number = factory.Sequence(lambda n: f"+7495{1000000 + n:07d}")

    @factory.post_generation
    def _client_keys(obj, create, extracted, **kwargs):
        if create:
            company_keys_refresh([obj.contact.company_id])


class ContactEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactEmail
        skip_postgeneration_save = True

    contact = factory.SubFactory(ContactFactory)
    # A domain of its own per address: one shared corporate domain would make every company a duplicate.
    email = factory.Sequence(lambda n: f"person{n}@company{n}.ru")

    @factory.post_generation
    def _client_keys(obj, create, extracted, **kwargs):
        if create:
            company_keys_refresh([obj.contact.company_id])


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tariff
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Тариф {n}")
    monthly_price = Decimal("15000.00")


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal

    company = factory.SubFactory(CompanyFactory)
    office = factory.LazyAttribute(lambda o: o.company.office)
    stage = factory.LazyFunction(lambda: Stage.objects.order_by("order").first())
    owner = factory.SubFactory(UserFactory, office=factory.SelfAttribute("..office"))
    amount = Decimal("180000.00")
    opened_at = factory.LazyFunction(timezone.now)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    company = factory.SubFactory(CompanyFactory)
    office = factory.LazyAttribute(lambda o: o.company.office)
    author = factory.SubFactory(UserFactory, office=factory.SelfAttribute("..office"))
    kind = ActivityKind.CALL
    direction = CallDirection.OUTGOING
    duration_seconds = 360
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class ProposalTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalTemplate
        django_get_or_create = ("name",)

    name = "Рекомендованный шаблон КП"
    is_recommended = True


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    company = factory.SubFactory(CompanyFactory)
    office = factory.LazyAttribute(lambda o: o.company.office)
    number = factory.Sequence(lambda n: f"С-{n}")
    amount = Decimal("45000.00")
    issued_on = factory.LazyFunction(lambda: timezone.localdate())


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    company = factory.SubFactory(CompanyFactory)
    office = factory.LazyAttribute(lambda o: o.company.office)
    amount = Decimal("45000.00")
    paid_on = factory.LazyFunction(lambda: timezone.localdate())
