"""The plans behind bench/http_bench.py's table: every query each request runs, as
`EXPLAIN (ANALYZE, BUFFERS)` shows it on the benchmark's database, written to a Markdown file.

The queries are captured in-process (Django's test client, the bench's token) on a second run of
each request, so caches are warm as under load. A second part covers what the table does not:
every ordering of /api/claims/ with each filter (one filter at a time, and two together), the
page's queries' execution time and buffers in one table, so a combination that reads more than
its page stands out. The claims' page statement is prepared and
planned once in the API (claims/statements.py); here it is explained with its parameters
bound, which gives the same joins.
"""

import json
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims import statements
from claims.api.authentication import TOKEN

# The token lookup alone is listed without a plan; a claim's plain read, which reads the token
# with the claim (claims/api/detail.py), is explained like any page.
TOKEN_LOOKUP = TOKEN[: TOKEN.index(" FROM ")]


def explain(sql: str, params) -> list[str]:
    with statements.cursor() as cursor:
        cursor.cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params, prepare=False)
        return [row[0] for row in cursor.fetchall()]


ORDERINGS = [
    "-created_at",
    "created_at",
    "-occurred_on",
    "occurred_on",
    "-claimed_at",
    "claimed_at",
]


def matrix_filters() -> list[tuple[str, str]]:
    """(label, query string) of each filter the matrix tries, its values read off the database:
    the largest source and event, a side, the rarest topic."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT source_id FROM claims_claim GROUP BY 1 ORDER BY count(*) DESC LIMIT 1),"
            " (SELECT event_id FROM claims_claim WHERE event_id IS NOT NULL"
            "  GROUP BY 1 ORDER BY count(*) DESC LIMIT 1),"
            " (SELECT slug FROM claims_party ORDER BY id LIMIT 1),"
            " (SELECT topic FROM claims_claim GROUP BY 1 ORDER BY count(*) LIMIT 1)"
        )
        source, event, side, topic = cursor.fetchone()
    return [
        ("no filter", ""),
        (f"side={side}", f"side={side}"),
        ("status=confirmed", "status=confirmed"),
        ("status=unverified,disputed", "status=unverified,disputed"),
        (f"topic={topic} (the rarest)", f"topic={topic}"),
        ("source (largest)", f"source={source}"),
        ("event (largest)", f"event={event}"),
        ("occurred in one month", "occurred_after=2023-01-01&occurred_before=2023-01-31"),
        ("item=drone&outcome=downed", "item=drone&outcome=downed"),
        ("q=drones", "q=drones"),
        ("q=odesa", "q=odesa"),
        (f"side={side}&status=confirmed", f"side={side}&status=confirmed"),
        ("topic=strike&item=drone", "topic=strike&item=drone"),
    ]


def page_costs(client: Client, address: str) -> tuple[int, float, int]:
    """The status, and the summed execution time (ms) and shared buffers of the page's queries
    but the token lookup and the planner's estimates."""
    client.get(address)
    with CaptureQueriesContext(connection) as context:
        status = client.get(address).status_code
    milliseconds, buffers = 0.0, 0
    for query in context.captured_queries:
        sql = query["sql"]
        if sql.startswith("EXPLAIN") or "authtoken_token" in sql:
            continue
        with statements.cursor() as cursor:
            cursor.cursor.execute(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, query.get("params"), prepare=False
            )
            (document,) = cursor.fetchone()
        plan = (json.loads(document) if isinstance(document, str) else document)[0]
        milliseconds += plan["Execution Time"]
        buffers += plan["Plan"].get("Shared Hit Blocks", 0) + plan["Plan"].get(
            "Shared Read Blocks", 0
        )
    return status, milliseconds, buffers


def matrix_lines(client: Client) -> list[str]:
    lines = [
        "",
        "## Every ordering with each filter",
        "",
        "`GET /api/claims/?<filter>&ordering=<ordering>`: the summed execution time (ms) and "
        "shared buffers (hit + read) of the page's queries, as `EXPLAIN (ANALYZE, BUFFERS)` "
        "gives them. Search with `ordering` sorts its matches by that field.",
        "",
        "| filter | " + " | ".join(f"`{ordering}`" for ordering in ORDERINGS) + " |",
        "|---|" + "---:|" * len(ORDERINGS),
    ]
    worst = (0.0, "")
    for label, query in matrix_filters():
        cells = []
        for ordering in ORDERINGS:
            address = f"/api/claims/?{query}&ordering={ordering}".replace("?&", "?")
            status, milliseconds, buffers = page_costs(client, address)
            cells.append(
                f"{milliseconds:.1f} ms, {buffers:,}" + ("" if status == 200 else f" ({status})")
            )
            worst = max(worst, (milliseconds, address))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", f"Slowest: `{worst[1]}`, {worst[0]:.1f} ms."]
    return lines


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
            if sql.startswith("EXPLAIN") or sql.startswith(TOKEN_LOOKUP):
                lines += ["", f"- `{' '.join(sql.split())[:160]}` (no plan)"]
                continue
            plan = explain(sql, params)
            lines += ["", "```sql", sql.strip(), "```", "", "```", *plan, "```"]
    lines += matrix_lines(client)
    path.write_text("\n".join(lines) + "\n")
