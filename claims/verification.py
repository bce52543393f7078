"""The verification workflow: a claim's status changes only through a review, and only along
the transitions written down here."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from claims.models import Claim, StaleClaimError, Status

VERIFY_PERMISSION = "claims.verify_claim"

# Where a claim may go from each status. A review always changes the status; `retracted`
# (withdrawn by its source) can only be reopened, e.g. when the retraction itself was a mistake.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.UNVERIFIED: frozenset(
        {Status.CORROBORATED, Status.CONFIRMED, Status.DISPUTED, Status.REFUTED, Status.RETRACTED}
    ),
    Status.CORROBORATED: frozenset(
        {Status.UNVERIFIED, Status.CONFIRMED, Status.DISPUTED, Status.REFUTED, Status.RETRACTED}
    ),
    Status.DISPUTED: frozenset(
        {Status.UNVERIFIED, Status.CORROBORATED, Status.CONFIRMED, Status.REFUTED, Status.RETRACTED}
    ),
    Status.CONFIRMED: frozenset({Status.DISPUTED, Status.REFUTED, Status.RETRACTED}),
    Status.REFUTED: frozenset({Status.DISPUTED, Status.CONFIRMED, Status.RETRACTED}),
    Status.RETRACTED: frozenset({Status.UNVERIFIED}),
}


def can_verify(user) -> bool:
    return bool(user and user.is_active and user.has_perm(VERIFY_PERMISSION))


def allowed_statuses(current: str) -> list[str]:
    """The statuses a review may move a claim to from `current`, in the order of Status."""
    return [status for status in Status.values if status in TRANSITIONS[current]]


def check_transition(current: str, new: str) -> None:
    """Raise ValidationError (on `status`) unless a review may move a claim from current to new."""
    if new not in Status.values:
        raise ValidationError({"status": f"Unknown status {new!r}."})
    allowed = ", ".join(allowed_statuses(current))
    if new == current:
        raise ValidationError(
            {"status": f"The claim is already {current}; it can become: {allowed}."}
        )
    if new not in TRANSITIONS[current]:
        raise ValidationError(
            {"status": f"A {current} claim cannot become {new}; it can become: {allowed}."}
        )


@transaction.atomic
def review_claim(
    claim: Claim,
    *,
    reviewer,
    status: str,
    rationale: str,
    evidence_urls: Iterable[str] = (),
    expected_version: int | None = None,
):
    """Record one verification decision and move the claim to its new status, atomically.

    Raises PermissionDenied without the verify permission, ValidationError for a missing
    rationale or a transition TRANSITIONS does not allow, and StaleClaimError when the claim
    changed since the reviewer saw it at `expected_version`.
    """
    if not can_verify(reviewer):
        raise PermissionDenied("Reviewing claims needs the verify permission (group Verifiers).")
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError({"rationale": "Say why: a review needs a rationale."})
    # Lock the row: two verifiers reviewing at once are serialized, the second sees the first.
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleClaimError(f"Claim {claim.pk} was changed by someone else.")
    check_transition(locked.status, status)
    review = locked.reviews.create(
        old_status=locked.status,
        new_status=status,
        rationale=rationale,
        evidence_urls=list(evidence_urls),
        reviewer=reviewer,
    )
    locked.status = status
    locked.updated_by = reviewer
    locked.save(update_fields=["status", "updated_by"])
    claim.status, claim.version, claim.updated_by = locked.status, locked.version, reviewer
    return review


def imported_reviews(claims: Iterable[Claim], *, reviewer, rationale: str) -> list:
    """The reviews that give imported claims the status their file gave them (claims created
    with it, by a verifier's import): one per claim not `unverified`, from `unverified`, which
    may become any other status. Saved by the caller, with the claims."""
    from claims.models import Review

    if not can_verify(reviewer):
        raise PermissionDenied("Importing claims with a status needs the verify permission.")
    return [
        Review(
            claim=claim,
            old_status=Status.UNVERIFIED,
            new_status=claim.status,
            rationale=rationale,
            reviewer=reviewer,
        )
        for claim in claims
        if claim.status != Status.UNVERIFIED
    ]
