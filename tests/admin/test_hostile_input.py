"""Posts and addresses a careless or hostile client can send the admin: each gets a form error or
a redirect with the error flag, never a server error, and writes nothing."""

import pytest

from claims.models import Claim
from tests.factories import ClaimFactory
from tests.helpers import CLAIM_ADD, CLAIMS_LIST, claim_form


@pytest.mark.parametrize(
    "params",
    [
        {"occurred_on__year": "9999"},
        {"occurred_on__year": "9999", "occurred_on__month": "12"},
        {"occurred_on__year": "9999", "occurred_on__month": "12", "occurred_on__day": "31"},
        {"occurred_on__year": "0"},
    ],
)
def test_a_date_drilldown_past_the_calendar_is_a_bad_filter(client, editor, params):
    ClaimFactory()
    client.force_login(editor)

    response = client.get(CLAIMS_LIST, params)

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("source", ["abc", "1.5", "²", "-1", "99999999999999999999"])
def test_a_claim_posted_with_a_source_that_is_no_id_is_a_form_error(
    client, editor, air_force, source
):
    client.force_login(editor)

    response = client.post(CLAIM_ADD, claim_form(air_force, source=source))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["source"]
    assert not Claim.objects.exists()


def test_a_million_forms_claimed_cost_no_more_than_a_hundred(client, editor, air_force):
    data = claim_form(air_force, {"value": "1"})
    data["quantities-TOTAL_FORMS"] = "1000000"
    client.force_login(editor)

    response = client.post(CLAIM_ADD, data)

    assert response.status_code == 200
    assert len(response.context["inline_admin_formsets"][0].formset.forms) <= 100
    assert not Claim.objects.exists()


@pytest.mark.parametrize("object_id", ["²", "١٢", "1e3", "-1"])
def test_a_history_address_that_is_no_id_is_not_found(client, superuser, object_id):
    client.force_login(superuser)

    response = client.get(f"/admin/claims/claim/{object_id}/history/")

    assert response.status_code in (302, 404)
