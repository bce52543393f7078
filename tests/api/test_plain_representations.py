"""Sources, documents and the events list are represented directly, without a field object per
value: field for field what their serializers' declared fields give, on the demo desk and on
edge cases (independent sources, no outlet, undated records, no claims, a time zone)."""

import json
from datetime import UTC, datetime

import pytest
from django.test import override_settings
from rest_framework import serializers

from claims.api.serializers import (
    DocumentSerializer,
    EventSummarySerializer,
    SourceSerializer,
    SourceSummarySerializer,
)
from claims.events import attach_event_summaries
from claims.models import Document, Event, Source
from claims.querysets import attach_track_records
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EventFactory,
    QuantityFactory,
    SourceFactory,
)


def as_json(representation):
    return json.loads(json.dumps(representation, default=float))


def both_ways(serializer_class, records) -> tuple[list, list]:
    """(the representations as built, as DRF's fields would give them), as JSON reads them."""
    serializer = serializer_class(context={})
    built = [serializer.to_representation(record) for record in records]
    walked = [serializers.Serializer.to_representation(serializer, record) for record in records]
    return as_json(built), as_json(walked)


@pytest.fixture
def edge_cases(db):
    independent = SourceFactory(name="Independent monitor", party=None, kind="expert", url="")
    partisan = SourceFactory(
        name="Air Force", url="https://t.me/air_force", notes="Daily tallies.", reliability="B"
    )
    ClaimFactory(source=partisan, status="confirmed")
    ClaimFactory(source=partisan)
    DocumentFactory(outlet=None, published_at=None, title="")
    DocumentFactory(
        outlet=independent,
        published_at=datetime(2024, 11, 15, 6, 30, 0, 123456, tzinfo=UTC),
        language="uk",
        archived_url="https://web.archive.org/web/2024/x",
    )
    DocumentFactory(outlet=partisan)
    event = EventFactory(location="Odesa", description="Overnight.")
    QuantityFactory(claim=ClaimFactory(event=event, source=partisan), value=25)
    ClaimFactory(event=event, source=independent, side=None)
    EventFactory(occurred_on=None)


@pytest.mark.parametrize("desk", ["edge_cases", "demo"])
@pytest.mark.parametrize("zone", ["UTC", "Europe/Kyiv"])
def test_built_as_the_fields_give_them(db, request, desk, zone):
    request.getfixturevalue(desk)
    with override_settings(TIME_ZONE=zone):
        sources = list(Source.objects.select_related("party"))
        attach_track_records(sources)
        documents = list(Document.objects.select_related("outlet__party"))
        events = list(Event.objects.all())
        attach_event_summaries(events)

        for serializer_class, records in [
            (SourceSerializer, sources),
            (SourceSummarySerializer, sources),
            (DocumentSerializer, documents),
            (EventSummarySerializer, events),
        ]:
            built, walked = both_ways(serializer_class, records)
            assert built == walked, serializer_class.__name__
