"""How an export streams: the claims in the list's order, read in chunks from a server-side
cursor that closes when the client goes, and sent as a download while it is written."""

from collections.abc import Iterable, Iterator
from contextlib import closing
from itertools import islice

from django.db import connections, transaction
from django.db.models import F, Lookup, QuerySet
from django.http import StreamingHttpResponse

# Rows read from the cursor at a time, and written out as one piece of the response.
CHUNK_SIZE = 2000


def in_order(claims: QuerySet, field: str, descending: bool, nullable: bool) -> list[QuerySet]:
    """The claims sorted by `field` then id, the claims without a value last either way, as the
    parts to read one after the other: each part is read along its index, never sorted whole."""
    order = [F(name).desc() if descending else F(name).asc() for name in (field, "id")]
    if not nullable:
        return [claims.order_by(*order)]
    return [
        claims.filter(**{f"{field}__isnull": False}).order_by(*order),
        claims.filter(**{f"{field}__isnull": True}).order_by(order[1]),
    ]


def in_chunks(parts: list[QuerySet], chunk_size: int | None = None) -> Iterator[list]:
    """The rows of each part, `chunk_size` at a time, from a server-side cursor.

    Read in a transaction, so the cursor streams (outside one, PostgreSQL would compute a held
    cursor's whole result before the first row), in the date style and time zone the cells'
    SQL is written for, without JIT. Closing this generator (a client gone: the WSGI server
    closes the response) closes the cursor and ends the transaction.
    """
    chunk_size = chunk_size or CHUNK_SIZE
    database = parts[0].db
    with transaction.atomic(using=database):
        with connections[database].cursor() as cursor:
            # No JIT: compiling the cells' expressions would delay the first row by a second,
            # for rows that are cheap to compute anyway.
            cursor.execute(
                "SET LOCAL datestyle = 'ISO'; SET LOCAL timezone = 'UTC'; SET LOCAL jit = off"
            )
        for part in parts:
            with closing(part.iterator(chunk_size=chunk_size)) as rows:
                while chunk := list(islice(rows, chunk_size)):
                    yield chunk


def values_of(parts: Iterable[QuerySet], *columns) -> list[QuerySet]:
    # Plain tuples, the related names joined in: no model instance, no query per row.
    return [part.prefetch_related(None).values_list(*columns) for part in parts]


class Among(Lookup):
    """`field = ANY(%s::bigint[])`: a chunk's ids as one parameter, written as an array literal,
    where IN would bind 2,000 (a third of the time of a chunk's quantities)."""

    lookup_name = "among"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        ids = "{" + ",".join(str(int(pk)) for pk in self.rhs) + "}"
        return f"{lhs} = ANY(%s::bigint[])", (*params, ids)


def attachment(content: Iterator[bytes], content_type: str, filename: str):
    """A streamed download: `content` is read as the client takes it, and closed with it."""
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A proxy (nginx) passes the pieces on as they come instead of buffering the whole file.
    response["X-Accel-Buffering"] = "no"
    return response
