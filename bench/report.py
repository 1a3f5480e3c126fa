"""A Markdown table of bench/dedupe.py results, one column per run: python -m bench.report RUN.json [RUN.json …]."""

import json
import sys
from pathlib import Path
from typing import Any

TARGETS = {
    "in-process p50, ms": "≤ 5",
    "in-process p95, ms": "≤ 20",
    "HTTP p95, ms": "≤ 40",
    "peak RSS of the query process, MB": "< 500",
    "precision of «likely»": "≥ 0.95",
    "recall of «likely»": "≥ 0.95",
    "import, rows/s": "≥ 2,000 (PostgreSQL)",
}


def _get(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def rows(run: dict[str, Any]) -> dict[str, Any]:
    load = run.get("load", {})
    return {
        "companies / contacts / keys": "{:,} / {:,} / {:,}".format(
            *(_get(run, "sizes", key) or 0 for key in ("companies", "contacts", "client_keys"))
        ),
        "load, s (rows + indexes)": f"{load.get('seconds')} ({load.get('rows_seconds')} + {load.get('index_seconds')})",
        "in-process p50, ms": _get(run, "in_process", "find_duplicates_any_office", "p50_ms"),
        "in-process p95, ms": _get(run, "in_process", "find_duplicates_any_office", "p95_ms"),
        "in-process p99, ms": _get(run, "in_process", "find_duplicates_any_office", "p99_ms"),
        "as the head (scoped) p50 / p95, ms": "{} / {}".format(
            _get(run, "in_process", "find_duplicates_head", "p50_ms"),
            _get(run, "in_process", "find_duplicates_head", "p95_ms"),
        ),
        "HTTP p50, ms": _get(run, "http", "p50_ms"),
        "HTTP p95, ms": _get(run, "http", "p95_ms"),
        "HTTP p99, ms": _get(run, "http", "p99_ms"),
        "naive p50 / p95, ms": "{} / {}".format(_get(run, "naive", "p50_ms"), _get(run, "naive", "p95_ms")),
        "speed-up over naive (p50 / p95)": "{}× / {}×".format(
            _get(run, "naive", "speedup_p50"), _get(run, "naive", "speedup_p95")
        ),
        "precision of «likely»": _get(run, "quality", "likely_precision"),
        "recall of «likely»": _get(run, "quality", "likely_recall"),
        "top-1 is the right company": _get(run, "quality", "top1_recall"),
        "right company anywhere in results": _get(run, "quality", "in_results_recall"),
        "import, rows/s": _get(run, "import", "rows_per_second"),
        "peak RSS of the query process, MB": run.get("peak_rss_mb_before_import"),
        "peak RSS of the loader / import, MB": run.get("peak_rss_mb_children"),
    }


def main(paths: list[str]) -> None:
    runs = [json.loads(Path(path).read_text(encoding="utf-8")) for path in paths]
    tables = [rows(run) for run in runs]
    names = [f"{run['database']['engine']} {run['sizes']['companies']:,}" for run in runs]
    print("| measure | target | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(runs))
    for key in tables[0]:
        print(f"| {key} | {TARGETS.get(key, '')} | " + " | ".join(str(table[key]) for table in tables) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
