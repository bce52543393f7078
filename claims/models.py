"""The claims desk's domain model: parties, sources, documents, events, claims and their numbers.

Rules about the data live here as PostgreSQL constraints and triggers, so they hold whatever path
a write takes (the admin, the API, a bulk update, raw SQL).
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least, Lower
from django.urls import reverse

from claims.documents import normalize_url
from claims.querysets import ClaimQuerySet, SourceQuerySet


class StaleClaimError(Exception):
    """Someone else saved the claim after this copy of it was read: saving would overwrite them."""


def audited(**options):
    """Record every insert, update and delete of the model, with who and what changed.

    PostgreSQL triggers (django-pghistory) write the history, so the admin, the API, bulk
    `update()` calls and raw SQL are all captured; a deleted row keeps its last state.
    """
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **options
    )


def _choices_check(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


# A claim's search vector is kept by PostgreSQL: one expression, used by the claim's own trigger
# and by the source's trigger that refreshes its claims when the source is renamed.
SEARCH_VECTOR_SQL = """
    setweight(to_tsvector('english', coalesce({text}, '')), 'A')
    || setweight(to_tsvector('english', coalesce({quote}, '')), 'B')
    || setweight(to_tsvector('english', coalesce({source_name}, '')), 'C')
"""


@audited(model_name="PartyHistory")
class Party(models.Model):
    """A side in a conflict. Parties are data: another conflict adds its own."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"

    def __str__(self):
        return self.name


class SourceKind(models.TextChoices):
    MILITARY = "military", "Military"
    GOVERNMENT = "government", "Government"
    OFFICIAL = "official", "Official"
    MEDIA = "media", "Media"
    SOCIAL_CHANNEL = "social_channel", "Social channel"
    EXPERT = "expert", "Expert"
    NGO = "ngo", "NGO"
    COLLECTIVE = "collective", "Collective"
    OTHER = "other", "Other"


class Reliability(models.TextChoices):
    # The Admiralty (NATO) scale for source reliability.
    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


@audited(model_name="SourceHistory")
class Source(models.Model):
    """Who makes claims: a command, a ministry, an official, a channel, an outlet, an expert."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.OTHER)
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        help_text="The side this source speaks for; empty for independent sources.",
    )
    reliability = models.CharField(max_length=1, choices=Reliability.choices, default=Reliability.F)
    url = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="source_name_unique_ci",
                violation_error_message="A source with this name already exists.",
            ),
            _choices_check("kind", SourceKind, "source_kind_valid"),
            _choices_check("reliability", Reliability, "source_reliability_valid"),
        ]
        triggers = [
            # Claims are searched by their source's name too: a rename refreshes their vectors.
            pgtrigger.Trigger(
                name="source_rename_refreshes_claims",
                when=pgtrigger.After,
                operation=pgtrigger.UpdateOf("name"),
                func="UPDATE claims_claim SET search_vector = "
                + SEARCH_VECTOR_SQL.format(text="text", quote="quote", source_name="NEW.name")
                + " WHERE source_id = NEW.id; RETURN NULL;",
            ),
        ]

    def __str__(self):
        return self.name


@audited(model_name="DocumentHistory")
class Document(models.Model):
    """Where a claim was published or relayed: an article, a post, a briefing transcript."""

    url = models.URLField(max_length=1000, unique=True, help_text="Normalized when saved.")
    title = models.CharField(max_length=500, blank=True)
    outlet = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text="The outlet that published it.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True, help_text="A language tag: en, uk, ru.")
    archived_url = models.URLField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title or self.url

    def save(self, *args, **kwargs):
        self.url = normalize_url(self.url)
        super().save(*args, **kwargs)


@audited(model_name="EventHistory")
class Event(models.Model):
    """One incident that several claims are about."""

    title = models.CharField(max_length=300)
    occurred_on = models.DateField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["occurred_on", "id"], name="event_occurred_idx")]

    def __str__(self):
        return f"{self.title} ({self.occurred_on:%d %b %Y})" if self.occurred_on else self.title


class Status(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    CORROBORATED = "corroborated", "Corroborated"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    REFUTED = "refuted", "Refuted"
    RETRACTED = "retracted", "Retracted"


class Topic(models.TextChoices):
    AIR_DEFENSE = "air_defense", "Air defense"
    STRIKE = "strike", "Strike"
    CASUALTIES = "casualties", "Casualties"
    TERRITORY = "territory", "Territory"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    DIPLOMACY = "diplomacy", "Diplomacy"
    OTHER = "other", "Other"


@audited(
    model_name="ClaimHistory",
    exclude=["search_vector"],
    # The admin's "Deleted claims" list reads the delete events, newest first.
    meta={
        "indexes": [
            models.Index(
                fields=["pgh_label", "-pgh_created_at", "-pgh_id"], name="claimhistory_label_idx"
            )
        ]
    },
)
class Claim(models.Model):
    """One checkable statement, attributed to its source and the side that source speaks for."""

    text = models.TextField(help_text="The claim as a standalone sentence.")
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="claims",
        help_text="Who made the claim.",
    )
    side = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="The side the claimant speaks for; filled from the source when left empty.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.OTHER)
    occurred_on = models.DateField(
        null=True, blank=True, help_text="The date of what the claim is about."
    )
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When it was stated.")
    location = models.CharField(max_length=300, blank=True)
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Where the editor read it.",
    )
    quote = models.TextField(blank=True, help_text="The verbatim passage from the document.")
    version = models.PositiveIntegerField(default=1, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("verify_claim", "Can verify claims (review and change their status)")]
        indexes = [
            models.Index(fields=["created_at", "id"], name="claim_created_idx"),
            models.Index(fields=["occurred_on", "id"], name="claim_occurred_idx"),
            models.Index(fields=["claimed_at", "id"], name="claim_claimed_idx"),
            models.Index(fields=["status", "created_at"], name="claim_status_idx"),
            # A source's track record: its claims counted by status.
            models.Index(fields=["source", "status"], name="claim_source_status_idx"),
            models.Index(fields=["topic", "created_at"], name="claim_topic_idx"),
            GinIndex(fields=["search_vector"], name="claim_search_idx"),
        ]
        constraints = [
            _choices_check("status", Status, "claim_status_valid"),
            _choices_check("topic", Topic, "claim_topic_valid"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90) | Q(latitude__isnull=True),
                name="claim_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180) | Q(longitude__isnull=True),
                name="claim_longitude_range",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="claim_search_vector",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.UpdateOf("text", "quote", "source_id"),
                func="NEW.search_vector := "
                + SEARCH_VECTOR_SQL.format(
                    text="NEW.text",
                    quote="NEW.quote",
                    source_name="(SELECT name FROM claims_source WHERE id = NEW.source_id)",
                )
                + "; RETURN NEW;",
            ),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def save(self, *args, **kwargs):
        """Save, refusing to overwrite a change made since this copy was read.

        Every save of an existing claim bumps `version`, and the UPDATE only matches the row
        while it still holds the version this copy was read at (or the one a client last saw:
        set `version` to it before saving): no read-then-write race. A stale save raises
        StaleClaimError and writes nothing.
        """
        # A claimant speaks for its party unless the editor says otherwise.
        if self.side_id is None and self.source_id is not None:
            self.side_id = (
                Source.objects.filter(pk=self.source_id).values_list("party_id", flat=True).first()
            )
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        self._expected_version = self.version
        self.version += 1
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version -= 1
            raise
        finally:
            del self._expected_version

    def get_absolute_url(self):
        return reverse("admin:claims_claim_change", args=[self.pk])

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise StaleClaimError(f"Claim {pk_val} was changed by someone else.")
        return updated


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    APPROXIMATELY = "approximately", "approximately"
    AT_LEAST = "at_least", "at least"
    MORE_THAN = "more_than", "more than"
    AT_MOST = "at_most", "at most"
    FEWER_THAN = "fewer_than", "fewer than"
    RANGE = "range", "range"
    VAGUE = "vague", "vague (dozens, hundreds)"


class Outcome(models.TextChoices):
    LAUNCHED = "launched", "launched"
    DOWNED = "downed", "downed"
    KILLED = "killed", "killed"
    WOUNDED = "wounded", "wounded"
    DESTROYED = "destroyed", "destroyed"
    DAMAGED = "damaged", "damaged"
    CAPTURED = "captured", "captured"
    CONTROLLED = "controlled", "controlled"
    DETECTED = "detected", "detected"
    AFFECTED = "affected", "affected"
    EVACUATED = "evacuated", "evacuated"
    MISSING = "missing", "missing"
    DETAINED = "detained", "detained"


@audited(model_name="QuantityHistory")
class Quantity(models.Model):
    """A number inside a claim, with its uncertainty: "25 of nearly 30 drones downed"."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="quantities")
    value = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="The stated number, or the lower bound.",
    )
    upper = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The upper bound, where one is stated or implied.",
    )
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    of_total = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text='The "30" in "25 of 30".',
    )
    item = models.CharField(
        max_length=100,
        blank=True,
        help_text="What is counted, singular: drone, person, km2.",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "quantities"
        indexes = [models.Index(fields=["item", "outcome"], name="quantity_item_outcome_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="quantity_value_not_negative",
                violation_error_message="A quantity cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gte=F("value")),
                name="quantity_upper_not_below_value",
                violation_error_message="The upper bound cannot be below the value.",
            ),
            models.CheckConstraint(
                condition=Q(of_total__isnull=True) | Q(of_total__gte=F("value")),
                name="quantity_total_not_below_value",
                violation_error_message='The total ("of N") cannot be below the value.',
            ),
            models.CheckConstraint(
                condition=~Q(qualifier="range") | Q(upper__isnull=False),
                name="quantity_range_has_upper",
                violation_error_message="A range needs an upper bound.",
            ),
            _choices_check("qualifier", Qualifier, "quantity_qualifier_valid"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="quantity_outcome_valid",
            ),
        ]

    def __str__(self):
        return self.summary

    @property
    def summary(self) -> str:
        """How a newsroom would say it: "25 of 30 drones downed", "at least 10 persons wounded"."""
        from claims.wording import describe_quantity

        return describe_quantity(self)


class Relation(models.TextChoices):
    CORROBORATES = "corroborates", "corroborates"
    CONTRADICTS = "contradicts", "contradicts"
    UPDATES = "updates", "updates (a newer figure replaces an older one)"
    DUPLICATES = "duplicates", "duplicates"


@audited(model_name="ClaimLinkHistory")
class ClaimLink(models.Model):
    """A relation between two claims, stored once and shown from both ends."""

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_from")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_to")
    relation = models.CharField(max_length=20, choices=Relation.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")),
                name="claimlink_not_self",
                violation_error_message="A claim cannot be linked to itself.",
            ),
            # One link per pair and relation, whichever end it was made from.
            models.UniqueConstraint(
                Least("from_claim", "to_claim"),
                Greatest("from_claim", "to_claim"),
                "relation",
                name="claimlink_unique_pair",
                violation_error_message="These two claims are already linked this way.",
            ),
            _choices_check("relation", Relation, "claimlink_relation_valid"),
        ]

    def __str__(self):
        return f"#{self.from_claim_id} {self.relation} #{self.to_claim_id}"


@audited(model_name="ReviewHistory")
class Review(models.Model):
    """One verification decision; a claim's reviews are its verification history."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reviews")
    old_status = models.CharField(max_length=20, choices=Status.choices)
    new_status = models.CharField(max_length=20, choices=Status.choices)
    rationale = models.TextField()
    evidence_urls = ArrayField(models.URLField(max_length=1000), default=list, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rationale=""),
                name="review_rationale_required",
                violation_error_message="A review needs a rationale.",
            ),
            _choices_check("old_status", Status, "review_old_status_valid"),
            _choices_check("new_status", Status, "review_new_status_valid"),
        ]

    def __str__(self):
        return f"{self.old_status} → {self.new_status} by {self.reviewer}"
