"""`POST /api/claims/bulk/`: up to 1,000 claims in one request, each validated as a single
create is, then imported all or nothing by the desk's importer (claims.importing)."""

import json

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from claims.api.serializers import ClaimSerializer
from claims.importing import CLAIM_FIELDS, Draft, ImportPlan, checksum_of, import_drafts
from claims.models import Document, Event, Party, Source

MAX_BULK_CLAIMS = 1_000


class BulkClaimSerializer(ClaimSerializer):
    """A claim as `POST /api/claims/` takes it, with the id it has in another system."""

    external_id = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="The claim's id in the system it comes from: a claim already imported with "
        "it is skipped, not created again. Without it, the request's checksum and the claim's "
        "place in it are kept, so sending the same request again creates nothing.",
    )

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "external_id"]


class BulkRequestSerializer(serializers.Serializer):
    claims = serializers.ListField(
        child=serializers.DictField(),
        min_length=1,
        max_length=MAX_BULK_CLAIMS,
        help_text=f"1 to {MAX_BULK_CLAIMS:,} claims, each as `POST /api/claims/` takes it "
        "(BulkClaim).",
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Check everything and say what would be done; write nothing."
    )

    def validate_dry_run(self, value):
        # JSON's true or false only, as the schema says: not "false", 0 or "no".
        if type(self.initial_data.get("dry_run", False)) is not bool:
            raise serializers.ValidationError("Must be true or false.")
        return value


class BulkClaimResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The claim's place in `claims`, from 0.")
    action = serializers.ChoiceField(
        choices=["create", "skip", "changed"],
        help_text="`create`: created (or would be, in a dry run); `skip`: the desk has it "
        "already (same `external_id`, same request before); `changed`: the desk has it, and "
        "this one differs: not written over it.",
    )
    id = serializers.IntegerField(allow_null=True, help_text="The claim's id (null in a dry run).")
    note = serializers.CharField(help_text="For a skipped claim: which claim it matches.")


class BulkResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    import_id = serializers.IntegerField(
        allow_null=True, help_text="The import recorded (null in a dry run or with nothing new)."
    )
    created = serializers.IntegerField()
    skipped = serializers.IntegerField()
    changed = serializers.IntegerField()
    claims = BulkClaimResultSerializer(many=True)


class BulkErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(
        allow_null=True, help_text="The claim's place in `claims`; null for the request itself."
    )
    field = serializers.CharField(help_text='The field, e.g. "text" or "quantities[0].value".')
    reason = serializers.CharField()


class BulkErrorsSerializer(serializers.Serializer):
    errors = BulkErrorSerializer(many=True, help_text="Every error of every claim.")


BULK_SCHEMA = extend_schema(
    summary="Create up to 1,000 claims at once, all or nothing",
    description="Each claim is validated as `POST /api/claims/` validates one (the same "
    "fields, `status` left out or `unverified`, quantities extracted from the text when left "
    "out). If any claim is invalid, nothing is written and the 400 lists every error with the "
    "claim's index; otherwise every new claim is written in one transaction. Claims the desk "
    "already has (the same `external_id`, or the same request sent again) are skipped. Needs the "
    "permission to record claims.",
    request=BulkRequestSerializer,
    responses={
        201: BulkResultSerializer,
        200: BulkResultSerializer,
        400: BulkErrorsSerializer,
    },
    examples=[
        OpenApiExample(
            "Two claims",
            request_only=True,
            value={
                "claims": [
                    {
                        "text": "25 of 30 drones were downed overnight.",
                        "source": 1,
                        "external_id": "wire-2024-11-14-001",
                    },
                    {
                        "text": "2 people were killed in Odesa.",
                        "source": 2,
                        "occurred_on": "2024-11-14",
                    },
                ]
            },
        )
    ],
)


def bulk_create(request, context) -> Response:
    try:
        data = request.data
    except ParseError as error:  # not JSON: said in the same shape as every other error here
        return Response(
            {"errors": [{"index": None, "field": "", "reason": str(error.detail)}]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    sent = BulkRequestSerializer(data=data)
    if not sent.is_valid():  # the request itself, in the same shape as the claims' errors
        errors = [{**error, "index": None} for error in flat_errors(0, sent.errors)]
        return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    drafts, errors = [], []
    context = {**context, "known_records": known_records(sent.validated_data["claims"])}
    for index, item in enumerate(sent.validated_data["claims"]):
        claim = BulkClaimSerializer(data=item, context=context)
        if claim.is_valid():
            drafts.append(draft_of(index, claim.validated_data, "quantities" in item))
        else:
            errors.extend(flat_errors(index, claim.errors))
    # The claims as sent, whatever the spacing: the same request again is the same import.
    sent_claims = json.dumps(data["claims"], sort_keys=True, default=str)
    plan = ImportPlan(
        name="API bulk request", format="json", checksum=checksum_of(sent_claims.encode())
    )
    dry_run = sent.validated_data["dry_run"]
    # The valid claims are planned even when others are not, so every error is listed at once
    # (a repeated external id, say); then nothing is written.
    plan = import_drafts(plan, drafts, user=request.user, dry_run=dry_run or bool(errors))
    errors += [
        {"index": error.line - 1, "field": error.field, "reason": error.reason}
        for error in plan.errors
    ]
    if errors:
        errors.sort(key=lambda error: error["index"])
        return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    counts = plan.counts()
    result = {
        "dry_run": dry_run,
        "import_id": plan.claim_import.pk if plan.claim_import else None,
        "created": counts["create"],
        "skipped": counts["skip"],
        "changed": counts["changed"],
        "claims": [
            {"index": row.line - 1, "action": row.action, "id": row.claim.pk, "note": row.note}
            for row in plan.rows
        ],
    }
    created = not dry_run and counts["create"]
    return Response(result, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def known_records(items: list[dict]) -> dict:
    """The sources, events, documents and parties the claims name, read in one query each, so
    validating a thousand claims does not ask for them a thousand times."""
    wanted = {Source: set(), Event: set(), Document: set()}
    for item in items:
        for name, model in (("source", Source), ("event", Event), ("document", Document)):
            value = item.get(name)
            value = value.get("id") if isinstance(value, dict) else value
            if type(value) is int:
                wanted[model].add(value)
    known = {(Party, party.slug): party for party in Party.objects.all()}
    for model, ids in wanted.items():
        records = model.objects.filter(pk__in=sorted(ids)[:MAX_BULK_CLAIMS]) if ids else []
        known |= {(model, record.pk): record for record in records}
    return known


def draft_of(index: int, data: dict, quantities_sent: bool) -> Draft:
    """The importer's draft of a validated claim: its references by id, as it named them."""
    source, event, document = data["source"], data.get("event"), data.get("document")
    side = data.get("side")
    return Draft(
        line=index + 1,
        values={name: data[name] for name in CLAIM_FIELDS if name in data},
        external_id=data.get("external_id", ""),
        side=side.slug if side is not None else None,
        source_id=source.pk,
        source_name=source.name,
        event_id=event.pk if event else None,
        event_title=event.title if event else "",
        document_id=document.pk if document else None,
        document_url=document.url if document else "",
        quantities=[dict(fields) for fields in data["quantities"]] if quantities_sent else None,
        quantities_checked=True,  # by QuantitySerializer, as in a single create
    )


def flat_errors(index: int, detail, prefix: str = "") -> list[dict]:
    """DRF's nested errors as a flat list: {"index", "field", "reason"}."""
    if isinstance(detail, dict):
        return [
            error
            for name, inner in detail.items()
            for error in flat_errors(index, inner, field_path(prefix, name))
        ]
    if isinstance(detail, list) and detail and all(isinstance(item, str) for item in detail):
        return [{"index": index, "field": prefix, "reason": " ".join(map(str, detail))}]
    if isinstance(detail, list):
        return [
            error
            for position, inner in enumerate(detail)
            if inner
            for error in flat_errors(index, inner, f"{prefix}[{position}]")
        ]
    return [{"index": index, "field": prefix, "reason": str(detail)}]


def field_path(prefix: str, name) -> str:
    if isinstance(name, int) or str(name).isdigit():
        return f"{prefix}[{name}]"
    if name == "non_field_errors":
        return prefix
    return f"{prefix}.{name}" if prefix else name
