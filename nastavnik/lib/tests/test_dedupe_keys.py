import pytest

from nastavnik.lib.dedupe_keys import (
    PUBLIC_EMAIL_DOMAINS,
    company_name_key,
    company_name_tokens,
    email_domain_key,
    email_key,
    inn_key,
    name_similarity,
    phone_keys,
    surname_key,
    website_key,
)

# Sberbank's INN: a real organisation number with valid check digits.
SBERBANK_INN = "7707083893"


@pytest.mark.parametrize(
    "name",
    [
        'ООО "Ромашка"',
        "ООО «Ромашка»",
        "Общество с ограниченной ответственностью «Ромашка»",
        "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ „РОМАШКА“",
        "Ромашка, ООО",
        "ROMASHKA LLC",
        "Romashka Ltd.",
        "OOO Romashka",
        "  Ромашка  ",
        "Ромашка",
        "'Ромашка'",
        "Ромашкa",  # the last letter typed in Latin
    ],
)
def test_one_company_written_many_ways(name):
    assert company_name_key(name) == "romashka"


@pytest.mark.parametrize(
    "name",
    [
        "АО «Ромашка»",
        "Акционерное общество «Ромашка»",
        "ПАО «Ромашка»",
        "Публичное акционерное общество «Ромашка»",
        "ЗАО «Ромашка»",
        "Закрытое акционерное общество «Ромашка»",
        "ОАО «Ромашка»",
        "Открытое акционерное общество «Ромашка»",
        "НАО «Ромашка»",
        "Непубличное акционерное общество «Ромашка»",
        "АНО «Ромашка»",
        "НКО «Ромашка»",
        "ТОО «Ромашка»",
        "ГУП «Ромашка»",
        "МУП «Ромашка»",
        "ФГУП «Ромашка»",
        "«Ромашка» АО",
        "JSC Romashka",
        "ZAO Romashka",
        "OAO Romashka",
        "PAO Romashka",
        "Romashka, Inc.",
        "Romashka Limited Liability Company",
    ],
)
def test_legal_forms_are_dropped_short_and_long(name):
    assert company_name_key(name) == "romashka"


def test_legal_form_letters_inside_a_word_stay():
    assert company_name_key("ООО Паолина") == "paolina"
    assert company_name_key("Аонида") == "aonida"
    assert company_name_key("Ипподром") == "ipodrom"
    assert company_name_key("Inception LLC") == "inception"


def test_sole_trader_keeps_the_person():
    assert company_name_key("ИП Иванов Иван Иванович") == "ivanov ivan ivanovich"
    assert company_name_key("Индивидуальный предприниматель Иванов И. И.") == "ivanov i i"


def test_a_name_that_is_only_a_legal_form_is_not_emptied():
    assert company_name_key("ИП") == "ip"
    assert company_name_key("ООО") == company_name_key("ooo") != ""
    assert company_name_key("") == ""


def test_yo_and_ye_are_one_letter():
    assert company_name_key("Алёна") == company_name_key("Алена") == "alena"
    assert company_name_key("ООО «Василёк»") == company_name_key("Василек")


def test_hyphen_and_space_give_the_same_key():
    assert company_name_key("Сервис-Плюс") == company_name_key("Сервис Плюс") == company_name_key("СЕРВИС—ПЛЮС")


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Ромашка", "Romashka"),
        ("Альфа-Банк", "Alfa-Bank"),
        ("Хлебозавод № 5", "Khlebozavod 5"),
        ("Хлебозавод № 5", "Hlebozavod 5"),
        ("Щука", "Shchuka"),
        ("Щука", "Schuka"),
        ("Цветы", "Tsvety"),
        ("Юнона", "Iunona"),
        ("Юнона", "Yunona"),
        ("Заря", "Zaria"),
        ("Заря", "Zarya"),
        ("Максимум", "Maximum"),
        ("Кока-Кола", "Coca-Cola"),
        ("Журавли", "Zhuravli"),
        ("Дмитрий и сыновья", "Dmitry i synovya"),
        ("Фёдоров и партнёры", "Fyodorov i partnyory"),
        ("Объединённые системы", "Obyedinennye sistemy"),
    ],
)
def test_cyrillic_and_latin_spellings_meet(cyrillic, latin):
    assert company_name_key(cyrillic) == company_name_key(latin)


def test_digits_stay_in_the_key():
    assert company_name_key("1С-Битрикс") == "1s bitriks"
    assert company_name_key("Завод № 1") != company_name_key("Завод № 2")


def test_tokens():
    assert company_name_tokens('ООО "Сервис-Плюс"') == ["servis", "plius"]
    assert company_name_tokens("ИП") == ["ip"]
    assert company_name_tokens("") == []


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Ромошка", "Ромашка"),
        ("Рамашка", "Ромашка"),
        ("Ромашк", "Ромашка"),
        ("Ромашкка", "Ромашка"),
        ("Ромашкa", "Ромашка"),
        ("Сервис Плюс", "СервисПлюс"),
        ("Плюс Сервис", "Сервис-Плюс"),
        ("Стройинвест", "Стройинвесть"),
        ("Техноавиа", "Тех ноавиа"),
        ("Василек", "ООО Василёк"),
    ],
)
def test_small_typos_score_high(typed, stored):
    assert name_similarity(company_name_key(typed), company_name_key(stored)) >= 0.85


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ромашка", "Василёк"),
        ("Ромашка", "Стройинвест"),
        ("Альфа-Банк", "Газпром"),
        ("Сервис Плюс", "Техноавиа"),
    ],
)
def test_different_companies_score_low(a, b):
    assert name_similarity(company_name_key(a), company_name_key(b)) < 0.6


def test_similarity_bounds():
    assert name_similarity("romashka", "romashka") == 1.0
    assert name_similarity("", "romashka") == 0.0
    assert name_similarity("", "") == 0.0


@pytest.mark.parametrize(
    ("masculine", "feminine"),
    [
        ("Иванов", "Иванова"),
        ("Сергеев", "Сергеева"),
        ("Ковалёв", "Ковалева"),
        ("Петровский", "Петровская"),
        ("Троцкий", "Троцкая"),
        ("Ильин", "Ильина"),
        ("Синицын", "Синицына"),
        ("Толстой", "Толстая"),
        ("Трубецкой", "Трубецкая"),
        ("Белый", "Белая"),
        ("Римский-Корсаков", "Римская-Корсакова"),
    ],
)
def test_masculine_and_feminine_surnames_share_a_key(masculine, feminine):
    assert surname_key(masculine) == surname_key(feminine)


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Иванова", "Ivanova"),
        ("Иванова", "IVANOV"),
        ("Петровская", "Petrovskaya"),
        ("Петровский", "Petrovsky"),
        ("Петровский", "Petrovskiy"),
        ("Ильина", "Ilyina"),
        ("Толстой", "Tolstoy"),
        ("Сергеев", "Sergeyev"),
        ("Щербаков", "Shcherbakov"),
        ("Хабибуллина", "Khabibullina"),
        ("Цой", "Tsoy"),
        ("Белых", "Belykh"),
        ("Юсупов", "Iusupov"),
    ],
)
def test_latin_spellings_of_a_surname(cyrillic, latin):
    assert surname_key(cyrillic) == surname_key(latin)


def test_case_and_yo_do_not_matter():
    assert surname_key("ФЁДОРОВА") == surname_key("федоров") == surname_key("Fedorova")
    assert surname_key("  Семёнов ") == surname_key("Семенов")


def test_surnames_without_gender_keep_their_form():
    assert surname_key("Белых") == "belih"
    assert surname_key("Шевченко") == "shevchenko"
    assert surname_key("Ким") == "kim"
    assert surname_key("Ли") == "li"
    assert surname_key("Цой") == "coi"


def test_different_surnames_stay_different():
    assert surname_key("Иванов") != surname_key("Иванько")
    assert surname_key("Петров") != surname_key("Петровский")
    assert surname_key("Ильин") != surname_key("Ильинский")
    assert surname_key("") == ""


@pytest.mark.parametrize(
    "raw",
    [
        "8 (495) 123-45-67",
        "+7 495 1234567",
        "+7 (495) 123-45-67",
        "84951234567",
        "8-495-123-45-67",
        "495 123 45 67",
        "+7 (495) 123-45-67 доб. 123",
        "+7 (495) 123-45-67, доб. 45",
        "8 495 123 45 67 ext. 7",
        "тел.: 8 (495) 123-45-67",
    ],
)
def test_moscow_number_written_any_way(raw):
    assert phone_keys(raw) == ("+74951234567", "1234567")


@pytest.mark.parametrize("raw", ["916 123 45 67", "8 916 123-45-67", "+7 916 123 45 67", "89161234567"])
def test_mobile_without_country_code_is_completed(raw):
    assert phone_keys(raw) == ("+79161234567", "1234567")


@pytest.mark.parametrize("raw", ["123-45-67", "123 45 67", "1234567", "123-45-67 доб. 12"])
def test_local_number_matches_the_stored_local_part(raw):
    full, local = phone_keys(raw)
    assert full is None
    assert local == phone_keys("+7 (495) 123-45-67")[1] == "1234567"


def test_small_town_local_number_is_kept_as_typed():
    assert phone_keys("2-34-56") == (None, "23456")
    assert phone_keys("+7 (4012) 12-34-56")[0] == "+74012123456"


def test_foreign_number():
    assert phone_keys("+375 29 123-45-67") == ("+375291234567", "1234567")


@pytest.mark.parametrize("raw", ["", "   ", "нет", "abc", "не указан", "8 800 ЗВОНИ", "12-34", "доб. 123"])
def test_not_a_phone_gives_no_keys(raw):
    assert phone_keys(raw) == (None, "")


def test_email_key():
    assert email_key("  Ivan.Petrov@Romashka.RU ") == "ivan.petrov@romashka.ru"
    assert email_key("mailto:info@romashka.ru") == "info@romashka.ru"
    assert email_key("") == ""


@pytest.mark.parametrize(
    "raw",
    [
        "ivan@mail.ru",
        "IVAN@Yandex.RU",
        "ivan@ya.ru",
        "ivan@gmail.com",
        "ivan@bk.ru",
        "ivan@list.ru",
        "ivan@inbox.ru",
        "ivan@rambler.ru",
        "ivan@icloud.com",
        "ivan@proton.me",
        "ivan@tut.by",
        "ivan@ukr.net",
    ],
)
def test_public_mail_providers_are_not_a_company(raw):
    assert email_domain_key(raw) is None


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("ivan@romashka.ru", "romashka.ru"),
        ("Ivan.Petrov@Romashka.RU ", "romashka.ru"),
        ("sales@msk.romashka.ru", "romashka.ru"),
        ("info@пример.рф", "xn--e1afmkfd.xn--p1ai"),
        ("info@romashka.com.ru", "romashka.com.ru"),
    ],
)
def test_corporate_mail_domain(raw, domain):
    assert email_domain_key(raw) == domain


def test_corporate_mail_domain_compares_with_the_website():
    assert email_domain_key("info@пример.рф") == website_key("https://www.пример.рф/контакты")
    assert email_domain_key("ivan@shop.romashka.ru") == website_key("http://romashka.ru")


def test_public_domains_can_be_edited_by_the_caller():
    assert email_domain_key("ivan@romashka.ru", public_domains={"romashka.ru"}) is None
    assert email_domain_key("ivan@mail.ru", public_domains=PUBLIC_EMAIL_DOMAINS - {"mail.ru"}) == "mail.ru"
    assert email_domain_key("ivan@Gmail.com", public_domains=["GMAIL.COM"]) is None


@pytest.mark.parametrize("raw", ["", "ivan", "ivan@", "@", "ivan@localhost", "ivan@romashka"])
def test_no_domain(raw):
    assert email_domain_key(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.Example.ru/path?q=1",
        "http://example.ru",
        "example.ru",
        "EXAMPLE.RU",
        "example.ru.",
        "www.example.ru/",
        "shop.example.ru",
        "https://shop.example.ru:8443/catalog#top",
        "//example.ru",
        "https://user@example.ru",
    ],
)
def test_website_key(raw):
    assert website_key(raw) == "example.ru"


@pytest.mark.parametrize(
    "raw",
    ["http://пример.рф/", "пример.рф", "https://www.ПРИМЕР.РФ/о-нас", "xn--e1afmkfd.xn--p1ai", "XN--E1AFMKFD.XN--P1AI"],
)
def test_cyrillic_domain_in_punycode(raw):
    assert website_key(raw) == "xn--e1afmkfd.xn--p1ai"


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("sub.example.com.ru", "example.com.ru"),
        ("example.com.ru", "example.com.ru"),
        ("www.romashka.msk.ru", "romashka.msk.ru"),
        ("shop.romashka.spb.ru", "romashka.spb.ru"),
        ("romashka.org.ru", "romashka.org.ru"),
        ("romashka.net.ru", "romashka.net.ru"),
        ("shop.romashka.co.uk", "romashka.co.uk"),
        ("romashka.com.ua", "romashka.com.ua"),
        ("romashka.com.kz", "romashka.com.kz"),
    ],
)
def test_second_level_public_suffixes(raw, domain):
    assert website_key(raw) == domain


def test_site_builders_keep_the_client_subdomain():
    assert website_key("https://romashka.tilda.ws/") == "romashka.tilda.ws"
    assert website_key("romashka.narod.ru") == "romashka.narod.ru"
    assert website_key("romashka.tilda.ws") != website_key("vasilek.tilda.ws")


def test_profile_pages_keep_their_owner():
    assert website_key("https://vk.com/romashka") == "vk.com/romashka"
    assert website_key("https://VK.com/Romashka/") == "vk.com/romashka"
    assert website_key("t.me/romashka_shop") == "t.me/romashka_shop"
    assert website_key("https://vk.com/") is None


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "нет", "-", "localhost", "http://", "com.ru", "ru", "http://a..b.ru", "https://[::1]/", "сайт: нет"],
)
def test_not_a_website(raw):
    assert website_key(raw) is None


def test_ip_address_is_kept_whole():
    assert website_key("http://192.168.10.5/crm") == "192.168.10.5"


@pytest.mark.parametrize("raw", [SBERBANK_INN, " 7707083893 ", "ИНН 7707083893", "7707-083-893"])
def test_inn_key(raw):
    assert inn_key(raw) == SBERBANK_INN


def test_twelve_digit_inn_of_a_person():
    assert inn_key("500100732259") == "500100732259"


@pytest.mark.parametrize("raw", ["", "нет", "7707083894", "770708389", "123456789012", "0000000000"])
def test_invalid_inn(raw):
    assert inn_key(raw) is None
