"""Counting rows without scanning a million of them.

Up to `EXACT_LIMIT` matching rows the count is exact (a bounded COUNT over at most that many rows
plus one); beyond it the planner's estimate is returned and flagged, which is what the API's
`count_is_estimate` and the admin's unfiltered claims list show.
"""

import json
import time

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

EXACT_LIMIT = 10_000
# Beyond this many rows by the planner's estimate, a list's page does not count them at all.
ESTIMATED_BEYOND = 2 * EXACT_LIMIT


def table_estimate(model) -> int:
    """PostgreSQL's own idea of how many rows the model's table holds (no scan)."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    # -1 means the table was never analyzed: fall back to "unknown" (0) rather than guess.
    return max(row[0], 0) if row else 0


def planner_estimate(queryset: QuerySet) -> int:
    """The planner's estimate of the rows a queryset returns, from EXPLAIN (no execution)."""
    return _estimate(queryset.db, *_count_sql(queryset))


def _count_sql(queryset: QuerySet) -> tuple[str, tuple]:
    return queryset.order_by().values("pk").query.sql_with_params()


def _estimate(db: str, sql: str, params) -> int:
    with connections[db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def bounded_count(
    queryset: QuerySet, limit: int = EXACT_LIMIT, estimate: int | None = None
) -> tuple[int, bool]:
    """(count, is_estimate): exact up to `limit` matching rows, the planner's estimate beyond."""
    exact = queryset.order_by().values("pk")[: limit + 1].count()
    if exact <= limit:
        return exact, False
    # The estimate can be off either way; never report fewer rows than we just saw exist.
    estimate = planner_estimate(queryset) if estimate is None else estimate
    return max(estimate, limit + 1), True


def page_count(queryset: QuerySet, limit: int = EXACT_LIMIT, key=None) -> tuple[int, bool]:
    """`bounded_count` for a list's page, asking the planner first: where it expects many more
    rows than `limit`, its estimate is the answer, without counting.

    Counting 10,001 rows costs 10 ms for the whole table and 50-170 ms for a broad filter at a
    million claims (an EXISTS over quantities for each), several times the page itself; the
    estimate costs a plan. Where the estimate is small, or wrong by being low, the count is
    exact up to `limit` as before. A broad query's estimate is kept for `BROAD_ESTIMATE_SECONDS`
    in the process: the planner's figure changes only with the table's statistics, and a page
    of the whole table then costs no plan for its count. So is a query found broad by counting
    (more than `limit` rows, where the planner expected fewer: a phrase search, whose words it
    takes for independent), so the pages after it do not count the same rows again.

    `key`, when given, names the rows as the caller knows them (a list's address and filters):
    what is kept is then found by it too, without compiling the query (a tenth of a
    millisecond, more with a subquery).
    """
    now = time.monotonic()
    asked_key = None if key is None else ("asked", queryset.db, key, limit)
    if asked_key and (kept := _kept(asked_key, now)) is not None:
        return kept, True
    try:
        sql, params = _count_sql(queryset)
    except EmptyResultSet:  # a condition no row can meet (an id beyond the key's range)
        return 0, False
    broad_key = (queryset.db, sql, repr(params))
    counted_key = (*broad_key, limit)
    for found_key in (broad_key, counted_key):
        if (kept := _kept(found_key, now)) is not None:
            return kept, True
    estimate = _estimate(queryset.db, sql, params)
    if estimate > ESTIMATED_BEYOND:
        _keep(broad_key, now, estimate, asked_key)
        return estimate, True
    count, is_estimate = bounded_count(queryset, limit, estimate=estimate)
    if is_estimate:
        _keep(counted_key, now, count, asked_key)
    return count, is_estimate


def _kept(key: tuple, now: float) -> int | None:
    kept = _broad_estimates.get(key)
    return kept[1] if kept and kept[0] > now else None


def _keep(key: tuple, now: float, estimate: int, asked_key: tuple | None = None) -> None:
    if len(_broad_estimates) >= BROAD_ESTIMATES_KEPT:
        _broad_estimates.clear()
    for kept_key in (key, asked_key) if asked_key else (key,):
        _broad_estimates[kept_key] = (now + BROAD_ESTIMATE_SECONDS, estimate)


BROAD_ESTIMATE_SECONDS = 60
BROAD_ESTIMATES_KEPT = 1000
# (database, SQL, parameters) -> (kept until, estimate), for estimates beyond ESTIMATED_BEYOND;
# (database, SQL, parameters, limit) -> the same, for counts beyond that limit; and ("asked",
# database, the caller's key, limit) -> the same, for either.
_broad_estimates: dict[tuple, tuple[float, int]] = {}
