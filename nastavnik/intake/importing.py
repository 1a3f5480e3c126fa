"""The import engine: each row of a client list becomes new / duplicate of … / taken elsewhere / error.

The same engine serves the web import (in the background), its dry run and `manage.py import_clients`.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.activities.choices import ActivityKind
from nastavnik.activities.models import Activity
from nastavnik.clients.choices import ClientKeyKind
from nastavnik.clients.claims import CLAIM_KEYS, claim_refusal, claimed_among
from nastavnik.clients.duplicates import (
    STRONG_EVIDENCE,
    company_keys_refresh,
    duplicate_query,
    keys_for,
    public_email_domains,
    rank_candidates,
    stored_keys,
)
from nastavnik.clients.models import ClientKey, Company, Contact, ContactEmail, ContactPhone
from nastavnik.intake.choices import RowOutcome
from nastavnik.intake.import_bulk import (
    NewClient,
    NewContact,
    clients_bulk_create,
    contacts_bulk_create,
    new_client,
    new_contact,
)
from nastavnik.intake.import_files import FIELD_LABELS, ImportRow, RowResult, header_key, split_multi
from nastavnik.lib.dedupe_keys import email_key, phone_keys, surname_key
from nastavnik.offices.choices import Role
from nastavnik.offices.models import Office, Region, User
from nastavnik.offices.regions import MOSCOW_CODE
from nastavnik.offices.services import ensure_can_write_in_office

# --- Who gets the new clients --------------------------------------------------------------------------------


class ManagerPicker:
    """Hands new clients out: regional ones to the region's managers, Moscow ones evenly among Moscow managers.

    Candidates and their open-deal load are read once per region; the clients handed out in this run are
    added to the load, so one list is spread evenly. A partner office spreads its list among its own managers.
    """

    def __init__(self, office: Office, day: date) -> None:
        self.office = office
        self.day = day
        self._candidates: dict[object, list[User]] = {}
        self._load: dict[int, int] = {}
        self._duty: list[User | None] = []

    def _region_key(self, region: Region | None) -> object:
        if not self.office.is_headquarters:
            return "office"
        return "moscow" if region is None or region.code == MOSCOW_CODE else region.pk

    def _load_candidates(self, region: Region | None) -> list[User]:
        if self.office.is_headquarters:
            from nastavnik.intake.routing import managers_for_region

            users = list(managers_for_region(region, day=self.day))
        else:
            users = list(
                User.objects.filter(office=self.office, role=Role.MANAGER, is_active=True)
                .exclude(absences__starts_on__lte=self.day, absences__ends_on__gte=self.day)
                .annotate(
                    open_deal_count=Count("owned_deals", filter=Q(owned_deals__closed_at__isnull=True), distinct=True)
                )
                .order_by("open_deal_count", "pk")
            )
        for user in users:
            self._load.setdefault(user.pk, getattr(user, "open_deal_count", 0))
        return users

    def _duty_manager(self) -> User | None:
        if not self._duty:
            from nastavnik.intake.routing import duty_manager_on

            duty = duty_manager_on(self.day) if self.office.is_headquarters else None
            self._duty.append(duty if duty is not None and duty.office_id == self.office.pk else None)
        return self._duty[0]

    def pick(self, region: Region | None) -> User | None:
        key = self._region_key(region)
        if key not in self._candidates:
            self._candidates[key] = self._load_candidates(region)
        candidates = self._candidates[key]
        if not candidates:
            return self._duty_manager()
        chosen = min(candidates, key=lambda user: (self._load[user.pk], user.pk))
        self._load[chosen.pk] += 1
        return chosen


# --- The engine ----------------------------------------------------------------------------------------------


def _region_name_key(name: str) -> str:
    text = header_key(name).replace("г.", " ").replace("город", " ")
    return " ".join(text.split())


REGION_SYNONYMS = {"мск": "77", "спб": "78", "питер": "78", "санкт петербург": "78", "moscow": "77"}


class RegionLookup:
    """Regions by code («77», «7», «BY») or name («Москва», «г. Москва»), read once."""

    def __init__(self) -> None:
        regions = list(Region.objects.all())
        self.by_code = {region.code: region for region in regions}
        self.by_name = {_region_name_key(region.name): region for region in regions}

    def find(self, text: str) -> Region | None:
        text = text.strip()
        if text.isdigit():
            return self.by_code.get(text.zfill(2))
        if text.upper() in self.by_code:  # a CIS country by its ISO code
            return self.by_code[text.upper()]
        key = _region_name_key(text)
        return self.by_name.get(key) or self.by_code.get(REGION_SYNONYMS.get(key.replace("-", " "), ""))


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


@dataclass
class ImportSummary:
    counts: dict[str, int]
    total: int
    dry_run: bool

    def as_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "total": self.total, "dry_run": self.dry_run}


@dataclass
class _Parsed:
    """A row read into what the engine works with."""

    row: ImportRow
    region: Region | None
    person: dict[str, str]
    phones: list[str]
    emails: list[str]
    keys: list[tuple[str, str]]

    @property
    def name_key(self) -> str:
        return next((value for kind, value in self.keys if kind == ClientKeyKind.NAME.value), "")

    @property
    def surname_key(self) -> str:
        return surname_key(self.person["surname"])[:255]

    @property
    def identity(self) -> list[tuple[str, str]]:
        """The keys that alone say two rows of one file are the same client."""
        return [key for key in self.keys if key[0] in STRONG_EVIDENCE]

    @property
    def tells_apart(self) -> dict[str, str]:
        """The keys by which two companies of the same name are told apart: their INN and their site."""
        return {kind: value for kind, value in self.keys if kind in CLAIM_KEYS}

    @property
    def lookup(self) -> list[tuple[str, str]]:
        """The keys to look up: a site also shows as the domain of its people's e-mails, and the other way round."""
        cross = {"website": "email_domain", "email_domain": "website"}
        return self.keys + [(cross[kind], value) for kind, value in self.keys if kind in cross]


@dataclass
class _Seen:
    """A client this run adds, by its exact keys: a list often names one company on several rows."""

    name: str
    first_row: int
    tells_apart: dict[str, str] = field(default_factory=dict)
    company_id: int | None = None
    client: NewClient | None = None  # waiting in the chunk's batch
    results: list[RowResult] = field(default_factory=list)  # rows that learn the company id once it is saved


@dataclass
class _Attachment:
    """A row to add to an existing card once the chunk is done: its person (checked) and a note."""

    company_id: int
    item: _Parsed
    result: RowResult
    contact: NewContact | None


class RowImporter:
    """Decides each row's outcome (new / duplicate of … / taken elsewhere / error) and, unless dry, writes it.

    Rows are taken in chunks: one query per kind of key finds the stored clients that share a key with the
    chunk's rows, and the duplicate check's own scoring (rank_candidates) picks each row's card among them;
    every row is checked on its own (a bad row is reported, never half-written), and the chunk's new clients,
    and the people and notes it adds to existing cards, are saved in bulk. A dry run takes the same decisions
    and rolls every write back, so its outcomes are the real ones.
    """

    CHUNK = 500

    def __init__(
        self, *, office: Office, user: User, source: str, event_name: str = "", dry_run: bool = False, day: date
    ) -> None:
        self.office = office
        self.user = user
        self.source = source
        self.event_name = event_name
        self.dry_run = dry_run
        self.regions = RegionLookup()
        self.picker = ManagerPicker(office, day)
        self.public_domains = public_email_domains()
        self.seen: dict[tuple[str, str], _Seen] = {}
        self.seen_by_name: dict[str, list[_Seen]] = {}
        self.created_ids: set[int] = set()
        self.batch: list[_Seen] = []
        self.attachments: list[_Attachment] = []
        self.claimed: dict[int, Company] = {}
        self.counts = dict.fromkeys(RowOutcome.values, 0)

    def run(
        self, rows: Iterable[ImportRow], *, total: int, progress: Callable[[int, int], None] | None = None
    ) -> tuple[list[RowResult], ImportSummary]:
        ensure_can_write_in_office(self.user, self.office.pk)
        results: list[RowResult] = []
        chunk: list[ImportRow] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.CHUNK:
                results += self._run_chunk(chunk)
                chunk = []
                if progress:
                    progress(len(results), total)
        if chunk or not results:
            results += self._run_chunk(chunk)
            if progress:
                progress(len(results), total)
        return results, ImportSummary(counts=dict(self.counts), total=len(results), dry_run=self.dry_run)

    def _run_chunk(self, chunk: list[ImportRow]) -> list[RowResult]:
        if not chunk:
            return []
        with transaction.atomic():
            parsed: list[_Parsed | RowResult] = []
            for row in chunk:
                try:
                    parsed.append(self._parse(row))
                except ValidationError as error:
                    parsed.append(RowResult(row.number, RowOutcome.ERROR, message=_messages(error)))
            hits = self._stored_key_hits([item for item in parsed if isinstance(item, _Parsed)])
            # Clients another office may hold by their site or INN: their claims are checked at once.
            self.claimed = claimed_among(
                company_id
                for (kind, _value), holders in hits.items()
                if kind in CLAIM_KEYS
                for company_id, office_id in holders
                if office_id != self.office.pk
            )
            own_cards = self._own_cards([item for item in parsed if isinstance(item, _Parsed)], hits)
            results = []
            for item in parsed:
                if isinstance(item, _Parsed):
                    try:
                        result = self._decide(item, hits, own_cards)
                    except ValidationError as error:
                        result = RowResult(item.row.number, RowOutcome.ERROR, message=_messages(error))
                    row = item.row
                else:
                    result, row = item, next(r for r in chunk if r.number == item.number)
                if row.formula_fields:
                    note = _("Формула сохранена как текст: %(fields)s.") % {
                        "fields": ", ".join(str(FIELD_LABELS[name]) for name in row.formula_fields)
                    }
                    result.message = f"{result.message} {note}".strip()
                self.counts[result.outcome] += 1
                results.append(result)
            self._save_batch()
            self._save_attachments()
            if self.dry_run:
                transaction.set_rollback(True)
        return results

    def _parse(self, row: ImportRow) -> _Parsed:
        if not row.get("company"):
            raise ValidationError(_("Не указано название компании."))
        region = None
        if row.get("region"):
            region = self.regions.find(row.get("region"))
            if region is None:
                raise ValidationError(_("Неизвестный регион «%(region)s».") % {"region": row.get("region")})
        phones, emails = split_multi(row.get("phone")), split_multi(row.get("email"))
        person = self._person(row)
        return _Parsed(row, region, person, phones, emails, self._keys(row, person, phones, emails))

    @staticmethod
    def _person(row: ImportRow) -> dict[str, str]:
        """The row's contact, from separate columns or one «ФИО» column."""
        person = {name: row.get(name) for name in ("surname", "first_name", "patronymic")}
        if not person["surname"] and row.get("full_name"):
            parts = row.get("full_name").split()
            person = {"surname": parts[0], "first_name": " ".join(parts[1:2]), "patronymic": " ".join(parts[2:])}
        if not person["surname"] and person["first_name"]:
            person["surname"], person["first_name"] = person["first_name"], ""
        person["position"] = row.get("position")
        return person

    def _keys(
        self, row: ImportRow, person: dict[str, str], phones: list[str], emails: list[str]
    ) -> list[tuple[str, str]]:
        """The row's duplicate keys exactly as ClientKey stores them (a surname alone says nothing here)."""
        company = {"name": row.get("company"), "website": row.get("website"), "inn": row.get("inn")}
        contact = {"surname": person["surname"], "phones": phones, "emails": emails}
        return [key for key in keys_for(company, [contact], self.public_domains) if key[0] != ClientKeyKind.SURNAME]

    def _stored_key_hits(self, rows: list[_Parsed]) -> dict[tuple[str, str], set[tuple[int, int]]]:
        """(kind, value) → (company, office) of stored clients with that key, for the whole chunk at once.

        Other offices' clients count only by the keys they can be claimed by; any key finds this office's cards.
        """
        wanted: dict[str, set[str]] = {}
        for item in rows:
            for kind, value in item.lookup:
                # A name alone is shared by dozens of clients: it counts with a surname (the name_surname key).
                if kind != ClientKeyKind.NAME.value:
                    wanted.setdefault(kind, set()).add(value)
        if not wanted:
            return {}
        hits: dict[tuple[str, str], set[tuple[int, int]]] = {}
        # One query per kind: an index-only scan each, where one query with OR-ed kinds scans the table's pages.
        for kind, values in wanted.items():
            keys = ClientKey.objects.filter(kind=kind, value__any_of=values)
            if kind not in CLAIM_KEYS:  # the rest only tell which of this office's cards the row is
                keys = keys.filter(office_id=self.office.pk)
            for value, company_id, office_id in keys.values_list("value", "company_id", "office_id"):
                if company_id not in self.created_ids:  # this run's own clients are found by self.seen
                    hits.setdefault((kind, value), set()).add((company_id, office_id))
        return hits

    def _decide(
        self, item: _Parsed, hits: dict[tuple[str, str], set[tuple[int, int]]], own_cards: dict[int, int]
    ) -> RowResult:
        row = item.row
        seen = self._seen_for(item)
        if seen is not None:
            return self._join_seen(seen, item)

        existing_id = own_cards.get(row.number)
        if existing_id is not None:
            result = RowResult(row.number, RowOutcome.DUPLICATE, existing_id, "")
            self._queue_attachment(existing_id, item, result)
            return result

        for kind, value in item.keys:
            if kind not in CLAIM_KEYS:
                continue
            holders = [
                self.claimed[company_id]
                for company_id, office_id in hits.get((kind, value), ())
                if office_id != self.office.pk and company_id in self.claimed
            ]
            if holders:
                holder = min(holders, key=lambda company: (company.office_since, company.pk))
                return RowResult(row.number, RowOutcome.TAKEN_ELSEWHERE, message=claim_refusal(kind, holder))

        return self._add_new(item)

    def _add_new(self, item: _Parsed) -> RowResult:
        row = item.row
        client = new_client(
            office=self.office,
            name=row.get("company"),
            inn=re.sub(r"\D", "", row.get("inn")),
            website=row.get("website"),
            region=item.region,
            source=self.source,
            notes=self._notes(row.get("comment")),
            external_id=row.get("external_id"),
        )
        if item.person["surname"]:
            client.contacts.append(new_contact(phones=item.phones, emails=item.emails, **item.person))
        elif item.phones or item.emails:
            raise ValidationError(_("Укажите фамилию или имя контакта, чтобы сохранить телефон и e-mail."))
        manager = self.picker.pick(item.region)
        client.company.responsible = manager or (self.user if self.user.office_id == self.office.pk else None)
        name = client.company.display_name
        result = RowResult(
            row.number, RowOutcome.NEW, None, name, manager=manager.short_name if manager else "",
            manager_id=manager.pk if manager else None,
        )  # fmt: skip
        seen = _Seen(name=name, first_row=row.number, tells_apart=item.tells_apart, client=client, results=[result])
        for key in item.identity:
            self.seen.setdefault(key, seen)
        if item.name_key:
            self.seen_by_name.setdefault(item.name_key, []).append(seen)
        self.batch.append(seen)
        return result

    def _seen_for(self, item: _Parsed) -> _Seen | None:
        """The client added by an earlier row of this file that the row names: by a key that alone says so, or by
        the same name where neither the INN nor the site tells the two apart."""
        seen = next((self.seen[key] for key in item.identity if key in self.seen), None)
        if seen is not None:
            return seen
        for namesake in self.seen_by_name.get(item.name_key, ()):
            shared = namesake.tells_apart.keys() & item.tells_apart.keys()
            if all(namesake.tells_apart[kind] == item.tells_apart[kind] for kind in shared):
                return namesake
        return None

    def _join_seen(self, seen: _Seen, item: _Parsed) -> RowResult:
        """A row naming a client this run adds: its person joins that client."""
        message = _("Уже есть выше в этом файле (строка %(row)s).") % {"row": seen.first_row}
        result = RowResult(item.row.number, RowOutcome.DUPLICATE, seen.company_id, seen.name, message=message)
        if seen.client is not None:
            if item.person["surname"] and not any(
                surname_key(c.contact.surname) == surname_key(item.person["surname"]) for c in seen.client.contacts
            ):
                seen.client.contacts.append(new_contact(phones=item.phones, emails=item.emails, **item.person))
            seen.results.append(result)
        elif seen.company_id is not None:
            self._queue_attachment(seen.company_id, item, result, note_only=True)
        return result

    def _save_batch(self) -> None:
        if self.batch and not self.dry_run:
            companies = clients_bulk_create(
                user=self.user, office=self.office, clients=[seen.client for seen in self.batch if seen.client]
            )
            for seen, company in zip(self.batch, companies, strict=True):
                seen.company_id = company.pk
                self.created_ids.add(company.pk)
                for result in seen.results:
                    result.company_id = company.pk
        for seen in self.batch:
            seen.client = None
            seen.results = []
        self.batch = []

    def _own_cards(self, items: list[_Parsed], hits: dict[tuple[str, str], set[tuple[int, int]]]) -> dict[int, int]:
        """Row number → the card of this office that is the same client, decided for the whole chunk at once.

        A key that alone identifies the client, held by exactly one of our cards, names the card. Otherwise the
        cards that share a key with the row (a name only together with a surname) are scored by the duplicate
        check's own rule (rank_candidates), and the best likely one is the card.
        """
        name, surname = ClientKeyKind.NAME.value, ClientKeyKind.SURNAME.value
        cards: dict[int, int] = {}
        doubtful: list[tuple[_Parsed, set[tuple[str, str, int]]]] = []
        for item in items:
            own = {(kind, value, company_id) for kind, value in item.lookup
                   for company_id, office_id in hits.get((kind, value), ()) if office_id == self.office.pk}  # fmt: skip
            strong = {company_id for kind, _value, company_id in own if kind in STRONG_EVIDENCE}
            if len(strong) == 1:
                cards[item.row.number] = strong.pop()
                continue
            for kind, _value, company_id in list(own):
                if kind == ClientKeyKind.NAME_SURNAME:  # the card has the row's name and surname
                    own |= {(name, item.name_key, company_id), (surname, item.surname_key, company_id)}
            if own:
                doubtful.append((item, own))
        if not doubtful:
            return cards
        # Cards found by another key: their names and surnames, to score them like the rest.
        known = {(company_id, kind) for _item, own in doubtful for kind, _value, company_id in own}
        missing = {company_id for company_id, _kind in known} - {c for c, kind in known if kind == name}
        stored_names = stored_keys(missing, (name, surname))
        for item, own in doubtful:
            query = duplicate_query(
                name=item.row.get("company"),
                surname=item.person["surname"],
                phone=item.phones[0] if item.phones else "",
                email=item.emails[0] if item.emails else "",
                website=item.row.get("website"),
                inn=item.row.get("inn"),
                public=self.public_domains,
            )
            company_ids = {company_id for _kind, _value, company_id in own}
            stored = [(company_id, kind, value) for kind, value, company_id in own]
            stored += [key for company_id in company_ids for key in stored_names.get(company_id, ())]
            best = next(iter(rank_candidates(query, stored, likely_only=True)), None)
            if best is not None:
                cards[item.row.number] = best.company_id
        return cards

    def _notes(self, comment: str) -> str:
        lines = []
        if self.event_name:
            lines.append(_("Мероприятие: %(event)s") % {"event": self.event_name})
        if comment:
            lines.append(comment)
        return "\n".join(lines)

    def _queue_attachment(self, company_id: int, item: _Parsed, result: RowResult, *, note_only: bool = False) -> None:
        """Check the row's person now (a bad phone makes the row an error) and write it with the chunk."""
        contact = None
        if item.person["surname"] and not note_only:
            contact = new_contact(phones=item.phones, emails=item.emails, **item.person)
        self.attachments.append(_Attachment(company_id, item, result, contact))

    def _save_attachments(self) -> None:
        """Add each queued row's person to its card (when new there) and a note of where the contact came from."""
        if not self.attachments:
            return
        attachments, self.attachments = self.attachments, []
        cards = CardPeople(attachment.company_id for attachment in attachments)
        new_people: list[NewContact] = []
        note_contacts: list[Contact | None] = []
        for attachment in attachments:
            item = attachment.item
            known = cards.find(attachment.company_id, item.person, item.phones, item.emails)
            message = _("Контакт уже есть в карточке.") if known is not None else ""
            if known is None and attachment.contact is not None:
                known = attachment.contact.contact
                known.company_id = attachment.company_id
                new_people.append(attachment.contact)
                cards.add(attachment.company_id, attachment.contact)
                message = _("Добавлен контакт %(name)s.") % {"name": known.full_name}
            note_contacts.append(known)
            attachment.result.message = " ".join(part for part in (message, attachment.result.message) if part)
        if new_people:
            contacts_bulk_create(user=self.user, contacts=new_people)
            company_keys_refresh({item.contact.company_id for item in new_people})
        now = timezone.now()
        Activity.objects.bulk_create(
            Activity(
                office_id=self.office.pk,
                company_id=attachment.company_id,
                contact=contact,
                kind=ActivityKind.NOTE,
                author=self.user,
                occurred_at=now,
                body=self._note(attachment.item),
            )
            for attachment, contact in zip(attachments, note_contacts, strict=True)
        )
        names = {company.pk: company.display_name for company in Company.objects.filter(pk__in=cards.company_ids)}
        for attachment in attachments:
            attachment.result.company_name = attachment.result.company_name or names.get(attachment.company_id, "")

    def _note(self, item: _Parsed) -> str:
        person = item.person
        name = " ".join(person[part] for part in ("surname", "first_name", "patronymic") if person[part])
        details = ", ".join(
            part for part in (name, person["position"], *item.phones, *item.emails, item.row.get("comment")) if part
        )
        return _("Контакт с мероприятия «%(event)s»: %(details)s") % {
            "event": self.event_name or _("импорт списка"),
            "details": details or "—",
        }


class CardPeople:
    """The people already on a chunk's cards, read in three queries, to tell whether a row's person is new."""

    def __init__(self, company_ids: Iterable[int]) -> None:
        self.company_ids = set(company_ids)
        self.people: dict[int, list[tuple[Contact, set[str], set[str]]]] = {}
        contacts = Contact.objects.filter(company_id__in=self.company_ids).only(
            "id", "company_id", "surname", "first_name"
        )
        by_id = {contact.pk: contact for contact in contacts}
        phones: dict[int, set[str]] = {}
        emails: dict[int, set[str]] = {}
        for contact_id, number in ContactPhone.objects.filter(contact_id__in=by_id).values_list("contact_id", "number"):
            phones.setdefault(contact_id, set()).add(number)
        for contact_id, email in ContactEmail.objects.filter(contact_id__in=by_id).values_list("contact_id", "email"):
            emails.setdefault(contact_id, set()).add(email)
        for contact in by_id.values():
            self.people.setdefault(contact.company_id, []).append(
                (contact, phones.get(contact.pk, set()), emails.get(contact.pk, set()))
            )

    def add(self, company_id: int, new: NewContact) -> None:
        numbers = {number for number, _extension in new.phones}
        self.people.setdefault(company_id, []).append((new.contact, numbers, set(new.emails)))

    def find(self, company_id: int, person: dict[str, str], phones: list[str], emails: list[str]) -> Contact | None:
        """The card's contact that is the row's person: same surname (and initial), else the same phone or e-mail."""
        people = self.people.get(company_id, [])
        if person["surname"]:
            wanted_surname = surname_key(person["surname"])
            first = person["first_name"][:1].lower()
            for contact, _numbers, _addresses in people:
                if surname_key(contact.surname) == wanted_surname and (
                    not first or not contact.first_name or contact.first_name[:1].lower() == first
                ):
                    return contact
        wanted_phones = {full for full, _local in map(phone_keys, phones) if full}
        wanted_emails = {email_key(email) for email in emails}
        for contact, numbers, addresses in people:
            if wanted_phones & numbers or wanted_emails & addresses:
                return contact
        return None
