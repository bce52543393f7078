"""One rule for deleted claims, in the API as in the admin: their history (and last state) is
for superusers and holders of "Can view claim history"; a live claim's history is for every
signed-in reader of the API, and in the admin for those who may view the claim."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import ClaimFactory, UserFactory
from tests.helpers import client_for


@pytest.fixture
def nobody(db):
    """A staff account in no group."""
    return UserFactory(username="nobody", is_staff=True)


@pytest.fixture
def historian(db):
    """In no group, but granted the permission to read deleted claims."""
    user = UserFactory(username="historian", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_claimhistory"))
    return user


@pytest.fixture
def chief(db):
    return UserFactory(username="chief", is_staff=True, is_superuser=True)


# role: (API on a live claim, API on a deleted claim, admin on a deleted claim)
ROLES = {
    "chief": (200, 200, 200),
    "historian": (200, 200, 200),
    "editor": (200, 403, 302),
    "verifier": (200, 403, 302),
    "viewer": (200, 403, 302),
    "nobody": (200, 403, 302),
}


@pytest.fixture
def claims(db):
    live, deleted = ClaimFactory(), ClaimFactory(text="Russian forces control Toretsk.")
    deleted_id = deleted.pk
    deleted.delete()
    return live.pk, deleted_id


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_a_live_claims_history_is_for_every_reader(request, claims, role, expected):
    live, _deleted = claims
    response = client_for(request.getfixturevalue(role)).get(f"/api/claims/{live}/history/")

    assert response.status_code == expected[0]


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_a_deleted_claims_history_needs_the_history_permission(request, claims, role, expected):
    _live, deleted = claims

    response = client_for(request.getfixturevalue(role)).get(f"/api/claims/{deleted}/history/")

    assert response.status_code == expected[1]
    if response.status_code == 403:
        assert "Toretsk" not in response.content.decode()
        assert "Can view claim history" in response.json()["detail"]
    else:
        assert "Toretsk" in response.content.decode()


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_the_admin_applies_the_same_rule(client, request, claims, role, expected):
    _live, deleted = claims
    client.force_login(request.getfixturevalue(role))

    response = client.get(f"/admin/claims/claim/{deleted}/history/")

    assert response.status_code == expected[2]
    assert ("Toretsk" in response.content.decode()) == (expected[2] == 200)
