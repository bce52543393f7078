"""Links between claims: corroborates, contradicts, updates, duplicates."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least

from claims.models.base import audited, choices_check, text_length_check
from claims.models.claims import Claim

# Why two claims are related, in a sentence or two.
NOTE_MAX_LENGTH = 1_000


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
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
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
            choices_check("relation", Relation, "claimlink_relation_valid"),
            text_length_check("claimlink", "note", NOTE_MAX_LENGTH),
        ]

    def __str__(self):
        return f"#{self.from_claim_id} {self.relation} #{self.to_claim_id}"
