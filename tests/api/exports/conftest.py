"""Fixtures of the export tests: the demo desk read by a viewer, and claims a verifier reviewed."""

import pytest

from claims.models import Claim, Status
from claims.verification import review_claim
from tests.helpers import client_for


@pytest.fixture
def api(viewer, demo):
    return client_for(viewer)


@pytest.fixture
def reviewed(demo, verifier):
    """A few demo claims reviewed by a verifier, one per status a review can give."""
    statuses = [status for status in Status.values if status != Status.UNVERIFIED]
    claims = Claim.objects.order_by("id")[: len(statuses)]
    for claim, status in zip(claims, statuses, strict=True):
        review_claim(claim, reviewer=verifier, status=status, rationale=f"Checked: {status}.")
    return dict(zip(statuses, [claim.pk for claim in claims], strict=True))
