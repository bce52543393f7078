"""The claims' read path builds, field for field, what ClaimSerializer shows: on the demo desk
and on the edge cases (nulls, no quantities, records deleted from under a claim), for the desk
and for anonymous readers."""

import json

from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from claims.api.serializers import ClaimSerializer
from claims.models import Claim


def serialized(claims, user=None) -> list[dict]:
    """What the serializer makes of the claims, as JSON reads it."""
    request = APIRequestFactory().get("/api/claims/")
    if user is not None:
        force_authenticate(request, user)
        request.user = user
    else:
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    queryset = Claim.objects.for_display().select_related("created_by", "updated_by")
    data = ClaimSerializer(
        [queryset.get(pk=claim.pk) for claim in claims], many=True, context={"request": request}
    ).data
    return json.loads(json.dumps(data, default=float))


def listed(client) -> dict[int, dict]:
    response = client.get("/api/claims/", {"page_size": 500})
    assert response.status_code == 200
    return {claim["id"]: claim for claim in response.json()["results"]}


def test_the_list_shows_what_the_serializer_does_for_the_demo_desk(demo, editor):
    claims = list(Claim.objects.all())

    shown = listed(APIClient(HTTP_AUTHORIZATION=token_of(editor)))

    assert [shown[claim["id"]] for claim in serialized(claims, editor)] == serialized(
        claims, editor
    )
    assert len(shown) == len(claims) == 28


def test_the_edge_cases_read_as_the_serializer_gives_them(edge_cases, editor):
    shown = listed(APIClient(HTTP_AUTHORIZATION=token_of(editor)))

    for expected in serialized(edge_cases, editor):
        assert shown[expected["id"]] == expected
        assert list(shown[expected["id"]]) == list(expected)  # the fields in the same order
    full = shown[edge_cases[1].pk]
    assert full["claimed_at"] == "2024-11-15T06:30:00.123456Z"
    assert full["latitude"] == 46.4825
    assert [q["summary"] for q in full["quantities"]] == [
        "25 of 30 drones downed",
        "10 to 15 people downed",
        "at least 2.5 km2 downed",
        "9,999,999,999,999.99 hryvnias downed",
        "0.01 to 0.1 drones downed",
    ]
    assert [q["value"] for q in full["quantities"]][-2:] == [9999999999999.99, 0.01]
    orphaned = shown[edge_cases[2].pk]
    assert orphaned["document"]["outlet"] is None
    assert (orphaned["created_by"], orphaned["updated_by"]) == (None, None)


def test_a_claim_reads_alike_in_the_list_and_on_its_own(edge_cases, editor):
    client = APIClient(HTTP_AUTHORIZATION=token_of(editor))

    for expected in serialized(edge_cases, editor):
        response = client.get(f"/api/claims/{expected['id']}/")
        assert response.json() == expected
        assert response["ETag"].startswith(f'"{expected["id"]}-{expected["version"]}-')


def test_anonymous_readers_see_what_the_serializer_shows_them(edge_cases, settings):
    settings.PUBLIC_READ = True

    shown = listed(APIClient())

    for expected in serialized(edge_cases):
        assert shown[expected["id"]] == expected
        assert "created_by" not in shown[expected["id"]]


def token_of(user) -> str:
    from rest_framework.authtoken.models import Token

    return f"Token {Token.objects.get_or_create(user=user)[0].key}"


def test_times_read_in_the_desk_s_time_zone_as_the_serializer_writes_them(
    edge_cases, editor, settings
):
    settings.TIME_ZONE = "Europe/Kyiv"

    shown = listed(APIClient(HTTP_AUTHORIZATION=token_of(editor)))

    full = serialized([edge_cases[1]], editor)[0]
    assert shown[full["id"]] == full
    assert full["claimed_at"] == "2024-11-15T08:30:00.123456+02:00"
