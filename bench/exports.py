"""Benchmark: the exports over HTTP, at a million claims, against gunicorn with DEBUG off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claims_bench .venv/bin/python bench/exports.py

Uses the database of bench/run.py (its `fill()` generates the million claims once), starts
`gunicorn project.wsgi -w 2` on a free port, and downloads each export through a socket as a
client would: the total time, the time to the first byte of the body, and the memory of the
worker that served it (its RSS read from /proc before, at the peak, sampled every 20 ms, and
after), and the time to the first claim (the CSV's header line comes before the query runs).
Prints the table, with the targets of the whole claims CSV; it asserts nothing.
"""

import argparse
import http.client
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import fill  # noqa: E402  (sets Django up, on the bench database)

# isort: split
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

TARGETS = {"total": 30.0, "first byte": 1.0, "first row": 1.0, "memory": 150.0}  # s, s, s, MB
CLAIMS, QUANTITIES = "/api/claims/export/?", "/api/quantities/export/?"
EXPORTS = [  # what, where, whether the targets apply
    ("Claims CSV, all", CLAIMS + "format=csv", True),
    ("Quantities CSV, all", QUANTITIES + "format=csv", False),
    ("Claims CSV, ordering=-occurred_on", CLAIMS + "ordering=-occurred_on", False),
    ("Claims CSV, side=russia&status=confirmed", CLAIMS + "side=russia&status=confirmed", False),
    ("Claims CSV, q=odesa", CLAIMS + "q=odesa", False),
    (
        "NDJSON, status=confirmed&topic=strike",
        CLAIMS + "format=ndjson&status=confirmed&topic=strike",
        False,
    ),
    ("ClaimReview, status=refuted", CLAIMS + "format=claimreview&status=refuted", False),
]
WARM_UP = "/api/claims/export/?format=csv&source=1&occurred_after=2024-06-01"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment() -> dict:
    """The production settings, on the bench database (read by project/settings.py)."""
    database = settings.DATABASES["default"]
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    if "DATABASE_URL" not in os.environ:  # the embedded server, its bench database
        environment["EMBEDDED_DATABASE_NAME"] = database["EMBEDDED_DATABASE"]
        environment["EMBEDDED_PGDATA"] = database["PGDATA"]
    return environment


def start_server(port: int, timeout: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "project.wsgi",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        # The sync worker's default timeout (30 s) would kill a slow export instead of timing it.
        "--timeout",
        str(timeout),
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=server_environment())
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/")
            connection.getresponse().read()
            if len(workers(server.pid)) == 2:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn did not start")


def workers(master: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(entry.name))
    return children


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class MemorySampler(threading.Thread):
    """The peak RSS of each worker while a download runs."""

    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids = pids
        self.peak = {pid: rss_mb(pid) for pid in pids}
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.02):
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_mb(pid))


def download(port: int, token: str, url: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", url, headers={"Authorization": f"Token {token}"})
    response = connection.getresponse()
    piece = response.read1(65536)
    first_byte = time.perf_counter() - started
    if response.status != 200:
        sys.exit(f"{url}: HTTP {response.status}: {piece[:500]!r}")
    csv = "csv" in response.getheader("Content-Type", "")
    size = lines = 0
    first_row = None
    while piece:
        size += len(piece)
        lines += piece.count(b"\n")
        # The first claim: after the CSV's header line; the first object of the JSON ones.
        if first_row is None and (lines >= 2 if csv else b"{" in piece):
            first_row = time.perf_counter() - started
        piece = response.read1(1 << 20)
    total = time.perf_counter() - started
    connection.close()
    return {
        "total": total,
        "first byte": first_byte,
        "first row": first_row if first_row is not None else total,
        "bytes": size,
        "rows": lines - 1 if csv else lines,
    }


def measure(port: int, token: str, pids: list[int], url: str) -> dict:
    before = {pid: rss_mb(pid) for pid in pids}
    sampler = MemorySampler(pids)
    sampler.start()
    result = download(port, token, url)
    sampler.done.set()
    sampler.join()
    after = {pid: rss_mb(pid) for pid in pids}
    # The worker that served it is the one that grew.
    served = max(pids, key=lambda pid: sampler.peak[pid] - before[pid])
    result["memory"] = sampler.peak[served] - before[served]
    result["kept"] = after[served] - before[served]
    result["rss"] = sampler.peak[served]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=int, default=300, help="gunicorn's worker timeout")
    parser.add_argument("--only", help="run only the exports whose label contains this")
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    fill(options.claims)
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    token = Token.objects.get_or_create(user=user)[0].key

    port = free_port()
    server = start_server(port, options.timeout)
    try:
        pids = workers(server.pid)
        for _ in range(6):  # both workers import and connect before anything is measured
            download(port, token, WARM_UP)
        results = []
        for label, url, targeted in EXPORTS:
            if options.only and options.only.lower() not in label.lower():
                continue
            print(f"{label}...", flush=True)
            results.append((label, targeted, measure(port, token, pids, url)))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(
        f"\ngunicorn project.wsgi -w 2, DEBUG off; targets for the whole claims CSV: total "
        f"<= {TARGETS['total']:.0f} s, first byte and first row <= {TARGETS['first row']:.0f} s, "
        f"worker memory growth <= {TARGETS['memory']:.0f} MB\n"
    )
    header = (
        f"{'export':<42} {'rows':>10} {'MB':>6} {'total s':>8} {'1st byte':>8} {'1st row':>8} "
        f"{'RSS +MB':>8} {'kept':>5} {'peak RSS':>8}  targets"
    )
    print(header)
    print("-" * len(header))
    for label, targeted, result in results:
        verdict = ""
        if targeted:
            met = all(result[name] <= limit for name, limit in TARGETS.items())
            verdict = "met" if met else "MISSED"
        print(
            f"{label:<42} {result['rows']:>10,} {result['bytes'] / 1e6:>6.0f} "
            f"{result['total']:>8.2f} {result['first byte']:>8.3f} {result['first row']:>8.3f} "
            f"{result['memory']:>8.1f} {result['kept']:>5.1f} {result['rss']:>8.1f}  {verdict}"
        )


if __name__ == "__main__":
    main()
