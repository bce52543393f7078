"""The claims list's "Export these claims": a CSV of exactly what the list shows with its filters,
search and order (every page), for every role that can view claims."""

import csv
import io

import pytest
from django.urls import reverse

from claims.exports import CLAIM_COLUMNS
from claims.models import Claim
from tests.factories import ClaimFactory, UserFactory
from tests.helpers import CLAIMS_LIST

EXPORT = reverse("admin:claims_claim_export")


def exported(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def listed(client, query: str) -> list[int]:
    """Every claim the list shows for this query, in its order, all pages together."""
    response = client.get(f"{CLAIMS_LIST}?{query}")
    assert response.status_code == 200
    return list(response.context["cl"].queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("role", ["viewer", "editor", "verifier"])
def test_every_role_that_views_claims_exports_them(client, demo, request, role):
    client.force_login(request.getfixturevalue(role))

    rows = exported(client.get(EXPORT))
    assert list(rows[0]) == CLAIM_COLUMNS
    assert [int(row["id"]) for row in rows] == listed(client, "")
    assert len(rows) == Claim.objects.count()


def test_the_list_links_to_the_export_of_what_it_shows(client, demo, viewer):
    client.force_login(viewer)

    page = client.get(CLAIMS_LIST, {"side__id__exact": "2", "q": "drones"}).content.decode()
    assert f'<a href="{EXPORT}?q=drones&amp;side__id__exact=2">Export these claims</a>' in page


@pytest.mark.parametrize(
    "query",
    [
        "side__id__exact=2",
        "status__exact=unverified&topic__exact=casualties",
        "source__kind__exact=expert",
        "event__id__exact=1",
        "q=drones",
        "q=%22cruise%20missile%22",
        "q=Odesa&o=6",
        "o=-6",
        "occurred_on__year=2024&occurred_on__month=11&occurred_on__day=14",
    ],
)
def test_export_holds_exactly_what_the_filters_and_search_show(client, demo, viewer, query):
    client.force_login(viewer)

    rows = exported(client.get(f"{EXPORT}?{query}"))
    assert [int(row["id"]) for row in rows] == listed(client, query)


def test_export_holds_every_page(client, viewer):
    ClaimFactory.create_batch(120)  # more than a page of the list (100)
    client.force_login(viewer)

    assert len(exported(client.get(EXPORT))) == 120


def test_export_for_excel_starts_with_a_byte_order_mark(client, demo, viewer):
    client.force_login(viewer)

    response = client.get(EXPORT, {"bom": "true", "side__id__exact": "2"})
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbfid,text,")


def test_export_names_who_recorded_each_claim(client, editor, viewer):
    ClaimFactory(created_by=editor)
    client.force_login(viewer)

    (row,) = exported(client.get(EXPORT))
    assert row["created_by"] == "editor"


def test_invalid_filter_is_a_400(client, demo, viewer):
    client.force_login(viewer)

    assert client.get(EXPORT, {"side__id__exact": "abc"}).status_code == 400
    assert client.get(EXPORT, {"no_such_field": "1"}).status_code == 400


def test_signed_out_visitors_are_sent_to_the_login(client, demo):
    response = client.get(EXPORT)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_a_role_cannot_export(client, demo):
    client.force_login(UserFactory(username="intern", is_staff=True))

    assert client.get(EXPORT).status_code == 403


def test_export_queries_do_not_grow_with_the_claims(client, viewer, django_assert_max_num_queries):
    ClaimFactory.create_batch(5)
    client.force_login(viewer)
    with django_assert_max_num_queries(20) as few:
        exported(client.get(EXPORT))
    ClaimFactory.create_batch(50)
    with django_assert_max_num_queries(len(few.captured_queries)):
        exported(client.get(EXPORT))
