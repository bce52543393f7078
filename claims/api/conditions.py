"""Conditional requests on claims (RFC 9110): each claim's `ETag` is its id and version, and PUT,
PATCH and DELETE with an `If-Match` that no longer matches get 412 Precondition Failed.

The version is compared by PostgreSQL in the same UPDATE that saves the claim (see `Claim.save`),
so two clients sending the same ETag at once cannot both win.
"""

import re

from rest_framework import exceptions, status

ETAG_HEADER = "ETag"
IF_MATCH_HEADER = "If-Match"

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
    """The claim's strong entity tag, quotes included: `"12-3"` is claim 12 at version 3."""
    return f'"{claim_id}-{version}"'


def strong_tags(if_match: str) -> list[str]:
    """The strong entity tags of an If-Match value (without quotes); weak ones never match it.

    Raises a 400 naming the header when the value is not a list of entity tags.
    """
    tags, position = [], 0
    while position < len(if_match):
        found = ENTITY_TAG.match(if_match, position)
        if found is None or found.end() == position:
            raise exceptions.ValidationError(
                {
                    IF_MATCH_HEADER: [
                        'Send `*` or ETags as the API gives them, quotes included: "12-3".'
                    ]
                }
            )
        weak, tag = found.groups()
        if tag is not None and not weak:
            tags.append(tag)
        position = found.end()
    return tags


def names_versions(request) -> bool:
    """Whether the request's If-Match names particular versions (not absent, not `*`)."""
    if_match = request.headers.get(IF_MATCH_HEADER)
    return if_match is not None and if_match.strip() != "*"


def if_match_holds(request, claim) -> bool:
    """Whether `claim`, as read, satisfies the request's If-Match: true without one, or with `*`
    (any existing claim), else when its ETag is one of the strong tags listed."""
    if not names_versions(request):
        return True
    current = claim_etag(claim.pk, claim.version).strip('"')
    return current in strong_tags(request.headers[IF_MATCH_HEADER])
