"""Speed and quality of the client duplicate check at a million clients; prints one JSON document.

    .venv/bin/python bench/dedupe.py [--companies 1000000] [--database sqlite|postgres] [--queries 2000]
                                     [--import-rows 100000] [--keep]

Progress goes to stderr. The database is the benchmark's own (a file under var/bench/ or a throw-away PostgreSQL
database), created, loaded with generated Russian clients and removed at the end unless --keep.
"""

import argparse
import csv
import http.client
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import generate as gen  # noqa: E402

PARTNER_OFFICES = (("spb", "Представительство Санкт-Петербург"), ("ekb", "Представительство Екатеринбург"),
                   ("nsk", "Представительство Новосибирск"), ("kzn", "Представительство Казань"))  # fmt: skip
QUERY_FIELDS = ("name", "surname", "phone", "email", "website", "inn")
STARTED = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {text}", file=sys.stderr, flush=True)


def percentiles(samples: list[float]) -> dict[str, float]:
    if not samples:
        return {}
    ordered = sorted(samples)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)

    return {
        "count": len(ordered),
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "max_ms": round(ordered[-1], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
    }


# ---- the database --------------------------------------------------------------------------------


def prepare_environment(args: argparse.Namespace) -> dict[str, Any]:
    """Point Django at the benchmark's own database (before django.setup())."""
    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    info: dict[str, Any] = {"engine": args.database}
    if args.reuse:
        if args.database == "postgres":
            os.environ["DATABASE_URL"] = f"{args.postgres_server}/{args.reuse}"
            info["name"] = args.reuse
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(args.reuse).resolve()}"
            info["path"] = args.reuse
        info["reused"] = True
    elif args.database == "postgres":
        name = f"nastavnik_bench_{os.getpid()}"
        import psycopg

        with psycopg.connect(f"{args.postgres_server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{args.postgres_server}/{name}"
        info["name"] = name
    else:
        path = var_dir / f"dedupe-{args.companies}-{os.getpid()}.sqlite3"
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        info["path"] = str(path.relative_to(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "nastavnik.settings"
    os.environ["NASTAVNIK_VAR_DIR"] = str(var_dir)
    os.environ["DEBUG"] = "0"
    # A served app keeps its database connection; reconnecting per request is not what production does.
    os.environ.setdefault("CONN_MAX_AGE", "600")
    return info


def drop_database(args: argparse.Namespace, info: dict[str, Any]) -> None:
    from django.db import connections

    connections.close_all()
    if args.database == "postgres":
        import psycopg

        with psycopg.connect(f"{args.postgres_server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{info["name"]}" WITH (FORCE)')
    else:
        path = ROOT / info["path"]
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)


def create_people() -> dict[str, Any]:
    """Partner offices, a head of sales with an API token, and HQ managers by region for the import."""
    from nastavnik.offices.choices import OfficeKind, Role
    from nastavnik.offices.models import Office, Region, User
    from nastavnik.offices.services import api_token_create

    hq = Office.objects.get(code="hq")
    for code, name in PARTNER_OFFICES:
        Office.objects.get_or_create(code=code, defaults={"name": name, "kind": OfficeKind.PARTNER})
    regions = list(Region.objects.order_by("pk"))
    head = User.objects.filter(email="head@bench.ru").first()
    if head is not None:  # a reused database has its people already
        _token, key = api_token_create(user=head, name="bench")
        return {"head": head, "token": key, "region_codes": [region.code for region in regions]}
    head = User.objects.create_user(
        email="head@bench.ru", password="bench-password-42", role=Role.HEAD, office=hq, last_name="Руководов",
        first_name="Глеб",
    )  # fmt: skip
    for number, region in enumerate(regions[:12] + [r for r in regions if r.code == "77"] * 3):
        manager = User.objects.create_user(
            email=f"manager{number}@bench.ru", password="bench-password-42", role=Role.MANAGER, office=hq,
            last_name=f"Менеджеров{number}", first_name="Иван",
        )  # fmt: skip
        manager.regions.add(region)
    _token, key = api_token_create(user=head, name="bench")
    return {"head": head, "token": key, "region_codes": [region.code for region in regions]}


def run_load(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connections

    connections.close_all()
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-m", "bench.load", "--companies", str(args.companies), "--seed", str(args.seed)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True,
    )  # fmt: skip
    result = json.loads(process.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    return result


# ---- the labelled queries ------------------------------------------------------------------------


def existing_keys(keys: list[tuple[str, str]]) -> bool:
    from django.db.models import Q

    from nastavnik.clients.models import ClientKey

    identifying = [(kind, value) for kind, value in keys if kind in {"name", "phone", "email", "website", "inn"}]
    if not identifying:
        return False
    condition = Q()
    for kind, value in identifying:
        condition |= Q(kind=kind, value=value)
    return ClientKey.objects.filter(condition).exists()


def query_from(company: dict[str, Any], rng: random.Random, *, corrupt: bool) -> tuple[dict[str, str], list[str]]:
    """A duplicate-check query as a person types it: the name and one or two of the identifying fields."""
    corruptions: list[str] = []
    query = dict.fromkeys(QUERY_FIELDS, "")
    name, how = gen.corrupt_name(company, rng)
    query["name"] = name
    corruptions.append(f"name:{how}")
    contact = rng.choice(company["contacts"])
    available = []
    if contact["phones"]:
        available.append("phone")
    if contact["emails"]:
        available.append("email")
    if company["domain"]:
        available.append("website")
    if company["inn"]:
        available.append("inn")
    rng.shuffle(available)
    for field in available[: rng.choice((1, 1, 2))]:
        if field == "phone":
            query["phone"], how = gen.corrupt_phone(rng.choice(contact["phones"]), rng)
        elif field == "email":
            other = rng.choice(company["contacts"])["surname"] if rng.random() < 0.5 else "info"
            query["email"], how = gen.corrupt_email(rng.choice(contact["emails"]), other if corrupt else "", rng)
            if not corrupt and how == "same_corporate_domain":
                query["email"], how = rng.choice(contact["emails"]), "exact"
        elif field == "website":
            query["website"], how = gen.corrupt_website(company["website"], company["domain"], rng)
        else:
            query["inn"], how = (f"ИНН {company['inn']}", "label") if rng.random() < 0.3 else (company["inn"], "exact")
        corruptions.append(f"{field}:{how}")
    if rng.random() < 0.5:
        query["surname"], how = gen.corrupt_surname(contact["surname"], rng)
        corruptions.append(f"surname:{how}")
    return query, corruptions


def labelled_set(
    args: argparse.Namespace, generator: gen.Generator, keys_for: Callable[..., Any]
) -> list[dict[str, Any]]:
    """Corrupted duplicates of loaded companies and as many fresh companies that are not in the database."""
    from bench.load import company_fields, contact_fields

    rng = random.Random(args.seed + 1)
    half = args.queries // 2
    items: list[dict[str, Any]] = []
    for index in rng.sample(range(args.companies), min(args.companies, half * 2)):
        if len(items) == half:
            break
        company = generator.company(index)
        if (
            not any(c["phones"] or c["emails"] for c in company["contacts"])
            and not company["domain"]
            and not company["inn"]
        ):
            continue
        query, corruptions = query_from(company, rng, corrupt=True)
        items.append({"query": query, "truth": index + 1, "corruptions": corruptions})
    fresh = gen.FRESH_START
    rejected = 0
    while len(items) < 2 * half:
        company = generator.company(fresh)
        fresh += 1
        keys = keys_for(company_fields(company), [contact_fields(c) for c in company["contacts"]])
        if existing_keys(keys):
            rejected += 1
            continue
        query, corruptions = query_from(company, rng, corrupt=False)
        items.append({"query": query, "truth": None, "corruptions": corruptions})
    rng.shuffle(items)
    log(f"labelled set: {half} duplicates, {len(items) - half} fresh companies ({rejected} fresh candidates rejected)")
    return items


def hard_set(args: argparse.Namespace, generator: gen.Generator, count: int) -> list[dict[str, Any]]:
    """The doubtful cases, scored apart: duplicates typed with only weak evidence, and namesakes that are not.

    A duplicate here has the (corrupted) name and one weak field: the contact's surname, or the phone typed without
    the city code. A non-duplicate is a different client that carries an existing company's exact name.
    """
    rng = random.Random(args.seed + 3)
    items: list[dict[str, Any]] = []
    for index in rng.sample(range(args.companies), min(args.companies, count)):
        company = generator.company(index)
        contact = rng.choice(company["contacts"])
        query = dict.fromkeys(QUERY_FIELDS, "")
        query["name"], how = gen.corrupt_name(company, rng)
        corruptions = [f"name:{how}"]
        if contact["phones"] and rng.random() < 0.5:
            local = rng.choice(contact["phones"])[-7:]
            query["phone"] = f"{local[:3]}-{local[3:5]}-{local[5:]}"
            corruptions.append("phone:without_city_code")
        else:
            query["surname"], how = gen.corrupt_surname(contact["surname"], rng)
            corruptions.append(f"surname:{how}")
        items.append({"query": query, "truth": index + 1, "corruptions": corruptions})
    fresh = gen.FRESH_START + 500_000
    for index in rng.sample(range(args.companies), min(args.companies, count)):
        namesake = generator.company(index)
        other = generator.company(fresh)
        fresh += 1
        contact = other["contacts"][0]
        query = dict.fromkeys(QUERY_FIELDS, "")
        query["name"] = gen.plain_name(namesake)[0]
        query["surname"] = contact["surname"]
        corruptions = ["name:namesake", "surname:other"]
        if contact["phones"]:
            query["phone"] = contact["phones"][0]
            corruptions.append("phone:other")
        items.append({"query": query, "truth": None, "corruptions": corruptions})
    return items


# ---- measuring -------------------------------------------------------------------------------------


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def quality(items: list[dict[str, Any]], answers: list[list[Any]]) -> dict[str, Any]:
    said_likely = right_likely = wrong_company_likely = top1 = found = fresh_likely = fresh_any = 0
    duplicates = [pair for pair in zip(items, answers, strict=True) if pair[0]["truth"] is not None]
    misses: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    for item, results in zip(items, answers, strict=True):
        likely = [match.company_id for match in results if match.likely]
        truth = item["truth"]
        if likely:
            said_likely += 1
        if truth is None:
            fresh_likely += bool(likely)
            fresh_any += bool(results)
            if likely and len(examples) < 10:
                examples.append({"kind": "false_positive", "query": item["query"], "matched": _describe(results[:2])})
            continue
        for corruption in item["corruptions"]:
            totals[corruption] += 1
        if truth in likely:
            right_likely += 1
        else:
            for corruption in item["corruptions"]:
                misses[corruption] += 1
            if len(examples) < 20:
                examples.append(
                    {"kind": "missed", "truth": truth, "query": item["query"], "matched": _describe(results[:2])}
                )
        wrong_company_likely += any(company_id != truth for company_id in likely)
        top1 += bool(results) and results[0].company_id == truth
        found += truth in {match.company_id for match in results}
    return {
        "duplicates": len(duplicates),
        "non_duplicates": len(items) - len(duplicates),
        "likely_precision": round(right_likely / said_likely, 4) if said_likely else None,
        "likely_recall": round(right_likely / len(duplicates), 4) if duplicates else None,
        "top1_recall": round(top1 / len(duplicates), 4) if duplicates else None,
        "in_results_recall": round(found / len(duplicates), 4) if duplicates else None,
        "non_duplicates_flagged_likely": fresh_likely,
        "non_duplicates_with_any_result": fresh_any,
        "duplicates_with_another_company_likely": wrong_company_likely,
        "recall_by_corruption": {
            key: round(1 - misses[key] / totals[key], 3) for key in sorted(totals) if totals[key] >= 5
        },
        "examples": examples,
    }


def _describe(results: list[Any]) -> list[dict[str, Any]]:
    return [
        {"company_id": m.company_id, "name": m.name, "matched_on": m.matched_on, "score": m.score, "likely": m.likely}
        for m in results
    ]


def measure_in_process(items: list[dict[str, Any]], head: Any) -> dict[str, Any]:
    from nastavnik.clients.duplicates import find_duplicates, find_duplicates_any_office

    for item in items[:20]:  # warm the caches and the code paths
        find_duplicates_any_office(**item["query"])
    any_office: list[float] = []
    answers: list[list[Any]] = []
    slowest: tuple[float, dict[str, str]] = (0.0, {})
    for item in items:
        elapsed, results = timed(lambda item=item: find_duplicates_any_office(**item["query"]))
        any_office.append(elapsed)
        answers.append(results)
        slowest = max(slowest, (elapsed, item["query"]), key=lambda pair: pair[0])
    log(f"in-process any office: {percentiles(any_office)}")
    scoped: list[float] = []
    for item in items:
        elapsed, _report = timed(lambda item=item: find_duplicates(user=head, **item["query"]))
        scoped.append(elapsed)
    log(f"in-process as head: {percentiles(scoped)}")
    return {
        "find_duplicates_any_office": percentiles(any_office),
        "find_duplicates_head": percentiles(scoped),
        "slowest_query": {"ms": round(slowest[0], 2), "query": slowest[1]},
        "quality": quality(items, answers),
    }


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def measure_http(items: list[dict[str, Any]], token: str) -> dict[str, Any]:
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), server_class=WSGIServer, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_port
    samples: list[float] = []
    statuses: Counter[int] = Counter()
    try:
        for number, item in enumerate(items):
            params = urlencode({key: value for key, value in item["query"].items() if value})
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            started = time.perf_counter()
            connection.request("GET", f"/api/v1/duplicates/?{params}", headers={"Authorization": f"Token {token}"})
            response = connection.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            connection.close()
            statuses[response.status] += 1
            if number >= 20:
                samples.append(elapsed)
            if response.status != 200 and statuses[response.status] == 1:
                log(f"HTTP {response.status}: {body[:300]!r}")
            if number == 19 and not statuses[200]:
                log("HTTP: no answer was 200 in 20 requests; stopped")
                break
    finally:
        server.shutdown()
        server.server_close()
    stats = percentiles(samples)
    stats["statuses"] = dict(statuses)
    log(f"HTTP: {stats}")
    return stats


def naive_lookup(query: dict[str, str]) -> set[int]:
    """What a first attempt does: case-insensitive substring scans over the tables, one per field."""
    from nastavnik.clients.models import Company, Contact, ContactEmail, ContactPhone

    found: set[int] = set()
    if name := query["name"].strip():
        found |= set(Company.objects.filter(name__icontains=name).values_list("id", flat=True)[:20])
    if surname := query["surname"].strip():
        found |= set(Contact.objects.filter(surname__iexact=surname).values_list("company_id", flat=True)[:20])
    if phone := re.sub(r"\D", "", query["phone"].split("доб")[0]):
        found |= set(
            ContactPhone.objects.filter(number__contains=phone[-7:]).values_list("contact__company_id", flat=True)[:20]
        )
    if email := query["email"].strip():
        found |= set(
            ContactEmail.objects.filter(email__iexact=email).values_list("contact__company_id", flat=True)[:20]
        )
    if website := query["website"].strip():
        host = re.sub(r"^[a-z]+://", "", website.lower()).removeprefix("www.").split("/")[0]
        found |= set(Company.objects.filter(website__icontains=host).values_list("id", flat=True)[:20])
    if inn := re.sub(r"\D", "", query["inn"]):
        found |= set(Company.objects.filter(inn=inn).values_list("id", flat=True)[:20])
    return found


def measure_naive(items: list[dict[str, Any]], count: int, fast: dict[str, Any]) -> dict[str, Any]:
    subset = [item for item in items if item["truth"] is not None][: count // 2]
    subset += [item for item in items if item["truth"] is None][: count - len(subset)]
    samples: list[float] = []
    found = 0
    for number, item in enumerate(subset):
        elapsed, result = timed(lambda item=item: naive_lookup(item["query"]))
        samples.append(elapsed)
        found += item["truth"] is not None and item["truth"] in result
        if number % 10 == 9:
            log(f"naive: {number + 1}/{len(subset)} queries, last {elapsed:.0f} ms")
    stats = percentiles(samples)
    duplicates = sum(item["truth"] is not None for item in subset)
    stats["in_results_recall"] = round(found / duplicates, 3) if duplicates else None
    ours = fast["find_duplicates_any_office"]
    if ours and samples:
        stats["speedup_p50"] = round(stats["p50_ms"] / max(ours["p50_ms"], 0.01), 1)
        stats["speedup_p95"] = round(stats["p95_ms"] / max(ours["p95_ms"], 0.01), 1)
    log(f"naive: {stats}")
    return stats


# ---- the import --------------------------------------------------------------------------------------


def write_import_file(
    path: Path, rows: int, args: argparse.Namespace, generator: gen.Generator, region_codes: list[str]
) -> dict[str, int]:
    """Rows of an event list: about 70% new clients, 30% clients we already have, typed differently."""
    rng = random.Random(args.seed + 2)
    counts: Counter[str] = Counter()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["external_id", "company", "inn", "website", "region", "surname", "first_name", "patronymic",
                         "position", "phone", "email", "comment"])  # fmt: skip
        for number in range(rows):
            duplicate = rng.random() < 0.3
            if duplicate:
                company = generator.company(rng.randrange(args.companies))
                name, _how = gen.corrupt_name(company, rng)
            else:
                company = generator.company(gen.FRESH_START + 1_000_000 + number)
                name = company["name"]
            counts["duplicate" if duplicate else "new"] += 1
            contact = company["contacts"][0]
            phone = contact["phones"][0] if contact["phones"] else ""
            if duplicate and phone:
                phone, _how = gen.corrupt_phone(phone, rng)
            writer.writerow([
                f"EXPO-{number}", name, company["inn"], company["website"], rng.choice(region_codes),
                contact["surname"], contact["first_name"], contact["patronymic"], contact["position"], phone,
                contact["emails"][0] if contact["emails"] else "", "Стенд на выставке",
            ])  # fmt: skip
    return dict(counts)


def run_import(args: argparse.Namespace, generator: gen.Generator, region_codes: list[str]) -> dict[str, Any]:
    from django.db import connections

    from nastavnik.clients.models import Company

    command = ROOT / "nastavnik" / "intake" / "management" / "commands" / "import_clients.py"
    if not command.exists():
        return {"skipped": "manage.py import_clients does not exist yet"}
    path = ROOT / "var" / "bench" / f"import-{os.getpid()}.csv"
    report = ROOT / "var" / "bench" / f"import-{os.getpid()}-report.csv"
    mix = write_import_file(path, args.import_rows, args, generator, region_codes)
    log(f"import: {args.import_rows} rows written to {path.name} ({mix}), running manage.py import_clients")
    connections.close_all()
    before = Company.objects.count()
    connections.close_all()
    started = time.perf_counter()
    stderr_path = ROOT / "var" / "bench" / f"import-{os.getpid()}.log"
    stdout_path = ROOT / "var" / "bench" / f"import-{os.getpid()}.out"
    # The bench file is larger than the upload limit meant for people's files.
    environment = {**os.environ, "IMPORT_MAX_MB": "500"}
    with stderr_path.open("w") as stderr, stdout_path.open("w") as stdout:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_clients", str(path), "--office", "hq", "--source", "event",
             "--event", "Бенчмарк", "--report", str(report)],
            cwd=ROOT, stdout=stdout, stderr=stderr, env=environment,
        )  # fmt: skip
        try:
            code = process.wait(timeout=args.import_timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            code, timed_out = None, True
    seconds = time.perf_counter() - started
    created = Company.objects.count() - before
    result: dict[str, Any] = {"rows": args.import_rows, "mix": mix, "seconds": round(seconds, 1), "exit_code": code}
    progress = re.findall(r"(\d+)/(\d+)", stderr_path.read_text(errors="replace")[-4000:])
    if timed_out:
        # Stopped at the time limit: the rows done are read from the command's progress bar.
        done = int(progress[-1][0]) if progress else 0
        result.update({"timed_out": True, "rows_done": done, "rows_per_second": round(done / seconds, 1)})
    else:
        result["rows_per_second"] = round(args.import_rows / seconds, 1)
    result["companies_created"] = created
    result["command_output"] = stdout_path.read_text(errors="replace")[-1500:]
    if code not in (0, None):
        result["stderr_tail"] = stderr_path.read_text(errors="replace")[-1500:]
    if report.exists():
        result["report_messages"] = report_messages(report)
    log(f"import: {result}")
    if not args.keep:
        for leftover in (path, report, stdout_path, stderr_path):
            leftover.unlink(missing_ok=True)
    return result


def report_messages(report: Path) -> dict[str, int]:
    """The most frequent outcome and message of the per-row report (row, outcome, id, name, manager, message)."""
    with report.open(encoding="utf-8-sig", newline="") as handle:
        body = list(csv.reader(handle, delimiter=";"))[1:]
    counts = Counter(f"{row[1]}: {re.sub(r'[0-9]+', 'N', row[5])}"[:140] for row in body if len(row) >= 6)
    return dict(counts.most_common(8))


# ---- the report --------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else ""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory, 1),
        "uname": platform.uname()._asdict(),
    }


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        return str(cursor.fetchone()[0])


def explain_slowest(query: dict[str, str]) -> list[str]:
    """The plans of the key lookups behind the slowest query, to show that they use the indexes."""
    from django.db import connection

    from nastavnik.clients.duplicates import _query_for
    from nastavnik.clients.models import ClientKey

    plans = []
    for kind, value in list(_query_for(**query).evidence)[:6]:
        sql, params = ClientKey.objects.filter(kind=kind, value=value).values("company_id").query.sql_with_params()
        prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql, params)
            plans.append(f"{kind}: " + " | ".join(str(row[-1]) for row in cursor.fetchall()))
    return plans


def children_peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--queries", type=int, default=2000, help="labelled queries: half duplicates, half not")
    parser.add_argument("--http-queries", type=int, default=500)
    parser.add_argument("--naive-queries", type=int, default=50)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--import-timeout", type=int, default=1800, help="seconds before the import is stopped")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--postgres-server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--keep", action="store_true", help="keep the database for a look afterwards")
    parser.add_argument(
        "--reuse",
        default="",
        help="measure again on a database kept by an earlier --keep run (SQLite path or PostgreSQL name); "
        "--companies and --seed must be the ones it was loaded with",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    info = prepare_environment(args)
    import django

    if not args.reuse:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    django.setup()
    report: dict[str, Any] = {
        "machine": machine(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": info,
        "arguments": vars(args),
    }
    try:
        report["database"]["version"] = database_version()
        log(f"database: {report['database']}")
        # Offices first: the generator spreads the companies over them.
        people = create_people()
        if args.reuse:
            report["load"] = {"reused": args.reuse}
        else:
            log(f"loading {args.companies:,} companies")
            report["load"] = run_load(args)
            log(f"loaded: {report['load']}")
        from nastavnik.clients.models import ClientKey, Company, Contact

        report["sizes"] = {
            "companies": Company.objects.count(),
            "contacts": Contact.objects.count(),
            "client_keys": ClientKey.objects.count(),
        }
        from nastavnik.offices.models import Office, Region

        generator = gen.Generator(args.seed, gen.build_pools(args.seed), Office.objects.count(), Region.objects.count())
        from bench.load import resolve_keys_for

        keys_for, _name = resolve_keys_for()
        items = labelled_set(args, generator, keys_for)
        report["in_process"] = measure_in_process(items, people["head"])
        report["quality"] = report["in_process"].pop("quality")
        report["http"] = measure_http(items[: args.http_queries], people["token"])
        report["naive"] = measure_naive(items, args.naive_queries, report["in_process"])
        report["slowest_query_plans"] = explain_slowest(report["in_process"]["slowest_query"]["query"])
        from nastavnik.clients.duplicates import find_duplicates_any_office

        hard = hard_set(args, generator, max(1, args.queries // 20))
        report["quality_doubtful_cases"] = quality(hard, [find_duplicates_any_office(**i["query"]) for i in hard])
        log(f"doubtful cases: { {k: v for k, v in report['quality_doubtful_cases'].items() if k != 'examples'} }")
        report["peak_rss_mb_before_import"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        if args.import_rows:
            report["import"] = run_import(args, generator, people["region_codes"])
        report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        report["peak_rss_mb_children"] = children_peak_rss_mb()
    finally:
        if not args.keep and not args.reuse:
            drop_database(args, info)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
