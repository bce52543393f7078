"""Without DATABASE_URL the project runs its own PostgreSQL, shared safely by several processes."""

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
COUNT_CLAIMS = (
    "from claims.models import Claim; from django.db import connection; "
    "print('claims:', Claim.objects.count(), connection.settings_dict['ENGINE'])"
)

SELECT_ONE = (
    "from django.db import connection; c = connection.cursor(); c.execute('SELECT 1'); "
    "print(c.fetchone()[0])"
)


def embedded_env(pgdata: Path) -> dict:
    env = {**os.environ, "EMBEDDED_PGDATA": str(pgdata), "DEBUG": "true"}
    env.pop("DATABASE_URL", None)
    return env


def manage(pgdata: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=embedded_env(pgdata),
        capture_output=True,
        text=True,
        timeout=300,
    )


def server_running(pgdata: Path) -> bool:
    pid_file = pgdata / "postmaster.pid"
    return pid_file.exists() and psutil.pid_exists(int(pid_file.read_text().split()[0]))


def test_embedded_server_starts_from_an_empty_data_folder_and_keeps_the_data(tmp_path):
    pgdata = tmp_path / "pg"
    assert manage(pgdata, "migrate", "--no-input").returncode == 0
    loaded = manage(pgdata, "load_demo")
    assert loaded.returncode == 0, loaded.stderr
    assert (pgdata / "PG_VERSION").exists()
    # The last process to leave stops the server; the data stays for the next run.
    assert not server_running(pgdata)
    counted = manage(pgdata, "shell", "-c", COUNT_CLAIMS)
    assert counted.returncode == 0, counted.stderr
    assert "claims: 28 project.embedded_postgres" in counted.stdout


def test_several_processes_share_one_server_started_at_once(tmp_path):
    pgdata = tmp_path / "pg"
    holder = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection; import time; connection.ensure_connection(); "
            "print('ready', flush=True); time.sleep(8); "
            "connection.cursor().execute('SELECT 1'); print('still connected')",
        ],
        cwd=ROOT,
        env=embedded_env(pgdata),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Three more processes start while the first may still be creating the cluster.
    others = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", SELECT_ONE],
            cwd=ROOT,
            env=embedded_env(pgdata),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(*other.communicate(timeout=300), other.returncode) for other in others]
    assert [(stdout.split()[-1:], code) for stdout, _, code in results] == [(["1"], 0)] * 3
    # The others have exited; the server must still be running for the first one.
    time.sleep(0.5)
    assert server_running(pgdata)
    stdout, stderr = holder.communicate(timeout=60)
    assert holder.returncode == 0, stderr
    assert "still connected" in stdout
    assert not server_running(pgdata)
