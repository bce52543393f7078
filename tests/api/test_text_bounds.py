"""Every text the API takes is bounded: at its limit it is recorded, one character past it is a 400
naming the field and the limit, and nothing is written. The OpenAPI schema states each limit."""

import pytest

from claims.models import Claim, ClaimLink, Document, Event, Party, Quantity, Review, Source
from tests.factories import ClaimFactory, SourceFactory, UserFactory
from tests.helpers import client_for

TABLES = [Claim, ClaimLink, Document, Event, Party, Quantity, Review, Source]


def text_of(length: int) -> str:
    """Text of exactly `length` characters, of distinct words (the search vector's worst case)."""
    words, size, number = [], 0, 0
    while size < length:
        word = f"w{number:x}"
        words.append(word)
        size += len(word) + 1
        number += 1
    return " ".join(words)[:length].rstrip().ljust(length, "x")


def url_of(length: int) -> str:
    prefix = "https://example.org/"
    return prefix + "a" * (length - len(prefix))


def slug_of(length: int) -> str:
    return "a" * length


# (resource, field, limit, make a value of a length, the body around it, where the error is)
BOUNDS = [
    ("claims", "text", 2_000, text_of, lambda desk, v: desk.claim(text=v), "text"),
    ("claims", "quote", 5_000, text_of, lambda desk, v: desk.claim(quote=v), "quote"),
    ("claims", "location", 300, text_of, lambda desk, v: desk.claim(location=v), "location"),
    (
        "claims",
        "item",
        100,
        slug_of,
        lambda desk, v: desk.claim(quantities=[{"value": 1, "item": v}]),
        "quantities.0.item",
    ),
    ("sources", "name", 200, text_of, lambda desk, v: {"name": v}, "name"),
    ("sources", "notes", 5_000, text_of, lambda desk, v: {"name": "N", "notes": v}, "notes"),
    ("sources", "url", 500, url_of, lambda desk, v: {"name": "U", "url": v}, "url"),
    ("parties", "name", 100, text_of, lambda desk, v: {"name": v, "slug": "p"}, "name"),
    ("parties", "slug", 100, slug_of, lambda desk, v: {"name": "P", "slug": v}, "slug"),
    ("documents", "url", 1_000, url_of, lambda desk, v: {"url": v}, "url"),
    ("documents", "title", 500, text_of, lambda desk, v: desk.document(title=v), "title"),
    ("documents", "language", 35, slug_of, lambda desk, v: desk.document(language=v), "language"),
    (
        "documents",
        "archived_url",
        1_000,
        url_of,
        lambda desk, v: desk.document(archived_url=v),
        "archived_url",
    ),
    ("events", "title", 300, text_of, lambda desk, v: {"title": v}, "title"),
    ("events", "location", 300, text_of, lambda desk, v: {"title": "E", "location": v}, "location"),
    (
        "events",
        "description",
        5_000,
        text_of,
        lambda desk, v: {"title": "E", "description": v},
        "description",
    ),
    ("links", "note", 1_000, text_of, lambda desk, v: desk.link(note=v), "note"),
    ("reviews", "rationale", 5_000, text_of, lambda desk, v: desk.review(rationale=v), "rationale"),
    (
        "reviews",
        "evidence_urls",
        1_000,
        url_of,
        lambda desk, v: desk.review(evidence_urls=[v]),
        "evidence_urls.0",
    ),
]


class Desk:
    """What the bodies refer to: a source, a claim to link and review."""

    def __init__(self):
        self.source = SourceFactory(name="Ukrainian Air Force")
        self.claim_id = ClaimFactory(source=self.source).pk
        self.other_id = ClaimFactory(source=self.source).pk

    def url(self, resource):
        if resource in ("links", "reviews"):
            return f"/api/claims/{self.claim_id}/{resource}/"
        return f"/api/{resource}/"

    def claim(self, **fields):
        return {"text": "Drones were downed.", "source": self.source.pk, **fields}

    def document(self, **fields):
        return {"url": "https://example.org/article", **fields}

    def link(self, **fields):
        return {"relation": "corroborates", "claim": self.other_id, **fields}

    def review(self, **fields):
        return {"status": "corroborated", "rationale": "Seen elsewhere.", **fields}


@pytest.fixture
def desk(db):
    return Desk()


@pytest.fixture
def chief(db):
    return client_for(UserFactory(username="chief", is_superuser=True, is_staff=True))


def snapshot() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


def errors_at(body, path):
    for key in path.split("."):
        assert isinstance(body, dict) and key in body, f"{path!r} not in {body!r}"
        body = body[key]
    return body


each_bound = pytest.mark.parametrize(
    ("resource", "field", "limit", "value_of", "body", "where"),
    BOUNDS,
    ids=[f"{resource}.{field}" for resource, field, *_ in BOUNDS],
)


@each_bound
def test_a_text_at_its_limit_is_recorded(
    chief, desk, resource, field, limit, value_of, body, where
):
    value = value_of(limit)
    assert len(value) == limit

    response = chief.post(desk.url(resource), body(desk, value), format="json")

    assert response.status_code == 201, response.json()


@each_bound
def test_a_text_past_its_limit_is_a_400_naming_the_field_and_the_limit(
    chief, desk, resource, field, limit, value_of, body, where
):
    before = snapshot()

    response = chief.post(desk.url(resource), body(desk, value_of(limit + 1)), format="json")

    assert response.status_code == 400
    messages = errors_at(response.json(), where)
    assert any(f"{limit}" in message for message in messages), messages
    assert snapshot() == before


@pytest.mark.parametrize("count", [51, 1000])
def test_more_evidence_urls_than_a_review_holds_is_a_400(chief, desk, count):
    urls = [f"https://example.org/{number}" for number in range(count)]

    response = chief.post(desk.url("reviews"), desk.review(evidence_urls=urls), format="json")

    assert response.status_code == 400
    assert "50" in response.json()["evidence_urls"][0]
    assert not Review.objects.exists()


def test_a_claim_of_the_longest_texts_of_distinct_words_is_searchable(chief, desk):
    """The longest text and quote, every word distinct, stay far below tsvector's 1 MB."""
    response = chief.post(
        "/api/claims/",
        desk.claim(text=text_of(2_000), quote=text_of(5_000), quantities=[]),
        format="json",
    )

    assert response.status_code == 201
    assert chief.get("/api/claims/", {"q": "w1ff"}).json()["count"] == 1


SCHEMA_LIMITS = [
    ("ClaimRequest", "text", 2_000),
    ("ClaimRequest", "quote", 5_000),
    ("QuantityRequest", "item", 100),
    ("SourceRequest", "notes", 5_000),
    ("SourceRequest", "name", 200),
    ("EventRequest", "description", 5_000),
    ("ClaimLinkRequest", "note", 1_000),
    ("ReviewRequest", "rationale", 5_000),
    ("ExtractionRequestRequest", "text", 10_000),
]


@pytest.mark.parametrize(("component", "field", "limit"), SCHEMA_LIMITS)
def test_the_schema_names_each_limit(chief, component, field, limit):
    schema = chief.get("/api/schema/", {"format": "json"}).json()

    assert schema["components"]["schemas"][component]["properties"][field]["maxLength"] == limit


def test_the_schema_bounds_every_text_of_every_request(chief):
    schema = chief.get("/api/schema/", {"format": "json"}).json()

    unbounded = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        if name.endswith("Request")
        for field, spec in component.get("properties", {}).items()
        if spec.get("type") == "string" and "enum" not in spec and "format" not in spec
        if "maxLength" not in spec
    ]
    assert unbounded == []
