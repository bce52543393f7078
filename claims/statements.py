"""Prepared statements for the hottest reads: the API's page of claims and token lookup
(claims.api), a page's track records (claims.querysets) and event summaries (claims.events).

Django compiles each ORM query anew and sends it with its parameters bound on the client, so
PostgreSQL parses and plans it anew too; for a statement that never changes, that is most of
what it costs (a claim's joins take several milliseconds to plan, and the ORM about one to build
a query). These are written once as SQL, prepared once a connection, and planned once
(`plan_cache_mode` in project/settings.py).
"""

import time

import psycopg
from django.db import connection


class PreparingCursor(psycopg.Cursor):
    """psycopg's cursor that binds parameters on the server, prepares what it executes and reads
    results in binary (Django's own cursors bind on the client, which cannot be prepared). Its
    statements go in Django's query log where Django logs its own (DEBUG, the tests' query
    counts): Django's debug cursor cannot read a prepared statement's text back."""

    def execute(self, query, params=None, *, prepare=True, binary=True):
        if not connection.queries_logged:
            return super().execute(query, params, prepare=prepare, binary=binary)
        started = time.monotonic()
        try:
            return super().execute(query, params, prepare=prepare, binary=binary)
        finally:
            elapsed = time.monotonic() - started
            connection.queries_log.append(
                {"sql": query, "params": params, "time": f"{elapsed:.3f}"}
            )


def cursor():
    """A PreparingCursor on Django's connection, wrapped as Django wraps its cursors (its errors
    are Django's)."""
    connection.ensure_connection()
    return connection.make_cursor(PreparingCursor(connection.connection))
