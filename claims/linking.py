"""Links between claims: which may exist (never to the claim itself, at most one per pair and
relation whichever end it was made from), and recording one. The admin and the API both ask here.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.models import Claim, ClaimLink


def constraint_message(name: str) -> str:
    """The message of one of ClaimLink's constraints, so every face of the rule says the same."""
    for constraint in ClaimLink._meta.constraints:
        if constraint.name == name:
            return str(constraint.violation_error_message)
    raise LookupError(name)


def already_linked(link: ClaimLink) -> str:
    unique_pair = constraint_message("claimlink_unique_pair").rstrip(".")
    return (
        f"{unique_pair}: link {link.pk}, claim {link.from_claim_id} {link.relation} "
        f"claim {link.to_claim_id}."
    )


def existing_links(claim: Claim, proposed: Iterable[tuple[int, str]]) -> dict:
    """The links already stored, from either end, for proposed (other claim's id, relation)
    pairs of `claim`: one query for all of them, keyed by the pair."""
    proposed = set(proposed)
    if claim.pk is None or not proposed:
        return {}
    others = {other for other, _relation in proposed}
    links = ClaimLink.objects.filter(
        Q(from_claim=claim, to_claim__in=others) | Q(to_claim=claim, from_claim__in=others),
        relation__in={relation for _other, relation in proposed},
    )
    found = {}
    for link in links:
        other = link.to_claim_id if link.from_claim_id == claim.pk else link.from_claim_id
        if (other, link.relation) in proposed:
            found[other, link.relation] = link
    return found


def link_error(claim: Claim, other_id: int, existing: ClaimLink | None = None) -> str | None:
    """Why a link from `claim` to the claim `other_id` may not be made, or None: to itself, or
    (with `existing`, from `existing_links`) a link of that kind already stored."""
    if other_id == claim.pk:
        return constraint_message("claimlink_not_self")
    if existing is not None:
        return already_linked(existing)
    return None


def save_link(link: ClaimLink, *, user=None) -> ClaimLink:
    """Record a new link, stamped with who made it, or save a changed one.

    Callers check `link_error` first, for a message at the right field; should the same link be
    saved by two requests at once, the loser's constraint violation is a ValidationError on
    `to_claim` here, never a server error.
    """
    if link.pk is None and user is not None and user.is_authenticated:
        link.created_by = user
    try:
        # A savepoint: the violation fails this save, not the caller's whole transaction.
        with transaction.atomic():
            link.save()
    except IntegrityError as error:
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
        if constraint not in ("claimlink_unique_pair", "claimlink_not_self"):
            raise
        raise ValidationError({"to_claim": constraint_message(constraint)}) from None
    return link
