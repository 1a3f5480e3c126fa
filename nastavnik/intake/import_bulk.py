"""Brand-new clients of an import, written in bulk: the checks of company_create and contact_create, few inserts.

Checked row by row (a bad row is reported, never half-written), then written once per chunk of the import.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from nastavnik.clients.duplicates import company_keys_create
from nastavnik.clients.models import Company, Contact, ContactEmail, ContactPhone
from nastavnik.clients.services import validate_contact
from nastavnik.offices.models import Office, User
from nastavnik.offices.services import ensure_can_write_in_office

# Foreign keys the import sets from objects it has read itself: checking that they exist costs a query each.
_KNOWN_RELATIONS = ["office", "region", "responsible"]


@dataclass
class NewContact:
    contact: Contact
    phones: list[tuple[str, str]]
    emails: list[str]

    def keys_input(self) -> dict[str, Any]:
        """The contact as the duplicate keys are built from it."""
        return {
            "surname": self.contact.surname,
            "phones": [number for number, _extension in self.phones],
            "emails": self.emails,
        }


@dataclass
class NewClient:
    """A checked, not yet saved company with its contacts."""

    company: Company
    contacts: list[NewContact] = field(default_factory=list)


def new_client(*, office: Office, **fields: Any) -> NewClient:
    """Check a company as company_create would; raises ValidationError with the same Russian messages."""
    company = Company(office=office, **fields)
    company.full_clean(exclude=_KNOWN_RELATIONS)
    return NewClient(company=company)


def new_contact(*, phones: Sequence[str], emails: Sequence[str], **fields: Any) -> NewContact:
    """Check a contact with its phones and e-mails as contact_create would."""
    contact = Contact(**fields)
    phone_list, email_list = validate_contact(contact, phones, emails)
    return NewContact(
        contact=contact, phones=list(dict.fromkeys(phone_list or [])), emails=list(dict.fromkeys(email_list or []))
    )


@transaction.atomic
def clients_bulk_create(*, user: User, office: Office, clients: Sequence[NewClient]) -> list[Company]:
    """Save checked new clients: one insert per table (with history), then their duplicate keys at once."""
    if not clients:
        return []
    ensure_can_write_in_office(user, office.pk)
    companies = bulk_create_with_history(Company, [client.company for client in clients], user)
    for client, company in zip(clients, companies, strict=True):
        client.company = company
        for item in client.contacts:
            item.contact.company = company
    contacts_bulk_create(user=user, contacts=[item for client in clients for item in client.contacts])
    company_keys_create((client.company, [item.keys_input() for item in client.contacts]) for client in clients)
    return [client.company for client in clients]


def contacts_bulk_create(*, user: User, contacts: Sequence[NewContact]) -> None:
    """Save checked contacts whose company is set, with their phones and e-mails; the caller refreshes the keys."""
    bulk_create_with_history(Contact, [item.contact for item in contacts], user)
    ContactPhone.objects.bulk_create(
        [ContactPhone(contact=item.contact, number=n, extension=e) for item in contacts for n, e in item.phones]
    )
    ContactEmail.objects.bulk_create(
        [ContactEmail(contact=item.contact, email=email) for item in contacts for email in item.emails]
    )


HISTORY_CHUNK = 500
M = TypeVar("M", bound=models.Model)


def bulk_create_with_history(model: type[M], objects: Sequence[M], user: User) -> list[M]:
    """bulk_create, and the «created» history rows that simple_history's bulk_create_with_history would write.

    The history rows are copied from the rows just written, by one INSERT … SELECT per chunk, instead of a
    history model built in Python for each row.
    """
    created = model._default_manager.bulk_create(objects)
    history = model.history.model  # type: ignore[attr-defined]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.attname) for field in history.tracked_fields)
    extra = ", ".join(
        quote(name) for name in ("history_date", "history_change_reason", "history_type", "history_user_id")
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    ids = [item.pk for item in created]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), HISTORY_CHUNK):
            chunk = ids[start : start + HISTORY_CHUNK]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {extra}) "
                f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [now, "", "+", user.pk, *chunk],
            )
    return created
