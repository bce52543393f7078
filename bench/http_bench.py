"""Benchmark: the API's throughput over HTTP at a million claims, against a bare baseline.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/claims_http \
        .venv/bin/python bench/http_bench.py [--duration 5] [--rounds 3] [--claims 1000000]

Fills a database of its own (`claims_http` in the embedded server, or the one DATABASE_URL
names) once with bench/http_data.py's varied claims, brings the summary tables up to date,
serves the project with gunicorn (-w 2, sync, DEBUG off) and bench/http_baseline.py (a bare
WSGI app where PostgreSQL builds the same JSON) with gunicorn -w 2 too, and loads each request
with wrk on loopback (16 connections, 2 threads, 1 s unmeasured warm-up, then `--duration`), every
request once a round for `--rounds` rounds, each request's ratio to its reference taken within a
round and the median of the rounds' kept.
The admin's lists are timed in-process (Django's test client, 20 requests, p50). Prints one
table: req/s, p50, p99, non-2xx, the ratio to its reference and the target, met or MISSED. It
asserts nothing: the machine is shared and the numbers are noisy; the ratios are what count.
"""

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

# Not bench/http.py: every script in bench/ has the folder first on sys.path, where a module
# named `http` would stand in for the standard library's (Django's and urllib's imports fail).
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("EMBEDDED_DATABASE_NAME", "claims_http")
from summary import free_port, summaries_up_to_date, wait_for_other_fill

# isort: split
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import Client
from http_data import RARE_PLACE, fill
from http_plans import write_plans
from rest_framework.authtoken.models import Token
from run import ROOT

from claims import aggregates

CONNECTIONS, THREADS, WARM_UP = 16, 2, 1
DEPTH = 200
ADMIN_REPEAT = 20

# (label, path, reference, target): reference "baseline list", "baseline detail", or "list".
REQUESTS = [
    ("/api/claims/", "/api/claims/", "baseline list", 0.5),
    ("/api/claims/<id>/", "detail", "baseline detail", 0.5),
    (
        "side=ukraine&status=unverified,disputed&ordering=-occurred_on",
        "/api/claims/?side=ukraine&status=unverified,disputed&ordering=-occurred_on",
        "list",
        0.7,
    ),
    ("item=drone&outcome=downed", "/api/claims/?item=drone&outcome=downed", "list", 0.7),
    (
        "occurred 2023-01-01..2023-01-31",
        "/api/claims/?occurred_after=2023-01-01&occurred_before=2023-01-31",
        "list",
        0.7,
    ),
    (f"page {DEPTH + 1} through `next`", "deep", "list", 0.7),
    ("q=drones (~25%)", "/api/claims/?q=drones", "list", 0.5),
    ("q=odesa (~2.5%)", "/api/claims/?q=odesa", "list", 0.5),
    (f"q={RARE_PLACE.lower()} (rare)", f"/api/claims/?q={RARE_PLACE.lower()}", "list", 0.5),
    ('q="cruise missiles" -kharkiv', "/api/claims/?q=%22cruise%20missiles%22%20-kharkiv",
     "list", 0.5),
    ("/api/sources/", "/api/sources/", "list", 0.5),
    ("/api/events/", "/api/events/", "list", 0.5),
    ("page_size=500", "/api/claims/?page_size=500", "list", 0.15),
]  # fmt: skip
ADMIN = [
    ("admin claims list", "/admin/claims/claim/", 100),
    ("admin status=confirmed", "/admin/claims/claim/?status__exact=confirmed", 100),
    ("admin search q=odesa", "/admin/claims/claim/?q=odesa", 150),
]

# Each request a claim of the list in ids.lua, at random (wrk seeds its own generator).
DETAIL_SCRIPT = """
local ids = {%s}
request = function()
  return wrk.format(nil, "/api/claims/" .. ids[math.random(#ids)] .. "/")
end
"""


def gunicorn(port: int, app: str, environment: dict, cwd: Path) -> subprocess.Popen:
    command = [str(ROOT / ".venv/bin/gunicorn"), app, "-w", "2", "-b", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=cwd, env=environment)


def wait_until_up(server: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10):
                return
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit(f"gunicorn did not answer {url}.")


def server_environment() -> dict[str, str]:
    """Production settings (DEBUG off), on this database: fuzz/run.py's."""
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "ERROR",
        # Connections kept the whole run: a backend replaced mid-load (CONN_MAX_AGE's 60 s) would
        # take the CPU it used out of the count, and give negative CPU per request.
        "CONN_MAX_AGE": "3600",
    }
    if "DATABASE_URL" not in os.environ:
        database = settings.DATABASES["default"]
        environment["EMBEDDED_DATABASE_NAME"] = database["EMBEDDED_DATABASE"]
        environment["EMBEDDED_PGDATA"] = database["PGDATA"]
    return environment


def libpq_conninfo() -> str:
    database = settings.DATABASES["default"]
    parts = {
        "dbname": database["NAME"],
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def get_json(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def cpu_seconds(pids) -> float:
    """User and system CPU the processes have used so far (Linux /proc)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def serving_processes(server: subprocess.Popen, conninfo: str) -> list[int]:
    """The server's gunicorn workers and the database's backends (the other server's sit idle)."""
    workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True)
    with psycopg.connect(conninfo, autocommit=True) as probe:
        backends = probe.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
    return [int(pid) for pid in workers.stdout.split()] + [pid for (pid,) in backends]


def wrk(url: str, token: str, duration: int, script: str | None, processes=None) -> dict:
    base = [
        "wrk",
        "-t",
        str(THREADS),
        "-c",
        str(CONNECTIONS),
        "-H",
        f"Authorization: Token {token}",
        # A slow request is measured, not dropped: wrk's default gives up after 2 s, and then
        # reports no latency at all.
        "--timeout",
        "30s",
    ]
    if script:
        base += ["-s", script]
    subprocess.run([*base, "-d", f"{WARM_UP}s", url], check=True, capture_output=True)
    pids = processes() if processes else []
    cpu_before = cpu_seconds(pids)
    output = subprocess.run(
        [*base, "-d", f"{duration}s", "--latency", url], check=True, capture_output=True, text=True
    ).stdout
    cpu = cpu_seconds(pids) - cpu_before
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    requests = int(re.search(r"(\d+) requests in", output)[1])
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "cpu": 1000 * cpu / requests if requests and pids else float("nan"),
        "p50": milliseconds(latency["50"]) if "50" in latency else float("nan"),
        "p99": milliseconds(latency["99"]) if "99" in latency else float("nan"),
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": errors[1] if errors else "",
        "requests": requests,
    }


def checkpoint() -> None:
    """Writes out what the fill and the rebuild left in memory now, rather than have the
    checkpointer write it during the first requests measured (the first run after a fill
    measured our filtered pages and other lists 13-16% slower than the next run did). Needs a
    superuser, as the bench's databases have; skipped otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:
        print(f"No CHECKPOINT ({error}): the first requests may share the machine with it.")


def time_admin(user) -> list[tuple[str, float, float, int]]:
    """p50 and p99 of the admin's pages, in-process, DEBUG off; (label, p50, target, non-200s)."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    client = Client()
    client.force_login(user)
    rows = []
    for label, url, target in ADMIN:
        samples, failures = [], 0
        for run in range(2 + ADMIN_REPEAT):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            failures += response.status_code != 200 and run >= 2
            if run >= 2:
                samples.append(elapsed)
        rows.append((label, statistics.median(samples), target, failures))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds of each measured load")
    parser.add_argument("--rounds", type=int, default=3, help="times each request is measured")
    parser.add_argument(
        "--plans",
        type=Path,
        default=ROOT / "bench" / "http_plans.md",
        help="where to write each request's query plans",
    )
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    wait_for_other_fill()
    fill(options.claims)
    if not summaries_up_to_date():
        print("Rebuilding the summary tables (the claims were loaded with triggers off)...")
        started = time.perf_counter()
        aggregates.rebuild()
        # Visibility maps set, so the events list's summaries read the ledger's index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) claims_summary_ledger, claims_summary_rollup")
        print(f"Rebuilt in {time.perf_counter() - started:.0f} s.", flush=True)
    checkpoint()
    user, created = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    if not created and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    token = Token.objects.get_or_create(user=user)[0].key
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM claims_claim TABLESAMPLE SYSTEM (1) LIMIT 2000")
        ids = [row[0] for row in cursor.fetchall()]
    print("Timing the admin in-process...", flush=True)
    admin_rows = time_admin(user)
    print(f"Explaining each request's queries into {options.plans}...", flush=True)
    write_plans(
        options.plans,
        [
            (label, path if path.startswith("/") else f"/api/claims/{ids[0]}/")
            for label, path, _reference, _target in REQUESTS
            if path != "deep"
        ],
        token,
    )
    conninfo = libpq_conninfo()
    connection.close()

    app_port, baseline_port = free_port(), free_port()
    app = gunicorn(app_port, "project.wsgi", server_environment(), ROOT)
    baseline = gunicorn(
        baseline_port,
        "bench.http_baseline:application",
        {**os.environ, "BASELINE_DATABASE": conninfo},
        ROOT,
    )
    results = {}
    try:
        wait_until_up(app, f"http://127.0.0.1:{app_port}/api/schema/?format=json")
        wait_until_up(baseline, f"http://127.0.0.1:{baseline_port}/api/claims/")
        origin = f"http://127.0.0.1:{app_port}"
        # The deep page: `next` followed the way a client does.
        url = "/api/claims/"
        for _ in range(DEPTH):
            url = local(get_json(origin + url, token)["next"])
        deep = url
        with tempfile.TemporaryDirectory() as scratch:
            script = Path(scratch) / "ids.lua"
            script.write_text(DETAIL_SCRIPT % ", ".join(map(str, ids)))
            targets = [
                (f"baseline {label}", baseline_port, baseline, "/api/claims/", lua)
                for label, lua in (("list", None), ("detail", script))
            ] + [
                (
                    label,
                    app_port,
                    app,
                    {"deep": deep, "detail": "/api/claims/"}.get(path, path),
                    script if path == "detail" else None,
                )
                for label, path, _reference, _target in REQUESTS
            ]
            # Every request once a round, the references first, the rounds one after the other:
            # a ratio is taken within each round, so the machine's drift over the run (a
            # neighbour's load, a slower minute) weighs on a request and its reference alike.
            for round_ in range(options.rounds):
                for key, port, server, path, lua in targets:
                    print(f"round {round_ + 1}/{options.rounds} wrk {key}: {path}", flush=True)
                    results.setdefault(key, []).append(
                        wrk(
                            f"http://127.0.0.1:{port}{path}",
                            token,
                            options.duration,
                            str(lua or ""),
                            processes=lambda server=server: serving_processes(server, conninfo),
                        )
                    )
    finally:
        for server in (app, baseline):
            server.terminate()
        for server in (app, baseline):
            server.wait(timeout=30)

    print_table(results, admin_rows, deep, options)


def print_table(results: dict, admin_rows: list, deep: str, options) -> None:
    header = ("request", "req/s", "p50 ms", "p99 ms", "non-2xx", "CPU ms", "ratio", "CPU ratio")
    lines = [(*header, "target", "")]
    for key in ("baseline list", "baseline detail"):
        lines.append((key, *measured(results[key]), "", "", "", ""))
    for label, _path, reference, target in REQUESTS:
        rounds = results[label]
        references = results["/api/claims/" if reference == "list" else reference]
        ratio = median_of(
            mine["rps"] / theirs["rps"] if theirs["rps"] else 0.0
            for mine, theirs in zip(rounds, references, strict=True)
        )
        cpu_ratio = median_of(
            theirs["cpu"] / mine["cpu"] if mine["cpu"] else float("nan")
            for mine, theirs in zip(rounds, references, strict=True)
        )
        verdict = "met" if ratio >= target else "MISSED"
        lines.append(
            (label, *measured(rounds), f"{ratio:.2f}", f"{cpu_ratio:.2f}", f">={target}", verdict)
        )
    for label, p50, target, failures in admin_rows:
        verdict = "met" if p50 <= target else "MISSED"
        row = (label, "", f"{p50:.1f}", "", str(failures), "", "", "", f"<={target} ms", verdict)
        lines.append(row)
    database = settings.DATABASES["default"]["NAME"]
    print(
        f"\n{database}; wrk -t{THREADS} -c{CONNECTIONS}, {options.duration} s each after "
        f"{WARM_UP} s warm-up, {options.rounds} rounds (medians; ratios taken within a round); "
        "gunicorn -w 2 sync, DEBUG off. Ratios: the two baselines' rows "
        "are the references of /api/claims/ and /api/claims/<id>/; every other API row is "
        "against /api/claims/. CPU ms: user and system CPU per request of the serving "
        "gunicorn workers and PostgreSQL backends, and CPU ratio the reference's CPU per "
        "request over the row's (less sensitive than req/s to what else the machine runs). "
        "Admin: p50 of 20 in-process requests (test client).\n"
    )
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    for line in lines:
        cells = [cell.rjust(width) for cell, width in zip(line, widths, strict=True)]
        cells[0] = line[0].ljust(widths[0])
        print("  ".join(cells).rstrip())
    errors = {
        key: "; ".join(r["socket_errors"] for r in rounds if r["socket_errors"])
        for key, rounds in results.items()
        if any(r["socket_errors"] for r in rounds)
    }
    if errors:
        print("\nwrk socket errors: " + "; ".join(f"{k}: {v}" for k, v in errors.items()))
    print(f"\nDeep page: {deep}")
    print(f"Query plans of each request: {options.plans.relative_to(ROOT)}")


def measured(rounds: list[dict]) -> tuple[str, str, str, str, str]:
    """A request's figures over the rounds: medians, and every non-2xx answer counted."""
    return (
        f"{median_of(r['rps'] for r in rounds):.1f}",
        f"{median_of(r['p50'] for r in rounds):.1f}",
        f"{median_of(r['p99'] for r in rounds):.1f}",
        str(sum(r["non_2xx"] for r in rounds)),
        f"{median_of(r['cpu'] for r in rounds):.2f}",
    )


def median_of(values) -> float:
    return statistics.median(list(values))


if __name__ == "__main__":
    main()
