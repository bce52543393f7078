"""Who may read and write over the API: tokens, sessions, the three groups and PUBLIC_READ."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim, Source
from tests.factories import ClaimFactory, SourceFactory, UserFactory
from tests.helpers import token_client

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
RESOURCES = ["claims", "sources", "parties", "documents", "events"]


def test_token_for_username_and_password(editor):
    response = APIClient().post(
        "/api/auth/token/", {"username": "editor", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=editor).key}


def test_token_works_as_authorization_header(editor):
    token = APIClient().post(
        "/api/auth/token/", {"username": "editor", "password": PASSWORD}, format="json"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")

    assert client.get("/api/claims/").status_code == 200


def test_token_from_a_form_post(editor):
    response = APIClient().post(
        "/api/auth/token/", {"username": "editor", "password": PASSWORD}, format="multipart"
    )

    assert response.status_code == 200
    assert "token" in response.json()


def test_wrong_password_is_400_without_a_token(editor):
    response = APIClient().post(
        "/api/auth/token/", {"username": "editor", "password": "wrong"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert not Token.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{}, {"username": "editor"}, {"username": ["editor"], "password": PASSWORD}],
)
def test_incomplete_token_request_is_400(editor, body):
    response = APIClient().post("/api/auth/token/", body, format="json")

    assert response.status_code == 400


def test_token_request_nested_too_deeply_is_400(db):
    response = APIClient().post("/api/auth/token/", b"[" * 100_000, content_type="application/json")

    assert response.status_code == 400


def test_token_request_with_unpaired_surrogate_is_400(db):
    response = APIClient().post(
        "/api/auth/token/",
        b'{"username": "\\ud800", "password": "x"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "username" in response.json()


@pytest.mark.parametrize("resource", RESOURCES)
def test_missing_credentials_are_401_with_www_authenticate(db, resource):
    response = APIClient().get(f"/api/{resource}/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_invalid_token_is_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    response = client.get("/api/claims/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_a_deactivated_user_s_token_is_refused_at_once(viewer):
    client = token_client(viewer)
    assert client.get("/api/claims/").status_code == 200
    viewer.is_active = False
    viewer.save(update_fields=["is_active"])

    response = client.get("/api/claims/")

    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


def test_a_token_with_a_nul_character_is_invalid_not_a_500(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token abc\x00def")

    response = client.get("/api/claims/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_the_token_s_user_is_the_request_s_user(editor):
    response = token_client(editor).get("/api/claims/?page_size=1")

    assert response.wsgi_request.user == editor
    assert response.wsgi_request.user.has_perm("claims.add_claim")


def test_revoked_token_stops_working(viewer):
    client = token_client(viewer)
    Token.objects.filter(user=viewer).delete()

    assert client.get("/api/claims/").status_code == 401


@pytest.mark.parametrize("resource", RESOURCES)
def test_signed_in_user_reads_every_resource(resource, db):
    nobody = UserFactory(username="nobody")  # in no group: reading needs only an account

    assert token_client(nobody).get(f"/api/{resource}/").status_code == 200


def test_session_authentication_works_for_the_browsable_api(editor):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.get("/api/claims/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert b"Claim List" in response.content


def test_session_writes_need_the_csrf_token(editor):
    source = SourceFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post("/api/claims/", {"text": "x", "source": source.pk}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_viewer_cannot_write(viewer):
    source = SourceFactory()

    response = token_client(viewer).post(
        "/api/claims/", {"text": "Drones downed.", "source": source.pk}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert not Claim.objects.exists()


@pytest.mark.parametrize("group", ["Editors", "Verifiers"])
def test_editors_and_verifiers_write_claims_and_sources(db, group):
    client = token_client(UserFactory(username="desk", groups=[group]))

    source = client.post("/api/sources/", {"name": "Ukrainian Navy"}, format="json")
    claim = client.post(
        "/api/claims/", {"text": "Ships hit.", "source": source.json()["id"]}, format="json"
    )

    assert source.status_code == 201
    assert claim.status_code == 201


def test_editors_cannot_edit_parties(editor):
    response = token_client(editor).post(
        "/api/parties/", {"name": "Belarus", "slug": "belarus"}, format="json"
    )

    assert response.status_code == 403


def test_anonymous_cannot_read_without_public_read(db, settings):
    settings.PUBLIC_READ = False

    assert APIClient().get("/api/claims/").status_code == 401


def test_public_read_lets_anonymous_clients_read(db, settings):
    settings.PUBLIC_READ = True
    claim = ClaimFactory()

    listing = APIClient().get("/api/claims/")
    detail = APIClient().get(f"/api/claims/{claim.pk}/")

    assert listing.status_code == 200
    assert detail.status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_read_never_lets_anonymous_clients_write(db, settings, method):
    settings.PUBLIC_READ = True
    source = SourceFactory(name="Before")

    response = getattr(APIClient(), method)(
        f"/api/sources/{source.pk}/" if method != "post" else "/api/sources/",
        {"name": "After"},
        format="json",
    )

    assert response.status_code == 401
    assert Source.objects.get().name == "Before"


def test_anonymous_readers_do_not_see_who_edited(db, settings, editor):
    settings.PUBLIC_READ = True
    claim = ClaimFactory(created_by=editor, updated_by=editor)

    detail = APIClient().get(f"/api/claims/{claim.pk}/").json()
    listed = APIClient().get("/api/claims/").json()["results"][0]

    for body in (detail, listed):
        assert "created_by" not in body
        assert "updated_by" not in body
    assert token_client(editor).get(f"/api/claims/{claim.pk}/").json()["created_by"] == "editor"


def test_tokens_are_managed_in_the_admin(admin_client, editor):
    Token.objects.create(user=editor)

    index = admin_client.get("/admin/")
    tokens = admin_client.get("/admin/authtoken/tokenproxy/")

    assert b"/admin/authtoken/tokenproxy/" in index.content
    assert tokens.status_code == 200
    assert b"editor" in tokens.content


@pytest.mark.parametrize("resource", RESOURCES)
def test_options_describe_each_resource(editor, resource):
    response = token_client(editor).options(f"/api/{resource}/")

    assert response.status_code == 200
    assert response.json()["name"]
