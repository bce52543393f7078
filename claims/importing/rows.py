"""One row of an import file as a draft claim: its cells parsed into values, and the sources,
documents and events it names, still to be found (or created) by `planning`.

CSV cells are the export's (claims/exports/cells.py): text un-neutralised (the export puts a
`'` before a leading formula character), numbers plain, times ISO 8601, quantities in words
("25 of 30 drones downed; 1 cruise missile launched"), read back by the extractor. NDJSON
values are the API's: `source` and `document` embedded objects (or ids), quantities as objects.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from claims.editing import QUANTITY_FIELDS, proposed_quantities
from claims.exports.cells import FORMULA_TRIGGERS
from claims.importing.reading import RawRow, RowError

# The claim's own fields, set as they are (after parsing).
TEXT_FIELDS = ("text", "status", "topic", "location", "quote")


@dataclass
class Draft:
    """A claim to import, before its references are resolved."""

    line: int
    values: dict[str, Any] = field(default_factory=dict)  # Claim fields: text, status, ...
    claim_id: int | None = None  # the `id` it carries: a claim of this desk, if one has it
    external_id: str = ""
    side: str | None = None  # a party's slug; None: the source's party
    source_id: int | None = None
    source_name: str = ""
    source_kind: str = ""
    source_reliability: str = ""
    event_id: int | None = None
    event_title: str = ""
    document_id: int | None = None
    document_url: str = ""
    document_outlet: str = ""
    quantities: list[dict[str, Any]] | None = None  # None: extract them from the text
    quantities_checked: bool = False  # read by the extractor, or validated by the API already
    errors: list[RowError] = field(default_factory=list)

    def error(self, name: str, reason: str) -> None:
        self.errors.append(RowError(self.line, name, reason))


def csv_draft(row: RawRow) -> Draft:
    draft = Draft(row.line)
    cells = {}
    for name, cell in row.cells.items():
        cells[name] = unneutralised(draft, name, cell.strip())
    for name in TEXT_FIELDS:
        if cells.get(name):
            draft.values[name] = cells[name]
    draft.values.setdefault("text", "")
    draft.claim_id = integer(draft, "id", cells.get("id", ""))
    draft.external_id = cells.get("external_id", "")
    draft.side = cells.get("side") or None
    draft.source_id = integer(draft, "source_id", cells.get("source_id", ""))
    draft.source_name = cells.get("source", "")
    draft.source_kind = cells.get("source_kind", "")
    draft.source_reliability = cells.get("source_reliability", "")
    draft.event_id = integer(draft, "event_id", cells.get("event_id", ""))
    draft.event_title = cells.get("event", "")
    draft.document_url = cells.get("document_url", "")
    draft.document_outlet = cells.get("document_outlet", "")
    draft.values["occurred_on"] = a_date(draft, "occurred_on", cells.get("occurred_on", ""))
    draft.values["claimed_at"] = a_time(draft, "claimed_at", cells.get("claimed_at", ""))
    for name in ("latitude", "longitude"):
        draft.values[name] = number(draft, name, cells.get(name, ""))
    if cells.get("quantities"):
        draft.quantities = worded_quantities(draft, cells["quantities"])
        draft.quantities_checked = True  # only storable quantities are proposed
    if not draft.source_name and draft.source_id is None:
        draft.error("source", "Each claim needs its source: a name (or the id of one here).")
    return draft


def unneutralised(draft: Draft, name: str, cell: str) -> str:
    """The cell's text: the export's `'` before a formula character taken off; a cell that a
    spreadsheet would run as a formula is an error (a number's minus sign is not)."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    if cell.startswith(FORMULA_TRIGGERS) and not is_number(cell):
        draft.error(
            name,
            f"It starts with {cell[0]!r}, which a spreadsheet runs as a formula. Take the "
            "formula out, or put a ' before it (as the desk's exports do).",
        )
        return ""
    return cell


def is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except InvalidOperation:
        return False
    return True


def integer(draft: Draft, name: str, cell) -> int | None:
    if cell in ("", None):
        return None
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell if cell > 0 else None
    if isinstance(cell, str) and cell.isdigit() and 0 < int(cell) < 2**63:
        return int(cell)
    draft.error(name, f"{str(cell)[:40]!r} is not an id (a whole number).")
    return None


def a_date(draft: Draft, name: str, cell) -> date | None:
    if cell in ("", None):
        return None
    try:
        return date.fromisoformat(str(cell))
    except ValueError:
        draft.error(name, f"{str(cell)[:40]!r} is not a date: write it as 2024-11-14.")
        return None


def a_time(draft: Draft, name: str, cell) -> datetime | None:
    if cell in ("", None):
        return None
    try:
        moment = parse_datetime(str(cell))
    except ValueError:
        moment = None
    if moment is None:
        draft.error(name, f"{str(cell)[:40]!r} is not a time: write it as 2024-11-14T10:00:00Z.")
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def number(draft: Draft, name: str, cell) -> Decimal | None:
    if cell in ("", None):
        return None
    if isinstance(cell, bool) or not isinstance(cell, str | int | float):
        draft.error(name, "It must be a number.")
        return None
    try:
        value = Decimal(str(cell))
    except InvalidOperation:
        draft.error(name, f"{str(cell)[:40]!r} is not a number.")
        return None
    if not value.is_finite():
        draft.error(name, "It must be a finite number.")
        return None
    return value


@lru_cache(maxsize=50_000)
def read_quantity(words: str) -> tuple[tuple[str, Any], ...] | None:
    """The one quantity `words` says ("25 of 30 drones downed"), or None."""
    found = proposed_quantities(words)
    return tuple(found[0].items()) if len(found) == 1 else None


def worded_quantities(draft: Draft, cell: str) -> list[dict[str, Any]]:
    """The quantities of the export's `quantities` column, "; "-separated, read by the
    extractor: each part must read as exactly one number."""
    quantities = []
    for part in (part.strip() for part in cell.split(";")):
        if not part:
            continue
        read = read_quantity(part)
        if read is None:
            draft.error(
                "quantities",
                f"{part[:60]!r} does not read as one number: write each as the export does "
                '("25 of 30 drones downed"), "; " between them, or leave the cell empty to '
                "take them from the text.",
            )
            continue
        quantities.append(dict(read))
    return quantities


def ndjson_draft(row: RawRow) -> Draft:
    """A draft from an API claim object."""
    cells = row.cells
    draft = Draft(row.line)
    for name in TEXT_FIELDS:
        value = cells.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            draft.error(name, "It must be a string.")
        elif value:
            draft.values[name] = value.strip() if name == "text" else value
    draft.values.setdefault("text", "")
    draft.claim_id = integer(draft, "id", cells.get("id"))
    external_id = cells.get("external_id") or ""
    if not isinstance(external_id, str | int) or isinstance(external_id, bool):
        draft.error("external_id", "It must be a string.")
    else:
        draft.external_id = str(external_id)
    side = cells.get("side")
    if side is not None and not isinstance(side, str):
        draft.error("side", "It must be a party's slug, or null.")
    else:
        draft.side = side or None
    reference(draft, "source", cells.get("source"), name_key="name")
    reference(draft, "event", cells.get("event"), name_key="title")
    reference(draft, "document", cells.get("document"), name_key="url")
    if draft.source_id is None and not draft.source_name:
        draft.error("source", "Each claim needs its source: an object with its name, or an id.")
    draft.values["occurred_on"] = a_date(draft, "occurred_on", cells.get("occurred_on"))
    draft.values["claimed_at"] = a_time(draft, "claimed_at", cells.get("claimed_at"))
    for name in ("latitude", "longitude"):
        draft.values[name] = number(draft, name, cells.get(name))
    if "quantities" in cells:
        draft.quantities = object_quantities(draft, cells["quantities"])
    return draft


def reference(draft: Draft, name: str, value, *, name_key: str) -> None:
    """A source, event or document as the API embeds it (an object), or its id, or its name
    (a URL for a document)."""
    if value is None:
        return
    if isinstance(value, dict):
        identifier, label = value.get("id"), value.get(name_key) or ""
        if name == "source":
            draft.source_kind = str(value.get("kind") or "")
            draft.source_reliability = str(value.get("reliability") or "")
        if name == "document":
            outlet = value.get("outlet")
            draft.document_outlet = str(outlet.get("name", "") if isinstance(outlet, dict) else "")
    elif isinstance(value, str):
        identifier, label = None, value
    else:
        identifier, label = value, ""
    if not isinstance(label, str):
        draft.error(name, f"Its {name_key} must be a string.")
        label = ""
    setattr(draft, f"{name}_id", integer(draft, name, identifier))
    setattr(
        draft,
        {"source": "source_name", "event": "event_title"}.get(name, "document_url"),
        label.strip(),
    )


def object_quantities(draft: Draft, value) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        draft.error("quantities", "It must be a list of quantities.")
        return []
    quantities = []
    for index, quantity in enumerate(value):
        if not isinstance(quantity, dict) or "value" not in quantity:
            draft.error(f"quantities[{index}]", "Each quantity is an object with its value.")
            continue
        fields = {
            name: quantity[name] for name in QUANTITY_FIELDS if quantity.get(name) is not None
        }
        for name in ("value", "upper", "of_total"):
            if name in fields:
                fields[name] = number(draft, f"quantities[{index}].{name}", fields[name])
        quantities.append(fields)
    return quantities
