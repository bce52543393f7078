"""A claim's detail in one statement, for the plain read a script or the tracker makes.

`GET /api/claims/<id>/` is the API's most asked read. Through DRF's view it costs two round
trips (the token with the change count, then the claim) and DRF's request, negotiation and
response: it served 0.39-0.46 of the requests a bare app serving the same JSON did
(bench/http_bench.py). A plain read is answered here instead: GET, no query string, JSON
accepted (no `Accept`, `*/*` or `application/json`), no `If-None-Match`, and a token or no
credentials at all. One prepared statement reads the change count, the token and its user, and
the claim, in one snapshot (so the count is never newer than the claim it tags); the answer is
the viewset's, byte for byte and header for header (tests/api/test_detail.py compares them).

Anything else goes to the viewset, and so does every refusal: a malformed or unknown token, an
inactive user, a reader who may not read, a claim that does not exist. Those answers, and 304s,
stay DRF's and the viewset's alone.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework.exceptions import AuthenticationFailed

from claims import statements
from claims.api import caching
from claims.api.authentication import (
    TOKEN_COLUMNS,
    TOKEN_JOIN,
    TOKEN_KEY,
    TOKEN_WIDTH,
    may_hold,
    user_of,
)
from claims.api.pagination import MAX_ID
from claims.api.permissions import may_read
from claims.api.representations import CLAIMS, claim, claim_address, written_zone
from claims.changes import COUNTED

# The count and its mark (2 columns), the token and its user, then the claim: a row either way,
# its token columns NULL without a token (or with an unknown one), its claim's without the claim.
READ = f"""SELECT {COUNTED}, {TOKEN_COLUMNS}, claim.*
FROM (SELECT) one
LEFT JOIN ({TOKEN_JOIN}) ON {TOKEN_KEY} = %(key)s
LEFT JOIN LATERAL ({CLAIMS}) claim ON true"""
CLAIM_AT = 2 + TOKEN_WIDTH
JSON_ACCEPTED = ("*/*", "application/json")
RENDERER = ORJSONRenderer()


def with_quick_read(view):
    """The viewset's detail view (DRF's `as_view`), answering a plain read itself."""
    allow = allowed_methods(view)

    @wraps(view)
    def detail(request, *args, **kwargs):
        answer = None
        if not args and kwargs.keys() == {"pk"} and is_plain(request):
            answer = quick_read(request, kwargs["pk"], allow)
        return answer or view(request, *args, **kwargs)

    return detail


def allowed_methods(view) -> str:
    """The `Allow` header DRF gives the view's answers: its methods, HEAD as GET."""
    instance = view.cls(**view.initkwargs)
    for method, action in {"head": view.actions["get"], **view.actions}.items():
        setattr(instance, method, getattr(instance, action))
    return ", ".join(instance.allowed_methods)


def is_plain(request) -> bool:
    meta = request.META
    return (
        request.method == "GET"
        and not meta.get("QUERY_STRING")
        and caching.IF_NONE_MATCH not in meta
        and meta.get("HTTP_ACCEPT", "*/*") in JSON_ACCEPTED
    )


def token_key(request) -> str | bool | None:
    """The key of `Authorization: Token <key>` in the one form scripts send it (a key of ASCII,
    without spaces, as DRF reads it), None without an Authorization header, False for any other
    form: DRF's to read, or refuse."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header is None:
        return None
    keyword, _, key = header.partition(" ")
    if keyword.lower() != "token" or not key.isascii() or key.split() != [key]:
        return False
    return key if may_hold(key) else False


def quick_read(request, pk: str, allow: str) -> HttpResponse | None:
    """The viewset's answer to this plain read, or None for the viewset to answer it."""
    if not pk.isascii() or not pk.isdigit() or int(pk) > MAX_ID:
        return None
    key = token_key(request)
    if key is False:
        return None
    if key is None and settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # a session's reader is SessionAuthentication's to find
    with statements.cursor() as cursor:
        cursor.execute(READ, {"key": key, "ids": [int(pk)]})
        row = cursor.fetchone()
    if key is not None:
        try:
            request.user = user_of(row[2:CLAIM_AT])
        except AuthenticationFailed:
            return None
    found = row[CLAIM_AT:]
    if found[0] is None or not may_read(request):
        return None
    signed_in = request.user.is_authenticated
    representation = claim(found, *claim_address(request), signed_in, written_zone())
    response = HttpResponse(
        RENDERER.render(representation, RENDERER.media_type), content_type=RENDERER.media_type
    )
    response["Vary"] = ", ".join(caching.VARY)
    response["Allow"] = allow
    response["ETag"] = caching.read_tag(
        request,
        row[0],
        caching.reader(request),
        RENDERER.format,
        f"{representation['id']}-{representation['version']}",
        versioned=True,
    )
    response["Cache-Control"] = caching.read_cache_control(request)
    return response
