"""Addresses the API does not have, and methods they do not take, are JSON answers whatever the
method (no HTML CSRF page for a POST with a token); over-long addresses are a 414."""

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import ClaimFactory

UNSAFE = ["post", "put", "patch", "delete"]
UNROUTED = [
    "/api/claims/{claim}/reviews",  # the slash left out
    "/api/claims/{claim}/links",
    "/api/claims",
    "/api/nothing/here/",
    "/api/claims/{claim}/verdict/",
]


@pytest.fixture
def token_client(editor):
    """A client as a script is: a token, and Django's CSRF checks on (as for a browser)."""
    token = Token.objects.create(user=editor)
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.mark.parametrize("method", UNSAFE)
@pytest.mark.parametrize("address", UNROUTED)
def test_an_unsafe_method_on_an_unrouted_address_is_a_json_404(token_client, method, address):
    claim = ClaimFactory()

    response = getattr(token_client, method)(
        address.format(claim=claim.pk), "{}", content_type="application/json"
    )

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_missing_slash_is_named_in_the_404(token_client):
    claim = ClaimFactory()

    response = token_client.post(f"/api/claims/{claim.pk}/reviews", {})

    assert f"/api/claims/{claim.pk}/reviews/" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "address"),
    [
        ("post", "/api/claims/{claim}/history/"),
        ("delete", "/api/claims/{claim}/history/"),
        ("put", "/api/claims/{claim}/links/"),
        ("patch", "/api/auth/token/"),
        ("post", "/api/schema/"),
        ("post", "/api/docs/"),
    ],
)
def test_a_method_an_address_does_not_take_is_a_json_405(token_client, method, address):
    claim = ClaimFactory()

    response = getattr(token_client, method)(
        address.format(claim=claim.pk), "{}", content_type="application/json"
    )

    assert response.status_code == 405
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("address", "json"),
    [("/api/claims/?q=", True), ("/api/nothing/?q=", True), ("/admin/claims/claim/?q=", False)],
)
def test_an_address_over_the_limit_is_a_414(client, editor, address, json):
    client.force_login(editor)
    padding = "x" * (settings.MAX_URL_LENGTH - len(address) + 2)

    response = client.get(address + padding)

    assert response.status_code == 414
    assert str(settings.MAX_URL_LENGTH)[:1] in response.content.decode()
    if json:
        assert "4,000 characters" in response.json()["detail"]


def test_an_address_at_the_limit_is_served(client, editor):
    client.force_login(editor)
    address = "/api/claims/?ordering=-created_at&x="
    padding = "x" * (settings.MAX_URL_LENGTH - len(address) - 1)

    response = client.get(address + padding)

    assert response.status_code == 200


@pytest.mark.parametrize("address", ["/api/docs/", "/api/schema/", "/api/claims/"])
def test_a_database_outage_is_a_json_503_on_every_api_page(client, editor, monkeypatch, address):
    """The session is read from the database: down, every page of the API says so alike."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    client.force_login(editor)

    def down(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(SessionStore, "load", down)

    response = client.get(address)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "unavailable" in response.json()["detail"]
