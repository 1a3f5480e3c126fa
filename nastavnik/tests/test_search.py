"""Searching is case-insensitive for Cyrillic on every database."""

from nastavnik.clients.filters import CompanyFilter
from nastavnik.clients.selectors import companies_for
from nastavnik.tests.factories import CompanyFactory


def test_cyrillic_search_ignores_case(alice, office_a):
    CompanyFactory(office=office_a, name="Ромашка")
    CompanyFactory(office=office_a, name="Василёк")
    found = CompanyFilter({"q": "рОМАШ"}, queryset=companies_for(alice)).qs
    assert [c.name for c in found] == ["Ромашка"]
    assert companies_for(alice).filter(name__icontains="100% скидка").count() == 0
