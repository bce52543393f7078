"""The CSV exports: claims (one row per claim) and quantities (one row per quantity).

The columns are a contract (a bulk importer reads them back): add new ones at the end, never
rename. PostgreSQL writes each line but the worded quantities, in two pieces around them (see
`cells`); Python adds the words, from one query per chunk.
"""

from collections.abc import Iterable, Iterator
from contextlib import closing

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet

from claims.exports.cells import (
    NumberCell,
    TextCell,
    TimeCell,
    ValueCell,
    csv_piece,
    quantity_fields,
    quantity_key,
    text_cell,
    worded,
)
from claims.exports.streaming import Among, in_chunks, values_of
from claims.models import Quantity

USERNAME = get_user_model().USERNAME_FIELD
# Each column of the claims CSV and how its cell is written (`quantities`: in Python).
CLAIM_CELLS = {
    "id": ValueCell("id"),
    "text": TextCell("text"),
    "source_id": ValueCell("source_id"),
    "source": TextCell("source__name"),
    "source_kind": ValueCell("source__kind"),
    "source_reliability": ValueCell("source__reliability"),
    "side": TextCell("side__slug"),
    "status": ValueCell("status"),
    "topic": ValueCell("topic"),
    "occurred_on": ValueCell("occurred_on"),
    "claimed_at": TimeCell("claimed_at"),
    "location": TextCell("location"),
    "latitude": NumberCell("latitude"),
    "longitude": NumberCell("longitude"),
    "event_id": ValueCell("event_id"),
    "event": TextCell("event__title"),
    "document_url": TextCell("document__url"),
    "document_outlet": TextCell("document__outlet__name"),
    "quote": TextCell("quote"),
    "quantities": None,  # the claim's quantities in words, "; "-separated
    "created_at": TimeCell("created_at"),
    "created_by": TextCell(f"created_by__{USERNAME}"),
    "updated_at": TimeCell("updated_at"),
    "updated_by": TextCell(f"updated_by__{USERNAME}"),
}
CLAIM_COLUMNS = list(CLAIM_CELLS)
# Who recorded and changed a claim: for signed-in readers only, as in the API.
DESK_ONLY_COLUMNS = ("created_by", "updated_by")

# The quantities CSV: each quantity with the claim it belongs to.
QUANTITY_CLAIM_CELLS = {
    "claim_id": ValueCell("id"),
    "side": TextCell("side__slug"),
    "source_id": ValueCell("source_id"),
    "source": TextCell("source__name"),
    "status": ValueCell("status"),
    "occurred_on": ValueCell("occurred_on"),
}
QUANTITY_COLUMNS = [
    *QUANTITY_CLAIM_CELLS,
    "quantity_id",
    "value",
    "upper",
    "qualifier",
    "of_total",
    "item",
    "outcome",
    "summary",
]
BYTE_ORDER_MARK = "\ufeff"
LINE_END = "\r\n"  # RFC 4180, as Python's csv module writes


def claim_columns(desk: bool = True) -> list[str]:
    """The claims CSV's columns; without `desk`, not who recorded and changed the claims."""
    return [name for name in CLAIM_COLUMNS if desk or name not in DESK_ONLY_COLUMNS]


def header(columns: list[str], bom: bool) -> bytes:
    """The header line (the names need no quotes), after a byte order mark with `bom`: Excel
    then reads the file as UTF-8."""
    return ((BYTE_ORDER_MARK if bom else "") + ",".join(columns) + LINE_END).encode()


def quantities_of(claim_ids: list[int], **conditions) -> dict[int, list[tuple[int, str]]]:
    """The quantities of these claims (those matching `conditions`), by claim, as (id,
    `quantity_key`), in one query."""
    by_claim: dict[int, list[tuple[int, str]]] = {}
    rows = (
        Quantity.objects.filter(Among(F("claim_id"), claim_ids), **conditions)
        .order_by("claim_id", "id")
        .values_list("claim_id", "id", quantity_key())
    )
    for claim_id, quantity_id, key in rows:
        by_claim.setdefault(claim_id, []).append((quantity_id, key))
    return by_claim


def claim_csv(
    parts: list[QuerySet],
    *,
    desk: bool = True,
    bom: bool = False,
    chunk_size: int | None = None,
) -> Iterator[bytes]:
    """The claims CSV (`claim_columns`), one row per claim, in the parts' order, a piece per
    chunk: one query for the claims (per part), and one per chunk for their quantities."""
    columns = claim_columns(desk)
    at = columns.index("quantities")
    before = csv_piece(*(CLAIM_CELLS[name] for name in columns[:at]), after=",")
    after = csv_piece(
        *(CLAIM_CELLS[name] for name in columns[at + 1 :]), before=",", after=LINE_END
    )
    yield header(columns, bom)
    with closing(in_chunks(values_of(parts, "id", before, after), chunk_size)) as chunks:
        yield from claim_lines(chunks)


def claim_lines(chunks: Iterable[list[tuple[int, str, str]]]) -> Iterator[bytes]:
    # The hot loop of a million-claim export: one dictionary lookup and a join per claim.
    for chunk in chunks:
        quantities = quantities_of([claim_id for claim_id, _, _ in chunk])
        lines = []
        for claim_id, before, after in chunk:
            words = "; ".join(worded(key) for _, key in quantities.get(claim_id, ()))
            lines.append(before + text_cell(words) + after)
        yield "".join(lines).encode()


def quantity_csv(
    parts: list[QuerySet], *, bom: bool = False, chunk_size: int | None = None, **conditions
) -> Iterator[bytes]:
    """The quantities CSV (QUANTITY_COLUMNS): each quantity of the claims, in their order, with
    its claim's side, source, status and date; `conditions` (item, outcome) narrow the rows."""
    claim = csv_piece(*QUANTITY_CLAIM_CELLS.values(), after=",")
    yield header(QUANTITY_COLUMNS, bom)
    with closing(in_chunks(values_of(parts, "id", claim), chunk_size)) as chunks:
        for chunk in chunks:
            quantities = quantities_of([claim_id for claim_id, _ in chunk], **conditions)
            lines = []
            for claim_id, claim_cells in chunk:
                for quantity_id, key in quantities.get(claim_id, ()):
                    cells = [str(quantity_id), *quantity_fields(key), text_cell(worded(key))]
                    lines.append(claim_cells + ",".join(cells) + LINE_END)
            yield "".join(lines).encode()
