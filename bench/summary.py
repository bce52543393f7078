"""Benchmark: /api/quantities/summary/ at a million claims, over HTTP, one client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_bench .venv/bin/python bench/summary.py
    [--repeat 50] [--claims 1000000]

Uses the database of bench/run.py (filling it with its `fill()` if empty; waiting if someone
else is filling it), brings the summary tables up to date if the claims were loaded with
triggers off, serves the project with gunicorn (DEBUG off, as in production), and sends each
request `--repeat` times, one after the other, after 3 unmeasured warm-up requests. Prints p50
and p99 (nearest rank: with 50 runs, the slowest) of each; it asserts nothing.

For a request with `q`, it also times the filtering alone in PostgreSQL (counting the claims the
request's filters select, nothing summed): the floor under any summary of those claims.
"""

import argparse
import json
import math
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, fill  # sets Django up, on the bench database

# isort: split
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from rest_framework.authtoken.models import Token

from claims import aggregates
from claims.api.summary import SummaryFilter
from claims.models import Claim

REQUESTS = [
    ("drones downed, by side and week", "item=drone&outcome=downed&group_by=side&interval=week"),
    ("claims by side and status", "group_by=side,status"),
    ("Ukraine's claims by month", "group_by=side&interval=month&side=ukraine"),
    ("claims by side and status, per day", "group_by=side,status&interval=day"),
    ("claims by source and status", "group_by=source,status"),
    ("people killed, by event", "item=person&outcome=killed&group_by=event"),
    (
        "January 2023, by side, item and outcome",
        "occurred_after=2023-01-01&occurred_before=2023-01-31&group_by=side,item,outcome",
    ),
    ("search q=kupyansk of one source (ledger)", "q=kupyansk&source=3&group_by=status"),
    ("search q=odesa, 1/6 of all claims (ledger)", "q=odesa&group_by=side"),
]
WARM_UP = 3


def wait_for_other_fill() -> None:
    """Someone else may be generating this database: wait until their INSERT is done."""
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state = 'active' "
                "AND query ILIKE '%INSERT INTO claims_claim%'"
            )
            (filling,) = cursor.fetchone()
        if not filling:
            return
        print("Another session is filling the database; waiting...", flush=True)
        time.sleep(10)


def summaries_up_to_date() -> bool:
    """Whether the rollup counts every claim it should (bench/run.py loads with triggers off)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT coalesce(sum(claims), 0) FROM claims_summary_rollup"
            "        WHERE grain = 'claim') = (SELECT count(DISTINCT claim_id)"
            "        FROM claims_summary_contribution)"
        )
        return cursor.fetchone()[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "project.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema/?format=json", timeout=5)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not start.")


def get(url: str, token: str) -> tuple[float, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, json.loads(body)


def search_alone(query: str, repeat: int) -> tuple[float, float] | None:
    """p50 and p99 of counting the claims the request's filters select (None without `q`)."""
    if "q" not in urllib.parse.parse_qs(query):
        return None
    filters = SummaryFilter(QueryDict(query), queryset=Claim.objects.all())
    matching = filters.qs.order_by().values("pk")
    sql, params = matching.query.sql_with_params()
    samples = []
    with connection.cursor() as cursor:
        for _ in range(WARM_UP + repeat):
            started = time.perf_counter()
            cursor.execute(f"SELECT count(*) FROM ({sql}) matching", params)
            cursor.fetchone()
            samples.append((time.perf_counter() - started) * 1000)
    samples = samples[WARM_UP:]
    return statistics.median(samples), nearest_rank(samples, 99)


def nearest_rank(samples: list[float], percent: float) -> float:
    ordered = sorted(samples)
    return ordered[max(math.ceil(percent / 100 * len(ordered)), 1) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    wait_for_other_fill()
    fill(options.claims)
    if not summaries_up_to_date():
        print("Rebuilding the summary tables (the claims were loaded with triggers off)...")
        started = time.perf_counter()
        aggregates.rebuild()
        print(f"Rebuilt in {time.perf_counter() - started:.0f} s.")
    user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True})
    token = Token.objects.get_or_create(user=user)[0].key
    connection.close()

    port = free_port()
    server = serve(port)
    rows = []
    try:
        for label, query in REQUESTS:
            url = f"http://127.0.0.1:{port}/api/quantities/summary/?{query}"
            for _ in range(WARM_UP):
                get(url, token)
            samples, body = [], {}
            for _ in range(options.repeat):
                elapsed, body = get(url, token)
                samples.append(elapsed)
            p50, p99 = statistics.median(samples), nearest_rank(samples, 99)
            rows.append((label, query, len(body["results"]), p50, p99))
    finally:
        server.terminate()
        server.wait(timeout=30)
    floors = {query: search_alone(query, options.repeat) for _label, query, *_ in rows}

    database = settings.DATABASES["default"]["NAME"]
    print(f"\n{database}; {options.repeat} sequential requests each, gunicorn -w 2, DEBUG off\n")
    width = max(len(label) for label, *_ in rows)
    print(
        f"{'request':<{width}}  {'rows':>5}  {'p50 ms':>8}  {'p99 ms':>8}"
        "  its filters alone in SQL, p50 / p99 ms"
    )
    for label, query, count, p50, p99 in rows:
        floor = floors[query]
        alone = f"  {floor[0]:8.1f} / {floor[1]:.1f}" if floor else ""
        print(f"{label:<{width}}  {count:>5}  {p50:8.1f}  {p99:8.1f}{alone}")
    print("\nQueries: " + "; ".join(f"{label}: ?{query}" for label, query, *_ in rows))


if __name__ == "__main__":
    main()
