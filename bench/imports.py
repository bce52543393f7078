"""Benchmark: importing claims from a CSV with `manage.py import_claims`, as a desk would.

    .venv/bin/python bench/imports.py [--claims 100000]      # make bench-import

Writes a CSV of generated wire copy in the columns of the claims export (varied sentences of
real reporting, 2,000 sources, a document per two claims, 0-3 quantities each in words), makes
an empty database beside the bench's (`claims_import_bench`, migrated, with the two parties),
and times the command importing it (DEBUG off), then importing it again (nothing to create).
Prints the whole table and checks that history, search vectors and summaries are in place.
Uses DATABASE_URL's server, or the embedded one.
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

DATABASE = "claims_import_bench"
PLACES = [
    "Kyiv",
    "Kharkiv",
    "Odesa",
    "Dnipro",
    "Zaporizhzhia",
    "Kherson",
    "Mykolaiv",
    "Sumy",
    "Chernihiv",
    "Poltava",
    "Lviv",
    "Pokrovsk",
    "Kupyansk",
    "Kramatorsk",
    "Sloviansk",
    "Bakhmut",
    "Avdiivka",
    "Toretsk",
    "Kurakhove",
    "Vuhledar",
    "Belgorod",
    "Kursk",
    "Bryansk",
    "Krasnodar",
    "Rostov",
    "Voronezh",
    "Sevastopol",
    "Donetsk",
    "Luhansk",
    "Mariupol",
    "Izium",
    "Lyman",
    "Siversk",
    "Chasiv Yar",
    "Orikhiv",
    "Huliaipole",
    "Nikopol",
    "Kryvyi Rih",
    "Vinnytsia",
    "Zhytomyr",
]
SPEAKERS = [
    ("Air Force", "military", "ukraine"),
    ("General Staff", "military", "ukraine"),
    ("Defense Ministry", "government", "russia"),
    ("regional governor", "official", "ukraine"),
    ("regional governor", "official", "russia"),
    ("Telegram channel", "social_channel", ""),
    ("monitoring group", "expert", ""),
    ("city council", "official", "ukraine"),
]
TEMPLATES = [
    (
        "Air defenses downed {a} of {b} drones launched overnight at {place}.",
        "{a} of {b} drones downed; {b} drones launched",
    ),
    (
        "{a} missiles were launched at {place}, {c} of them shot down.",
        "{a} missiles launched; {c} missiles downed",
    ),
    (
        "At least {a} people were killed and {b} wounded in a strike on {place}.",
        "at least {a} people killed; {b} people wounded",
    ),
    ("A strike on {place} left about {d} people without heating.", "about {d} people affected"),
    ("Forces destroyed {a} tanks near {place}.", "{a} tanks destroyed"),
    ("Troops took control of {a} square kilometers near {place}.", "{a} km2 controlled"),
    ("Explosions were heard in {place} overnight; no casualties were reported.", ""),
    ("Officials in {place} said the attack damaged an energy facility.", ""),
]
COLUMNS = [
    "text",
    "source",
    "source_kind",
    "side",
    "status",
    "topic",
    "occurred_on",
    "location",
    "document_url",
    "quote",
    "quantities",
]


def source_name(speaker: str, place: str, side: str, number: int) -> str:
    if speaker.endswith(("governor", "council", "channel")):
        return f"{place} {speaker} {number}"
    nation = {"ukraine": "Ukrainian", "russia": "Russian"}.get(side, "OSINT")
    return f"{nation} {speaker} {number}"


def write_csv(path: Path, claims: int) -> None:
    rng = random.Random(2024)
    sources = [
        source_name(speaker, place, side, number) + "|" + kind + "|" + side
        for number in range(1, 51)
        for place in PLACES[:5]
        for speaker, kind, side in SPEAKERS
    ][:2000]
    sources = [tuple(source.split("|")) for source in sources]
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for n in range(claims):
            template, quantities = TEMPLATES[rng.randrange(len(TEMPLATES))]
            a, b = rng.randint(1, 60), rng.randint(61, 120)
            values = {
                "a": a,
                "b": b,
                "c": rng.randint(0, a),
                "d": rng.choice([200, 1500, 40000]),
                "place": rng.choice(PLACES),
            }
            name, kind, side = sources[rng.randrange(len(sources))]
            text = template.format(**values)
            writer.writerow(
                [
                    text,
                    name,
                    kind,
                    side,
                    "unverified",
                    rng.choice(
                        ["air_defense", "strike", "casualties", "territory", "infrastructure"]
                    ),
                    f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    values["place"],
                    f"https://news.example.org/{n // 2}" if n % 5 else "",
                    f"“{text}” the statement said." if n % 3 == 0 else "",
                    quantities.format(**values) if n % 4 else "",  # a quarter left to the extractor
                ]
            )


def environment(database: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "LOG_LEVEL": "WARNING",
    }
    if "DATABASE_URL" in os.environ:
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{base}/{database}"
    else:
        env["EMBEDDED_DATABASE_NAME"] = database
    return env


def manage(*arguments: str, database: str = DATABASE) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment(database),
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    lines = result.stdout.strip().splitlines()
    return elapsed, lines[-1] if lines else ""


def fresh_database() -> None:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    manage("migrate", "--verbosity", "0")
    manage(
        "shell",
        "-c",
        (
            "from django.contrib.auth import get_user_model; from claims.models import Party\n"
            "get_user_model().objects.create_superuser('bench', 'bench@example.org', None)\n"
            "Party.objects.create(name='Ukraine', slug='ukraine')\n"
            "Party.objects.create(name='Russia', slug='russia')\n"
            "print('ready')"
        ),
    )


CHECK = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute('''SELECT (SELECT count(*) FROM claims_claim),
        (SELECT count(*) FROM claims_claim WHERE search_vector IS NULL),
        (SELECT count(*) FROM claims_claimhistory WHERE pgh_label = 'insert'),
        (SELECT count(*) FROM claims_quantity),
        (SELECT count(*) FROM claims_source), (SELECT count(*) FROM claims_document),
        (SELECT coalesce(sum(claims), 0) FROM claims_summary_rollup WHERE grain = 'claim')''')
    print(' '.join(map(str, cursor.fetchone())))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    options = parser.parse_args()
    server = settings.DATABASES["default"].get("HOST") or "the embedded server"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"wire-{options.claims}.csv"
        write_csv(path, options.claims)
        size = path.stat().st_size / 2**20
        fresh_database()
        first, summary = manage("import_claims", str(path), "--user", "bench")
        memory = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        second, again = manage("import_claims", str(path), "--user", "bench")
        _elapsed, counts = manage("shell", "-c", CHECK)
    claims, unsearchable, history, quantities, sources, documents, summed = map(int, counts.split())
    print(
        f"\n{options.claims:,} claims, {size:.1f} MB of CSV, into an empty database on {server}\n"
    )
    rows = [
        ("import (wall time, command start to end)", f"{first:.1f} s"),
        ("claims a second", f"{options.claims / first:,.0f}"),
        ("the same file again (creates nothing)", f"{second:.1f} s"),
        ("peak memory of the command", f"{memory:,.0f} MB"),
        (
            "claims / quantities / sources / documents",
            f"{claims:,} / {quantities:,} / {sources:,} / {documents:,}",
        ),
        ("history rows (insert) of claims", f"{history:,}"),
        ("claims without a search vector", f"{unsearchable:,}"),
        ("claims counted by the summaries", f"{summed:,}"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(f"\nFirst run: {summary}\nSecond run: {again}")
    if not (claims == history == summed == options.claims and not unsearchable):
        sys.exit("The import is not complete: see the counts above.")


if __name__ == "__main__":
    main()
