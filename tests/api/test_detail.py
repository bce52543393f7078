"""A claim's plain read is answered in one statement (claims/api/detail.py), with the viewset's
very answer: the same status, headers and bytes; everything else, refusals included, is the
viewset's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve
from rest_framework.authtoken.models import Token
from rest_framework.response import Response

from claims.models import Source
from tests.factories import UserFactory
from tests.helpers import client_for


def answers(path: str, **headers) -> tuple:
    """The detail view's answer and the viewset's own to the same request, each as
    (status, headers, body); the first answered by the plain read, not the viewset."""
    quick = resolve(path).func
    answered = []
    for view in (quick, quick.__wrapped__):
        request = RequestFactory().get(path, **headers)
        request.user = AnonymousUser()  # AuthenticationMiddleware's, without a session
        response = view(request, **resolve(path).kwargs)
        if isinstance(response, Response):
            response.render()
        answered.append(response)
    assert not isinstance(answered[0], Response) and isinstance(answered[1], Response)
    return tuple((each.status_code, dict(each.headers), each.content) for each in answered)


def test_a_plain_read_is_the_viewset_s_answer_for_the_desk(edge_cases, editor):
    token = f"Token {Token.objects.get_or_create(user=editor)[0].key}"

    for claim in edge_cases:
        for accept in ({}, {"HTTP_ACCEPT": "*/*"}, {"HTTP_ACCEPT": "application/json"}):
            quick, viewset = answers(f"/api/claims/{claim.pk}/", HTTP_AUTHORIZATION=token, **accept)
            assert quick == viewset
            assert quick[0] == 200
            assert b'"created_by"' in quick[2]


def test_a_plain_read_is_the_viewset_s_answer_for_the_public(edge_cases, settings):
    settings.PUBLIC_READ = True

    for claim in edge_cases:
        quick, viewset = answers(f"/api/claims/{claim.pk}/")
        assert quick == viewset
        assert quick[1]["Cache-Control"] == f"public, max-age={settings.API_PUBLIC_MAX_AGE}"
        assert b'"created_by"' not in quick[2]


def test_a_plain_read_is_one_statement(api, edge_cases, django_assert_num_queries):
    claim = edge_cases[1]

    with django_assert_num_queries(1):
        plain = api.get(f"/api/claims/{claim.pk}/")
    with django_assert_num_queries(2):  # the token, then the claim: the viewset's own read
        negotiated = api.get(f"/api/claims/{claim.pk}/", HTTP_ACCEPT="application/json;q=0.9")

    assert plain.content == negotiated.content
    assert plain["ETag"] == negotiated["ETag"]


def test_its_tag_is_current_for_the_viewset_until_what_it_shows_changes(api, edge_cases):
    claim = edge_cases[1]
    url = f"/api/claims/{claim.pk}/"
    tag = api.get(url)["ETag"]

    assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    Source.objects.filter(pk=claim.source_id).update(name="Renamed source")
    renamed = api.get(url)
    assert renamed["ETag"] != tag
    assert renamed.json()["source"]["name"] == "Renamed source"
    assert api.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 200


@pytest.mark.parametrize(
    "authorization, code, detail",
    [
        (None, 401, "Authentication credentials were not provided."),
        ("Token", 401, "Invalid token header. No credentials provided."),
        ("Token a b", 401, "Invalid token header. Token string should not contain spaces."),
        ("Token unknown", 401, "Invalid token."),
        ("Token nul\x00", 401, "Invalid token."),
        ("Basic Zm9vOmJhcg==", 401, "Authentication credentials were not provided."),
    ],
)
def test_credentials_it_cannot_take_get_the_viewset_s_refusal(
    edge_cases, client, authorization, code, detail
):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    response = client.get(f"/api/claims/{edge_cases[1].pk}/", **headers)

    assert (response.status_code, response.json()) == (code, {"detail": detail})
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("form", ["token {key}", "TOKEN {key}", "Token  {key}", " Token {key} "])
def test_every_form_of_a_token_drf_takes_reads_the_claim(edge_cases, editor, client, form):
    key = Token.objects.get_or_create(user=editor)[0].key
    url = f"/api/claims/{edge_cases[1].pk}/"

    response = client.get(url, HTTP_AUTHORIZATION=form.format(key=key))

    assert response.status_code == 200
    assert response.json() == client_for(editor).get(url).json()
    assert "created_by" in response.json()


def test_an_inactive_user_s_token_is_refused(edge_cases):
    inactive = UserFactory(is_active=False)

    response = client_for(inactive).get(f"/api/claims/{edge_cases[1].pk}/")

    assert (response.status_code, response.json()) == (401, {"detail": "User inactive or deleted."})


@pytest.mark.parametrize("pk", ["0", "999999", str(2**63), "\u0661"])  # an Arabic-Indic digit one
def test_a_claim_that_does_not_exist_is_the_viewset_s_404(api, edge_cases, pk):
    response = api.get(f"/api/claims/{pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Claim matches the given query."}


def test_a_session_reader_is_read_through_the_viewset(edge_cases, editor, client):
    client.force_login(editor)

    response = client.get(f"/api/claims/{edge_cases[1].pk}/")

    assert response.status_code == 200
    assert "created_by" in response.json()  # signed in by the session, not anonymous


def test_a_deleted_claim_is_gone_from_its_plain_read(api, edge_cases):
    claim = edge_cases[1]
    assert api.get(f"/api/claims/{claim.pk}/").status_code == 200

    claim.delete()

    assert api.get(f"/api/claims/{claim.pk}/").status_code == 404
