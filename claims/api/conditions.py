"""Conditional requests on claims (RFC 9110): each claim's `ETag` is its id and version (a read's
adds a MAC for If-None-Match, claims/api/caching.py: `"12-3-<mac>"`), and PUT, PATCH and DELETE
with an `If-Match` that no longer names them get 412 Precondition Failed, and so
does a review (it changes the claim's status). Only the views read If-Match, through
`expected_version`: serializers and domain modules are handed the version it names.

The version is compared by PostgreSQL in the same UPDATE that saves the claim (see `Claim.save`),
so two clients sending the same ETag at once cannot both win.

Sources, parties, documents and events carry no version: a write to them with a precondition
(If-Match, If-Unmodified-Since) is refused with a 400 naming the header, rather than made
unconditionally behind the back of a client that asked for protection (`refuse_preconditions`).
"""

import re
from contextlib import contextmanager

from rest_framework import exceptions, status

from claims.models import StaleClaimError

ETAG_HEADER = "ETag"
IF_MATCH_HEADER = "If-Match"
PRECONDITION_HEADERS = (IF_MATCH_HEADER, "If-Unmodified-Since")

# One entity tag of a list (RFC 9110 8.8.3, 5.6.1): optionally weak, always quoted, then a comma
# or the end. Empty list elements (", ,") are allowed by the list syntax.
ENTITY_TAG = re.compile(r'\s*(?:(W/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*)?(?:,|$)')


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The claim has changed since the version named in If-Match: read it again (GET) for its "
        "current ETag, and make the change on that version."
    )
    default_code = "precondition_failed"


def claim_etag(claim_id: int, version: int) -> str:
    """The claim's strong entity tag, quotes included: `"12-3"` is claim 12 at version 3.

    Its reads carry the same id and version followed by a MAC (`"12-3-<mac>"`, see
    claims/api/caching.py); If-Match compares the id and version of either.
    """
    return f'"{claim_id}-{version}"'


def entity_tags(value: str) -> list[tuple[bool, str]] | None:
    """The entity tags of an If-Match or If-None-Match value, each as (weak, tag without
    quotes); None when the value is not a list of entity tags."""
    tags, position = [], 0
    while position < len(value):
        found = ENTITY_TAG.match(value, position)
        if found is None or found.end() == position:
            return None
        weak, tag = found.groups()
        if tag is not None:
            tags.append((bool(weak), tag))
        position = found.end()
    return tags


def strong_tags(if_match: str) -> list[str]:
    """The strong entity tags of an If-Match value (without quotes); weak ones never match it.

    Raises a 400 naming the header when the value is not a list of entity tags.
    """
    tags = entity_tags(if_match)
    if tags is None:
        raise exceptions.ValidationError(
            {IF_MATCH_HEADER: ['Send `*` or ETags as the API gives them, quotes included: "12-3".']}
        )
    return [tag for weak, tag in tags if not weak]


def names_version(tag: str, claim_id: int, version: int) -> bool:
    """Whether a strong tag names this claim at this version: `12-3`, or a read's `12-3-<mac>`."""
    named = claim_etag(claim_id, version).strip('"')
    return tag == named or tag.startswith(named + "-")


def expected_version(request, claim) -> int | None:
    """The version of `claim` a write must be made on, as the request's If-Match names it.

    None without If-Match, or with `*` (any version of an existing claim); the claim's version,
    as read, when its ETag is one of the strong tags listed; otherwise PreconditionFailed (412).
    A malformed If-Match is a 400 naming the header. The views call it, and pass the version
    down to the domain's write (`editing.save_claim`, `verification.review_claim`), which
    compares it with the stored one as it writes (see `made_on`).
    """
    if_match = request.headers.get(IF_MATCH_HEADER)
    if if_match is None or if_match.strip() == "*":
        return None
    if not any(names_version(tag, claim.pk, claim.version) for tag in strong_tags(if_match)):
        raise PreconditionFailed()
    return claim.version


@contextmanager
def made_on(version: int | None):
    """Run a write made on `version` (from `expected_version`): if the claim changed in between,
    the write's StaleClaimError is the 412 of an If-Match that no longer holds.

    Without a version the client did not make the write conditional: the StaleClaimError of a
    save that lost a race stays one, a 409 (see `exceptions`).
    """
    try:
        yield
    except StaleClaimError as stale:
        if version is None:
            raise
        raise PreconditionFailed() from stale


def refuse_preconditions(request, resource: str) -> None:
    """A 400 naming the precondition header a write to an unversioned `resource` carries."""
    sent = [header for header in PRECONDITION_HEADERS if header in request.headers]
    if sent:
        raise exceptions.ValidationError(
            {
                header: [
                    f"{resource.capitalize()} carry no ETag a change can be made on (their "
                    "reads' validate reads only): send the request without this header (only "
                    "claims take If-Match)."
                ]
                for header in sent
            }
        )
