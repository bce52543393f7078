"""An import: one file (or one bulk request) of claims brought into the desk at once."""

from django.conf import settings
from django.db import models


class ClaimImport(models.Model):
    """A file or bulk request that created claims, all in one transaction: who brought it in,
    what it was, and what came of it. Its claims point back to it (`Claim.imported_in`)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        NDJSON = "ndjson", "NDJSON"
        JSON = "json", "JSON (bulk API)"

    name = models.CharField(max_length=255, help_text="The file's name, or the API request's.")
    format = models.CharField(max_length=10, choices=Format.choices)
    checksum = models.CharField(
        max_length=64, db_index=True, help_text="The SHA-256 of the file's bytes, in hex."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claims_created = models.PositiveIntegerField(default=0)
    claims_skipped = models.PositiveIntegerField(
        default=0,
        help_text="Rows already in the desk (the same file again, an export brought back).",
    )
    sources_created = models.PositiveIntegerField(default=0)
    documents_created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import"

    def __str__(self):
        return f"import #{self.pk} ({self.name})"


class ImportUpload(models.Model):
    """A file uploaded in the admin and previewed, kept until its uploader confirms the import
    (then deleted): the preview and the import read the same bytes, whichever worker serves
    each request."""

    name = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name
