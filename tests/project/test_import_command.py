"""`manage.py import_claims` as a desk runs it: a summary at the end, a refusal that says why,
and nothing left behind by an import killed halfway (kill -9)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from claims.models import Claim, ClaimHistory, ClaimImport, Source
from tests.factories import SourceFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent


def wire_copy(path: Path, rows: int) -> Path:
    lines = ["external_id,text,source,occurred_on"]
    lines += [
        f'wire-{n},"Air defenses downed {n % 40 + 1} of {n % 40 + 5} drones over Kharkiv.",'
        f"Ukrainian Air Force,2024-11-{n % 28 + 1:02d}"
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_file_is_imported_with_a_summary(db, tmp_path, capsys):
    UserFactory(username="chief", is_superuser=True)
    SourceFactory(name="Ukrainian Air Force")
    call_command("import_claims", str(wire_copy(tmp_path / "wire.csv", 3)))
    out = capsys.readouterr().out
    assert "Created 3 claims" in out and "skipped 0" in out
    call_command("import_claims", str(tmp_path / "wire.csv"))
    assert "Created 0 claims" in capsys.readouterr().out and Claim.objects.count() == 3


def test_a_bad_file_is_refused_with_every_error(db, tmp_path, capsys):
    UserFactory(username="chief", is_superuser=True)
    bad = tmp_path / "bad.csv"
    bad.write_text('text,source,occurred_on\n"x",,2024-13-01\n"y",Someone,soon\n')
    with pytest.raises(CommandError, match=r"3 errors in bad\.csv: nothing was imported"):
        call_command("import_claims", str(bad))
    errors = capsys.readouterr().err
    assert "line 2, source" in errors and "line 2, occurred_on" in errors
    assert "line 3, occurred_on" in errors
    assert not Claim.objects.exists()


def test_a_dry_run_writes_nothing(db, tmp_path, capsys):
    UserFactory(username="chief", is_superuser=True)
    call_command("import_claims", str(wire_copy(tmp_path / "w.csv", 2)), "--dry-run")
    assert "Would create 2 claims" in capsys.readouterr().out
    assert not Claim.objects.exists() and not Source.objects.exists()


def database_environment() -> dict[str, str]:
    """The environment a child process needs to use this test database."""
    settings = connection.settings_dict
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    if settings["ENGINE"] == "project.embedded_postgres":
        return environment | {"EMBEDDED_DATABASE_NAME": settings["NAME"]}
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host = quote(settings["HOST"] or "localhost", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    url = f"postgres://{user}{password}@{host}{port}/{settings['NAME']}"
    return environment | {"DATABASE_URL": url}


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_halfway_leaves_nothing_behind(tmp_path, editorial_groups):
    UserFactory(username="chief", is_superuser=True)
    SourceFactory(name="Ukrainian Air Force")
    path = wire_copy(tmp_path / "big.csv", 40_000)
    child = subprocess.Popen(
        [sys.executable, "manage.py", "import_claims", str(path)],
        cwd=ROOT,
        env=database_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # Killed once claims are being written: its transaction holds some of them by then.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not writing_claims():
            assert child.poll() is None, child.stdout.read().decode()
            time.sleep(0.05)
        assert writing_claims(), "the import never started writing"
        time.sleep(0.5)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    wait_for_its_session_to_end()
    assert Claim.objects.count() == 0
    assert ClaimHistory.objects.count() == 0
    assert not ClaimImport.objects.exists()


def writing_claims() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        return cursor.fetchone()[0] > 0


def wait_for_its_session_to_end() -> None:
    """PostgreSQL rolls the killed client's transaction back when it notices the client gone."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and writing_claims():
        time.sleep(0.1)
