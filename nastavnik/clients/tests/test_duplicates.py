"""The duplicate check through the database: each normalisation, ranking, limits, tenancy and claims."""

from dataclasses import asdict
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nastavnik.clients.choices import ClientKeyKind
from nastavnik.clients.duplicates import (
    company_keys_refresh,
    find_duplicates,
    find_duplicates_any_office,
    keys_for,
)
from nastavnik.clients.models import ClientKey, Company, PublicEmailDomain
from nastavnik.clients.services import company_create, contact_create, contact_update
from nastavnik.tests.factories import CompanyFactory, ContactFactory, DealFactory, UserFactory

VALID_INN = "7707083893"
OTHER_INN = "7736050003"


@pytest.fixture
def romashka(alice):
    """Alice's client as it was entered: «ООО Ромашка» with a director Иванова."""
    company = company_create(user=alice, name="Ромашка", legal_form="ooo", website="https://www.romashka.ru/about")
    contact_create(
        user=alice,
        company=company,
        surname="Иванова",
        first_name="Мария",
        phones=["+7 (495) 123-45-67", "+7 916 555-44-33"],
        emails=["m.ivanova@romashka.ru"],
    )
    return company


def ids(report) -> list[int]:
    return [match.company_id for match in report.results]


def only_match(report):
    assert len(report.results) == 1, report.results
    return report.results[0]


# ---- company name -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "ООО «Ромашка»",
        "Ромашка ООО",
        "Romashka LLC",
        'общество с ограниченной ответственностью "РОМАШКА"',
        "ромашка, ооо",
        "  Ромашка  ",
    ],
)
def test_name_in_any_writing_finds_the_company(alice, romashka, typed):
    match = only_match(find_duplicates(user=alice, name=typed))
    assert match.company_id == romashka.pk
    assert match.matched_on == ["name"]
    assert match.name == "ООО «Ромашка»"
    assert not match.likely  # a name alone is a resemblance: two firms may share it


def test_yo_and_e_are_the_same_letter(alice):
    company = company_create(user=alice, name="Ёлка")
    assert ids(find_duplicates(user=alice, name="ООО Елка")) == [company.pk]


@pytest.mark.parametrize("typed", ["Ромашкка", "Ромащка", "Ромшка", "Оромашка", "Ормашка"])
def test_name_with_a_typo_is_found(alice, romashka, typed):
    match = only_match(find_duplicates(user=alice, name=typed))
    assert match.company_id == romashka.pk
    assert match.matched_on == ["name"]


def test_a_different_name_is_not_a_match(alice, romashka):
    assert find_duplicates(user=alice, name="Лютик").results == []


def test_close_name_with_a_surname_is_likely(alice, romashka):
    match = only_match(find_duplicates(user=alice, name="Ромашкаа", surname="Иванов"))
    assert match.matched_on == ["name", "surname"]
    assert match.likely


# ---- surname ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Иванов", "ИВАНОВА", "Ivanova", "Ivanov", "иванова "])
def test_surname_in_both_genders_and_latin(alice, romashka, typed):
    match = only_match(find_duplicates(user=alice, surname=typed))
    assert match.company_id == romashka.pk
    assert match.matched_on == ["surname"]
    assert not match.likely


def test_adjectival_surnames_match_across_genders(alice):
    company = company_create(user=alice, name="Лютик")
    contact_create(user=alice, company=company, surname="Петровский")
    assert ids(find_duplicates(user=alice, surname="Петровская")) == [company.pk]


# ---- phone --------------------------------------------------------------------------------------------


def test_number_without_city_code_finds_the_full_one(alice, romashka):
    match = only_match(find_duplicates(user=alice, phone="123-45-67"))
    assert match.company_id == romashka.pk
    assert match.matched_on == ["phone"]
    assert not match.likely  # seven digits are shared by numbers of different cities


def test_number_without_city_code_and_the_name_is_likely(alice, romashka):
    match = only_match(find_duplicates(user=alice, name="Ромашка", phone="123 45 67"))
    assert match.matched_on == ["name", "phone"]
    assert match.likely


@pytest.mark.parametrize(
    "typed", ["9165554433", "8 (916) 555-44-33", "+7 916 555 44 33 доб. 12", "+79165554433", "8-495-123-45-67"]
)
def test_full_number_in_any_writing_is_likely(alice, romashka, typed):
    match = only_match(find_duplicates(user=alice, phone=typed))
    assert match.company_id == romashka.pk
    assert match.matched_on == ["phone"]
    assert match.likely


def test_same_digits_under_another_city_code_are_only_a_resemblance(alice, romashka):
    match = only_match(find_duplicates(user=alice, phone="+7 (812) 123-45-67"))
    assert match.matched_on == ["phone"]
    assert not match.likely
    assert match.score < 0.5


def test_phone_of_letters_finds_nothing_and_does_not_fail(alice, romashka):
    assert find_duplicates(user=alice, phone="восемь-девять").results == []


# ---- e-mail and its domain ----------------------------------------------------------------------------


def test_email_in_another_case_with_spaces_is_found(alice, romashka):
    match = only_match(find_duplicates(user=alice, email="  M.Ivanova@ROMASHKA.ru "))
    assert match.company_id == romashka.pk
    assert match.matched_on == ["email", "email_domain"]
    assert match.likely
    assert match.score >= 0.95


def test_another_address_on_the_corporate_domain_is_likely(alice, romashka):
    match = only_match(find_duplicates(user=alice, email="sales@romashka.ru"))
    assert "email_domain" in match.matched_on
    assert "email" not in match.matched_on
    assert match.likely


def test_public_mail_domain_never_matches(alice):
    company = company_create(user=alice, name="Лютик")
    contact_create(user=alice, company=company, surname="Сидоров", emails=["sidorov@mail.ru"])
    assert find_duplicates(user=alice, email="petrov@mail.ru").results == []
    assert find_duplicates(user=alice, email="petrov@gmail.com").results == []
    assert ids(find_duplicates(user=alice, email="Sidorov@Mail.ru")) == [company.pk]
    assert not ClientKey.objects.filter(kind=ClientKeyKind.EMAIL_DOMAIN).exists()


def test_public_domains_are_an_editable_list(alice):
    company = company_create(user=alice, name="Лютик")
    contact_create(user=alice, company=company, surname="Сидоров", emails=["sidorov@provider.ru"])
    assert ids(find_duplicates(user=alice, email="other@provider.ru")) == [company.pk]
    PublicEmailDomain.objects.create(domain="provider.ru")
    assert find_duplicates(user=alice, email="other@provider.ru").results == []
    company_keys_refresh([company.pk])
    assert not ClientKey.objects.filter(kind=ClientKeyKind.EMAIL_DOMAIN, company=company).exists()


# ---- website --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["romashka.ru", "WWW.ROMASHKA.RU", "http://shop.romashka.ru.", "https://romashka.ru/contacts?utm_source=x"]
)
def test_website_in_any_writing_is_likely(alice, romashka, typed):
    match = only_match(find_duplicates(user=alice, website=typed))
    assert match.company_id == romashka.pk
    assert "website" in match.matched_on
    assert match.likely


def test_cyrillic_domain_matches_its_punycode(alice):
    company = company_create(user=alice, name="Ромашка", website="ромашка.рф")
    punycode = "ромашка.рф".encode("idna").decode("ascii")
    assert ids(find_duplicates(user=alice, website=f"https://www.{punycode}/")) == [company.pk]
    assert ids(find_duplicates(user=alice, website="http://Магазин.Ромашка.РФ")) == [company.pk]


def test_site_of_the_company_matches_the_domain_of_an_email(alice, romashka):
    company = company_create(user=alice, name="Лютик", website="lutik.ru")
    match = only_match(find_duplicates(user=alice, email="director@lutik.ru"))
    assert match.company_id == company.pk
    assert match.matched_on == ["email_domain"]


# ---- INN ------------------------------------------------------------------------------------------------


def test_inn_exact_after_validation(alice):
    company = company_create(user=alice, name="Лютик", inn=VALID_INN)
    match = only_match(find_duplicates(user=alice, inn=f"ИНН {VALID_INN}"))
    assert match.company_id == company.pk
    assert match.matched_on == ["inn"]
    assert match.likely
    assert find_duplicates(user=alice, inn="7707083894").results == []  # a wrong checksum is no INN


# ---- ranking and limits -------------------------------------------------------------------------------


def test_inn_match_ranks_above_a_name_only_match(alice, romashka):
    other = company_create(user=alice, name="Совсем другое название", inn=VALID_INN)
    report = find_duplicates(user=alice, name="Ромашка", inn=VALID_INN)
    assert ids(report) == [other.pk, romashka.pk]
    assert report.results[0].likely and not report.results[1].likely
    assert report.results[0].score > report.results[1].score


def test_more_matched_keys_rank_higher(alice, romashka):
    namesake = company_create(user=alice, name="Ромашка")
    report = find_duplicates(user=alice, name="Ромашка", surname="Иванов")
    assert ids(report) == [romashka.pk, namesake.pk]


def test_at_most_twenty_results(alice, office_a):
    for _ in range(25):
        CompanyFactory(office=office_a, name="Ромашка")
    report = find_duplicates(user=alice, name="Ромашка")
    assert len(report.results) == 20
    assert len(find_duplicates(user=alice, name="Ромашка", limit=5).results) == 5


def test_nothing_typed_finds_nothing(alice, romashka):
    report = find_duplicates(user=alice)
    assert report.results == [] and report.taken_elsewhere == []
    assert find_duplicates(user=alice, name="ООО", website="не сайт", inn="12").results == []


def test_a_check_is_a_few_bounded_queries(alice, romashka, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        find_duplicates(
            user=alice, name="Ромашка", surname="Иванов", phone="123-45-67", email="x@romashka.ru",
            website="romashka.ru", inn=VALID_INN,
        )  # fmt: skip


def test_every_lookup_has_a_limit(alice, romashka):
    with CaptureQueriesContext(connection) as captured:
        find_duplicates_any_office(name="Ромашка", surname="Иванов", phone="123-45-67", email="x@romashka.ru")
    key_lookups = [q["sql"] for q in captured.captured_queries if "clients_clientkey" in q["sql"]]
    assert key_lookups
    for sql in key_lookups:
        # Either a LIMIT, or restricted to the few candidate companies already found.
        assert "LIMIT" in sql or "company_id IN" in sql.replace('"', ""), sql
        # Every subquery of a combined lookup keeps its own LIMIT.
        assert sql.count("FROM (SELECT") == sql.count(" LIMIT "), sql


# ---- tenancy and claims ---------------------------------------------------------------------------------


@pytest.fixture
def betas_client(office_b, charlie):
    """Office B's client with the same INN and site as the one alice is about to enter (entered by B first)."""
    company = CompanyFactory(office=office_b, name="Ромашка-Бета", inn=VALID_INN, website="romashka-beta.ru")
    ContactFactory(company=company, surname="Орлова")
    return company


def test_outsiders_company_is_never_in_results(alice, betas_client):
    report = find_duplicates(user=alice, name="Ромашка-Бета", inn=VALID_INN, surname="Орлов")
    assert report.results == []


def test_active_claim_elsewhere_tells_only_the_date_and_whom_to_ask(alice, betas_client, office_b):
    mentor = UserFactory(email="mentor@hq.ru", last_name="Наставников", first_name="Пётр", patronymic="Ильич")
    office_b.account_manager = mentor
    office_b.save()
    since = timezone.now() - timedelta(days=10)
    Company.objects.filter(pk=betas_client.pk).update(office_since=since)
    report = find_duplicates(user=alice, inn=VALID_INN)
    assert report.results == []
    assert [asdict(entry) for entry in report.taken_elsewhere] == [
        {"matched_on": ["inn"], "since": timezone.localdate(since), "account_manager": "Наставников П. И."}
    ]


def test_lapsed_claim_elsewhere_is_not_reported(alice, betas_client):
    Company.objects.filter(pk=betas_client.pk).update(office_since=timezone.now() - timedelta(days=400))
    assert find_duplicates(user=alice, inn=VALID_INN).taken_elsewhere == []


def test_open_deal_keeps_an_old_claim(alice, betas_client):
    Company.objects.filter(pk=betas_client.pk).update(office_since=timezone.now() - timedelta(days=400))
    DealFactory(company=betas_client)
    assert len(find_duplicates(user=alice, inn=VALID_INN).taken_elsewhere) == 1


def test_a_mere_resemblance_elsewhere_is_not_reported(alice, betas_client):
    assert find_duplicates(user=alice, surname="Орлова").taken_elsewhere == []


def test_head_sees_every_office(head, romashka, betas_client):
    report = find_duplicates(user=head, inn=VALID_INN, name="Ромашка")
    assert set(ids(report)) == {romashka.pk, betas_client.pk}
    assert report.taken_elsewhere == []


def test_any_office_search_is_unscoped_and_names_the_office(romashka, betas_client):
    matches = find_duplicates_any_office(inn=VALID_INN)
    assert [(m.company_id, m.office_id, m.likely) for m in matches] == [(betas_client.pk, betas_client.office_id, True)]
    assert find_duplicates_any_office() == []


def test_external_id_is_reported(alice, office_a):
    CompanyFactory(office=office_a, name="Лютик", external_id="A-17")
    assert find_duplicates(user=alice, name="Лютик").results[0].external_id == "A-17"


# ---- keys -------------------------------------------------------------------------------------------------


def test_keys_for_without_the_database():
    keys = keys_for(
        {"name": "ООО «Ромашка»", "website": "https://www.Romashka.ru/", "inn": VALID_INN},
        [
            {"surname": "Иванова", "phones": ["8 (495) 123-45-67"], "emails": ["M.Ivanova@romashka.ru", "m@mail.ru"]},
            {"surname": "Петров", "phones": [], "emails": []},
        ],
    )
    assert keys == [
        ("name", "romashka"),
        ("website", "romashka.ru"),
        ("inn", VALID_INN),
        ("surname", "ivanov"),
        ("name_surname", "romashka|ivanov"),
        ("phone", "+74951234567"),
        ("phone_local", "1234567"),
        ("email", "m.ivanova@romashka.ru"),
        ("email_domain", "romashka.ru"),
        ("email", "m@mail.ru"),
        ("surname", "petrov"),
        ("name_surname", "romashka|petrov"),
    ]


def test_keys_cover_former_contacts(alice, romashka):
    contact = romashka.contacts.get()
    contact_update(user=alice, contact=contact, is_current=False)
    assert ids(find_duplicates(user=alice, surname="Иванова")) == [romashka.pk]


def test_new_phone_becomes_findable_after_contact_edit(alice, romashka):
    contact = romashka.contacts.get()
    assert find_duplicates(user=alice, phone="+7 (499) 765-43-21").results == []
    contact_update(user=alice, contact=contact, phones=["+7 (499) 765-43-21"])
    assert ids(find_duplicates(user=alice, phone="+7 (499) 765-43-21")) == [romashka.pk]
    assert find_duplicates(user=alice, phone="+7 (495) 123-45-67").results == []  # the old number is gone


def test_company_edit_refreshes_its_keys(alice, romashka):
    from nastavnik.clients.services import company_update

    company_update(user=alice, company=romashka, name="Лютик", website="lutik.ru")
    assert find_duplicates(user=alice, name="Ромашка").results == []
    assert ids(find_duplicates(user=alice, name="Лютик", website="lutik.ru")) == [romashka.pk]


def test_refresh_in_bulk_rebuilds_every_company(office_a):
    companies = [CompanyFactory(office=office_a, name=f"Компания {n}", website=f"c{n}.ru") for n in range(3)]
    ClientKey.objects.all().delete()
    company_keys_refresh([company.pk for company in companies])
    assert ClientKey.objects.filter(kind=ClientKeyKind.WEBSITE).count() == 3
    assert set(ClientKey.objects.values_list("office_id", flat=True)) == {office_a.pk}
    company_keys_refresh([])  # nothing to do, no error
