"""The API for offices, people and tokens: who sees what, token life cycle, authentication, the schema."""

import pytest
from rest_framework.test import APIClient

from nastavnik.offices.models import ApiToken
from nastavnik.offices.services import api_token_create


def api_as(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# Offices


def test_outsider_sees_only_their_own_office(office_a, office_b, charlie):
    client = api_as(charlie)
    assert ids(client.get("/api/v1/offices/")) == {office_b.pk}
    assert client.get(f"/api/v1/offices/{office_a.pk}/").status_code == 404


def test_account_manager_sees_the_offices_they_mentor(office_a, office_b, account_manager):
    client = api_as(account_manager)
    assert ids(client.get("/api/v1/offices/")) == {office_a.pk}
    assert client.get(f"/api/v1/offices/{office_b.pk}/").json() == {"detail": "Страница не найдена."}


def test_head_sees_every_office(office_a, office_b, head):
    assert {office_a.pk, office_b.pk} <= ids(api_as(head).get("/api/v1/offices/"))


def test_offices_are_read_only(office_a, alice):
    client = api_as(alice)
    assert client.post("/api/v1/offices/", {"code": "new", "name": "Новое"}).status_code == 405
    assert client.patch(f"/api/v1/offices/{office_a.pk}/", {"name": "Другое"}).status_code == 405


# Users


def test_outsider_sees_no_one_of_another_office(alice, bob, charlie):
    client = api_as(charlie)
    assert ids(client.get("/api/v1/users/")) == {charlie.pk}
    assert client.get(f"/api/v1/users/{alice.pk}/").status_code == 404


def test_colleagues_and_the_account_manager_are_visible(alice, bob, charlie, account_manager):
    client = api_as(alice)
    assert ids(client.get("/api/v1/users/")) == {alice.pk, bob.pk, account_manager.pk}
    bob_row = client.get(f"/api/v1/users/{bob.pk}/").json()
    assert (bob_row["short_name"], bob_row["role"]) == (bob.short_name, "agent")


def test_users_are_searchable(alice, bob):
    assert ids(api_as(alice).get("/api/v1/users/", {"search": "Козлов"})) == {bob.pk}


# Tokens


def test_token_life_cycle_create_use_revoke(alice, company_a):
    response = api_as(alice).post("/api/v1/tokens/", {"name": "1С"}, format="json")
    assert response.status_code == 201
    body = response.json()
    key = body["key"]
    assert body["name"] == "1С" and body["is_active"] and key.startswith(body["prefix"])
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user == alice and token.key_hash != key  # only the hash is stored

    integration = APIClient()
    integration.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    companies = integration.get("/api/v1/companies/")
    assert companies.status_code == 200
    assert [row["name"] for row in companies.json()["results"]] == ["Ромашка"]
    token.refresh_from_db()
    assert token.last_used_at is not None

    listed = api_as(alice).get("/api/v1/tokens/").json()["results"]
    assert [row["id"] for row in listed] == [token.pk] and "key" not in listed[0]

    assert api_as(alice).delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None

    refused = integration.get("/api/v1/companies/")
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Токен неверен или отозван."}
    assert refused["WWW-Authenticate"] == "Token"


def test_token_revoke_action(alice):
    token, key = api_token_create(user=alice, name="CRM")
    integration = APIClient()
    integration.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert integration.get("/api/v1/tokens/").status_code == 200
    response = integration.post(f"/api/v1/tokens/{token.pk}/revoke/")
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert integration.get("/api/v1/tokens/").status_code == 401


def test_a_user_sees_and_revokes_only_their_own_tokens(alice, charlie):
    token, _key = api_token_create(user=alice, name="CRM")
    client = api_as(charlie)
    assert ids(client.get("/api/v1/tokens/")) == set()
    assert client.get(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert client.post(f"/api/v1/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_a_token_without_a_name_gets_the_default_one(alice):
    response = api_as(alice).post("/api/v1/tokens/", {}, format="json")
    assert response.status_code == 201
    assert response.json()["name"] == "Токен"


# Authentication and the schema


@pytest.mark.parametrize("path", ["/api/v1/companies/", "/api/v1/offices/", "/api/v1/tokens/"])
def test_anonymous_callers_get_a_json_401(db, path):
    response = APIClient().get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Учетные данные не были предоставлены."}


def test_a_wrong_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = client.get("/api/v1/companies/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Токен неверен или отозван."}


def test_the_web_session_authenticates_the_api(alice, company_a):
    client = APIClient()
    client.force_login(alice)
    assert ids(client.get("/api/v1/companies/")) == {company_a.pk}


def test_schema_and_docs_are_served(alice):
    client = api_as(alice)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/companies/" in schema.content
    assert client.get("/api/docs/").status_code == 200
