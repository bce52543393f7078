"""Keyset pagination for every list in the API.

A page's `next` and `previous` links carry the position of its last or first row (the ordering
value and the id), so the following page is an index range scan wherever it starts: as fast at row
900,000 as at row 0. Rows whose ordering value is NULL come last in both directions; the index
(`field`, `id`) keeps them apart from the others, so a page that crosses from dated to undated
rows reads the second range only once the first has run out. `count` comes from
`page_count`: exact up to 10,000 matching rows, PostgreSQL's estimate beyond (flagged with
`count_is_estimate`), and not counted at all where the planner expects more than 20,000.
"""

import base64
import binascii
import json
from collections import OrderedDict
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.functions import Cast
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from claims import counting, search

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Query parameters that change a list's page, not the rows it counts.
NOT_COUNTED = frozenset({"cursor", "page_size", "ordering", "format"})
# Bigger than any id PostgreSQL's bigint can hold: such a cursor was not made here.
MAX_ID = 2**63 - 1


MAX_CURSOR_LENGTH = 1000
MAX_RANK = 1e6


class RealField(models.FloatField):
    """PostgreSQL's single-precision float, the type `ts_rank` returns.

    A rank read back into Python is compared with the stored one after a cast to `real`, so ties
    compare equal again and no row of a tie is skipped or repeated.
    """

    def db_type(self, connection):
        return "real"


@dataclass(frozen=True)
class Ordering:
    """The order of a list: one field, ascending or descending, then the id the same way."""

    field: str
    descending: bool = False
    nullable: bool = False
    name: str = ""  # as a client asks for it: "-occurred_on"

    @classmethod
    def parse(cls, name: str, nullable_fields=()) -> "Ordering":
        field = name.removeprefix("-")
        return cls(field, name.startswith("-"), field in nullable_fields, name)


class KeysetPagination(BasePagination):
    """`?page_size=` (1 to 500) and an opaque `?cursor=` taken from the `next`/`previous` links.

    The view says how its list is ordered with `get_list_ordering(queryset)`, which returns an
    `Ordering`; every list ends its order with the id, so positions are unique.
    """

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    display_page_controls = False

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.ordering = self.get_ordering(view, queryset)
        cursor = self.decode_cursor(request, queryset)
        self.count, self.count_is_estimate = self.count_rows(queryset)

        position, backward = (cursor["position"], cursor["backward"]) if cursor else (None, False)
        rows = list(self.rows_after(queryset, position, backward, self.page_size + 1))
        has_more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backward:
            rows.reverse()
        self.rows = rows

        # Going forward from a cursor there were rows before it, and going back there are rows
        # after: DRF's CursorPagination reasons the same way, without a query for it.
        self.has_next = has_more if not backward else bool(rows)
        self.has_previous = has_more if backward else (position is not None and bool(rows))
        return rows

    def get_ordering(self, view, queryset) -> "Ordering | None":
        return view.get_list_ordering(queryset)

    def count_rows(self, queryset) -> tuple[int, bool]:
        """(count, is_estimate)."""
        return counting.page_count(queryset, limit=counting.EXACT_LIMIT, key=self.rows_named())

    def rows_named(self) -> tuple:
        """What names the rows a list counts: its address, its filters and its reader (not the
        page, its size, order or format)."""
        request = self.request
        filters = sorted(
            (name, tuple(values))
            for name, values in request.query_params.lists()
            if name not in NOT_COUNTED
        )
        return (request.path, tuple(filters), request.user.pk)

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:  # left empty, as an empty filter: the default
            return DEFAULT_PAGE_SIZE
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"A whole number from 1 to {MAX_PAGE_SIZE} is required."
                    ]
                }
            )
        return int(raw)

    # Reading rows -------------------------------------------------------------------------------

    def rows_after(self, queryset, position, backward: bool, limit: int):
        """Up to `limit` rows after `position` (None: from the start), or before it if `backward`,
        nearest first."""
        ordering = self.ordering
        descending = ordering.descending != backward
        after = TupleLessThan if descending else TupleGreaterThan
        field = ordering.field
        valued = queryset.filter(**{f"{field}__isnull": False}) if ordering.nullable else queryset
        valued_order = [self._order(field, descending), self._order("id", descending)]
        undated = queryset.filter(**{f"{field}__isnull": True})
        undated_order = [self._order("id", descending)]

        if position is not None:
            value, pk = position
            if value is not None:
                valued = valued.filter(after(Tuple(F(field), F("id")), (self._key(value), pk)))
            else:
                undated = undated.filter(**{"id__lt" if descending else "id__gt": pk})

        # Rows with a value come first, then the undated ones; walking backward, the other way.
        if not ordering.nullable:
            parts = [(valued, valued_order)]
        elif position is None:
            parts = [(valued, valued_order), (undated, undated_order)]
        elif position[0] is not None:
            parts = (
                [(valued, valued_order)]
                if backward
                else [(valued, valued_order), (undated, undated_order)]
            )
        else:
            parts = (
                [(undated, undated_order), (valued, valued_order)]
                if backward
                else [(undated, undated_order)]
            )

        # The ranges one after the other, each read in index order and cut at what the page
        # still needs: the second only when the first runs out, which is rare (a UNION ALL of
        # the two reads both, and the undated range of a filtered list can cost more than the
        # whole page).
        rows = []
        for part, order in parts:
            rows.extend(part.order_by(*order)[: limit - len(rows)])
            if len(rows) >= limit:
                break
        return rows

    @staticmethod
    def _order(field: str, descending: bool):
        return F(field).desc() if descending else F(field).asc()

    def _key(self, value):
        if self.ordering.field == "rank":
            return Cast(Value(value), output_field=RealField())
        return value

    # Cursors ------------------------------------------------------------------------------------

    def encode_cursor(self, row, backward: bool) -> str:
        # A row is a model instance, or a dict of `.values()` (claims.api.representations).
        if isinstance(row, dict):
            value, pk = row[self.ordering.field], row["id"]
        else:
            value, pk = getattr(row, self.ordering.field), row.pk
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        return self.pack_cursor({"o": self.ordering.name, "v": value, "i": pk}, backward)

    @staticmethod
    def pack_cursor(payload: dict, backward: bool) -> str:
        """A position as the opaque `cursor` of a link: base64 of compact JSON."""
        if backward:
            payload = {**payload, "b": 1}
        raw = json.dumps(payload, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def unpack_cursor(self, request) -> dict | None:
        """The request's cursor as the JSON object it packs (None without one); a 400 for
        anything that is not such an object (check its fields with `invalid_cursor()`)."""
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:  # left empty, as an empty filter: the first page
            return None
        # The links' cursors are a few dozen characters of flat JSON: anything much longer, or
        # nested (RecursionError in the JSON parser), was never one.
        if len(encoded) > MAX_CURSOR_LENGTH:
            raise self.invalid_cursor()
        try:
            payload = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
        except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
            raise self.invalid_cursor() from None
        if not isinstance(payload, dict):
            raise self.invalid_cursor()
        return payload

    invalid_cursor_message = (
        "Invalid cursor: use the `next` and `previous` links as they are given, "
        "with the same filters and ordering."
    )

    def invalid_cursor(self) -> ValidationError:
        return ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})

    def decode_cursor(self, request, queryset):
        payload = self.unpack_cursor(request)
        if payload is None:
            return None
        invalid = self.invalid_cursor()
        if payload.get("o") != self.ordering.name:
            raise invalid
        pk = payload.get("i")
        if type(pk) is not int or not 0 < pk <= MAX_ID:
            raise invalid
        value = payload.get("v")
        if value is None:
            if not self.ordering.nullable:
                raise invalid
        else:
            try:
                value = self._parse_value(queryset, value)
            except (DjangoValidationError, TypeError, ValueError, OverflowError):
                raise invalid from None
        return {"position": (value, pk), "backward": payload.get("b") == 1}

    def _parse_value(self, queryset, value):
        field = self.ordering.field
        try:
            model_field = queryset.model._meta.get_field(field)
        except FieldDoesNotExist:  # an annotation: the search rank
            # ts_rank gives small non-negative reals; PostgreSQL's real refuses the rest.
            if type(value) not in (int, float) or not 0 <= value <= MAX_RANK:
                raise TypeError("A rank is a small non-negative number.") from None
            return float(value)
        if not isinstance(value, str):
            raise TypeError("Dates and names are written as strings.")
        parsed = model_field.to_python(value)
        if parsed is None or "\x00" in value:
            raise ValueError("Not a value of this field.")
        return parsed

    # Responses ----------------------------------------------------------------------------------

    def get_next_link(self):
        if not self.has_next:
            return None
        return self._link(self.rows[-1], backward=False)

    def get_previous_link(self):
        if not self.has_previous:
            return None
        return self._link(self.rows[0], backward=True)

    def _link(self, row, backward: bool) -> str:
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.encode_cursor(row, backward))

    def get_paginated_response(self, data):
        body = OrderedDict(count=self.count)
        if self.count_is_estimate:
            body["count_is_estimate"] = True
        body.update(self.page_facts())
        body["next"] = self.get_next_link()
        body["previous"] = self.get_previous_link()
        body["results"] = data
        return Response(body)

    def page_facts(self) -> dict:
        """What a list says of its page besides the count and the links."""
        return {}

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "example": 123,
                    "description": (
                        f"Matching rows: exact up to {counting.EXACT_LIMIT:,}, PostgreSQL's "
                        "estimate beyond (then `count_is_estimate` is true)."
                    ),
                },
                "count_is_estimate": {
                    "type": "boolean",
                    "description": "Present, and true, only when `count` is an estimate.",
                },
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last one.",
                },
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The previous page, or null on the first one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Position in the list. Opaque: take it from a response's `next` or "
                    "`previous` link, which keep the other parameters."
                ),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page (default {DEFAULT_PAGE_SIZE}).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE,
                },
            },
        ]


class ClaimPagination(KeysetPagination):
    """The claims list's pages, which say in what order a search came (`search_order`).

    A search without `ordering` comes best match first when it matches few claims, newest first
    when it matches many (claims.search): its first page counts the matches (the page's own
    count, not a second one) and chooses; the `next` and `previous` links keep that order, as
    their cursors carry it.
    """

    search_order: str | None = None
    counted: tuple[int, bool] | None = None

    def choose_search_order(self, request, claims) -> str:
        payload = self.unpack_cursor(request)
        if payload is not None:
            # A cursor of another order is refused by decode_cursor, as any other.
            self.search_order = search.RANK if payload.get("o") == "rank" else search.NEWEST
        else:
            self.request = request  # the count is kept by the request's filters
            self.counted = self.count_rows(claims)
            self.search_order = search.search_order(claims, self.counted)
        return self.search_order

    def count_rows(self, queryset) -> tuple[int, bool]:
        return self.counted if self.counted is not None else super().count_rows(queryset)

    def page_facts(self) -> dict:
        return {"search_order": self.search_order} if self.search_order else {}

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["properties"] = {
            "count": envelope["properties"]["count"],
            "count_is_estimate": envelope["properties"]["count_is_estimate"],
            "search_order": {
                "type": "string",
                "enum": [search.RANK, search.NEWEST],
                "description": (
                    "Present with `q` and no `ordering`: `rank` when the best matches come "
                    f"first (at most {search.RANKED_SEARCH_LIMIT:,} matches), `newest` when "
                    "the search matches more and comes newest first. The `next` and "
                    "`previous` links keep this order."
                ),
            },
            **envelope["properties"],
        }
        return envelope


class EventPagination(KeysetPagination):
    """Pages of audit events (django-pghistory's `Events`), newest first.

    The events of one transaction share their time, and event ids count per audit table, so a
    position is the time, the table and the id; within one time the claim's own events come
    first. A claim's history is read whole by the `Events` query in any case, so `count` is exact.
    """

    invalid_cursor_message = "Invalid cursor: use the `next` and `previous` links."

    def get_ordering(self, view, queryset) -> None:
        return None  # fixed: see rows_after

    def count_rows(self, queryset) -> tuple[int, bool]:
        return queryset.count(), False

    def rows_after(self, queryset, position, backward: bool, limit: int):
        if position is not None:
            queryset = queryset.filter(self._after(position, backward))
        order = ["pgh_created_at", "-pgh_model", "pgh_id"]
        if not backward:
            order = [name[1:] if name.startswith("-") else f"-{name}" for name in order]
        return queryset.order_by(*order)[:limit]

    @staticmethod
    def _after(position, backward: bool) -> Q:
        """The events after `position` in the list's order (before it, `backward`)."""
        at, table, pk = position
        earlier, later = ("gt", "lt") if backward else ("lt", "gt")
        return (
            Q(**{f"pgh_created_at__{earlier}": at})
            | Q(pgh_created_at=at, **{f"pgh_model__{later}": table})
            | Q(pgh_created_at=at, pgh_model=table, **{f"pgh_id__{earlier}": pk})
        )

    def encode_cursor(self, row, backward: bool) -> str:
        position = {"t": row.pgh_created_at.isoformat(), "m": row.pgh_model, "i": row.pgh_id}
        return self.pack_cursor(position, backward)

    def decode_cursor(self, request, queryset):
        payload = self.unpack_cursor(request)
        if payload is None:
            return None
        invalid = self.invalid_cursor()
        at, table, pk = payload.get("t"), payload.get("m"), payload.get("i")
        if not (isinstance(at, str) and isinstance(table, str) and type(pk) is int):
            raise invalid
        try:
            at = parse_datetime(at)
        except ValueError:
            raise invalid from None
        if at is None or not 0 < pk < 2**31 or not table.isascii() or not table.isprintable():
            raise invalid
        return {"position": (at, table, pk), "backward": payload.get("b") == 1}
