"""A review: one verification decision, the claim's old and new status, why and by whom."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from claims.models.base import audited, choices_check, text_length_check
from claims.models.claims import Claim, Status

# Why the status changes, with the evidence: a few paragraphs at most, and a list of links.
RATIONALE_MAX_LENGTH = 5_000
MAX_EVIDENCE_URLS = 50


@audited(model_name="ReviewHistory")
class Review(models.Model):
    """One verification decision; a claim's reviews are its verification history."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reviews")
    old_status = models.CharField(max_length=20, choices=Status.choices)
    new_status = models.CharField(max_length=20, choices=Status.choices)
    rationale = models.TextField(max_length=RATIONALE_MAX_LENGTH)
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
            choices_check("old_status", Status, "review_old_status_valid"),
            choices_check("new_status", Status, "review_new_status_valid"),
            text_length_check("review", "rationale", RATIONALE_MAX_LENGTH),
            models.CheckConstraint(
                condition=Q(evidence_urls__len__lte=MAX_EVIDENCE_URLS),
                name="review_evidence_urls_count",
                violation_error_message=f"At most {MAX_EVIDENCE_URLS} evidence URLs.",
            ),
        ]

    def __str__(self):
        return f"{self.old_status} → {self.new_status} by {self.reviewer}"
