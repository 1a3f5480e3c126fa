"""Bulk-load generated companies, contacts and their duplicate keys into the database Django is configured for.

Run by bench/dedupe.py in a child process (so the load's memory does not count against the query process):
    python -m bench.load --companies N --seed S
Rows are built by two worker processes and written with COPY (PostgreSQL) or executemany (SQLite).
"""

import argparse
import functools
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import django

BATCH = 5000
CREATED = "2025-06-01 12:00:00"
TABLES = ("clients_company", "clients_contact", "clients_contactphone", "clients_contactemail", "clients_clientkey")
COLUMNS = {
    "clients_company": (
        "id", "name", "legal_form", "inn", "website", "industry", "source", "preferred_channel", "status", "notes",
        "external_id", "created_at", "updated_at", "office_id", "region_id", "office_since",
    ),
    "clients_contact": (
        "id", "surname", "first_name", "patronymic", "position", "is_decision_maker", "preferred_channel",
        "is_current", "created_at", "company_id",
    ),
    "clients_contactphone": ("id", "number", "extension", "contact_id"),
    "clients_contactemail": ("id", "email", "contact_id"),
    "clients_clientkey": ("kind", "value", "company_id", "office_id"),
}  # fmt: skip

KeysFor = Callable[[Mapping[str, Any], list[Mapping[str, Any]]], list[tuple[str, str]]]


def fallback_keys_for(company: Mapping[str, Any], contacts: list[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """The keys of a company from nastavnik.lib.dedupe_keys, used only while clients.duplicates.keys_for is absent."""
    from nastavnik.lib import dedupe_keys as k

    keys: list[tuple[str, str]] = []
    if name := k.company_name_key(company.get("name", "")):
        keys.append(("name", name))
    if site := k.website_key(company.get("website", "")):
        keys.append(("website", site))
    if inn := k.inn_key(company.get("inn", "")):
        keys.append(("inn", inn))
    for contact in contacts:
        if surname := k.surname_key(contact.get("surname", "")):
            keys.append(("surname", surname))
        for phone in contact.get("phones", []):
            full, local = k.phone_keys(phone)
            if full:
                keys.append(("phone", full))
            if local:
                keys.append(("phone_local", local))
        for email in contact.get("emails", []):
            if address := k.email_key(email):
                keys.append(("email", address))
            if domain := _email_domain(address.rpartition("@")[2]):
                keys.append(("email_domain", domain))
    return list(dict.fromkeys(keys))


@functools.lru_cache(maxsize=100_000)
def _email_domain(host: str) -> str | None:
    from nastavnik.lib.dedupe_keys import email_domain_key

    return email_domain_key(f"x@{host}")


def resolve_keys_for() -> tuple[KeysFor, str]:
    try:
        from nastavnik.clients.duplicates import keys_for
    except ImportError:
        return fallback_keys_for, "bench fallback (nastavnik.lib.dedupe_keys)"
    return adapt_keys_for(keys_for), "nastavnik.clients.duplicates.keys_for"


def adapt_keys_for(keys_for: Callable[..., Any]) -> KeysFor:
    def call(company: Mapping[str, Any], contacts: list[Mapping[str, Any]]) -> list[tuple[str, str]]:
        return [(str(kind), value) for kind, value in keys_for(company, contacts)]

    return call


# ---- worker side -----------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init_worker(seed: int, office_ids: list[int], region_ids: list[int], postgres: bool) -> None:
    from bench.generate import Generator, build_pools

    _STATE["generator"] = Generator(seed, build_pools(seed), len(office_ids), len(region_ids))
    _STATE["office_ids"] = office_ids
    _STATE["region_ids"] = region_ids
    _STATE["postgres"] = postgres
    _STATE["keys_for"], _ = resolve_keys_for()


def company_fields(company: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": company["name"], "website": company["website"], "inn": company["inn"]}


def contact_fields(contact: Mapping[str, Any]) -> dict[str, Any]:
    return {"surname": contact["surname"], "phones": contact["phones"], "emails": contact["emails"]}


def build_batch(bounds: tuple[int, int]) -> tuple[int, dict[str, Any]]:
    """Rows of companies [start, stop): TSV text for COPY, or tuples for executemany."""
    start, stop = bounds
    generator = _STATE["generator"]
    office_ids, region_ids, postgres = _STATE["office_ids"], _STATE["region_ids"], _STATE["postgres"]
    keys_for: KeysFor = _STATE["keys_for"]
    stamp = CREATED + ("+00" if postgres else "")
    yes, no = ("t", "f") if postgres else (1, 0)
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLES}
    for index in range(start, stop):
        company = generator.company(index)
        company_id = index + 1
        office_id = office_ids[company["office"]]
        rows["clients_company"].append(
            (company_id, company["name"], company["legal_form"], company["inn"], company["website"],
             company["industry"], "other", "phone", "active", "", "", stamp, stamp, office_id,
             region_ids[company["region"]], stamp)
        )  # fmt: skip
        for number, contact in enumerate(company["contacts"]):
            contact_id = company_id * 4 + number
            rows["clients_contact"].append(
                (contact_id, contact["surname"], contact["first_name"], contact["patronymic"], contact["position"],
                 yes if number == 0 else no, "phone", yes, stamp, company_id)
            )  # fmt: skip
            for position, phone in enumerate(contact["phones"]):
                rows["clients_contactphone"].append((contact_id * 4 + position, phone, "", contact_id))
            for position, email in enumerate(contact["emails"]):
                rows["clients_contactemail"].append((contact_id * 4 + position, email, contact_id))
        for kind, value in keys_for(company_fields(company), [contact_fields(c) for c in company["contacts"]]):
            rows["clients_clientkey"].append((kind, value, company_id, office_id))
    count = stop - start
    if not postgres:
        return count, rows
    return count, {
        table: "".join("\t".join(map(str, row)) + "\n" for row in table_rows) for table, table_rows in rows.items()
    }


# ---- writer side -----------------------------------------------------------------------------------


def secondary_indexes(connection: Any) -> list[tuple[str, str]]:
    """(name, CREATE statement) of every non-primary-key index on the loaded tables."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT LIKE '%%_pkey'",
                [list(TABLES)],
            )
        else:
            names = ",".join(f"'{table}'" for table in TABLES)
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name IN ({names}) AND sql IS NOT NULL"
            )
        return list(cursor.fetchall())


def load(*, companies: int, seed: int, log: Callable[[str], None]) -> dict[str, Any]:
    from django.db import connection

    from nastavnik.offices.models import Office, Region

    office_ids = list(Office.objects.order_by("pk").values_list("pk", flat=True))
    region_ids = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    postgres = connection.vendor == "postgresql"
    _, keys_source = resolve_keys_for()
    log(f"load: {companies} companies into {connection.vendor}, keys by {keys_source}")
    indexes = secondary_indexes(connection)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        if postgres:
            cursor.execute("SET synchronous_commit = off")
        else:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA cache_size = -200000")
    connection.close()  # the workers are forked: they must not share the connection
    counts = dict.fromkeys(TABLES, 0)
    batches = [(start, min(start + BATCH, companies)) for start in range(0, companies, BATCH)]
    with multiprocessing.get_context("fork").Pool(
        2, initializer=_init_worker, initargs=(seed, office_ids, region_ids, postgres)
    ) as pool:
        done = 0
        connection.ensure_connection()
        database = connection.connection
        if not postgres:
            database.execute("PRAGMA synchronous = OFF")
        for count, rows in pool.imap(build_batch, batches):
            write_batch(database, postgres, rows, counts)
            done += count
            if done % 50_000 < BATCH or done == companies:
                log(f"load: {done}/{companies} companies, {time.perf_counter() - started:.0f} s")
    rows_seconds = time.perf_counter() - started
    log(f"load: rows written in {rows_seconds:.0f} s, building {len(indexes)} indexes")
    index_started = time.perf_counter()
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET maintenance_work_mem = '512MB'")
        for _, statement in indexes:
            cursor.execute(statement)
        if postgres:
            for table in TABLES:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
            # What autovacuum does to a table of this size soon after: the visibility map lets the duplicate
            # check's lookups be index-only scans.
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    index_seconds = time.perf_counter() - index_started
    return {
        "rows": counts,
        "keys_for": keys_source,
        "rows_seconds": round(rows_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }


def write_batch(database: Any, postgres: bool, rows: dict[str, Any], counts: dict[str, int]) -> None:
    if postgres:
        with database.transaction(), database.cursor() as cursor:
            for table, text in rows.items():
                with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                    copy.write(text)
                counts[table] += text.count("\n")
        return
    database.execute("BEGIN")
    for table, table_rows in rows.items():
        columns = COLUMNS[table]
        placeholders = ", ".join("?" * len(columns))
        database.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", table_rows)
        counts[table] += len(table_rows)
    database.execute("COMMIT")


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, required=True)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(list(argv) if argv is not None else None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings")
    django.setup()
    result = load(companies=args.companies, seed=args.seed, log=lambda text: print(text, file=sys.stderr, flush=True))
    import json
    import resource

    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
