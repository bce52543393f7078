"""The admin's forms: a claim (with a pasted document URL, a check against overwriting someone
else's save that says what they changed, and a status change as a review), a document whose URL
is compared after normalization, compact quantity rows, and the links made from a claim."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from claims import editing, linking
from claims.documents import document_for_url, normalize_url
from claims.history import claim_changes_since
from claims.models import Claim, Document, Quantity, Review, Status
from claims.models.reviews import MAX_EVIDENCE_URLS
from claims.verification import allowed_statuses, check_transition

EVIDENCE_URL_MAX_LENGTH = Review._meta.get_field("evidence_urls").base_field.max_length


def existing_document_error(document: Document) -> ValidationError:
    link = format_html(
        '<a href="{}">{}</a>', reverse("admin:claims_document_change", args=[document.pk]), document
    )
    return ValidationError(
        format_html("This document is already recorded: {}.", link), code="duplicate"
    )


class ClaimForm(forms.ModelForm):
    document_url = forms.URLField(
        label="…or paste its URL",
        max_length=1000,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text="Picks the document recorded with this address, or records a new one.",
    )
    # The version the editor opened: Claim.save() refuses to overwrite a newer one.
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A status change is a review (claims.verification): it needs a reason, kept in the history.
    review_rationale = forms.CharField(
        label="Why",
        required=False,
        max_length=Review._meta.get_field("rationale").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you change the status: it goes into the claim's verification "
        "history.",
    )
    review_evidence_urls = forms.CharField(
        label="Evidence",
        required=False,
        # Room for every link at its longest, one a line: the links are checked one by one.
        max_length=MAX_EVIDENCE_URLS * (EVIDENCE_URL_MAX_LENGTH + 1),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Links backing the new status, one per line.",
    )

    # The admin sets this for the request's user: recording a new document needs add_document.
    can_add_document = False

    class Meta:
        model = Claim
        fields = [
            "text",
            "topic",
            "source",
            "side",
            "document",
            "quote",
            "occurred_on",
            "claimed_at",
            "event",
            "location",
            "latitude",
            "longitude",
            "status",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "quote": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        }
        help_texts = {
            "side": "Leave empty to take the source's side; set it only when the claimant "
            "speaks for another. Independent sources have none.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
        self.status_before = self.instance.status
        if "side" in self.fields:
            self.fields["side"].empty_label = "(the source's side)"
        if "status" in self.fields and self.instance.pk is not None:
            reachable = {self.status_before, *allowed_statuses(self.status_before)}
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in reachable
            ]

    def clean_document_url(self):
        url = self.cleaned_data["document_url"]
        return normalize_url(url) if url else url

    def clean_review_evidence_urls(self):
        urls = self.cleaned_data["review_evidence_urls"].split()
        if len(urls) > MAX_EVIDENCE_URLS:
            raise ValidationError(
                f"At most {MAX_EVIDENCE_URLS} links (this has {len(urls)}).", code="max_length"
            )
        validate = URLValidator()
        for url in urls:
            if len(url) > EVIDENCE_URL_MAX_LENGTH:
                raise ValidationError(
                    f"A link has at most {EVIDENCE_URL_MAX_LENGTH:,} characters: {url[:80]}…",
                    code="max_length",
                )
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(f"Not a URL: {url}", code="invalid") from None
        return urls

    def clean(self):
        cleaned_data = super().clean()
        self.check_no_edit_since_opened()
        self.check_status_change(cleaned_data)
        self.resolve_pasted_document(cleaned_data)
        return cleaned_data

    def check_no_edit_since_opened(self):
        """Refuse the form when the claim was saved since the editor opened it. The save itself
        compares the version again (editing.save_claim), so none can slip in after this check."""
        seen = self.cleaned_data.get("seen_version")
        if self.instance.pk is None or seen is None:
            return
        current = Claim.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        current = current.first()
        if current is not None and seen != current:
            # Saving this form again, after a look at their change, overwrites it deliberately.
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = current
            raise ValidationError(self.conflict_message(seen), code="edit_conflict")

    def conflict_message(self, seen_version: int) -> str:
        """Who saved the claim since `seen_version` and what they changed, field by field."""
        users, changes = claim_changes_since(self.instance.pk, seen_version)
        changed = format_html_join(
            "", "<li>{}: {} → {}</li>", ((c.name, c.before, c.after) for c in changes)
        )
        return format_html(
            "{} saved this claim after you opened it{} Nothing was saved: your input is still "
            "in the form. Save again to replace their version with yours.",
            ", ".join(users) or "Someone else",
            format_html(', changing:<ul class="edit-conflict-changes">{}</ul>', changed)
            if changes
            else ".",
        )

    def check_status_change(self, cleaned_data):
        new_status = cleaned_data.get("status")
        if "status" not in self.fields or new_status in (None, self.status_before):
            return
        try:
            check_transition(self.status_before, new_status)
        except ValidationError as error:
            self.add_error(None, error)
        if not cleaned_data.get("review_rationale", "").strip():
            self.add_error("review_rationale", "Say why the status changes.")

    def resolve_pasted_document(self, cleaned_data):
        url = cleaned_data.get("document_url")
        if not url:
            return
        chosen = cleaned_data.get("document")
        existing = document_for_url(url)
        if chosen is not None and chosen != existing:
            self.add_error(
                "document_url",
                "This is not the chosen document's URL: clear one of the two.",
            )
        elif existing is not None:
            cleaned_data["document"] = existing
        elif not self.can_add_document:
            self.add_error(
                "document_url",
                "No document has this URL, and you may not record new ones: pick one above.",
            )

    def requested_review(self) -> dict | None:
        """The review to record (arguments of claims.verification.review_claim) when the
        verifier changed the status, else None."""
        new_status = self.cleaned_data.get("status")
        if "status" not in self.fields or new_status in (None, self.status_before):
            return None
        return {
            "status": new_status,
            "rationale": self.cleaned_data["review_rationale"],
            "evidence_urls": self.cleaned_data["review_evidence_urls"],
        }


class ExtractionForm(forms.Form):
    """The text "Fill quantities from text" posts: bounded as the API's extract is."""

    text = forms.CharField(max_length=editing.MAX_EXTRACT_LENGTH, required=False, strip=False)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["url", "title", "outlet", "published_at", "language", "archived_url"]

    def clean_url(self):
        # Compared as it will be stored: the same article pasted with tracking parameters is the
        # same document, and an unnormalized unique check would let the database refuse it.
        url = normalize_url(self.cleaned_data["url"])
        existing = document_for_url(url)
        if existing is not None and existing.pk != self.instance.pk:
            raise existing_document_error(existing)
        return url


class DecimalInput(forms.NumberInput):
    """Shows 25 rather than 25.00: the numbers are counts far more often than not."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            whole = value == value.to_integral_value()
            return format(value.quantize(Decimal(1)) if whole else value.normalize(), "f")
        return super().format_value(value)


class QuantityForm(forms.ModelForm):
    class Meta:
        model = Quantity
        fields = ["value", "qualifier", "upper", "of_total", "item", "outcome"]
        widgets = {
            "value": DecimalInput(attrs={"class": "quantity-number", "step": "any"}),
            "upper": DecimalInput(attrs={"class": "quantity-number", "step": "any"}),
            "of_total": DecimalInput(attrs={"class": "quantity-number", "step": "any"}),
            "item": forms.TextInput(attrs={"size": 16}),
        }


class ClaimLinkFormSet(forms.BaseInlineFormSet):
    """The links made from a claim. A link to the claim itself, or a second link between the same
    two claims with the same relation (made from either end), is a form error here, with the
    message of claims.linking: the database refuses both, and an editor should read why rather
    than meet a server error."""

    def clean(self):
        super().clean()
        proposed = {}  # (other claim's id, relation) -> the form proposing that link
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            other = form.cleaned_data.get("to_claim")
            relation = form.cleaned_data.get("relation")
            if other is None or not relation:
                continue
            if (other.pk, relation) in proposed:
                form.add_error("to_claim", "This link is already in the list.")
            else:
                proposed[other.pk, relation] = form
        # The same link stored already, made from either end: one query for all the rows.
        stored = linking.existing_links(self.instance, proposed)
        for (other, relation), form in proposed.items():
            existing = stored.get((other, relation))
            if existing is not None and existing.pk == form.instance.pk:
                continue  # this very link, posted unchanged
            if message := linking.link_error(self.instance, other, existing):
                form.add_error("to_claim", message)
