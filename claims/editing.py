"""Writing a claim: the claim and its quantities change together, in one transaction, or not at all.

The API calls this for every create and update; the admin can call it too, so a claim is written
one way whatever the path.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Claim, Quantity
from claims.quantities import extract_quantities


def proposed_quantities(text: str) -> list[dict[str, Any]]:
    """The quantities the extractor finds in `text`, as Quantity field values, in text order.

    Only proposals the Quantity model can store are kept (a figure with more than two decimals,
    or a total below its value, is left for the editor to enter), so saving them never fails.
    """
    proposals = []
    for extracted in extract_quantities(text):
        fields = extracted.as_dict()
        if storable_quantity(fields):
            proposals.append(fields)
    return proposals


def storable_quantity(fields: Mapping[str, Any]) -> bool:
    """Whether a Quantity with these values passes its field checks and its table constraints."""
    quantity = Quantity(**fields)
    try:
        quantity.clean_fields(exclude=["claim"])
    except ValidationError:
        return False
    value, upper, of_total = quantity.value, quantity.upper, quantity.of_total
    # The Meta.constraints of Quantity, checked here without a query per constraint.
    return (
        (upper is None or upper >= value)
        and (of_total is None or of_total >= value)
        and (quantity.qualifier != "range" or upper is not None)
    )


def save_claim(
    claim: Claim,
    changes: Mapping[str, Any],
    *,
    quantities: Iterable[Mapping[str, Any]] | None = None,
    extract: bool = False,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> Claim:
    """Apply `changes` (field name to value) to `claim` and save it, recording who did it.

    `quantities`, when given, replace the claim's quantities as a whole (an empty list removes
    them all); None leaves them as they are, or, with `extract`, replaces them with the ones
    proposed from the claim's text (see `proposed_quantities`); with `extract`,
    `claim.quantities_extracted` then says whether they were. A side left empty is the source's
    party (see `Claim.save`).
    """
    editor = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        for name, value in changes.items():
            setattr(claim, name, value)
        if claim.pk is None:
            claim.created_by = editor
        claim.updated_by = editor
        claim.save()
        if extract:
            claim.quantities_extracted = quantities is None
            if claim.quantities_extracted:
                quantities = proposed_quantities(claim.text)
        if quantities is not None:
            claim.quantities.all().delete()
            Quantity.objects.bulk_create(Quantity(claim=claim, **fields) for fields in quantities)
    return claim
