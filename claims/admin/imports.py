"""The claims list's "Import claims": upload a CSV or NDJSON file, see what it would do (every
claim it would create or skip, every error), then confirm. The same importer as
`manage.py import_claims` and `POST /api/claims/bulk/` (claims.importing)."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from claims.importing import (
    CSV_COLUMNS,
    MAX_UPLOAD_BYTES,
    ImportFileError,
    import_drafts,
    read_file,
)
from claims.models import ClaimImport, ImportUpload, Quantity
from claims.wording import describe_quantity

# A preview lists this many rows at most (all its errors, always).
PREVIEW_ROWS = 1_000
# Uploads nobody confirmed are deleted after this long.
UPLOAD_KEPT = timedelta(days=1)


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A CSV with the columns of the claims export (text and source at least), or "
        f"NDJSON (one API claim object a line); UTF-8; at most {MAX_UPLOAD_BYTES // 2**20} MB."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 2**20:.1f} MB; an upload takes at most "
                f"{MAX_UPLOAD_BYTES // 2**20} MB. Split it, or import it on the server with "
                "`manage.py import_claims`."
            )
        return upload


def import_view(claim_admin, request):
    """Upload (GET, POST with a file), preview (the response to the upload), confirm (POST with
    `upload` and `confirm`)."""
    if not claim_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and "upload" in request.POST:
        upload = get_object_or_404(
            ImportUpload, pk=request.POST["upload"], uploaded_by=request.user
        )
        return preview_or_import(claim_admin, request, upload, confirm="confirm" in request.POST)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        ImportUpload.objects.filter(uploaded_at__lt=timezone.now() - UPLOAD_KEPT).delete()
        upload = ImportUpload.objects.create(
            name=file.name[:255], content=file.read(), uploaded_by=request.user
        )
        return preview_or_import(claim_admin, request, upload, confirm=False, form=form)
    return render(claim_admin, request, {"form": form})


def preview_or_import(claim_admin, request, upload, *, confirm: bool, form=None):
    try:
        plan, drafts = read_file(bytes(upload.content), upload.name)
    except ImportFileError as error:
        upload.delete()
        if form is None:
            form = ImportForm()
        else:
            form.add_error("file", str(error))
        return render(claim_admin, request, {"form": form, "file_error": str(error)})
    plan = import_drafts(plan, drafts, user=request.user, dry_run=not confirm)
    if confirm and not plan.errors:
        upload.delete()
        counts = plan.counts()
        if plan.claim_import is None:
            messages.info(
                request, f"{upload.name}: nothing to import; every claim of it is already here."
            )
        else:
            messages.success(
                request,
                f"Imported {counts['create']:,} claims from {upload.name} as "
                f"{plan.claim_import}; skipped {counts['skip'] + counts['changed']:,}.",
            )
        return HttpResponseRedirect(reverse("admin:claims_claim_changelist"))
    rows = [
        {
            "line": row.line,
            "action": row.action,
            "claim": row.claim,
            "new_source": row.action == "create" and row.claim.source.pk is None,
            "new_document": row.action == "create" and is_new(row.claim.document),
            "new_event": row.action == "create" and is_new(row.claim.event),
            "quantities": [describe_quantity(Quantity(**fields)) for fields in row.quantities],
            "extracted": row.extracted,
            "note": row.note,
        }
        for row in plan.rows[:PREVIEW_ROWS]
    ]
    return render(
        claim_admin,
        request,
        {
            "upload": upload,
            "plan": plan,
            "counts": plan.counts(),
            "rows": rows,
            "more_rows": max(len(plan.rows) - PREVIEW_ROWS, 0),
        },
    )


def is_new(record) -> bool:
    return record is not None and record.pk is None


def render(claim_admin, request, context):
    opts = claim_admin.opts
    return TemplateResponse(
        request,
        "admin/claims/claim/import.html",
        {
            **claim_admin.admin_site.each_context(request),
            "title": "Import claims",
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "columns": ", ".join(CSV_COLUMNS),
            **context,
        },
    )


@admin.register(ClaimImport)
class ClaimImportAdmin(admin.ModelAdmin):
    """What was imported, when, by whom: a record, never edited (the claims are)."""

    list_display = [
        "__str__",
        "format",
        "created_by",
        "created_at",
        "claims_created",
        "claims_skipped",
        "sources_created",
        "documents_created",
    ]
    list_filter = ["format"]
    search_fields = ["name", "checksum"]
    readonly_fields = [field.name for field in ClaimImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
