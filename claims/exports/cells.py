"""The cells of the CSV exports: text no spreadsheet runs as a formula, plain numbers, ISO 8601
times, and quantities in words.

Each rule is written twice, once in Python and once as an SQL expression, so that PostgreSQL can
write a million rows without a Python object per cell: tests/domain/test_exports.py proves the two
write the same cells. Text cells are always quoted (RFC 4180 allows it, and no search for
characters needing quotes is made); numbers, dates, ids and choices never need quotes.
"""

from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache

from django.db.models import Func, TextField

from claims.wording import Numbers, describe_quantity

# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


# Python ----------------------------------------------------------------------------------------


def neutralised(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a `'` before it."""
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def text_cell(text: str | None) -> str:
    """A text cell as the exports write it: neutralised and quoted; None empty and unquoted."""
    if text is None:
        return ""
    return '"' + neutralised(text).replace('"', '""') + '"'


def time_cell(moment: datetime | None) -> str:
    """A time in ISO 8601, in UTC: "2024-11-14T10:00:00Z", "2024-11-14T10:00:00.5Z" (the
    fraction of a second without trailing zeros, as PostgreSQL writes it); empty for None."""
    if moment is None:
        return ""
    text = moment.astimezone(UTC).replace(tzinfo=None).isoformat()
    if "." in text:
        text = text.rstrip("0")
    return text + "Z"


def plain_number(number: Decimal) -> str:
    """A number as a plain decimal: "25", "2.5", "-33.8688" (no exponent, no trailing zeros)."""
    return format(number.normalize(), "f")


@lru_cache(maxsize=20_000)
def worded(key: str) -> str:
    """A quantity in words (`describe_quantity`) from its `quantity_key`; cached (bounded), since
    claims repeat the same few numbers."""
    value, upper, of_total, qualifier, outcome, item = key.split("|", 5)
    numbers = Numbers(
        Decimal(value),
        Decimal(upper) if upper else None,
        qualifier,
        Decimal(of_total) if of_total else None,
        item,
        outcome,
    )
    return describe_quantity(numbers)


def quantity_fields(key: str) -> list[str]:
    """A `quantity_key` as the quantities CSV's cells: value, upper, qualifier, of_total, item,
    outcome (the item, typed by an editor, as a text cell)."""
    value, upper, of_total, qualifier, outcome, item = key.split("|", 5)
    return [value, upper, qualifier, of_total, text_cell(item), outcome]


# SQL -------------------------------------------------------------------------------------------
# Written for the transaction `streaming.in_chunks` opens: DateStyle ISO, time zone UTC.


class TextCell(Func):
    """`text_cell` in SQL, of a column (named twice in the SQL)."""

    template = (
        # The first character's code: = + - @ tab carriage return (FORMULA_TRIGGERS).
        "coalesce(CASE WHEN ascii(%(expressions)s) IN (61, 43, 45, 64, 9, 13) "
        "THEN '\"''' ELSE '\"' END || replace(%(expressions)s, '\"', '\"\"') || '\"', '')"
    )
    output_field = TextField()


class ValueCell(Func):
    """An id, a choice or a date as PostgreSQL writes it (2024-11-14); empty for NULL."""

    template = "coalesce(%(expressions)s::text, '')"
    output_field = TextField()


class NumberCell(Func):
    """`plain_number` in SQL: trim_scale drops the trailing zeros (PostgreSQL 13+)."""

    template = "coalesce(trim_scale(%(expressions)s)::text, '')"
    output_field = TextField()


class TimeCell(Func):
    """`time_cell` in SQL: PostgreSQL's ISO output ("2024-11-14 10:00:00.5+00" in UTC) with the
    T and the Z of ISO 8601, "2024-11-14T10:00:00.5Z"; empty for NULL."""

    template = "coalesce(replace(replace(%(expressions)s::text, ' ', 'T'), '+00', 'Z'), '')"
    output_field = TextField()


class Joined(Func):
    """Texts joined with `separator`, after `before` and before `after`."""

    output_field = TextField()

    def __init__(self, *texts, separator: str, before: str = "", after: str = ""):
        super().__init__(*texts, output_field=TextField())
        self.separator, self.before, self.after = separator, before, after

    def as_sql(self, compiler, connection, **extra):
        pieces, params = [], [self.before]
        for text in self.get_source_expressions():
            sql, text_params = compiler.compile(text)
            pieces.append(sql)
            params += [*text_params, self.separator]
        params[-1] = self.after
        return "(%s || " + " || %s || ".join(pieces) + " || %s)", params


def csv_piece(*cells, before: str = "", after: str = "") -> Joined:
    """Cells joined into a piece of a CSV line."""
    return Joined(*cells, separator=",", before=before, after=after)


def quantity_key() -> Joined:
    """A quantity as one text, the key `worded` reads (and caches): value|upper|of_total|
    qualifier|outcome|item, numbers as plain decimals, the item last (it may hold a "|")."""
    return Joined(
        NumberCell("value"),
        NumberCell("upper"),
        NumberCell("of_total"),
        "qualifier",
        "outcome",
        "item",
        separator="|",
    )
