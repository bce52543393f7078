"""The claims' read path: what `ClaimSerializer` shows, built from plain rows.

A list finds its page's ids with the FilterSet and the keyset paginator (one narrow query over
the claims alone), and this module reads those claims in one prepared statement (source, side,
document, outlet and users joined) and their quantities in another, and puts each claim together
as a dict, field for field what the serializer gives (tests/api/test_representations.py compares
the two). The serializer stays the one way to write a claim; reading through it costs about
0.5 ms a claim in nested field objects, this a few microseconds.
"""

import datetime
from decimal import Decimal
from functools import cached_property, lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from claims import statements
from claims.wording import Numbers, describe_quantity

# One claim a row, in the order of the ids given: its source, side, document, outlet and users
# joined. The statement is the same for every page, so it is prepared once a connection and
# planned once (a join of nine tables takes PostgreSQL several milliseconds to plan, longer than
# reading the page).
CLAIMS = """
SELECT c.id, c.text, c.source_id, s.name, s.kind, sp.slug, side.slug, c.status, c.topic,
       c.occurred_on, c.claimed_at, c.location, c.latitude, c.longitude, c.event_id,
       c.document_id, d.url, d.title, d.outlet_id, o.name, o.kind, op.slug, c.quote, c.version,
       c.created_at, c.updated_at, cu.username, uu.username,
       ARRAY(SELECT ARRAY[q.id::text, q.value::text, q.upper::text, q.qualifier, q.of_total::text,
                          q.item, q.outcome]
             FROM claims_quantity q WHERE q.claim_id = c.id ORDER BY q.id)
FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS page (id, n)
JOIN claims_claim c ON c.id = page.id
JOIN claims_source s ON s.id = c.source_id
LEFT JOIN claims_party sp ON sp.id = s.party_id
LEFT JOIN claims_party side ON side.id = c.side_id
LEFT JOIN claims_document d ON d.id = c.document_id
LEFT JOIN claims_source o ON o.id = d.outlet_id
LEFT JOIN claims_party op ON op.id = o.party_id
LEFT JOIN auth_user cu ON cu.id = c.created_by_id
LEFT JOIN auth_user uu ON uu.id = c.updated_by_id
ORDER BY page.n
"""


def represent(ids, request) -> list[dict]:
    """The API's claims of these ids, in their order (ids of no claim are left out): one
    prepared statement, whatever the filters and the page size."""
    ids = list(ids)
    if not ids:
        return []
    with statements.cursor() as cursor:
        cursor.execute(CLAIMS, {"ids": ids})
        rows = cursor.fetchall()
    prefix, suffix = claim_address(request)
    signed_in = bool(request.user and request.user.is_authenticated)
    zone = written_zone()
    return [claim(row, prefix, suffix, signed_in, zone) for row in rows]


def claim_address(request) -> tuple[str, str]:
    """What a claim's absolute address has before and after its id: every claim's address is
    one address with its id, reversed once a page, not once a claim."""
    url = request.build_absolute_uri(claim_path(get_script_prefix(), get_urlconf()))
    prefix, suffix = url.rsplit("0", 1)
    return prefix, suffix


@lru_cache(maxsize=16)
def claim_path(script_prefix: str, urlconf: str | None) -> str:
    # What reverse() gives depends on these alone: reversed once each, not once a request.
    return reverse("claim-detail", kwargs={"pk": 0}, urlconf=urlconf)


def claim(row: tuple, prefix: str, suffix: str, signed_in: bool, zone) -> dict:
    (pk, text, source_id, source_name, source_kind, source_party, side, status, topic,
     occurred_on, claimed_at, location, latitude, longitude, event_id, document_id, document_url,
     document_title, outlet_id, outlet_name, outlet_kind, outlet_party, quote, version,
     created_at, updated_at, created_by, updated_by, quantities) = row  # fmt: skip
    representation = {
        "id": pk,
        "url": f"{prefix}{pk}{suffix}",
        "text": text,
        "source": {
            "id": source_id,
            "name": source_name,
            "kind": source_kind,
            "party": source_party,
        },
        "side": side,
        "status": status,
        "topic": topic,
        "occurred_on": occurred_on.isoformat() if occurred_on else None,
        "claimed_at": written_time(claimed_at, zone),
        "location": location,
        "latitude": number(latitude),
        "longitude": number(longitude),
        "event": event_id,
        "document": None,
        "quote": quote,
        "quantities": [quantity(*fields) for fields in quantities],
        "version": version,
        "created_at": written_time(created_at, zone),
    }
    if document_id is not None:
        representation["document"] = {
            "id": document_id,
            "url": document_url,
            "title": document_title,
            "outlet": None
            if outlet_id is None
            else {"id": outlet_id, "name": outlet_name, "kind": outlet_kind, "party": outlet_party},
        }
    # Who did what is for the desk (ClaimSerializer.desk_only_fields), in the serializer's order.
    if signed_in:
        representation["created_by"] = created_by
    representation["updated_at"] = written_time(updated_at, zone)
    if signed_in:
        representation["updated_by"] = updated_by
    return representation


def quantity(pk, value, upper, qualifier, of_total, item, outcome) -> dict:
    return {"id": int(pk), **quantity_fields(value, upper, qualifier, of_total, item, outcome)}


@lru_cache(maxsize=10_000)
def quantity_fields(value, upper, qualifier, of_total, item, outcome) -> dict:
    # Quantities repeat ("25 drones downed"): each one's fields and wording are written once
    # (never changed: `quantity` copies them). Read as text (exact decimals): the wording gets
    # Decimals, the API its floats.
    value, upper, of_total = decimal(value), decimal(upper), decimal(of_total)
    return {
        "value": number(value),
        "upper": number(upper),
        "qualifier": qualifier,
        "of_total": number(of_total),
        "item": item,
        "outcome": outcome,
        "summary": describe_quantity(Numbers(value, upper, qualifier, of_total, item, outcome)),
    }


def decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def number(value: Decimal | None) -> float | None:
    # What DRF's DecimalField gives with COERCE_DECIMAL_TO_STRING off, as JSON reads it.
    return None if value is None else float(value)


def written_zone():
    """The zone `written_time` writes in: the current one; in UTC, the zone psycopg reads
    PostgreSQL's times in, so that they are written as they are read."""
    zone = timezone.get_current_timezone()
    return datetime.UTC if str(zone) == "UTC" else zone


class WritesTimes:
    """A serializer that writes times as `written_time` does, in the zone found once for it: a
    list's rows are all written by the same child serializer, in the same request."""

    @cached_property
    def zone(self):
        return written_zone()


def written_time(value, zone) -> str | None:
    # As DRF's DateTimeField writes it: ISO 8601 in the current time zone, UTC as "Z".
    if value is None:
        return None
    written = (value if value.tzinfo is zone else value.astimezone(zone)).isoformat()
    return written[:-6] + "Z" if written.endswith("+00:00") else written
