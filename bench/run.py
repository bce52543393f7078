"""Benchmark: the claims list in the API and the admin, at a million claims.

    .venv/bin/python bench/run.py [--claims 1000000] [--repeat 5]

Fills a database of its own (`claims_bench` in the embedded server, or the one DATABASE_URL names)
with generated claims once, then times requests through Django's test client: first pages, deep
pages reached through `next` links, filters, full-text search, and the admin's claims list. It
prints the median time of each; it asserts nothing (correctness is the tests' job).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("EMBEDDED_DATABASE_NAME", "claims_bench")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from claims.models import Claim  # noqa: E402
from claims.models.base import SEARCH_VECTOR_SQL  # noqa: E402

GENERATE = """
SET LOCAL session_replication_role = replica;  -- bulk load: no per-row history triggers
INSERT INTO claims_party (name, slug) VALUES ('Ukraine', 'ukraine'), ('Russia', 'russia')
    ON CONFLICT DO NOTHING;
INSERT INTO claims_source (name, kind, party_id, reliability, url, notes, created_at, updated_at)
SELECT 'Bench source ' || g,
       (ARRAY['military','government','official','media','social_channel','expert'])[1 + g % 6],
       CASE WHEN g % 5 = 0 THEN NULL
            ELSE (SELECT id FROM claims_party WHERE slug = (ARRAY['ukraine','russia'])[1 + g % 2])
       END,
       (ARRAY['A','B','C','D','E','F'])[1 + g % 6], '', '', now(), now()
FROM generate_series(1, 200) g;
INSERT INTO claims_event (title, occurred_on, location, description, created_at, updated_at)
SELECT 'Bench incident ' || g, date '2022-02-24' + (g % 1000), '', '', now(), now()
FROM generate_series(1, 5000) g;
WITH sources AS (
    SELECT id, party_id, name, row_number() OVER (ORDER BY id) - 1 AS n FROM claims_source
), events AS (
    SELECT min(id) AS first_id FROM claims_event
), generated AS (
    SELECT g,
           (ARRAY['drones downed over Kursk', 'missiles launched at Kyiv overnight',
                  'people killed in a strike on Odesa',
                  'square kilometers controlled near Pokrovsk',
                  'tanks destroyed near Kupyansk',
                  'people left without heating in Kharkiv'])[1 + g % 6] AS phrase
    FROM generate_series(1, %(claims)s) g
)
INSERT INTO claims_claim (text, source_id, side_id, status, topic, occurred_on, claimed_at,
                          location, quote, version, created_at, updated_at, event_id,
                          search_vector, external_id)
SELECT 'Claim ' || g || ': ' || (g % 97) || ' ' || phrase, s.id, s.party_id,
       (ARRAY['unverified','unverified','unverified','corroborated','confirmed','disputed',
              'refuted','retracted'])[1 + g % 8],
       (ARRAY['air_defense','strike','casualties','territory','infrastructure','diplomacy',
              'other'])[1 + g % 7],
       CASE WHEN g % 10 = 0 THEN NULL ELSE date '2022-02-24' + (g % 1000) END,
       CASE WHEN g % 7 = 0 THEN NULL ELSE timestamptz '2022-02-24' + g * interval '77 seconds' END,
       '', '', 1, timestamptz '2022-02-24' + g * interval '60 seconds', now(),
       CASE WHEN g % 5 = 0 THEN (SELECT first_id FROM events) + g % 5000 END,
       {search_vector}, ''
FROM generated JOIN sources s ON s.n = g % 200;
INSERT INTO claims_quantity (claim_id, value, upper, qualifier, of_total, item, outcome)
SELECT id, id % 100, NULL, 'exact', CASE WHEN id % 3 = 0 THEN id % 100 + 5 END,
       (ARRAY['drone','missile','person','km2','tank','person'])[1 + id % 6],
       (ARRAY['downed','launched','killed','controlled','destroyed','affected'])[1 + id % 6]
FROM claims_claim;
"""


def fill(claims: int) -> None:
    existing = Claim.objects.count()
    if existing >= claims:
        print(f"Using the {existing:,} claims already in {connection.settings_dict['NAME']}.")
        return
    if existing:
        sys.exit(f"{connection.settings_dict['NAME']} holds {existing:,} claims; drop it first.")
    print(f"Generating {claims:,} claims (a few minutes)...", flush=True)
    started = time.perf_counter()
    search_vector = SEARCH_VECTOR_SQL.format(
        text="'Claim ' || g || ': ' || phrase", quote="''", source_name="s.name"
    )
    sql = GENERATE.replace("%(claims)s", str(claims)).replace("{search_vector}", search_vector)
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute(sql)
        cursor.execute("COMMIT")
        cursor.execute("VACUUM ANALYZE")
    print(f"Generated in {time.perf_counter() - started:.0f} s.")


def timed(client: Client, url: str, repeat: int) -> tuple[float, dict]:
    samples, body = [], {}
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"{url}: HTTP {response.status_code}")
        if response.get("Content-Type", "").startswith("application/json"):
            body = response.json()
    return statistics.median(samples) * 1000, body


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--depth", type=int, default=200, help="pages to follow through `next`")
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    fill(options.claims)
    settings.ALLOWED_HOSTS = ["*"]
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)

    rows = []

    def measure(label: str, url: str) -> dict:
        median, body = timed(client, url, options.repeat)
        count = body.get("count") if isinstance(body, dict) else None
        estimate = " (estimate)" if isinstance(body, dict) and body.get("count_is_estimate") else ""
        rows.append((label, median, f"{count:,}{estimate}" if count is not None else ""))
        return body

    first = measure("API claims, first page (50)", "/api/claims/")
    measure("API claims, page_size=500", "/api/claims/?page_size=500")
    # Deep pages: follow `next` the way a client does, then time the page reached.
    for ordering in ("-created_at", "occurred_on", "-claimed_at"):
        url = f"/api/claims/?ordering={ordering}&page_size=100"
        started = time.perf_counter()
        for _ in range(options.depth):
            body = client.get(url).json()
            url = local(body["next"])
        walked = (time.perf_counter() - started) * 1000 / options.depth
        rows.append((f"API next-link walk, ordering={ordering}: mean per page", walked, ""))
        measure(f"API page {options.depth + 1} (100 per page), ordering={ordering}", url)
    measure(
        "API filter side=ukraine&status=unverified", "/api/claims/?side=ukraine&status=unverified"
    )
    measure("API filter status=confirmed,refuted", "/api/claims/?status=confirmed,refuted")
    measure(
        "API filter occurred 2023-01-01..2023-01-31",
        "/api/claims/?occurred_after=2023-01-01&occurred_before=2023-01-31",
    )
    measure("API filter item=drone&outcome=downed", "/api/claims/?item=drone&outcome=downed")
    measure("API search q=odesa", "/api/claims/?q=odesa")
    measure('API search q="heating" -kharkiv', "/api/claims/?q=%22heating%22%20-kharkiv")
    measure("API sources list (track records)", "/api/sources/")
    measure("API events list", "/api/events/")
    measure("Admin claims list", "/admin/claims/claim/")
    measure("Admin claims list, side filter", "/admin/claims/claim/?side__id__exact=1")
    measure("Admin claims list, search", "/admin/claims/claim/?q=odesa")
    measure("Admin sources list", "/admin/claims/source/")

    print(f"\n{first.get('count', 0):,} claims; median of {options.repeat} runs each\n")
    width = max(len(label) for label, _, _ in rows)
    for label, median, count in rows:
        print(f"{label:<{width}}  {median:8.1f} ms  {count}")


if __name__ == "__main__":
    main()
