"""A claim: one checkable statement, attributed to its source and the side it speaks for."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from claims.models.base import (
    SEARCH_VECTOR_SQL,
    StaleClaimError,
    audited,
    choices_check,
    text_length_check,
)
from claims.models.references import Document, Event, Party, Source
from claims.querysets import ClaimQuerySet

# A claim is a sentence or a short paragraph; its quote a passage of the document. Bounded so a
# claim stays a claim, and its search vector far below PostgreSQL's 1 MB tsvector limit.
TEXT_MAX_LENGTH = 2_000
QUOTE_MAX_LENGTH = 5_000


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

    text = models.TextField(
        max_length=TEXT_MAX_LENGTH, help_text="The claim as a standalone sentence."
    )
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
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        db_index=False,  # claim_event_side_idx leads with it
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Where the editor read it.",
    )
    quote = models.TextField(
        max_length=QUOTE_MAX_LENGTH,
        blank=True,
        help_text="The verbatim passage from the document.",
    )
    external_id = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="Where an imported claim came from: the `external_id` its file gave, or "
        "`<the file's SHA-256>:<line>`. Unique, so the same row is never imported twice.",
    )
    imported_in = models.ForeignKey(
        "claims.ClaimImport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="claims",
        help_text="The import that created the claim.",
    )
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
            # An event's claims, and the events list's claims counted per event and side (read
            # from the index alone).
            models.Index(fields=["event", "side"], name="claim_event_side_idx"),
            GinIndex(fields=["search_vector"], name="claim_search_idx"),
        ]
        constraints = [
            choices_check("status", Status, "claim_status_valid"),
            choices_check("topic", Topic, "claim_topic_valid"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90) | Q(latitude__isnull=True),
                name="claim_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180, longitude__lte=180) | Q(longitude__isnull=True),
                name="claim_longitude_range",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="claim_text_not_empty"),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="claim_external_id_unique",
                violation_error_message="A claim with this external id is already in the desk.",
            ),
            text_length_check("claim", "text", TEXT_MAX_LENGTH),
            text_length_check("claim", "quote", QUOTE_MAX_LENGTH),
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
