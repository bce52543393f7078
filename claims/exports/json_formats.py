"""The JSON exports: NDJSON (the API's claims, one per line) and ClaimReview JSON-LD (the desk's
verdicts as schema.org markup, the one fact-check search engines read)."""

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from datetime import datetime

from django.db.models import F, QuerySet
from django.utils.timezone import localdate

from claims.exports.streaming import Among, in_chunks, values_of
from claims.models import Claim, Review, SourceKind, Status

# ClaimReview (schema.org): the verdicts a fact-check publishes, rated 1 (false) to 5 (true).
RATINGS = {
    Status.CONFIRMED: 5,
    Status.CORROBORATED: 4,
    Status.DISPUTED: 3,
    Status.REFUTED: 1,
    Status.RETRACTED: None,  # withdrawn by its source: no rating on the true-false scale
}
VERDICTS = {
    Status.CONFIRMED: "Confirmed by evidence",
    Status.CORROBORATED: "Corroborated by an independent source",
    Status.DISPUTED: "Disputed by a credible source",
    Status.REFUTED: "Refuted: shown to be false",
    Status.RETRACTED: "Retracted by its source",
}
REVIEWED_STATUSES = list(RATINGS)
LINES_PER_PIECE = 100
PERSON_KINDS = {SourceKind.EXPERT}
CLAIMREVIEW_FIELDS = {
    "id": "id",
    "text": "text",
    "status": "status",
    "claimed_at": "claimed_at",
    "updated_at": "updated_at",
    "source_name": "source__name",
    "source_kind": "source__kind",
    "source_url": "source__url",
    "document_url": "document__url",
    "archived_url": "document__archived_url",
}


def latest_reviews(claim_ids: list[int]) -> dict[int, tuple[datetime, str]]:
    """The latest review of each of these claims, as (time, rationale), in one query."""
    rows = (
        Review.objects.filter(Among(F("claim_id"), claim_ids))
        .order_by("claim_id", "-created_at", "-id")
        .distinct("claim_id")
        .values_list("claim_id", "created_at", "rationale")
    )
    return {claim_id: (created_at, rationale) for claim_id, created_at, rationale in rows}


def ndjson(
    parts: Iterable[QuerySet], render: Callable[[Claim], bytes], chunk_size: int | None = None
) -> Iterator[bytes]:
    """One line per claim, each `render(claim)` (the API's JSON of it).

    The parts' prefetches are made per chunk (Django's iterator does), so a chunk costs one
    query per prefetched relation. Rendering a claim takes long enough (the serializer) that a
    chunk is sent in pieces of LINES_PER_PIECE, so the first lines leave at once.
    """
    with closing(in_chunks(parts, chunk_size)) as chunks:
        for chunk in chunks:
            for start in range(0, len(chunk), LINES_PER_PIECE):
                piece = chunk[start : start + LINES_PER_PIECE]
                yield b"".join(render(claim) + b"\n" for claim in piece)


def claimreview_json(
    parts: Iterable[QuerySet],
    *,
    url_pattern: str,
    author: dict,
    chunk_size: int | None = None,
) -> Iterator[bytes]:
    """A JSON array of ClaimReview objects (`claim_review`), one per reviewed claim of the parts
    (never an unverified one), streamed a chunk at a time."""
    reviewed = [part.filter(status__in=REVIEWED_STATUSES) for part in parts]
    lookups = list(CLAIMREVIEW_FIELDS.values())
    names = list(CLAIMREVIEW_FIELDS)
    separator = b"["
    with closing(in_chunks(values_of(reviewed, *lookups), chunk_size)) as chunks:
        for chunk in chunks:
            reviews = latest_reviews([claim[0] for claim in chunk])
            objects = []
            for values in chunk:
                claim = dict(zip(names, values, strict=True))
                review = reviews.get(claim["id"])
                objects.append(claim_review(claim, review, url_pattern, author))
            yield separator + b",\n".join(map(compact_json, objects))
            separator = b",\n"
    yield b"[]\n" if separator == b"[" else b"]\n"


def compact_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def claim_review(
    claim: dict, review: tuple[datetime, str] | None, url_pattern: str, author: dict
) -> dict:
    """A claim's verdict as a schema.org ClaimReview (the markup fact-check search engines read).

    `claim` holds the CLAIMREVIEW_FIELDS; `review` is its latest review (time, rationale), if it
    has one (a claim given its status without one dates from its last change instead).
    """
    status = claim["status"]
    reviewed_at, rationale = review if review else (claim["updated_at"], "")
    rating = {"@type": "Rating"}
    if RATINGS[status] is not None:
        rating["ratingValue"] = RATINGS[status]
    rating |= {"bestRating": 5, "worstRating": 1, "alternateName": VERDICTS[status]}
    if rationale:
        rating["ratingExplanation"] = rationale
    claimant = {
        "@type": "Person" if claim["source_kind"] in PERSON_KINDS else "Organization",
        "name": claim["source_name"],
    }
    if claim["source_url"]:
        claimant["url"] = claim["source_url"]
    item = {"@type": "Claim", "author": claimant}
    if claim["claimed_at"]:
        item["datePublished"] = claim["claimed_at"].isoformat()
    if claim["document_url"]:
        document = {"@type": "CreativeWork", "url": claim["document_url"]}
        item["appearance"] = [document]
        if claim["archived_url"]:
            item["appearance"].append({"@type": "CreativeWork", "url": claim["archived_url"]})
        item["firstAppearance"] = document
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim["text"],
        "datePublished": localdate(reviewed_at).isoformat(),
        "url": url_pattern.format(id=claim["id"]),
        "author": author,
        "reviewRating": rating,
        "itemReviewed": item,
    }
