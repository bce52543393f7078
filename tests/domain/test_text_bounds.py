"""PostgreSQL holds every text bound and the cap on quantities, whatever writes the rows: an
`update()`, raw SQL, an import, a script."""

import pytest
from django.apps import apps
from django.db import DataError, IntegrityError, connection, models, transaction

from claims.models import MAX_QUANTITIES, Claim, Quantity
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    DocumentFactory,
    EventFactory,
    PartyFactory,
    QuantityFactory,
    SourceFactory,
    UserFactory,
)


def desk_models():
    """The desk's own tables (not the audit history's copies of them)."""
    return [
        model
        for model in apps.get_app_config("claims").get_models()
        if not model.__name__.endswith("History")
    ]


def text_fields():
    return [
        (model, field)
        for model in desk_models()
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices
    ]


def test_every_text_of_the_desk_is_bounded():
    assert [
        f"{model.__name__}.{field.name}" for model, field in text_fields() if not field.max_length
    ] == []


def one_row_of(model):
    if model.__name__ == "ClaimImport":
        return model.objects.create(
            name="wire.csv", format="csv", checksum="0" * 64, created_by=UserFactory()
        )
    if model.__name__ == "ImportUpload":
        return model.objects.create(name="wire.csv", content=b"text", uploaded_by=UserFactory())
    if model.__name__ == "Review":
        claim = ClaimFactory()
        return claim.reviews.create(
            old_status="unverified",
            new_status="corroborated",
            rationale="Seen.",
            reviewer=UserFactory(),
        )
    factory = {
        "Party": PartyFactory,
        "Source": SourceFactory,
        "Document": DocumentFactory,
        "Event": EventFactory,
        "Claim": ClaimFactory,
        "Quantity": QuantityFactory,
        "ClaimLink": ClaimLinkFactory,
    }[model.__name__]
    return factory()


@pytest.mark.parametrize(
    ("model", "field"),
    text_fields(),
    ids=[f"{model.__name__}.{field.name}" for model, field in text_fields()],
)
def test_the_database_refuses_a_text_past_its_bound(db, model, field):
    row = one_row_of(model)
    bound = field.max_length
    value = "https://example.org/" + "a" * bound if "url" in field.name else "a" * (bound + 1)

    with pytest.raises((DataError, IntegrityError)), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field.attname: value})

    model.objects.filter(pk=row.pk).update(**{field.attname: value[:bound]})


def test_the_database_refuses_a_review_with_too_many_evidence_urls(db):
    review = one_row_of(apps.get_model("claims", "Review"))

    with pytest.raises(IntegrityError), transaction.atomic():
        type(review).objects.filter(pk=review.pk).update(
            evidence_urls=[f"https://example.org/{n}" for n in range(51)]
        )


def test_the_database_caps_the_quantities_of_a_claim(db):
    claim = ClaimFactory()
    Quantity.objects.bulk_create(Quantity(claim=claim, value=n) for n in range(MAX_QUANTITIES))

    with pytest.raises(IntegrityError, match="at most 100 quantities"), transaction.atomic():
        Quantity.objects.create(claim=claim, value=1)

    assert Quantity.objects.filter(claim=claim).count() == MAX_QUANTITIES


def test_the_cap_holds_for_quantities_moved_to_another_claim(db):
    full, other = ClaimFactory(), ClaimFactory()
    Quantity.objects.bulk_create(Quantity(claim=full, value=n) for n in range(MAX_QUANTITIES))
    moved = QuantityFactory(claim=other)

    with pytest.raises(IntegrityError), transaction.atomic():
        Quantity.objects.filter(pk=moved.pk).update(claim=full)


def test_the_cap_holds_for_raw_sql(db):
    claim = ClaimFactory()

    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO claims_quantity (claim_id, value, qualifier, item, outcome) "
            "SELECT %s, n, 'exact', '', '' FROM generate_series(1, %s) AS n",
            [claim.pk, MAX_QUANTITIES + 1],
        )

    assert not Claim.objects.get(pk=claim.pk).quantities.exists()
