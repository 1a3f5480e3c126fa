"""The client duplicate check: the match keys of every company, and the search for the same client by them.

Every lookup is an index range or equality on ClientKey(kind, value) with a LIMIT, so the cost of a check does not
grow with the number of clients. A check is three statements: the bounded lookups together (_lookup), the found
companies' keys, and what the results show of the best of them; the indexes cover what they read.
"""

import contextlib
import functools
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypedDict

from django.db import connection, transaction
from django.utils import timezone

from nastavnik.clients.choices import ClientKeyKind
from nastavnik.clients.claims import account_manager_name, claim_is_active
from nastavnik.clients.models import (
    ClientKey,
    Company,
    Contact,
    ContactEmail,
    ContactPhone,
    PublicEmailDomain,
    company_display_name,
)
from nastavnik.lib.dedupe_keys import (
    PUBLIC_EMAIL_DOMAINS,
    company_name_key,
    email_domain_key,
    email_key,
    inn_key,
    name_similarity,
    phone_keys,
    surname_key,
    website_key,
)
from nastavnik.offices.models import User

Key = tuple[str, str]

MAX_RESULTS = 20
# Bounds of every lookup: the most rows one key may bring in, whatever the size of the table.
STRONG_CANDIDATES = 200
WEAK_CANDIDATES = 50
NAME_NEIGHBOURS = 20
TAKEN_ELSEWHERE_CHECKS = 5
REFRESH_CHUNK = 500
# Ids or keys sent in one query at most (SQLite takes at most 32,766 parameters).
LOOKUP_CHUNK = 5000

# Names this alike count as the same name with a typo; below NAME_SIMILAR they are not a match at all.
NAME_SIMILAR = 0.8
NAME_CLOSE = 0.85
NAME_PREFIX = 2

# How much one matched key says that it is the same client (0..1); the score combines them as independent evidence.
WEIGHTS = {
    "inn": 0.97,
    "email": 0.95,
    "website": 0.9,
    "phone": 0.9,
    "email_domain": 0.8,
    "phone_local": 0.5,  # the same subscriber digits typed without the city code
    "phone_other_code": 0.15,  # the same subscriber digits under another city code
    "surname": 0.25,
    "name": 0.6,  # times the name similarity
}
# Any of these alone identifies the client; the rest need a second piece of evidence.
STRONG_EVIDENCE = frozenset({"inn", "email", "website", "phone", "email_domain"})
SUPPORTING_EVIDENCE = frozenset({"phone_local", "surname"})


class DuplicateQuery(TypedDict, total=False):
    """What a person typed, as find_duplicates takes it."""

    name: str
    surname: str
    phone: str
    email: str
    website: str
    inn: str


@dataclass
class DuplicateMatch:
    company_id: int
    external_id: str
    name: str
    matched_on: list[str]
    score: float
    likely: bool
    office_id: int


@dataclass
class TakenElsewhere:
    matched_on: list[str]
    since: date
    account_manager: str


@dataclass
class DuplicateReport:
    results: list[DuplicateMatch] = field(default_factory=list)
    taken_elsewhere: list[TakenElsewhere] = field(default_factory=list)


# ---- the keys of a company ----------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _public_hosts(public_domains: frozenset[str]) -> frozenset[str]:
    hosts = set()
    for domain in public_domains:
        host = domain.strip().lower().rstrip(".").removeprefix("www.")
        try:
            hosts.add(host.encode("idna").decode("ascii"))
        except UnicodeError:
            hosts.add(host)
    return frozenset(hosts)


def _corporate_domain(address: str, public_hosts: frozenset[str]) -> str | None:
    """The e-mail's domain unless it (or its mail host) is a public provider; same rule as email_domain_key."""
    domain = email_domain_key(address, ())
    if domain is None:
        return None
    host = address.rpartition("@")[2].strip().lower().rstrip(".").removeprefix("www.")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    return None if domain in public_hosts or host in public_hosts else domain


def keys_for(
    company: Mapping[str, Any],
    contacts: Iterable[Mapping[str, Any]],
    public_domains: Collection[str] = PUBLIC_EMAIL_DOMAINS,
) -> list[Key]:
    """The (kind, value) keys of one company without touching the database.

    company has name, website, inn; each contact has surname, phones (strings) and emails (strings).
    """
    public_hosts = _public_hosts(frozenset(public_domains))
    keys: list[Key] = []
    if name := company_name_key(company.get("name") or ""):
        keys.append((ClientKeyKind.NAME.value, name))
    if site := website_key(company.get("website") or ""):
        keys.append((ClientKeyKind.WEBSITE.value, site))
    if inn := inn_key(company.get("inn") or ""):
        keys.append((ClientKeyKind.INN.value, inn))
    for contact in contacts:
        if surname := surname_key(contact.get("surname") or ""):
            keys.append((ClientKeyKind.SURNAME.value, surname))
            if name:
                keys.append((ClientKeyKind.NAME_SURNAME.value, name_surname_key(name, surname)))
        for phone in contact.get("phones") or ():
            full, local = phone_keys(phone)
            if full:
                keys.append((ClientKeyKind.PHONE.value, full))
            if local:
                keys.append((ClientKeyKind.PHONE_LOCAL.value, local))
        for raw in contact.get("emails") or ():
            address = email_key(raw)
            if not address:
                continue
            keys.append((ClientKeyKind.EMAIL.value, address))
            if domain := _corporate_domain(address, public_hosts):
                keys.append((ClientKeyKind.EMAIL_DOMAIN.value, domain))
    # ClientKey.value is 255 characters; a longer key is cut rather than refused (it still matches itself).
    return list(dict.fromkeys((kind, value[:255]) for kind, value in keys))


def name_surname_key(name: str, surname: str) -> str:
    """The key of a company's name together with one of its people's surnames (both already keys)."""
    return f"{name}|{surname}"


def public_email_domains() -> frozenset[str]:
    """The editable list of public mail providers."""
    return frozenset(PublicEmailDomain.objects.values_list("domain", flat=True))


@transaction.atomic
def company_keys_refresh(company_ids: Iterable[int]) -> None:
    """Recompute the ClientKey rows of these companies from their name, website, INN and every contact."""
    ids = sorted({int(company_id) for company_id in company_ids if company_id})
    if not ids:
        return
    public = public_email_domains()
    for start in range(0, len(ids), REFRESH_CHUNK):
        _refresh_chunk(ids[start : start + REFRESH_CHUNK], public)


def _refresh_chunk(ids: list[int], public: frozenset[str]) -> None:
    companies = {
        row["id"]: row for row in Company.objects.filter(pk__in=ids).values("id", "office_id", "name", "website", "inn")
    }
    contacts: dict[int, dict[str, Any]] = {}
    by_company: dict[int, list[dict[str, Any]]] = {company_id: [] for company_id in companies}
    for contact_id, company_id, surname in Contact.objects.filter(company_id__in=ids).values_list(
        "id", "company_id", "surname"
    ):
        contact = {"surname": surname, "phones": [], "emails": []}
        contacts[contact_id] = contact
        by_company.setdefault(company_id, []).append(contact)
    if contacts:
        for contact_id, number in ContactPhone.objects.filter(contact__company_id__in=ids).values_list(
            "contact_id", "number"
        ):
            contacts[contact_id]["phones"].append(number)
        for contact_id, address in ContactEmail.objects.filter(contact__company_id__in=ids).values_list(
            "contact_id", "email"
        ):
            contacts[contact_id]["emails"].append(address)
    ClientKey.objects.filter(company_id__in=ids).delete()
    _insert_keys(
        (company_id, company["office_id"], kind, value)
        for company_id, company in companies.items()
        for kind, value in keys_for(company, by_company.get(company_id, []), public)
    )


def _insert_keys(rows: Iterable[tuple[int, int, str, str]]) -> None:
    """Insert (company_id, office_id, kind, value) rows: an import writes about ten per client, so without models.

    In the order of the match index, so that its pages are visited one after another rather than at random.
    """
    rows = sorted(rows, key=lambda row: (row[2], row[3]))
    if not rows:
        return
    table = connection.ops.quote_name(ClientKey._meta.db_table)
    columns = "(company_id, office_id, kind, value)"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} {columns} VALUES (%s, %s, %s, %s)", rows)


def company_keys_create(companies: Iterable[tuple[Company, Iterable[Mapping[str, Any]]]]) -> None:
    """Store the keys of companies just created, from what is in memory: (company, its contacts as keys_for takes).

    The same keys company_keys_refresh would build, without reading back what was just written.
    """
    public = public_email_domains()
    _insert_keys(
        (company.pk, company.office_id, kind, value)
        for company, contacts in companies
        for kind, value in keys_for(
            {"name": company.name, "website": company.website, "inn": company.inn}, contacts, public
        )
    )


# ---- the search -------------------------------------------------------------------------------------


@dataclass
class _Query:
    """The typed fields as keys, and which stored key says what about the client."""

    name: str = ""
    # (stored kind, value) → the evidence it gives; one stored key may stand for two typed fields.
    evidence: dict[Key, set[str]] = field(default_factory=dict)
    strong: list[Key] = field(default_factory=list)
    phone_local: Key | None = None
    surname: Key | None = None
    name_surname: Key | None = None
    has_full_phone: bool = False

    def add(self, key: Key, evidence: str) -> None:
        self.evidence.setdefault(key, set()).add(evidence)

    @property
    def is_empty(self) -> bool:
        return not self.name and not self.evidence


def duplicate_query(
    *, name: str, surname: str, phone: str, email: str, website: str, inn: str, public: frozenset[str]
) -> _Query:
    """What a person typed as the keys to look up, each with the evidence it gives (the import scores with it)."""
    query = _Query(name=company_name_key(name or "")[:255])
    kinds = ClientKeyKind
    if inn and (inn_value := inn_key(inn)):
        query.add((kinds.INN.value, inn_value), "inn")
        query.strong.append((kinds.INN.value, inn_value))
    if website and (site := website_key(website)):
        # A company's own site also shows as the domain of its people's e-mails.
        for kind in (kinds.WEBSITE.value, kinds.EMAIL_DOMAIN.value):
            query.add((kind, site), "website")
            query.strong.append((kind, site))
    if email and (address := email_key(email)):
        query.add((kinds.EMAIL.value, address[:255]), "email")
        query.strong.append((kinds.EMAIL.value, address[:255]))
        if domain := _corporate_domain(address, _public_hosts(public)):
            for kind in (kinds.EMAIL_DOMAIN.value, kinds.WEBSITE.value):
                query.add((kind, domain), "email_domain")
                query.strong.append((kind, domain))
    if phone:
        full, local = phone_keys(phone)
        if full:
            query.has_full_phone = True
            query.add((kinds.PHONE.value, full), "phone")
            query.strong.append((kinds.PHONE.value, full))
        if local:
            query.phone_local = (kinds.PHONE_LOCAL.value, local)
            query.add(query.phone_local, "phone_other_code" if full else "phone_local")
    if surname and (surname_value := surname_key(surname)):
        query.surname = (kinds.SURNAME.value, surname_value[:255])
        query.add(query.surname, "surname")
    if query.name:
        query.add((kinds.NAME.value, query.name), "name")
        if query.surname:
            query.name_surname = (kinds.NAME_SURNAME.value, name_surname_key(query.name, query.surname[1])[:255])
    query.strong = list(dict.fromkeys(query.strong))
    return query


def _pairs_sql(keys: Sequence[Key]) -> tuple[str, list[str]]:
    """An SQL condition matching any of these (kind, value) keys, with its parameters."""
    condition = " OR ".join(["(kind = %s AND value = %s)"] * len(keys))
    return f"({condition})", [part for key in keys for part in key]


def _name_variants(name: str) -> list[Key]:
    """The name, and the name with a slip in its first letters undone: they are before the neighbours' prefix."""
    variants = [name]
    if len(name) > 4:
        variants += [name[1] + name[0] + name[2:], name[1:], name[0] + name[2:]]
    return [(ClientKeyKind.NAME.value, variant) for variant in dict.fromkeys(variants)]


# What each bounded lookup of a check found (the tag column of _lookup).
FOUND_EXACT, FOUND_NEIGHBOUR, FOUND_SURNAME = 0, 1, 2


@dataclass
class _Lookup:
    tag: int
    where: str
    params: list[Any]
    limit: int
    order: str = ""


def _lookup(lookups: list[_Lookup]) -> list[tuple[int, int, str]]:
    """Run bounded lookups on ClientKey as one statement: (tag, company_id, value) rows.

    Each lookup keeps its own LIMIT inside a subquery, so the statement reads at most the sum of the limits
    whatever the size of the table; one round trip instead of one per lookup. Written in SQL because the ORM
    builds a query in about as long as the database takes to answer it.
    """
    table = connection.ops.quote_name(ClientKey._meta.db_table)
    parts, params = [], []
    for number, lookup in enumerate(lookups):
        parts.append(
            f"SELECT {lookup.tag} AS tag, company_id, value FROM (SELECT company_id, value FROM {table} "
            f"WHERE {lookup.where}{lookup.order} LIMIT {int(lookup.limit)}) AS lookup_{number}"
        )
        params += lookup.params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def _neighbour_lookups(name: str) -> list[_Lookup]:
    """Stored names next to the typed one in index order that share its first letters: typos after them."""
    kind = ClientKeyKind.NAME.value
    prefix = name[:NAME_PREFIX]
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return [
        _Lookup(FOUND_NEIGHBOUR, "kind = %s AND value > %s AND value < %s", [kind, name, upper], NAME_NEIGHBOURS,
                " ORDER BY value"),
        _Lookup(FOUND_NEIGHBOUR, "kind = %s AND value < %s AND value >= %s", [kind, name, prefix], NAME_NEIGHBOURS,
                " ORDER BY value DESC"),
    ]  # fmt: skip


@dataclass
class _Candidate:
    company_id: int
    evidence: set[str] = field(default_factory=set)
    name_score: float = 0.0

    def matched_on(self) -> list[str]:
        public = {"phone_local": "phone", "phone_other_code": "phone"}
        names = {public.get(item, item) for item in self.evidence}
        if self.name_score >= NAME_SIMILAR:
            names.add("name")
        order = ("name", "surname", "phone", "email", "email_domain", "website", "inn")
        return [item for item in order if item in names]

    @property
    def score(self) -> float:
        doubt = 1.0
        for item in self.evidence:
            doubt *= 1 - WEIGHTS[item]
        if self.name_score >= NAME_SIMILAR:
            doubt *= 1 - WEIGHTS["name"] * self.name_score
        return 1 - doubt

    @property
    def likely(self) -> bool:
        if self.evidence & STRONG_EVIDENCE:
            return True
        support = len(self.evidence & SUPPORTING_EVIDENCE) + (self.name_score >= NAME_CLOSE)
        return support >= 2


def _candidates(query: _Query) -> list[_Candidate]:
    """Companies that share a key with the query, with every key they share and how alike the names are."""
    lookups: list[_Lookup] = []
    # The name with the surname is as rare as a strong key, so it is looked up with them.
    if exact := query.strong + ([query.name_surname] if query.name_surname else []):
        lookups.append(_Lookup(FOUND_EXACT, *_pairs_sql(exact), STRONG_CANDIDATES))
    if query.phone_local:
        lookups.append(_Lookup(FOUND_EXACT, *_pairs_sql([query.phone_local]), WEAK_CANDIDATES))
    if query.name:
        lookups.append(_Lookup(FOUND_EXACT, *_pairs_sql(_name_variants(query.name)), WEAK_CANDIDATES))
        lookups += _neighbour_lookups(query.name)
    if query.surname:
        lookups.append(_Lookup(FOUND_SURNAME, *_pairs_sql([query.surname]), WEAK_CANDIDATES))
    if not lookups:
        return []
    ids: dict[int, None] = {}
    namesakes: dict[int, None] = {}
    for tag, company_id, value in _lookup(lookups):
        if tag == FOUND_EXACT or (tag == FOUND_NEIGHBOUR and name_similarity(query.name, value) >= NAME_SIMILAR):
            ids[company_id] = None
        elif tag == FOUND_SURNAME:
            namesakes[company_id] = None
    # A surname is shared by thousands of clients: alone it only lists a few resemblances.
    ids = ids or namesakes
    if not ids:
        return []
    return rank_candidates(query, _stored_for(list(ids), query))


def _stored_for(company_ids: list[int], query: _Query) -> list[tuple[int, str, str]]:
    """The companies' keys of the kinds the query has, and their names (rank_candidates skips the other values:
    a condition on each value costs PostgreSQL more to plan than the few extra rows cost to read)."""
    table = connection.ops.quote_name(ClientKey._meta.db_table)
    kinds = sorted({ClientKeyKind.NAME.value} | {kind for kind, _value in query.evidence})
    sql = (
        f"SELECT company_id, kind, value FROM {table} WHERE company_id IN ({', '.join(['%s'] * len(company_ids))}) "
        f"AND kind IN ({', '.join(['%s'] * len(kinds))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*company_ids, *kinds])
        return cursor.fetchall()


def _matches(candidates: list[_Candidate]) -> list[DuplicateMatch]:
    """The candidates as the results show them, with what the results tell of each company."""
    if not candidates:
        return []
    table = connection.ops.quote_name(Company._meta.db_table)
    sql = (
        f"SELECT id, name, legal_form, external_id, office_id FROM {table} "
        f"WHERE id IN ({', '.join(['%s'] * len(candidates))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [candidate.company_id for candidate in candidates])
        companies = {row[0]: row for row in cursor.fetchall()}
    return [
        _match(candidate, *companies[candidate.company_id])
        for candidate in candidates
        if candidate.company_id in companies
    ]


def rank_candidates(
    query: _Query, stored: Iterable[tuple[int, str, str]], *, likely_only: bool = False
) -> list[_Candidate]:
    """Score companies by their stored keys (company_id, kind, value) against the query, best first; no database.

    stored holds each company's name key and whichever of its keys the query has; the rest are ignored.
    likely_only leaves out the mere resemblances.
    """
    candidates: dict[int, _Candidate] = {}
    name_keys: dict[int, str] = {}
    for company_id, kind, value in stored:
        candidate = candidates.setdefault(company_id, _Candidate(company_id))
        if kind == ClientKeyKind.NAME.value:
            name_keys[company_id] = value
        for evidence in query.evidence.get((kind, value), ()):
            if evidence != "name":
                candidate.evidence.add(evidence)
    if query.name:
        for company_id, value in name_keys.items():
            candidates[company_id].name_score = 1.0 if value == query.name else name_similarity(query.name, value)
    if query.has_full_phone:
        for candidate in candidates.values():
            if "phone" in candidate.evidence:
                candidate.evidence.discard("phone_other_code")
    found = [
        candidate for candidate in candidates.values() if candidate.evidence or candidate.name_score >= NAME_SIMILAR
    ]
    if likely_only:
        found = [candidate for candidate in found if candidate.likely]
    found.sort(key=lambda candidate: (-candidate.score, -len(candidate.matched_on()), candidate.company_id))
    return found


def stored_keys(company_ids: Collection[int], kinds: Collection[str]) -> dict[int, list[tuple[int, str, str]]]:
    """company_id → its stored (company_id, kind, value) keys of these kinds."""
    found: dict[int, list[tuple[int, str, str]]] = {}
    ids = sorted(company_ids)
    for start in range(0, len(ids), LOOKUP_CHUNK):
        keys = ClientKey.objects.filter(company_id__any_of=ids[start : start + LOOKUP_CHUNK], kind__in=list(kinds))
        for key in keys.values_list("company_id", "kind", "value"):
            found.setdefault(key[0], []).append(key)
    return found


def _match(
    candidate: _Candidate, company_id: int, name: str, legal_form: str, external_id: str, office_id: int
) -> DuplicateMatch:
    return DuplicateMatch(
        company_id=company_id,
        external_id=external_id,
        name=company_display_name(name, legal_form),
        matched_on=candidate.matched_on(),
        score=round(candidate.score, 2),
        likely=candidate.likely,
        office_id=office_id,
    )


def _query_for(name: str, surname: str, phone: str, email: str, website: str, inn: str) -> _Query:
    public = public_email_domains() if email else frozenset()
    return duplicate_query(
        name=name, surname=surname, phone=phone, email=email, website=website, inn=inn, public=public
    )


def find_duplicates_any_office(
    *,
    name: str = "",
    surname: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    inn: str = "",
    limit: int = MAX_RESULTS,
) -> list[DuplicateMatch]:
    """The same client in any office, best first: for system routing (web intake, telephony, imports)."""
    query = _query_for(name, surname, phone, email, website, inn)
    if query.is_empty:
        return []
    return _matches(_candidates(query)[:limit])


def find_duplicates(
    *,
    user: User,
    name: str = "",
    surname: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    inn: str = "",
    limit: int = MAX_RESULTS,
) -> DuplicateReport:
    """Possible duplicates among the companies the user sees, and whether another office works this client."""
    from nastavnik.clients.selectors import companies_for

    query = _query_for(name, surname, phone, email, website, inn)
    if query.is_empty:
        return DuplicateReport()
    candidates = _candidates(query)
    if not candidates:
        return DuplicateReport()
    visible_ids = set(
        companies_for(user).filter(pk__in=[c.company_id for c in candidates]).values_list("pk", flat=True)
    )
    shown = [candidate for candidate in candidates if candidate.company_id in visible_ids][:limit]
    hidden = [candidate for candidate in candidates if candidate.company_id not in visible_ids]
    report = DuplicateReport()
    report.results = _matches(shown)
    report.taken_elsewhere = _taken_elsewhere([candidate for candidate in hidden if candidate.likely])
    return report


def _taken_elsewhere(candidates: list[_Candidate]) -> list[TakenElsewhere]:
    """Another office's active claims on this client: only the date and whom to ask, nothing of that office."""
    if not candidates:
        return []
    checked = candidates[:TAKEN_ELSEWHERE_CHECKS]
    companies = Company.objects.select_related("office__account_manager").in_bulk(
        [candidate.company_id for candidate in checked]
    )
    entries: list[TakenElsewhere] = []
    for candidate in checked:
        company = companies.get(candidate.company_id)
        if company is None or not claim_is_active(company):
            continue
        entry = TakenElsewhere(
            matched_on=candidate.matched_on(),
            since=timezone.localdate(company.office_since),
            account_manager=account_manager_name(company.office),
        )
        if entry not in entries:
            entries.append(entry)
    return entries


def likely_duplicates(report: DuplicateReport) -> list[DuplicateMatch]:
    """The matches the service judges the same client: saving a new company over them needs a confirmation."""
    return [match for match in report.results if match.likely]
