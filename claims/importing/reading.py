"""Reading an import file: bytes in, rows of cells out, or an error saying what is wrong with
the file as a whole (not text, not UTF-8, no header, unknown columns).

CSV takes the columns of the claims CSV export (claims/exports/tables.py), so an export imports
back, plus `external_id`; NDJSON takes one API claim object a line.
"""

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from claims.exports.tables import CLAIM_COLUMNS

# Columns an import file may have: the export's, and the id a claim has in another system.
CSV_COLUMNS = (*CLAIM_COLUMNS, "external_id")
REQUIRED_COLUMNS = ("text", "source")
# The claim's own fields an import sets (the rest are the desk's: stamps, version, search).
CLAIM_FIELDS = (
    "text",
    "status",
    "topic",
    "occurred_on",
    "claimed_at",
    "location",
    "latitude",
    "longitude",
    "quote",
)
# The keys of an API claim object an import reads or may ignore (the API's own bookkeeping).
NDJSON_KEYS = (
    "id",
    *CLAIM_FIELDS,
    "source",
    "side",
    "event",
    "document",
    "quantities",
    "external_id",
)
NDJSON_IGNORED = (
    "url",
    "version",
    "quantities_extracted",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
)


class ImportFileError(ValueError):
    """The file cannot be imported at all; the message says why, in the editor's words."""


@dataclass(frozen=True)
class RowError:
    """What is wrong with one row: its line in the file (its index in a bulk request), the field
    (empty for the row as a whole) and why."""

    line: int
    field: str
    reason: str

    def __str__(self):
        where = f"line {self.line}" + (f", {self.field}" if self.field else "")
        return f"{where}: {self.reason}"


@dataclass
class RawRow:
    """A row as the file holds it: its first line and its cells by column (strings for CSV,
    JSON values for NDJSON)."""

    line: int
    cells: dict[str, Any]


def file_format(name: str, text: str) -> str:
    """ "ndjson" for a .ndjson/.jsonl file or one whose first character opens a JSON object,
    else "csv"."""
    if name.lower().endswith((".ndjson", ".jsonl")) or text.lstrip().startswith("{"):
        return "ndjson"
    return "csv"


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without a byte order mark."""
    if b"\x00" in data:
        raise ImportFileError(
            "This is not a text file (it holds NUL bytes): import a CSV or NDJSON file."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"The file is not UTF-8 text (byte 0x{data[error.start]:02X} on line {line}). Save "
            'it as UTF-8 ("CSV UTF-8" in Excel, "Unicode (UTF-8)" in LibreOffice) and import '
            "it again."
        ) from None


def read_rows(data: bytes, name: str) -> tuple[str, list[RawRow], list[RowError]]:
    """The file's format ("csv" or "ndjson"), its rows, and the rows that cannot be read."""
    text = decode(data)
    if not text.strip():
        raise ImportFileError("The file is empty.")
    kind = file_format(name, text)
    rows, errors = (read_ndjson if kind == "ndjson" else read_csv)(text)
    if not rows and not errors:
        raise ImportFileError("The file holds no claims: only a header.")
    return kind, rows, errors


def read_csv(text: str) -> tuple[list[RawRow], list[RowError]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip().lower() for column in next(reader)]
        columns = check_header(header)
        rows, errors, line = [], [], reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) != len(columns):
                    errors.append(
                        RowError(
                            line, "", f"It has {len(cells)} cells; the header names {len(columns)}."
                        )
                    )
                else:
                    rows.append(RawRow(line, dict(zip(columns, cells, strict=True))))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num}: this is not valid CSV ({error}).") from None
    return rows, errors


def check_header(header: list[str]) -> list[str]:
    """The columns the header names, or ImportFileError for a missing header, unknown or
    repeated columns."""
    known = ", ".join(CSV_COLUMNS)
    if not set(REQUIRED_COLUMNS) & set(header) or not set(header) <= set(CSV_COLUMNS):
        unknown = [column for column in header if column not in CSV_COLUMNS]
        if len(unknown) == len(header):
            raise ImportFileError(
                "The first line must name the columns, as the claims CSV export does "
                f"(text, source, ...); it reads {shorten(', '.join(header))}. Columns: {known}."
            )
        raise ImportFileError(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. The columns "
            f"an import reads: {known}."
        )
    if missing := [column for column in REQUIRED_COLUMNS if column not in header]:
        raise ImportFileError(f"Missing column: {', '.join(missing)}. Each claim needs it.")
    if repeated := sorted({column for column in header if header.count(column) > 1}):
        raise ImportFileError(f"Repeated column: {', '.join(repeated)}.")
    return header


def read_ndjson(text: str) -> tuple[list[RawRow], list[RowError]]:
    rows, errors = [], []
    for line, content in enumerate(text.splitlines(), start=1):
        if not content.strip():
            continue
        try:
            value = json.loads(content)
        except json.JSONDecodeError as error:
            errors.append(RowError(line, "", f"This is not valid JSON ({error.msg})."))
            continue
        if not isinstance(value, dict):
            errors.append(RowError(line, "", "Each line must be one claim, a JSON object."))
            continue
        if unknown := [key for key in value if key not in (*NDJSON_KEYS, *NDJSON_IGNORED)]:
            errors.append(
                RowError(
                    line,
                    "",
                    f"Unknown field{'s' if len(unknown) > 1 else ''}: "
                    f"{', '.join(map(str, unknown))}.",
                )
            )
            continue
        rows.append(RawRow(line, value))
    return rows, errors


def shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
