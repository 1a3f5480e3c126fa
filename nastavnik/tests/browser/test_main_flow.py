"""A manager's day in the browser, and an outsider from another office who must see none of it."""

import io
import re
import wave
from pathlib import Path

import pytest
from playwright.sync_api import expect

from nastavnik.deals.models import Deal, Stage
from nastavnik.tests.browser.conftest import log_in
from nastavnik.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def recording_file(tmp_path: Path) -> Path:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x10" * 8000)
    path = tmp_path / "звонок.wav"
    path.write_bytes(buffer.getvalue())
    return path


def test_manager_works_a_client_and_an_outsider_sees_nothing(new_page, alice, charlie, recording_file):
    page = new_page()
    log_in(page, alice.email, PASSWORD)

    # A company with a contact.
    page.goto("/companies/new/")
    page.fill("#id_name", "Ромашка Браузерная")
    page.fill("#id_inn", "7707083893")
    page.fill("#id_website", "romashka-browser.ru")
    page.get_by_test_id("company-save").click()
    expect(page.get_by_test_id("company-name")).to_contain_text("Ромашка Браузерная")
    company_url = page.url
    assert re.search(r"/companies/\d+/$", company_url)

    page.get_by_test_id("contact-create").click()
    page.fill("#id_surname", "Иванов")
    page.fill("#id_first_name", "Пётр")
    page.fill("#id_phones", "8 (495) 123-45-67")
    page.fill("#id_emails", "ivanov@romashka-browser.ru")
    page.get_by_test_id("contact-save").click()
    expect(page.get_by_text("+7 (495) 123-45-67")).to_be_visible()

    # A deal, moved on the board.
    page.goto(company_url)
    page.get_by_test_id("deal-create").click()
    page.fill("#id_title", "Тариф Бизнес для Ромашки")
    page.fill("#id_amount", "238800")
    page.get_by_test_id("deal-save").click()
    expect(page.get_by_test_id("deal-title")).to_contain_text("Тариф Бизнес для Ромашки")
    deal = Deal.objects.get(title="Тариф Бизнес для Ромашки")

    negotiation = Stage.objects.get(name="Переговоры")
    page.goto("/deals/board/")
    page.get_by_test_id(f"move-stage-{deal.pk}").select_option(str(negotiation.pk))
    page.get_by_test_id(f"move-submit-{deal.pk}").click()
    column = page.get_by_test_id(f"board-column-{negotiation.pk}")
    expect(column.get_by_test_id(f"deal-card-{deal.pk}")).to_be_visible()
    deal.refresh_from_db()
    assert deal.stage == negotiation

    # A call with its recording, playable on the card.
    page.goto(company_url)
    page.get_by_test_id("log-call").click()
    page.fill("#id_minutes", "6")
    page.set_input_files("#id_recording", str(recording_file))
    page.get_by_test_id("activity-save").click()
    audio = page.locator("audio[data-testid^=recording-]")
    expect(audio).to_have_count(1)
    assert page.request.get(audio.get_attribute("src") or "").ok

    # Charlie works in another office: the company, the deal and the call do not exist for him.
    outsider = new_page()
    log_in(outsider, charlie.email, PASSWORD)
    outsider.goto("/companies/?q=Ромашка")
    expect(outsider.get_by_text("Ромашка Браузерная")).to_have_count(0)
    response = outsider.goto(company_url)
    assert response is not None and response.status == 404
    outsider.goto("/deals/board/")
    expect(outsider.get_by_text("Тариф Бизнес для Ромашки")).to_have_count(0)
    response = outsider.goto(f"/deals/{deal.pk}/")
    assert response is not None and response.status == 404
