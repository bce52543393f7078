"""Claims out: the CSV, NDJSON and ClaimReview exports, streamed from a server-side cursor in
bounded chunks, never the whole result in memory.

The API's export views and the admin's "Export these claims" both stream through here:
`streaming` (order, chunks, the download), `cells` (the CSV's cells, in Python and in SQL),
`tables` (the two CSVs), `json_formats` (NDJSON and ClaimReview).
"""

from claims.exports.cells import (
    FORMULA_TRIGGERS,
    neutralised,
    plain_number,
    text_cell,
    worded,
)
from claims.exports.json_formats import (
    RATINGS,
    REVIEWED_STATUSES,
    VERDICTS,
    claim_review,
    claimreview_json,
    ndjson,
)
from claims.exports.streaming import CHUNK_SIZE, attachment, in_chunks, in_order
from claims.exports.tables import (
    CLAIM_COLUMNS,
    DESK_ONLY_COLUMNS,
    QUANTITY_COLUMNS,
    claim_columns,
    claim_csv,
    quantity_csv,
)

__all__ = [
    "CHUNK_SIZE",
    "CLAIM_COLUMNS",
    "DESK_ONLY_COLUMNS",
    "FORMULA_TRIGGERS",
    "QUANTITY_COLUMNS",
    "RATINGS",
    "REVIEWED_STATUSES",
    "VERDICTS",
    "attachment",
    "claim_columns",
    "claim_csv",
    "claim_review",
    "claimreview_json",
    "in_chunks",
    "in_order",
    "ndjson",
    "neutralised",
    "plain_number",
    "quantity_csv",
    "text_cell",
    "worded",
]
