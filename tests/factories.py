"""factory_boy factories for the claims desk's models."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Party
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Party {n}")
    slug = factory.LazyAttribute(lambda party: party.name.lower().replace(" ", "-"))


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source

    name = factory.Sequence(lambda n: f"Source {n}")
    kind = "military"
    party = factory.SubFactory(PartyFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Document

    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = factory.SubFactory(SourceFactory, kind="media", party=None)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    title = factory.Sequence(lambda n: f"Incident {n}")
    occurred_on = factory.Faker("date_between", start_date="-1y", end_date="today")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Claim

    text = factory.Sequence(lambda n: f"Claim number {n} about drones.")
    source = factory.SubFactory(SourceFactory)
    topic = "air_defense"


class QuantityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quantity

    claim = factory.SubFactory(ClaimFactory)
    value = 25
    qualifier = "exact"
    item = "drone"
    outcome = "downed"


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ClaimLink

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)
    relation = "corroborates"
