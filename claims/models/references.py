"""What claims refer to: parties (the sides), sources (the claimants), documents (where a
claim was published) and events (the incidents claims are about)."""

import pgtrigger
from django.db import models
from django.db.models.functions import Lower

from claims.documents import normalize_url
from claims.models.base import SEARCH_VECTOR_SQL, audited, choices_check, text_length_check

# Notes on a source and an event's description: a few paragraphs.
NOTES_MAX_LENGTH = 5_000


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
    notes = models.TextField(max_length=NOTES_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        # The sources list's keyset order (the unique constraint is on lower(name)).
        indexes = [models.Index(fields=["name", "id"], name="source_name_idx")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="source_name_unique_ci",
                violation_error_message="A source with this name already exists.",
            ),
            choices_check("kind", SourceKind, "source_kind_valid"),
            choices_check("reliability", Reliability, "source_reliability_valid"),
            text_length_check("source", "notes", NOTES_MAX_LENGTH),
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
        # The documents list's keyset order, read backward; the undated rows (NULL) apart.
        indexes = [models.Index(fields=["published_at", "id"], name="document_published_idx")]

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
    description = models.TextField(max_length=NOTES_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["occurred_on", "id"], name="event_occurred_idx")]
        constraints = [text_length_check("event", "description", NOTES_MAX_LENGTH)]

    def __str__(self):
        return f"{self.title} ({self.occurred_on:%d %b %Y})" if self.occurred_on else self.title
