"""The OpenAPI schema is valid and every endpoint is described without warnings."""

from django.core.management import call_command


def test_openapi_schema_is_valid_without_warnings(db, tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text(encoding="utf-8")
    for path in ("/api/v1/companies/", "/api/v1/duplicates/", "/api/v1/telephony/route", "/api/v1/intake/web"):
        assert path in text
