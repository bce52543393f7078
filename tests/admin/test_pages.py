"""The admin's pages load for every role, each list page with a fixed number of queries however
long it is; viewers read everything and change nothing."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EventFactory,
    QuantityFactory,
    SourceFactory,
)
from tests.helpers import (
    AIR_FORCE_CLAIM,
    CLAIM_ADD,
    CLAIMS_LIST,
    claim_change_url,
    claim_form,
    existing_claim_form,
)

LIST_PAGES = ["claim", "source", "document", "event", "party", "claimlink", "review"]


# Lists and forms load for every role.


@pytest.mark.parametrize("role", ["editor", "verifier", "viewer"])
@pytest.mark.parametrize("model", LIST_PAGES)
def test_list_page_loads(client, demo, request, role, model):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(f"admin:claims_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["editor", "verifier", "viewer"])
@pytest.mark.parametrize("model", ["claim", "source", "document", "event", "party"])
def test_change_page_loads(client, demo, request, role, model):
    client.force_login(request.getfixturevalue(role))
    row = apps.get_model("claims", model).objects.first()
    response = client.get(reverse(f"admin:claims_{model}_change", args=[row.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["claim", "source", "document", "event"])
def test_add_page_loads_for_editor(client, editor, model):
    client.force_login(editor)
    assert client.get(reverse(f"admin:claims_{model}_add")).status_code == 200


# A fixed number of queries per list page, for one row as for a hundred.


# The count's two queries: unfiltered, the table's size estimate, then (under 10,000 rows) the
# bounded exact count; filtered, the planner's estimate, then (as it expects few rows) the same.
@pytest.mark.parametrize("params", [{}, {"status__exact": "unverified"}])
def test_claims_list_runs_the_same_queries_for_1_and_100_claims(client, editor, params):
    client.force_login(editor)

    def queries_for_list():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CLAIMS_LIST, params)
        assert response.status_code == 200
        return len(response.context["cl"].result_list), [query["sql"] for query in queries]

    event = EventFactory()
    QuantityFactory.create_batch(2, claim=ClaimFactory(event=event, occurred_on="2024-11-14"))
    shown, one_claim_queries = queries_for_list()
    assert shown == 1
    for day in range(99):
        claim = ClaimFactory(
            event=event,
            document=DocumentFactory(),
            occurred_on=datetime.date(2022, 1, 1) + datetime.timedelta(days=9 * day),
        )
        QuantityFactory.create_batch(2, claim=claim)
    shown, hundred_claims_queries = queries_for_list()
    assert shown == 100

    assert len(hundred_claims_queries) == len(one_claim_queries)
    # 1-4. the session, the user, the user's own and their groups' permissions;
    # 5-6. the side filter's parties, the event filter's recent events;
    # 7-8. the count (above);
    # 9-10. the page of claims with source and side joined, their quantities;
    # 11-12. the date drill-down: the first and last date, one query of per-period probes.
    assert len(one_claim_queries) == 12, "\n".join(one_claim_queries)


@pytest.mark.parametrize("model", ["source", "document", "event"])
def test_reference_lists_run_the_same_queries_for_1_and_30_rows(client, editor, model):
    client.force_login(editor)
    url = reverse(f"admin:claims_{model}_changelist")
    factory = {"source": SourceFactory, "document": DocumentFactory, "event": EventFactory}[model]

    def query_count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(response.context["cl"].result_list), len(queries)

    ClaimFactory(**{model: factory()})
    shown, one_row = query_count()
    for row in factory.create_batch(29):
        # Claims in several statuses: the sources' track record counts them in the same query.
        ClaimFactory.create_batch(2, **{model: row})
        ClaimFactory(status="confirmed", **{model: row})
        ClaimFactory(status="refuted", **{model: row})
    shown_many, many_rows = query_count()
    assert shown_many > shown
    assert many_rows == one_row


# Read-only roles: model permissions decide.


def test_viewer_sees_a_claim_read_only(client, demo, viewer):
    client.force_login(viewer)
    claim = Claim.objects.get(text=AIR_FORCE_CLAIM)
    response = client.get(claim_change_url(claim))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="text"' not in page
    assert 'name="_save"' not in page
    assert "25 of 30 drones downed" in page
    assert "Unverified" in page


def test_viewer_cannot_change_a_claim(client, demo, viewer):
    client.force_login(viewer)
    claim = Claim.objects.get(text=AIR_FORCE_CLAIM)
    response = client.post(claim_change_url(claim), existing_claim_form(claim, text="Edited."))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.text == AIR_FORCE_CLAIM


def test_viewer_cannot_add_a_claim(client, air_force, viewer):
    client.force_login(viewer)
    assert client.get(CLAIM_ADD).status_code == 403
    assert client.post(CLAIM_ADD, claim_form(air_force)).status_code == 403
    assert not Claim.objects.exists()


def test_editor_has_no_bulk_actions(client, editor):
    ClaimFactory()
    client.force_login(editor)
    response = client.get(CLAIMS_LIST)
    assert response.context["action_form"] is None
