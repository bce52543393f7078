"""Bad input never gets a 500 and never writes anything: each case is a 4xx naming what was wrong,
with every table of the desk exactly as it was."""

import json

import pytest
from django.conf import settings

from claims.models import Claim, Document, Event, Party, Quantity, Source
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
    UserFactory,
)
from tests.helpers import token_client

CLAIM = "/api/claims/"
TARGET = "/api/claims/{claim}/"
SOURCES = "/api/sources/"
DOCUMENTS = "/api/documents/"
EVENTS = "/api/events/"
TABLES = [Claim, Quantity, Source, Document, Event, Party]


@pytest.fixture
def desk(db):
    """One of everything, and a claim with two quantities to aim PUTs and PATCHes at."""
    ukraine = PartyFactory(name="Ukraine", slug="ukraine")
    source = SourceFactory(name="Ukrainian Air Force", party=ukraine)
    claim = ClaimFactory(
        source=source,
        event=EventFactory(),
        document=DocumentFactory(),
        text="Air defenses downed 25 of 30 drones.",
        quote="downed 25 of nearly 30",
    )
    QuantityFactory(claim=claim, value=25, of_total=30, item="drone", outcome="downed")
    QuantityFactory(claim=claim, value=30, qualifier="approximately", outcome="launched")
    return {"claim": claim.pk, "source": source.pk, "party": "ukraine"}


def snapshot() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


def claim_with(**changes):
    """A valid new claim but for `changes` (a body built once the desk exists)."""
    return lambda desk: {"text": "Drones were downed.", "source": desk["source"], **changes}


def quantity(**changes):
    fields = {"value": 5, "item": "drone", "outcome": "downed", **changes}
    return {name: value for name, value in fields.items() if value is not None}


def claim_with_quantity(**changes):
    return claim_with(quantities=[quantity(**changes)])


def raw(template: bytes, content_type="application/json"):
    """A body sent byte for byte: `%(source)d` is the desk's source."""
    return lambda desk: (
        template.replace(b"%(source)d", str(desk["source"]).encode()),
        content_type,
    )


def oversized(desk):
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    return claim_with(quote=padding)(desk)


def field_errors(body, path: str):
    """The errors at a dotted path of the error body: "quantities.0.value"."""
    for key in path.split("."):
        assert isinstance(body, dict) and key in body, f"{path!r} not in {body!r}"
        body = body[key]
    return body


# (what is wrong, method, address, body, expected status, the field the error names)
CASES = [
    ("text missing", "post", CLAIM, lambda desk: {"source": desk["source"]}, 400, "text"),
    ("text blank", "post", CLAIM, claim_with(text="  "), 400, "text"),
    ("text with NUL", "post", CLAIM, claim_with(text="a\x00b"), 400, "text"),
    (
        "text with an unpaired surrogate",
        "post",
        CLAIM,
        raw(b'{"text": "drones \\ud800", "source": %(source)d}'),
        400,
        "text",
    ),
    ("text a list", "post", CLAIM, claim_with(text=[1]), 400, "text"),
    ("unknown source", "post", CLAIM, claim_with(source=999999), 400, "source"),
    ("source a word", "post", CLAIM, claim_with(source="abc"), 400, "source"),
    ("source true", "post", CLAIM, claim_with(source=True), 400, "source"),
    ("source a fraction", "post", CLAIM, claim_with(source=1.5), 400, "source"),
    ("source beyond bigint", "post", CLAIM, claim_with(source=10**30), 400, "source"),
    ("source negative", "post", CLAIM, claim_with(source=-1), 400, "source"),
    ("unknown event", "post", CLAIM, claim_with(event=999999), 400, "event"),
    ("unknown document", "post", CLAIM, claim_with(document=999999), 400, "document"),
    ("unknown party slug", "post", CLAIM, claim_with(side="atlantis"), 400, "side"),
    ("party slug with NUL", "post", CLAIM, claim_with(side="ukr\x00aine"), 400, "side"),
    ("party slug a number", "post", CLAIM, claim_with(side=5), 400, "side"),
    (
        "party slug an unpaired surrogate",
        "post",
        CLAIM,
        raw(b'{"text": "x", "source": %(source)d, "side": "\\udfff"}'),
        400,
        "side",
    ),
    ("unknown topic", "post", CLAIM, claim_with(topic="war"), 400, "topic"),
    (
        "topic an unpaired surrogate",
        "post",
        CLAIM,
        raw(b'{"text": "x", "source": %(source)d, "topic": "\\udfff"}'),
        400,
        "topic",
    ),
    ("status on create", "post", CLAIM, claim_with(status="confirmed"), 400, "status"),
    ("impossible date", "post", CLAIM, claim_with(occurred_on="2024-02-30"), 400, "occurred_on"),
    ("year 10000", "post", CLAIM, claim_with(occurred_on="10000-01-01"), 400, "occurred_on"),
    ("not a moment", "post", CLAIM, claim_with(claimed_at="yesterday"), 400, "claimed_at"),
    (
        "moment before year 1 in UTC",
        "post",
        CLAIM,
        claim_with(claimed_at="0001-01-01T00:00:00+01:00"),
        400,
        "claimed_at",
    ),
    ("latitude 91", "post", CLAIM, claim_with(latitude=91), 400, "latitude"),
    ("longitude -180.5", "post", CLAIM, claim_with(longitude=-180.5), 400, "longitude"),
    ("latitude a word", "post", CLAIM, claim_with(latitude="north"), 400, "latitude"),
    ("latitude 7 decimals", "post", CLAIM, claim_with(latitude=1.1234567), 400, "latitude"),
    ("location too long", "post", CLAIM, claim_with(location="x" * 301), 400, "location"),
    ("quote with NUL", "post", CLAIM, claim_with(quote="\x00"), 400, "quote"),
    ("quantities a string", "post", CLAIM, claim_with(quantities="many"), 400, "quantities"),
    ("quantity not an object", "post", CLAIM, claim_with(quantities=[5]), 400, "quantities.0"),
    ("negative value", "post", CLAIM, claim_with_quantity(value=-1), 400, "quantities.0.value"),
    (
        "value too large",
        "post",
        CLAIM,
        claim_with_quantity(value=10**16),
        400,
        "quantities.0.value",
    ),
    (
        "value 3 decimals",
        "post",
        CLAIM,
        claim_with_quantity(value=1.005),
        400,
        "quantities.0.value",
    ),
    ("value NaN", "post", CLAIM, claim_with_quantity(value="NaN"), 400, "quantities.0.value"),
    ("value a list", "post", CLAIM, claim_with_quantity(value=[1]), 400, "quantities.0.value"),
    (
        "value missing",
        "post",
        CLAIM,
        claim_with(quantities=[{"item": "drone"}]),
        400,
        "quantities.0.value",
    ),
    ("upper below value", "post", CLAIM, claim_with_quantity(upper=2), 400, "quantities.0.upper"),
    (
        "range without upper",
        "post",
        CLAIM,
        claim_with_quantity(qualifier="range"),
        400,
        "quantities.0.upper",
    ),
    (
        "total below value",
        "post",
        CLAIM,
        claim_with_quantity(of_total=4),
        400,
        "quantities.0.of_total",
    ),
    (
        "unknown qualifier",
        "post",
        CLAIM,
        claim_with_quantity(qualifier="roughly"),
        400,
        "quantities.0.qualifier",
    ),
    (
        "unknown outcome",
        "post",
        CLAIM,
        claim_with_quantity(outcome="exploded"),
        400,
        "quantities.0.outcome",
    ),
    ("item too long", "post", CLAIM, claim_with_quantity(item="x" * 101), 400, "quantities.0.item"),
    (
        "item with NUL",
        "post",
        CLAIM,
        claim_with_quantity(item="dr\x00ne"),
        400,
        "quantities.0.item",
    ),
    (
        "item an unpaired surrogate",
        "post",
        CLAIM,
        raw(
            b'{"text": "x", "source": %(source)d, "quantities": [{"value": 1, "item": "\\ud83d"}]}'
        ),
        400,
        "quantities.0.item",
    ),
    (
        "too many quantities",
        "post",
        CLAIM,
        claim_with(quantities=[quantity()] * 101),
        400,
        "quantities.non_field_errors",
    ),
    ("body a list", "post", CLAIM, lambda desk: [], 400, "non_field_errors"),
    ("body a string", "post", CLAIM, lambda desk: "drones", 400, "non_field_errors"),
    ("malformed JSON", "post", CLAIM, raw(b'{"text": '), 400, "detail"),
    ("JSON NaN literal", "post", CLAIM, raw(b'{"text": NaN}'), 400, "detail"),
    ("JSON nested too deeply", "post", CLAIM, raw(b"[" * 100_000), 400, "detail"),
    (
        "quantities nested too deeply",
        "post",
        CLAIM,
        raw(b'{"text": "x", "quantities": ' + b"[" * 100_000 + b"}"),
        400,
        "detail",
    ),
    ("body not UTF-8", "post", CLAIM, raw(b'{"text": "\xff\xfe"}'), 400, "detail"),
    ("plain text body", "post", CLAIM, raw(b"drones", "text/plain"), 415, "detail"),
    (
        "form body",
        "post",
        CLAIM,
        raw(b"text=drones", "application/x-www-form-urlencoded"),
        415,
        "detail",
    ),
    ("oversized body", "post", CLAIM, oversized, 413, "detail"),
    ("status changed by PATCH", "patch", TARGET, lambda desk: {"status": "refuted"}, 400, "status"),
    ("text null", "patch", TARGET, lambda desk: {"text": None}, 400, "text"),
    ("source null", "patch", TARGET, lambda desk: {"source": None}, 400, "source"),
    ("quantities null", "patch", TARGET, lambda desk: {"quantities": None}, 400, "quantities"),
    (
        "one bad quantity among good ones",
        "patch",
        TARGET,
        lambda desk: {"quantities": [quantity(), quantity(value=-5)]},
        400,
        "quantities.1.value",
    ),
    (
        "quantity value missing in a PATCH",
        "patch",
        TARGET,
        lambda desk: {"quantities": [{"item": "drone"}]},
        400,
        "quantities.0.value",
    ),
    ("date a list", "patch", TARGET, lambda desk: {"occurred_on": [2024]}, 400, "occurred_on"),
    ("PUT without text", "put", TARGET, lambda desk: {"source": desk["source"]}, 400, "text"),
    ("source name too long", "post", SOURCES, lambda desk: {"name": "x" * 201}, 400, "name"),
    ("unknown kind", "post", SOURCES, lambda desk: {"name": "X", "kind": "army"}, 400, "kind"),
    (
        "reliability G",
        "post",
        SOURCES,
        lambda desk: {"name": "X", "reliability": "G"},
        400,
        "reliability",
    ),
    (
        "source party unknown",
        "post",
        SOURCES,
        lambda desk: {"name": "X", "party": "mars"},
        400,
        "party",
    ),
    (
        "source url not a URL",
        "post",
        SOURCES,
        lambda desk: {"name": "X", "url": "no url"},
        400,
        "url",
    ),
    (
        "document url with NUL",
        "post",
        DOCUMENTS,
        lambda desk: {"url": "https://a.org/\x00"},
        400,
        "url",
    ),
    (
        "document month 13",
        "post",
        DOCUMENTS,
        lambda desk: {"url": "https://a.org/x", "published_at": "2024-13-01T00:00:00Z"},
        400,
        "published_at",
    ),
    (
        "unknown outlet",
        "post",
        DOCUMENTS,
        lambda desk: {"url": "https://a.org/x", "outlet": 999999},
        400,
        "outlet",
    ),
    ("event title missing", "post", EVENTS, lambda desk: {"location": "Odesa"}, 400, "title"),
    (
        "event impossible date",
        "post",
        EVENTS,
        lambda desk: {"title": "X", "occurred_on": "2023-02-29"},
        400,
        "occurred_on",
    ),
]


@pytest.mark.parametrize(
    "method, url, body, status, field",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_input_is_refused_and_writes_nothing(desk, editor, method, url, body, status, field):
    payload = body(desk)
    payload, content_type = (
        payload
        if isinstance(payload, tuple)
        else (
            json.dumps(payload).encode(),
            "application/json",
        )
    )
    client = token_client(editor)
    before = snapshot()

    response = getattr(client, method)(url.format(**desk), payload, content_type=content_type)

    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    assert field_errors(response.json(), field)
    assert snapshot() == before


def test_the_table_is_large_enough():
    assert len(CASES) >= 30


def test_bad_party_input_is_refused(db):
    PartyFactory(name="Ukraine", slug="ukraine")
    chief = token_client(UserFactory(username="chief", is_staff=True, is_superuser=True))
    before = snapshot()

    responses = [
        chief.post("/api/parties/", {"name": "Atlantis", "slug": "not a slug"}),
        chief.post("/api/parties/", {"name": "Ukraine", "slug": "ukraine-2"}),
        chief.patch("/api/parties/ukraine/", {"slug": "x" * 101}),
        chief.post("/api/parties/", {"name": "Atl\x00antis", "slug": "atlantis"}),
        chief.post(
            "/api/parties/",
            b'{"name": "Atlantis \\ud800", "slug": "atlantis"}',
            content_type="application/json",
        ),
    ]

    assert [response.status_code for response in responses] == [400] * 5
    assert [list(response.json()) for response in responses] == [
        ["slug"],
        ["name"],
        ["slug"],
        ["name"],
        ["name"],
    ]
    assert snapshot() == before


@pytest.mark.parametrize("path", ["/api/parties/ukr%00aine/", "/api/claims/1%00/"])
def test_nul_in_an_address_is_a_404(editor, path):
    response = token_client(editor).get(path)

    assert response.status_code == 404
    assert "detail" in response.json()


def test_database_refusal_is_a_400_not_a_500(desk, editor, monkeypatch):
    """The safety net behind validation: a value PostgreSQL refuses is still the client's 400."""
    from claims.api import serializers

    monkeypatch.setattr(serializers.QuantitySerializer, "validate", lambda self, attrs: attrs)
    before = snapshot()

    response = token_client(editor).patch(
        f"/api/claims/{desk['claim']}/",
        {"text": "Changed.", "quantities": [quantity(upper=1)]},
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The database refused these values."}
    assert snapshot() == before
