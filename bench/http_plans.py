"""The plans behind bench/http_bench.py's table: every query each request runs, as
`EXPLAIN (ANALYZE, BUFFERS)` shows it on the benchmark's database, written to a Markdown file.

The queries are captured in-process (Django's test client, the bench's token) on a second run of
each request, so caches are warm as under load. The claims' page statement is prepared and
planned once in the API (claims/api/statements.py); here it is explained with its parameters
bound, which gives the same joins.
"""

import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims.api import statements


def explain(sql: str, params) -> list[str]:
    with statements.cursor() as cursor:
        cursor.cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params, prepare=False)
        return [row[0] for row in cursor.fetchall()]


def write_plans(path, requests: list[tuple[str, str]], token: str) -> None:
    """`requests`: (label, address) pairs."""
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    lines = [
        "# Query plans of `make bench-http`",
        "",
        f"Written by bench/http_plans.py on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"database `{connection.settings_dict['NAME']}`. Each request's queries in order, each "
        "with its plan (`EXPLAIN (ANALYZE, BUFFERS)`); the token lookup and the planner's "
        "count estimates (`EXPLAIN`) are listed without one.",
    ]
    for label, address in requests:
        client.get(address)
        with CaptureQueriesContext(connection) as context:
            status = client.get(address).status_code
        lines += ["", f"## {label}", "", f"`GET {address}` ({status})"]
        for query in context.captured_queries:
            sql, params = query["sql"], query.get("params")
            if sql.startswith("EXPLAIN") or "authtoken_token" in sql:
                lines += ["", f"- `{' '.join(sql.split())[:160]}` (no plan)"]
                continue
            plan = explain(sql, params)
            lines += ["", "```sql", sql.strip(), "```", "", "```", *plan, "```"]
    path.write_text("\n".join(lines) + "\n")
