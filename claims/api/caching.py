"""Conditional GET (RFC 9110 13.1.2) and caching headers for the API's lists and details.

A read's entity tag is an HMAC (SECRET_KEY) of the database's change count (claims/changes.py), the
absolute address with its query string, the reader (anonymous or a user's id), the negotiated format
and a digest of the code (a new release writes answers anew). The count is read before anything else
of the page, so a tag never stands for rows newer than the page it was sent with; any committed
change to a row the API shows (a source renamed, a quantity, a review, a user's permissions) changes
the count, in every process. A tag sent back in If-None-Match that is still the current one is
therefore answered 304 at the cost of the count's query, without reading or rendering the page.

A claim's detail carries `"<id>-<version>-<mac>"`, its id and version ahead of the MAC (which
covers them too): If-Match compares the id and version (claims/api/conditions.py). Lists and
the other answers carry a weak tag, `W/"<mac>"`.

Cache-Control: anonymous reads (PUBLIC_READ) `public, max-age=API_PUBLIC_MAX_AGE`, so a CDN
or the tracker's browser serves them for those seconds; signed-in reads `private, no-cache`;
errors `no-store`. The browsable API's pages carry no tag (they hold forms and a CSRF token).
"""

import hashlib
from contextvars import ContextVar
from pathlib import Path

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django.utils.crypto import constant_time_compare, salted_hmac
from rest_framework import status
from rest_framework.response import Response

import claims
from claims.api.conditions import entity_tags
from claims.changes import change_count

IF_NONE_MATCH_HEADER = "If-None-Match"
IF_NONE_MATCH = "HTTP_IF_NONE_MATCH"  # read from META: request.headers copies every header
VARY = ("Accept", "Authorization", "Cookie")
NO_STORE = "no-store"
PRIVATE = "private, no-cache"
CACHED_FORMATS = ("json",)  # the browsable API ("api") is a page with forms, never validated


def code_release() -> str:
    """A digest of the desk's code: a deploy that changes how an answer is written, with no row
    changed, changes every tag too. The same in every worker of one deploy."""
    digest = hashlib.sha256()
    for path in sorted(Path(claims.__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = code_release()
# The change count the request being answered has read (None outside a counted read): what it
# shows stands for that count, so what it looks up can be kept for it (claims.api.filters).
READ_COUNT: ContextVar[int | None] = ContextVar("claims_read_count", default=None)


KEPT: list["KeptForCount"] = []


class KeptForCount:
    """What reads look up, kept in this worker for the change count they stand for (READ_COUNT):
    the rows a count stands for do not change, so another read of the same count takes them as
    they are, and a read of a newer count (after any write) looks them up anew. Outside a
    counted read nothing is kept. At most `size` values: all are dropped when it is full."""

    def __init__(self, size: int):
        self.size = size
        self.values: dict = {}
        KEPT.append(self)

    @staticmethod
    def forget_all() -> None:
        """Drop every value kept: for tests, whose rolled-back writes can bring a count back
        that other rows had (a database's count never goes back)."""
        for kept in KEPT:
            kept.values.clear()

    def get_many(self, keys, look_up) -> dict:
        """{key: value} for the keys, `look_up(keys)` giving {key: value} for those not kept (a
        key it leaves out is not kept: looked up, or refused, again next time)."""
        count = READ_COUNT.get()
        if count is None:
            return look_up(list(keys))
        found, missing = {}, []
        for key in keys:
            value = self.values.get((count, key), self)  # itself: never a value
            if value is self:
                missing.append(key)
            else:
                found[key] = value
        if missing:
            looked_up = look_up(missing)
            if len(self.values) + len(looked_up) > self.size:
                self.values.clear()
            self.values.update(((count, key), value) for key, value in looked_up.items())
            found.update(looked_up)
        return found


class NotModified(Exception):
    """The tag the client holds is current: answered 304, with no body."""


class ConditionalGetMixin:
    """Lists and details with ETags and If-None-Match, and Cache-Control on every answer.

    A view whose answer shows one versioned record sets `versioned_tag` (the claim's detail): its
    tag then starts with the record's id and version (see `tag_prefix`).
    """

    versioned_tag = False
    validator = None  # (count, reader, format) of a read that can be validated, once counted
    held_current = None  # the tag of If-None-Match found current (then answered 304)
    read_count_token = None  # READ_COUNT's, reset when the answer is finalized

    def initial(self, request, *args, **kwargs):
        self.read_count_token = READ_COUNT.set(None)
        super().initial(request, *args, **kwargs)  # authenticated and allowed first
        if request.method not in ("GET", "HEAD"):
            return
        negotiated = request.accepted_renderer.format
        if negotiated not in CACHED_FORMATS:
            return
        # Read with the token, when there is one (claims.api.authentication): no query more.
        count = getattr(request.auth, "change_count", None)
        if count is None:
            count = change_count()
        self.validator = (count, reader(request), negotiated)
        READ_COUNT.set(count)
        held = request.META.get(IF_NONE_MATCH)
        self.held_current = next(
            (tag for tag in held_tags(held or "") if self.is_current(tag)), None
        )
        if self.held_current is not None:
            raise NotModified()

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return Response(status=status.HTTP_304_NOT_MODIFIED)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        if self.read_count_token is not None:
            READ_COUNT.reset(self.read_count_token)
            self.read_count_token = None
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, VARY)
        if response.status_code >= 400:
            response["Cache-Control"] = NO_STORE
            return response
        if request.method not in ("GET", "HEAD"):
            return response
        if self.held_current is not None:  # the 304 of NotModified carries the tag it matched
            response["ETag"] = self.entity_tag(self.held_current.rpartition("-")[0])
        elif self.validator is not None and response.status_code == status.HTTP_200_OK:
            response["ETag"] = self.entity_tag(self.tag_prefix(response))
            # RFC 9110 13.1.2: `*` matches any current representation, known once it is read.
            if request.META.get(IF_NONE_MATCH, "").strip() == "*":
                response = self.not_modified(request, response)
        response["Cache-Control"] = read_cache_control(request)
        return response

    def not_modified(self, request, response):
        answer = super().finalize_response(
            request, Response(status=status.HTTP_304_NOT_MODIFIED), *self.args, **self.kwargs
        )
        for header in ("ETag", "Vary"):
            answer[header] = response[header]
        return answer

    def tag_prefix(self, response) -> str:
        """What the tag shows ahead of its MAC: the record's `<id>-<version>` for a versioned
        detail, nothing otherwise."""
        if self.versioned_tag and isinstance(response.data, dict):
            return f"{response.data['id']}-{response.data['version']}"
        return ""

    def entity_tag(self, prefix: str) -> str:
        return read_tag(self.request, *self.validator, prefix, versioned=self.versioned_tag)

    def mac(self, prefix: str) -> str:
        return tag_mac(self.request, *self.validator, prefix)

    def is_current(self, tag: str) -> bool:
        """Whether `tag` (without quotes) is the one this read would carry now."""
        prefix, _, mac = tag.rpartition("-")
        if bool(prefix) != self.versioned_tag:
            return False
        return constant_time_compare(mac, self.mac(prefix))


def reader(request) -> str:
    """Who reads: what the answer may differ by besides the address and the data (who did what
    is for the desk; a user's permissions are rows the change count covers)."""
    if request.user.is_authenticated:
        return f"user {request.user.pk}"
    return "anonymous"


def read_tag(request, count: int, who: str, negotiated: str, prefix: str, versioned: bool) -> str:
    """A read's ETag: `"<prefix>-<mac>"` for a versioned record, weak `W/"<mac>"` otherwise."""
    mac = tag_mac(request, count, who, negotiated, prefix)
    return f'"{prefix}-{mac}"' if versioned else f'W/"{mac}"'


def tag_mac(request, count: int, who: str, negotiated: str, prefix: str) -> str:
    """The MAC of a read's tag: of the code, the change count read, the absolute address with its
    query, the reader, the format and what the tag shows ahead of it (`prefix`)."""
    address = request.build_absolute_uri()
    message = "\n".join([RELEASE, str(count), address, who, negotiated, prefix])
    return salted_hmac("claims.api.caching", message, algorithm="sha256").hexdigest()[:32]


def read_cache_control(request) -> str:
    """A successful read's Cache-Control: public for the seconds API_PUBLIC_MAX_AGE says when
    anyone may read (PUBLIC_READ) and nobody signed in asked, private otherwise."""
    if settings.PUBLIC_READ and not request.user.is_authenticated:
        return f"public, max-age={settings.API_PUBLIC_MAX_AGE}"
    return PRIVATE


def held_tags(if_none_match: str) -> list[str]:
    """The tags of an If-None-Match value, weak or strong alike (it compares weakly); none when
    the value is not a list of entity tags (the condition is then ignored)."""
    return [tag for _weak, tag in entity_tags(if_none_match) or []]
