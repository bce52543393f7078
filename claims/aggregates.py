"""Sums of the quantities inside claims, grouped by side, source, event, status, item, outcome
and period: "how many drones did each side say were downed, week by week", as honest ranges.

The sums come from two tables the database keeps up to date whatever writes a claim (migration
0006_quantity_summary_rollup): the ledger (what each counted claim contributes, per item and
outcome) and the rollup (the ledger summed per side, source, event, status, topic and date). A
summary whose claims are filtered on those attributes only (every filter of the claims list but
`q`) reads the rollup; any other queryset reads the ledger rows of its claims. Both give the
same numbers, in one query (two inside a transaction, see `flush`).
"""

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup
from django.db.models.sql.where import WhereNode

from claims.models import Claim

GROUPS = ("side", "source", "event", "status", "item", "outcome")
INTERVALS = ("day", "week", "month")
MAX_ROWS = 10_000
TOTALS = ("claims", "quantities", "lower", "upper", "open_ended")

# The claim columns the rollup is summed by: a filter on these alone can read it.
ROLLUP_COLUMNS = {"side_id", "source_id", "event_id", "status", "topic", "occurred_on"}
CLAIM_KEYS = {"side": "side_id", "source": "source_id", "event": "event_id", "status": "status"}
# Each group key as shown (names joined in after grouping) and as rows are ordered by it.
SHOWN = {
    "side": [("side", "party.slug")],
    "source": [("source_id", "g.source_id"), ("source", "source.name")],
    "event": [("event_id", "g.event_id"), ("event", "event.title")],
    "status": [("status", "g.status")],
    "item": [("item", "g.item")],
    "outcome": [("outcome", "g.outcome")],
}
ORDER = {
    "side": ["party.slug"],
    "source": ["source.name", "g.source_id"],
    "event": ["event.title", "g.event_id"],
    "status": ["g.status"],
    "item": ["g.item"],
    "outcome": ["g.outcome"],
}
NAMES = {
    "side": "LEFT JOIN claims_party party ON party.id = g.side_id",
    "source": "LEFT JOIN claims_source source ON source.id = g.source_id",
    "event": "LEFT JOIN claims_event event ON event.id = g.event_id",
}


class TooManyGroups(ValueError):
    """The grouping asked for gives more than MAX_ROWS rows."""


def summarize(
    claims: QuerySet[Claim],
    *,
    group_by: Sequence[str] = (),
    interval: str | None = None,
    item: str | None = None,
    outcome: str | None = None,
) -> list[dict]:
    """The claims' quantities summed per group, one dict per group, ordered by the group keys
    (in `group_by`'s order, then `period` ascending; nulls last).

    `group_by`: any of GROUPS; `interval`: one of INTERVALS, of the claim's `occurred_on`;
    `item`, `outcome`: only those quantities count, and only the claims having one. An unknown
    name raises ValueError; more than MAX_ROWS groups raise TooManyGroups.

    Each row holds the requested keys only: `side` (party slug or None), `source_id` + `source`
    (name), `event_id` + `event` (title, or both None), `status`, `item`, `outcome`, `period`
    (datetime.date, the period's first day: Monday for weeks; None for claims without a date),
    then:

    - `claims`: the claims of the group. Without `item`/`outcome` every claim counts, also one
      without quantities (grouped by item or outcome, it falls in the group where they are None).
      Grouped by item or outcome, a claim counts in each group it has quantities in.
    - `quantities`: how many quantities were summed.
    - `lower`, `upper` (Decimal): the sums of the quantities' lower and upper bounds, ranges
      summed as ranges: "about 30" is [30, 30], "25 to 30" [25, 30], "at most 5" [0, 5], "at
      least 10" [10, no ceiling].
    - `open_ended`: how many of those quantities have no ceiling ("at least", "more than", a
      vague amount, without an upper bound): they add to `lower` but not to `upper`, so when
      `open_ended` is above 0, `upper` is not a true ceiling.

    Each claim is counted once: a claim that duplicates another (an outgoing `duplicates` link)
    and a claim a newer one updates (an incoming `updates` link) are left out.
    """
    try:
        sql, params = summary_sql(claims, group_by, interval, item, outcome)
    except EmptyResultSet:  # a filter no claim can match (`pk__in=[]`)
        return []
    connection = connections[claims.db]
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            flush(cursor)
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    if len(rows) > MAX_ROWS:
        raise TooManyGroups(f"This grouping gives more than {MAX_ROWS:,} rows.")
    return rows


def flush(cursor) -> None:
    """Bring the ledger and rollup up to date with this transaction's own writes.

    The database recomputes the claims a transaction changed when it commits; a summary read
    inside that transaction (a test, a script in `atomic()`) asks for it now. Outside one there
    is nothing of ours to wait for.
    """
    cursor.execute("SELECT claims_summary_flush()")


def rebuild(using: str = "default") -> None:
    """Recompute the ledger and rollup from the claims: after loading claims with triggers off
    (`session_replication_role = replica`), as bench/run.py does."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT claims_summary_rebuild()")


def summary_sql(
    claims: QuerySet[Claim],
    keys: Sequence[str],
    interval: str | None,
    item: str | None,
    outcome: str | None,
) -> tuple[str, list]:
    """The one query of `summarize`, and its parameters."""
    keys = list(dict.fromkeys(keys))
    if unknown := [key for key in keys if key not in GROUPS]:
        raise ValueError(f"Unknown group: {', '.join(unknown)}.")
    if interval is not None and interval not in INTERVALS:  # it is written into the SQL
        raise ValueError(f"Unknown interval: {interval}.")
    # The rollup's grain: per claim, or per claim and item and/or outcome when those are
    # filtered or grouped on, so a claim counts once in each group.
    per_item = item is not None or "item" in keys
    per_outcome = outcome is not None or "outcome" in keys
    conditions, params = [], []
    for column, value in (("item", item), ("outcome", outcome)):
        if value is not None:
            conditions.append(f"rollup.{column} = %s")
            params.append(value)

    rollup_filter = rollup_condition(claims)
    if rollup_filter is not None:
        where, where_params = rollup_filter
        grain = "_".join(name for name, on in (("item", per_item), ("outcome", per_outcome)) if on)
        source = "claims_summary_rollup rollup"
        conditions = ["rollup.grain = %s", *conditions, *([where] if where else [])]
        params = [grain or "claim", *params, *where_params]
        totals = [f"sum(rollup.{total})::bigint AS {total}" for total in ("claims", "quantities")]
        totals += ["sum(rollup.lower) AS lower", "sum(rollup.upper) AS upper"]
        totals.append("sum(rollup.open_ended)::bigint AS open_ended")
        having = "HAVING sum(rollup.claims) > 0"
    else:
        # The ledger holds a row per claim and (item, outcome): a claim counts once per group.
        where, where_params = ledger_rows(claims)
        source = "claims_summary_ledger rollup"
        conditions, params = [where, *conditions], [*where_params, *params]
        totals = ["count(DISTINCT rollup.claim_id) AS claims"]
        totals += ["sum(rollup.quantities)::bigint AS quantities"]
        totals += ["sum(rollup.lower) AS lower", "sum(rollup.upper) AS upper"]
        totals.append("sum(rollup.open_ended)::bigint AS open_ended")
        having = "HAVING count(*) > 0"  # no row, rather than one of zeros, for no claims

    grouped = [(f"rollup.{CLAIM_KEYS[key]}", CLAIM_KEYS[key]) for key in keys if key in CLAIM_KEYS]
    grouped += [(f"rollup.{key}", key) for key in keys if key in ("item", "outcome")]
    if interval:
        grouped.append((f"date_trunc('{interval}', rollup.occurred_on::timestamp)::date", "period"))
    aggregate_sql = f"""
        SELECT {", ".join([*(f"{e} AS {name}" for e, name in grouped), *totals])}
        FROM {source}
        {"WHERE " + " AND ".join(conditions) if conditions else ""}
        {"GROUP BY " + ", ".join(e for e, _ in grouped) if grouped else ""}
        {having}"""

    shown = [expression + " AS " + name for key in keys for name, expression in SHOWN[key]]
    order = [expression for key in keys for expression in ORDER[key]]
    if interval:
        shown.append("g.period AS period")
        order.append("g.period")
    shown += [f"g.{total} AS {total}" for total in TOTALS]
    sql = f"""
        SELECT {", ".join(shown)}
        FROM ({aggregate_sql}) g
        {" ".join(NAMES[key] for key in keys if key in NAMES)}
        {"ORDER BY " + ", ".join(f"{e} NULLS LAST" for e in order) if order else ""}
        LIMIT {MAX_ROWS + 1}"""
    return sql, params


def ledger_rows(claims: QuerySet[Claim]) -> tuple[str, list]:
    """The condition selecting the ledger rows of `claims`."""
    if not claims.query.is_sliced:
        claims = claims.order_by()
    ids = claims.values("pk")
    ids_sql, ids_params = ids.query.get_compiler(ids.db).as_sql()
    return f"rollup.claim_id IN ({ids_sql})", list(ids_params)


def rollup_condition(claims: QuerySet[Claim]) -> tuple[str, list] | None:
    """The WHERE of `claims`, rewritten for the rollup, or None if the rollup cannot answer it:
    some condition is on another column or table, or compares with an expression, or the
    queryset is sliced or grouped."""
    query = claims.query
    if query.model is not Claim or query.is_sliced or query.combinator or query.group_by:
        return None
    if not on_rollup_columns(query.where, query.base_table):
        return None
    compiler = query.get_compiler(claims.db)
    try:
        where, params = compiler.compile(query.where)
    except FullResultSet:
        return "", []
    table = compiler.quote_name_unless_alias(query.base_table)
    return where.replace(f"{table}.", "rollup."), list(params)


def on_rollup_columns(node: WhereNode, table: str) -> bool:
    """Whether every condition of `node` compares a rollup column of `table` with values."""
    for child in node.children:
        if isinstance(child, WhereNode):
            if not on_rollup_columns(child, table):
                return False
        elif not (
            isinstance(child, Lookup)
            and isinstance(child.lhs, Col)
            and child.lhs.alias == table
            and child.lhs.target.column in ROLLUP_COLUMNS
            and not hasattr(child.rhs, "resolve_expression")
            and not (
                isinstance(child.rhs, list | tuple | set)
                and any(hasattr(value, "resolve_expression") for value in child.rhs)
            )
        ):
            return False
    return True
