"""bench/http_bench.py's floor: /api/claims/ and /api/claims/<id>/ with no framework at all.

A bare WSGI app over psycopg 3 and a pool, where PostgreSQL builds the same JSON as the API's
(json_build_object, json_agg): what serving these pages costs without Django and DRF. The count
is bounded as the API's (exact up to 10,000, the table's estimate beyond); a quantity's summary
is a plain concatenation. Served by bench/http_bench.py with
`gunicorn -w 2 http_baseline:application` on BASELINE_DATABASE (a libpq connection string); it
ignores any Authorization header.
"""

import os
import re

from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["BASELINE_DATABASE"], min_size=1, max_size=1, open=True,
                      kwargs={"options": "-c timezone=UTC", "autocommit": True})  # fmt: skip

SOURCE = "json_build_object('id', {s}.id, 'name', {s}.name, 'kind', {s}.kind, 'party', {p}.slug)"
CLAIM = f"""json_build_object(
    'id', c.id, 'url', %(base)s || c.id || '/', 'text', c.text,
    'source', {SOURCE.format(s="s", p="sp")}, 'side', side.slug, 'status', c.status,
    'topic', c.topic, 'occurred_on', c.occurred_on, 'claimed_at', c.claimed_at,
    'location', c.location, 'latitude', c.latitude::float8, 'longitude', c.longitude::float8,
    'event', c.event_id,
    'document', CASE WHEN d.id IS NOT NULL THEN json_build_object('id', d.id, 'url', d.url,
        'title', d.title, 'outlet', CASE WHEN o.id IS NOT NULL
            THEN {SOURCE.format(s="o", p="op")} END) END,
    'quote', c.quote,
    'quantities', coalesce((SELECT json_agg(json_build_object('id', q.id,
        'value', q.value::float8, 'upper', q.upper::float8, 'qualifier', q.qualifier,
        'of_total', q.of_total::float8, 'item', q.item, 'outcome', q.outcome,
        'summary', concat_ws(' ', q.value::float8, 'of ' || q.of_total::float8, q.item,
                             q.outcome)) ORDER BY q.id)
        FROM claims_quantity q WHERE q.claim_id = c.id), '[]'),
    'version', c.version, 'created_at', c.created_at, 'created_by', cu.username,
    'updated_at', c.updated_at, 'updated_by', uu.username)"""
JOINS = """JOIN claims_source s ON s.id = c.source_id
    LEFT JOIN claims_party sp ON sp.id = s.party_id
    LEFT JOIN claims_party side ON side.id = c.side_id
    LEFT JOIN claims_document d ON d.id = c.document_id
    LEFT JOIN claims_source o ON o.id = d.outlet_id
    LEFT JOIN claims_party op ON op.id = o.party_id
    LEFT JOIN auth_user cu ON cu.id = c.created_by_id
    LEFT JOIN auth_user uu ON uu.id = c.updated_by_id"""
LIST = f"""WITH page AS (SELECT * FROM claims_claim ORDER BY created_at DESC, id DESC LIMIT 51),
    bounded AS (SELECT count(*) AS n FROM (SELECT 1 FROM claims_claim LIMIT 10001) x)
SELECT json_build_object(
    'count', (SELECT CASE WHEN n <= 10000 THEN n ELSE greatest(n, (SELECT reltuples::bigint
              FROM pg_class WHERE oid = 'claims_claim'::regclass)) END FROM bounded),
    'next', (SELECT %(base)s || '?cursor=' || created_at || '_' || id FROM page
             ORDER BY created_at DESC, id DESC OFFSET 49 LIMIT 1),
    'previous', NULL,
    'results', (SELECT coalesce(json_agg({CLAIM} ORDER BY c.created_at DESC, c.id DESC), '[]')
                FROM (SELECT * FROM page ORDER BY created_at DESC, id DESC LIMIT 50) c
                {JOINS}))::text"""
DETAIL = f"SELECT ({CLAIM})::text FROM claims_claim c {JOINS} WHERE c.id = %(id)s"
DETAIL_PATH = re.compile(r"^/api/claims/(\d+)/$")


def application(environ, start_response):
    base = f"http://{environ.get('HTTP_HOST', 'localhost')}/api/claims/"
    path = environ.get("PATH_INFO", "")
    if path == "/api/claims/":
        sql, params = LIST, {"base": base}
    elif match := DETAIL_PATH.match(path):
        sql, params = DETAIL, {"base": base, "id": int(match[1])}
    else:
        sql = None
    row = None
    if sql:
        with pool.connection() as connection:
            row = connection.execute(sql, params, prepare=True).fetchone()
    if row is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail":"Not found."}']
    body = row[0].encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response("200 OK", headers)
    return [body]
