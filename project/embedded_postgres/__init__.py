"""A PostgreSQL backend that runs its own server (pgserver) when no DATABASE_URL is set.

The server keeps its data under `.data/postgres` in the checkout and is started lazily, on the
first connection, so commands that never touch the database never start it. Several processes
(the autoreloader, a test run beside a running server, management commands) share one server:
pgserver counts its users in a file under an inter-process lock and stops the server when the
last of them exits.
"""

import contextlib
import json
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

import psutil

_lock = threading.Lock()
_started: dict[Path, str] = {}


def _prune_dead_handles(pgdata: Path) -> None:
    """Forget processes that died without saying goodbye (kill -9, a crash).

    pgserver stops the server when the last registered process exits; a dead process left in its
    list would keep the server running forever, so drop them before registering ourselves.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text())
    except ValueError:
        pids = []
    alive = [pid for pid in pids if psutil.pid_exists(pid) and pid != os.getpid()]
    handles.write_text(json.dumps(alive))


def ensure_server(pgdata: Path, database: str) -> str:
    """Start (or join) the embedded server, create `database` in it, return its socket folder."""
    pgdata = pgdata.resolve()
    with _lock:
        if pgdata in _started:
            return _started[pgdata]
        with warnings.catch_warnings():
            # Without XDG_RUNTIME_DIR (containers, CI) platformdirs warns and uses /tmp: fine here.
            warnings.simplefilter("ignore")
            import pgserver
            from pgserver.postgres_server import PostgresServer

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        with PostgresServer._lock:
            if pgdata.exists():
                _prune_dead_handles(pgdata)
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
        socket_dir = str(server.get_postmaster_info().socket_dir)
        _create_database(socket_dir, database)
        _started[pgdata] = socket_dir
        return socket_dir


def exit_cleanly_on_sigterm() -> None:
    """Let `kill` and `timeout` stop us like Ctrl-C does, so our exit hook releases the server.

    Python's default for SIGTERM ends the process without running exit hooks, which would leave
    the server running after its last user is gone. Only where nobody else (gunicorn, say) has
    claimed the signal, and only from the main thread, where signal handlers can be set: the
    settings call this at start-up, since the first connection may come from another thread.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _create_database(socket_dir: str, database: str) -> None:
    import psycopg
    from psycopg import errors, sql

    with psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    ) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            # Another process may create it between our check and our CREATE.
            with contextlib.suppress(errors.DuplicateDatabase, errors.UniqueViolation):
                db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
