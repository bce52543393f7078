"""Reusable queries: `Claim.objects.by_side("ukraine").unverified().search("drones")`,
and the track records of sources (`attach_track_records`)."""

from django.contrib.postgres.search import SearchRank
from django.db import models
from django.db.models import BooleanField, Expression, F

from claims import statements
from claims.search import search_query as full_text_query


class ClaimQuerySet(models.QuerySet):
    def by_side(self, slug: str) -> "ClaimQuerySet":
        return self.filter(side__slug=slug)

    def with_status(self, *statuses: str) -> "ClaimQuerySet":
        return self.filter(status__in=statuses)

    def unverified(self) -> "ClaimQuerySet":
        return self.filter(status="unverified")

    def search(self, query: str) -> "ClaimQuerySet":
        """Full-text search in websearch syntax ("quoted phrase", -word, or), each word in
        English or as written (claims.search), with its `rank` to order by where that is cheap
        (`claims.search.search_order`): the rank is computed only if selected or ordered by."""
        search_query = full_text_query(query)
        return self.filter(search_vector=search_query).annotate(
            rank=SearchRank(F("search_vector"), search_query)
        )

    def with_quantity(self, **fields) -> "ClaimQuerySet":
        """Claims with a quantity of these fields (`item="drone", outcome="downed"`), each
        claim once however many of its quantities match."""
        return self.filter(HasQuantity(F("pk"), **fields))

    def for_display(self) -> "ClaimQuerySet":
        """What a list of claims shows, in two queries: the claims with their relations, and
        their quantities."""
        return self.select_related("source__party", "side", "event", "document").prefetch_related(
            "quantities"
        )


class HasQuantity(Expression):
    """`EXISTS (a quantity of this claim with these fields)`: the SQL that
    `Exists(Quantity.objects.filter(claim=OuterRef("pk"), **fields))` writes, without building
    and resolving a whole subquery for it, which took a filtered page of claims about a
    millisecond, more than PostgreSQL takes to run it. The claim is an expression (its id's
    column once resolved), so the outer query's aliases are relabelled in it as in any other.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, claim, **fields):
        super().__init__()
        self.claim = claim
        self.fields = fields

    def get_source_expressions(self):
        return [self.claim]

    def set_source_expressions(self, expressions):
        (self.claim,) = expressions

    def as_sql(self, compiler, connection):
        from claims.models import Quantity  # the models' managers are made of this module

        quote = connection.ops.quote_name
        claim_sql, claim_params = compiler.compile(self.claim)
        table = Quantity._meta.db_table
        # An alias of its own: an outer query may join the quantities too.
        conditions = [
            f"has_quantity.{quote(Quantity._meta.get_field('claim').column)} = {claim_sql}"
        ]
        params = [*claim_params]
        for name, value in self.fields.items():
            field = Quantity._meta.get_field(name)
            conditions.append(f"has_quantity.{quote(field.column)} = %s")
            params.append(field.get_db_prep_value(value, connection))
        where = " AND ".join(conditions)
        return f"EXISTS (SELECT 1 FROM {quote(table)} has_quantity WHERE {where})", params


# A page of sources' claims counted by status, from claim_source_status_idx alone: prepared once a
# connection (claims.statements), so neither Django nor PostgreSQL builds it anew per page.
TRACK_RECORDS = """
SELECT source_id, status, count(*) FROM claims_claim
WHERE source_id = ANY (%s::bigint[])
GROUP BY source_id, status
"""


def attach_track_records(sources, count=None) -> None:
    """Give each source its track record: `claim_counts` (its claims by status), `claims_total`,
    and the shares of its claims that stand `confirmed` and `refuted` (None without claims).
    Counted by `count_track_records`, or by `count` (given the ids, the same records: the API
    keeps them for the change count a read stands for)."""
    if not sources:
        return
    records = (count or count_track_records)([source.pk for source in sources])
    for source in sources:
        record = records[source.pk]
        source.claim_counts, source.claims_total = record["claim_counts"], record["claims_total"]
        source.confirmed_share = record["confirmed_share"]
        source.refuted_share = record["refuted_share"]


def count_track_records(source_ids) -> dict[int, dict]:
    """The track records of these sources, by id, from ONE grouped query for all of them.

    Counted per (source, status) on the index of that pair, for the sources shown only (a page):
    a subquery per row and per figure costs seconds on a million claims, this tens of
    milliseconds. Lists count their page, details their source.
    """
    from claims.models import Status

    counts: dict[int, dict[str, int]] = {}
    with statements.cursor() as cursor:
        cursor.execute(TRACK_RECORDS, [list(source_ids)])
        rows = cursor.fetchall()
    for source_id, status, count in rows:
        counts.setdefault(source_id, {})[status] = count
    statuses = Status.values  # built anew at each access (Django's enums): once here
    records = {}
    for source_id in source_ids:
        by_status = counts.get(source_id, {})
        claim_counts = {status: by_status.get(status, 0) for status in statuses}
        total = sum(claim_counts.values())
        records[source_id] = {
            "claim_counts": claim_counts,
            "claims_total": total,
            "confirmed_share": claim_counts["confirmed"] / total if total else None,
            "refuted_share": claim_counts["refuted"] / total if total else None,
        }
    return records


def with_track_record(source):
    """The source with its track record: the lists and details attach it to the sources they
    read; one read otherwise (a source just written, a form's instance) is counted here."""
    if not hasattr(source, "claims_total"):
        attach_track_records([source])
    return source
