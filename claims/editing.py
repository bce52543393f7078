"""Writing a claim: the claim and its quantities change together, in one transaction, or not at all.

The API calls this for every create and update; the admin can call it too, so a claim is written
one way whatever the path.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from claims.models import Claim, Quantity


def save_claim(
    claim: Claim,
    changes: Mapping[str, Any],
    *,
    quantities: Iterable[Mapping[str, Any]] | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
) -> Claim:
    """Apply `changes` (field name to value) to `claim` and save it, recording who did it.

    `quantities`, when given, replace the claim's quantities as a whole (an empty list removes
    them all); None leaves them as they are. A side left empty is the source's party (see
    `Claim.save`).
    """
    editor = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        for name, value in changes.items():
            setattr(claim, name, value)
        if claim.pk is None:
            claim.created_by = editor
        claim.updated_by = editor
        claim.save()
        if quantities is not None:
            claim.quantities.all().delete()
            Quantity.objects.bulk_create(Quantity(claim=claim, **fields) for fields in quantities)
    return claim
