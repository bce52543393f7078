"""`make fuzz`: schemathesis over the whole API schema, against the project served the production
way (gunicorn, DEBUG off), with every check, as an editor and as a superuser.

    .venv/bin/python fuzz/run.py [--examples N] [--seed S]

Uses a database of its own (`claims_fuzz` in the embedded server, or the one DATABASE_URL
names: point it at a throwaway database, the fuzzer writes and deletes at random), migrated and
holding the demo desk, starts `gunicorn project.wsgi` on a free port, and runs schemathesis once
per account. Prints schemathesis' summary of each run and the total of test cases; exits 1 on
any failure, so `make fuzz` (and CI's bounded run) fails with it.
"""

import argparse
import importlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("EMBEDDED_DATABASE_NAME", "claims_fuzz")

import django  # noqa: E402

django.setup()

# isort: split
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.core.management import call_command  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

# The accounts the fuzzer writes as: what the desk's people can do, and everything.
ACCOUNTS = {"fuzz-editor": {"groups": ["Editors"]}, "fuzz-chief": {"is_superuser": True}}
CONFIG = Path(__file__).parent / "schemathesis.toml"
# Failures accepted, each with its reason: schemathesis' own mistakes, never the desk's.
BASELINE = Path(__file__).parent / "baseline.json"
# The token endpoint is asked for the account's own token: other credentials are a 400.
TOKEN_OPERATION = """
[[operations]]
include-path = "/api/auth/token/"
parameters = {{ "body.username" = "{username}", "body.password" = "{password}" }}
"""


def prepare_database() -> dict[str, tuple[str, str]]:
    """Empty the fuzz database, migrate it, load the demo desk and make the accounts, each with
    a new random password: their tokens and passwords by name. Every run starts alike."""
    name = settings.DATABASES["default"]["NAME"]
    if "fuzz" not in name:
        sys.exit(f"The fuzzer empties its database: {name!r} must have 'fuzz' in its name.")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    editorial_groups()
    call_command("load_demo", verbosity=0)
    accounts = {}
    for username, options in ACCOUNTS.items():
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "is_superuser": options.get("is_superuser", False)},
        )
        password = secrets.token_urlsafe(16)
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=options.get("groups", [])))
        accounts[username] = (Token.objects.get_or_create(user=user)[0].key, password)
    return accounts


def editorial_groups() -> None:
    """The groups of the data migration (flush empties every table, theirs too)."""
    groups = importlib.import_module("claims.migrations.0002_editorial_groups").GROUPS
    for name, codenames in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment() -> dict[str, str]:
    """Production settings (DEBUG off), on this database."""
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "ERROR",
        # The fuzzer asks for tokens far faster than any person: throttled, it would test little
        # else on that operation (the throttles have tests of their own).
        "API_LOGIN_RATE": "100000/minute",
        "API_LOGIN_USERNAME_RATE": "100000/minute",
    }
    if "DATABASE_URL" not in os.environ:
        database = settings.DATABASES["default"]
        environment["EMBEDDED_DATABASE_NAME"] = database["EMBEDDED_DATABASE"]
        environment["EMBEDDED_PGDATA"] = database["PGDATA"]
    return environment


def start_server(port: int) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "project.wsgi",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        # As in production (README): the project answers long addresses (414, in JSON).
        "--limit-request-line",
        "0",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=server_environment())
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema/", timeout=5):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn did not start")


def fuzz(port: int, username: str, arguments: argparse.Namespace, work: Path) -> tuple[int, int]:
    """One schemathesis run as the account: its exit code and the test cases it generated."""
    token, password = ACCOUNTS[username]["credentials"]
    config = work / f"{username}.toml"
    config.write_text(
        CONFIG.read_text() + TOKEN_OPERATION.format(username=username, password=password)
    )
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(config),
        "--no-color",
        "run",
        f"http://127.0.0.1:{port}/api/schema/",
        "--checks",
        "all",
        "--max-examples",
        str(arguments.examples),
        "--baseline",
        str(BASELINE),
        # One worker: hypothesis describes its strategies with ast.parse, and two threads parsing
        # at once can crash CPython 3.11's AST constructor ("AST constructor recursion depth
        # mismatch", a Runtime Error of the run, seen in CI), whatever the API answers.
        "--workers",
        "1",
        "--header",
        f"Authorization: Token {token}",
    ]
    if arguments.seed is not None:
        command += ["--seed", str(arguments.seed)]
    if arguments.baseline_update:
        command.append("--baseline-update")
    # Run where its example database and cache go away with the run: every run starts alike.
    result = subprocess.run(command, cwd=work, capture_output=True, text=True)
    print(result.stdout, result.stderr, sep="", flush=True)
    # Its summary: "Test cases:\n  1661 generated, 31 found 31 unique failures, 105 skipped".
    generated = re.search(r"(\d+) generated", result.stdout)
    return result.returncode, int(generated.group(1)) if generated else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=25, help="test cases per operation")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--baseline-update",
        action="store_true",
        help="record this run's failures as accepted in fuzz/baseline.json (then say why in it)",
    )
    arguments = parser.parse_args()
    for username, credentials in prepare_database().items():
        ACCOUNTS[username]["credentials"] = credentials
    port = free_port()
    server = start_server(port)
    results = {}
    try:
        with tempfile.TemporaryDirectory() as work:
            for username in ACCOUNTS:
                print(f"\n=== schemathesis as {username} ===", flush=True)
                results[username] = fuzz(port, username, arguments, Path(work))
    finally:
        server.terminate()
        server.wait()
    total = sum(cases for _code, cases in results.values())
    failed = [username for username, (code, _cases) in results.items() if code != 0]
    print(
        "\nmake fuzz: "
        + ", ".join(f"{username} {cases} cases" for username, (_c, cases) in results.items())
        + f"; {total} in all; "
        + (f"FAILED as {', '.join(failed)}" if failed else "no failures")
    )
    print(json.dumps({"cases": total, "failed_runs": failed}))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
