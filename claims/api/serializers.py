"""How the API reads and writes the desk's records, and how it checks what clients send.

Related records are written by id (parties by slug) and read embedded where a client needs them
at once: a claim carries its source and its document. Every text field refuses NUL characters and
unpaired surrogates, and every number is range-checked, so bad input is a 400 naming the field,
never a database error.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import ProhibitNullCharactersValidator, slug_re
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from claims import editing
from claims.api import conditions
from claims.documents import normalize_url
from claims.models import (
    Claim,
    ClaimLink,
    Document,
    Event,
    Party,
    Quantity,
    Relation,
    Review,
    Source,
    StaleClaimError,
    Status,
)
from claims.querysets import attach_track_records
from claims.verification import check_transition, review_claim

MAX_QUANTITIES = 100
# A claim is a sentence; a paragraph or two is the most anyone pastes to extract from.
MAX_EXTRACT_LENGTH = 10_000
MAX_EVIDENCE_URLS = 50
# Ids are PostgreSQL bigints: anything larger was never an id here.
MAX_ID = 2**63 - 1
INDEPENDENT = "independent"


def storable(value) -> bool:
    """Whether PostgreSQL can store (and be asked about) this text: no NUL, valid Unicode."""
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def refuse_unstorable(value: str) -> None:
    """Refuse text PostgreSQL cannot store: NUL characters, and the lone surrogates JSON's
    "\\ud800" escapes decode to."""
    if "\x00" in value:
        raise serializers.ValidationError("Null characters are not allowed.")
    if not storable(value):
        raise serializers.ValidationError("Invalid Unicode (an unpaired surrogate).")


class IfStorable:
    """Runs a validator that queries the database (UniqueValidator) only on text the database
    can take: DRF runs every validator of a field even after one has failed."""

    def __init__(self, validator):
        self.validator = validator
        self.requires_context = getattr(validator, "requires_context", False)

    def __call__(self, value, *context):
        if storable(value):
            self.validator(value, *context)


def guard_text_fields(fields) -> None:
    for field in fields.values():
        if isinstance(field, serializers.CharField) and not field.read_only:
            field.validators = [
                refuse_unstorable,
                *(
                    IfStorable(validator)
                    for validator in field.validators
                    if not isinstance(validator, ProhibitNullCharactersValidator)
                ),
            ]


def without_desk_only_fields(serializer, representation: dict) -> dict:
    """Leave out the serializer's `desk_only_fields` (who did what) for anonymous readers."""
    request = serializer.context.get("request")
    if request is None or not request.user.is_authenticated:
        for name in serializer.desk_only_fields:
            representation.pop(name, None)
    return representation


def constraint_message(model, name: str) -> str:
    """The message a model constraint reports, so the API and the admin say the same thing."""
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.violation_error_message)
    raise LookupError(name)


class ModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text fields all refuse what PostgreSQL cannot store."""

    def get_fields(self):
        fields = super().get_fields()
        guard_text_fields(fields)
        return fields


class TokenSerializer(AuthTokenSerializer):
    """DRF's username and password, refusing text the user table cannot be searched for."""

    def get_fields(self):
        fields = super().get_fields()
        guard_text_fields(fields)
        return fields


class PartySlugField(serializers.SlugRelatedField):
    """A party, by its slug, on read and on write."""

    default_error_messages = {
        "does_not_exist": 'No party with the slug "{value}".',
        "invalid": "A party's slug (a string such as `ukraine`) is required.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", None if kwargs.get("read_only") else Party.objects.all())
        super().__init__(slug_field="slug", **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        # Anything outside a slug's alphabet cannot name a party; don't ask PostgreSQL.
        if len(data) > 100 or not slug_re.match(data):
            self.fail("does_not_exist", slug_name="slug", value=data[:100])
        return super().to_internal_value(data)


class RelatedIdField(serializers.PrimaryKeyRelatedField):
    """A related record: its id on write, embedded by `representation` on read (if given).

    On write it also takes the embedded object a client read (anything with the right `id`), so a
    record can be read, changed and sent back as it came.
    """

    default_error_messages = {
        "does_not_exist": "No {model} with the id {pk_value}.",
        "incorrect_type": "An id (a whole number) is required, not {data_type}.",
    }

    def __init__(self, representation=None, **kwargs):
        self.representation = representation
        self._embedder = None
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return self.representation is None

    def to_internal_value(self, data):
        if self.representation is not None and isinstance(data, dict) and "id" in data:
            data = data["id"]
        if isinstance(data, str) and data.isascii() and data.isdigit():
            data = int(data)
        if type(data) is not int:
            self.fail("incorrect_type", data_type=type(data).__name__)
        model = self.get_queryset().model
        if not 0 < data <= MAX_ID:
            self.fail("does_not_exist", model=model._meta.verbose_name, pk_value=data)
        try:
            return self.get_queryset().get(pk=data)
        except ObjectDoesNotExist:
            self.fail("does_not_exist", model=model._meta.verbose_name, pk_value=data)

    def to_representation(self, value):
        if self.representation is None:
            return value.pk
        # One serializer for every row of a list: building one per row costs more than the row.
        if self._embedder is None:
            self._embedder = self.representation(context=self.context)
        return self._embedder.to_representation(value)


# Parties and sources ------------------------------------------------------------------------------


class PartySerializer(ModelSerializer):
    """A side in a conflict, known everywhere in the API by its slug."""

    class Meta:
        model = Party
        fields = ["slug", "name"]


class SourceSummarySerializer(serializers.ModelSerializer):
    """A source as a claim or a document embeds it."""

    party = PartySlugField(read_only=True)

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "party"]
        read_only_fields = fields


ClaimCountsSerializer = type(
    "ClaimCountsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "How many of a source's claims stand in each verification status.",
        **{status: serializers.IntegerField(help_text=label) for status, label in Status.choices},
    },
)


def with_track_record(source: Source) -> Source:
    """The source with its track record, as Source.objects.with_track_record() gives it.

    Lists and details are read with it (see the view); a source just written is counted here.
    """
    if not hasattr(source, "claims_total"):
        attach_track_records([source])
    return source


class SourceSerializer(ModelSerializer):
    """Who makes claims, with its track record (`claim_counts`)."""

    party = PartySlugField(
        allow_null=True,
        required=False,
        help_text="The slug of the side this source speaks for; null for independent sources.",
    )
    claim_counts = serializers.SerializerMethodField(
        help_text="The source's track record: its claims by verification status."
    )
    claims_total = serializers.SerializerMethodField(help_text="How many claims it made.")
    confirmed_share = serializers.SerializerMethodField(
        help_text="The share of its claims that stand confirmed, from 0 to 1; null without claims."
    )
    refuted_share = serializers.SerializerMethodField(
        help_text="The share of its claims that stand refuted, from 0 to 1; null without claims."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "kind",
            "party",
            "reliability",
            "url",
            "notes",
            "claim_counts",
            "claims_total",
            "confirmed_share",
            "refuted_share",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(ClaimCountsSerializer)
    def get_claim_counts(self, source) -> dict:
        counts = with_track_record(source).claim_counts or {}
        return {status: counts.get(status, 0) for status in Status.values}

    def get_claims_total(self, source) -> int:
        return with_track_record(source).claims_total

    def get_confirmed_share(self, source) -> float | None:
        return with_track_record(source).confirmed_share

    def get_refuted_share(self, source) -> float | None:
        return with_track_record(source).refuted_share

    def validate_name(self, name):
        others = Source.objects.filter(name__iexact=name)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError(constraint_message(Source, "source_name_unique_ci"))
        return name


# Documents and events -----------------------------------------------------------------------------


class DocumentSummarySerializer(serializers.ModelSerializer):
    """A document as a claim embeds it."""

    outlet = SourceSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Document
        fields = ["id", "url", "title", "outlet"]
        read_only_fields = fields


class DocumentSerializer(ModelSerializer):
    """Where a claim was published or relayed: an article, a post, a briefing transcript."""

    url = serializers.URLField(
        max_length=1000,
        help_text="The document's address; stored normalized (no tracking parameters, "
        "fragment or trailing slash), and unique in that form.",
    )
    outlet = RelatedIdField(
        representation=SourceSummarySerializer,
        queryset=Source.objects.all(),
        allow_null=True,
        required=False,
        help_text="The source that published it: its id on write, embedded on read.",
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "published_at",
            "language",
            "archived_url",
            "created_at",
            "updated_at",
        ]

    def validate_url(self, url):
        url = normalize_url(url)
        if len(url) > 1000:
            raise serializers.ValidationError("Ensure this field has no more than 1000 characters.")
        others = Document.objects.filter(url=url)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError("A document with this URL already exists.")
        return url


class QuantitySerializer(ModelSerializer):
    """A number in a claim: "25 of 30 drones downed" is value 25, of_total 30, item drone."""

    summary = serializers.CharField(
        read_only=True, help_text='How the desk words it: "25 of 30 drones downed".'
    )

    class Meta:
        model = Quantity
        fields = ["id", "value", "upper", "qualifier", "of_total", "item", "outcome", "summary"]

    def validate(self, attrs):
        value, upper, of_total = attrs["value"], attrs.get("upper"), attrs.get("of_total")
        errors = {}
        if upper is not None and upper < value:
            errors["upper"] = constraint_message(Quantity, "quantity_upper_not_below_value")
        elif upper is None and attrs.get("qualifier") == "range":
            errors["upper"] = constraint_message(Quantity, "quantity_range_has_upper")
        if of_total is not None and of_total < value:
            errors["of_total"] = constraint_message(Quantity, "quantity_total_not_below_value")
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class SideQuantitySerializer(QuantitySerializer):
    """A quantity as an event lists it: with the claim it belongs to and who claimed it."""

    claim = serializers.IntegerField(source="claim_id", read_only=True)
    source = serializers.CharField(source="claim.source.name", read_only=True)

    class Meta(QuantitySerializer.Meta):
        fields = ["claim", "source", *QuantitySerializer.Meta.fields]
        read_only_fields = fields


class ClaimMentionSerializer(serializers.ModelSerializer):
    """A claim as another record mentions it: its id, its text and who made it."""

    source = serializers.CharField(source="source.name", read_only=True, help_text="Its source.")

    class Meta:
        model = Claim
        fields = ["id", "text", "source"]
        read_only_fields = fields


class ContradictionSerializer(serializers.Serializer):
    """A `contradicts` link between two claims of one event."""

    id = serializers.IntegerField(read_only=True, help_text="The link's id.")
    from_claim = ClaimMentionSerializer(read_only=True)
    to_claim = ClaimMentionSerializer(read_only=True)
    note = serializers.CharField(read_only=True)


def with_contradictions() -> Prefetch:
    """Prefetches, for claims, their outgoing `contradicts` links to claims of the same event,
    as `contradicting`: what EventSerializer lists as the event's contradictions."""
    links = ClaimLink.objects.filter(
        relation=Relation.CONTRADICTS, to_claim__event=F("from_claim__event")
    ).order_by("id")
    return Prefetch("links_from", queryset=links, to_attr="contradicting")


class EventSerializer(ModelSerializer):
    """One incident, with the numbers each side's claims give for it and where they disagree."""

    quantities_by_side = serializers.SerializerMethodField(
        help_text="The numbers the event's claims give, by the side of the claimant (its party "
        f'slug, or "{INDEPENDENT}" for claims without a side): what each side says happened.'
    )
    contradictions = serializers.SerializerMethodField(
        help_text="The `contradicts` links between two claims of this event, oldest first."
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "occurred_on",
            "location",
            "description",
            "quantities_by_side",
            "contradictions",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(ContradictionSerializer(many=True))
    def get_contradictions(self, event) -> list:
        if event.pk is None:
            return []
        if not hasattr(self, "_mention"):
            self._mention = ClaimMentionSerializer(context=self.context)
        # The view prefetches the claims, each with its outgoing `contradicts` links to claims
        # of the same event (`contradicting`): each link once, from the end it was made from.
        claims = {claim.pk: claim for claim in event.claims.all()}
        if not all(hasattr(claim, "contradicting") for claim in claims.values()):
            # An event just written, whose prefetched claims DRF has dropped: one query more.
            prefetch_related_objects(list(claims.values()), with_contradictions())
        links = sorted(
            (link for claim in claims.values() for link in claim.contradicting),
            key=lambda link: link.pk,
        )
        return [
            {
                "id": link.pk,
                "from_claim": self._mention.to_representation(claims[link.from_claim_id]),
                "to_claim": self._mention.to_representation(claims[link.to_claim_id]),
                "note": link.note,
            }
            for link in links
            if link.to_claim_id in claims
        ]

    @extend_schema_field(serializers.DictField(child=SideQuantitySerializer(many=True)))
    def get_quantities_by_side(self, event) -> dict:
        by_side: dict[str, list] = {}
        if event.pk is None:
            return by_side
        if not hasattr(self, "_side_quantity"):
            self._side_quantity = SideQuantitySerializer(context=self.context)
        # The view prefetches the claims with their source, side and quantities.
        for claim in event.claims.all():
            side = claim.side.slug if claim.side else INDEPENDENT
            for quantity in claim.quantities.all():
                by_side.setdefault(side, []).append(self._side_quantity.to_representation(quantity))
        return by_side


# Claims -------------------------------------------------------------------------------------------


class ClaimSerializer(ModelSerializer):
    """One checkable statement, with who made it, for which side, where, and its numbers."""

    url = serializers.HyperlinkedIdentityField(view_name="claim-detail")
    source = RelatedIdField(
        representation=SourceSummarySerializer,
        queryset=Source.objects.all(),
        help_text="Who made the claim: the source's id on write, embedded on read.",
    )
    side = PartySlugField(
        allow_null=True,
        required=False,
        help_text="The slug of the party the claimant speaks for. Omitted or null: the source's "
        "party (null for an independent source).",
    )
    event = RelatedIdField(
        queryset=Event.objects.all(),
        allow_null=True,
        required=False,
        help_text="The id of the incident the claim is about.",
    )
    document = RelatedIdField(
        representation=DocumentSummarySerializer,
        queryset=Document.objects.all(),
        allow_null=True,
        required=False,
        help_text="Where the editor read it: the document's id on write, embedded on read.",
    )
    quantities = QuantitySerializer(
        many=True,
        required=False,
        max_length=MAX_QUANTITIES,
        help_text="The numbers in the claim. Sent, they replace the claim's quantities as a "
        "whole (send [] to remove them all). Required in a PUT, which replaces the whole claim; "
        "left out of a PATCH, they stay as they are; left out of a new claim, it gets the ones "
        "extracted from its text (see `quantities_extracted`).",
    )
    quantities_extracted = serializers.BooleanField(
        read_only=True,
        help_text="Only in the response to a create: true when the claim was sent without "
        "`quantities` and its quantities were extracted from its text (as "
        "`POST /api/claims/extract/` would propose them), for the editor to check.",
    )
    created_by = serializers.SlugRelatedField(
        slug_field=get_user_model().USERNAME_FIELD,
        read_only=True,
        allow_null=True,
        help_text="Who recorded the claim. Shown to signed-in users only.",
    )
    updated_by = serializers.SlugRelatedField(
        slug_field=get_user_model().USERNAME_FIELD,
        read_only=True,
        allow_null=True,
        help_text="Who changed it last. Shown to signed-in users only.",
    )

    desk_only_fields = ("created_by", "updated_by")

    class Meta:
        model = Claim
        fields = [
            "id",
            "url",
            "text",
            "source",
            "side",
            "status",
            "topic",
            "occurred_on",
            "claimed_at",
            "location",
            "latitude",
            "longitude",
            "event",
            "document",
            "quote",
            "quantities",
            "quantities_extracted",
            "version",
            "created_at",
            "created_by",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = ["status"]
        extra_kwargs = {
            "status": {
                "help_text": "The verification status. Read-only here: it changes only through "
                "a review, `POST /api/claims/{id}/reviews/` (verifiers). Sending the current "
                "value in a PUT or PATCH is accepted; any other is a 400 on `status`."
            },
            "version": {
                "help_text": "Goes up by one with every save of the claim (a review's included). "
                'The `ETag` header of a claim\'s responses is `"<id>-<version>"`: send it back '
                "as `If-Match` to change or delete the claim only if nobody else has since."
            },
        }

    def to_internal_value(self, data):
        try:
            validated = super().to_internal_value(data)
            errors = {}
        except serializers.ValidationError as error:
            validated, errors = None, dict(error.detail)
        if self.instance is not None and not self.partial and "quantities" not in data:
            errors["quantities"] = [
                "A PUT replaces the whole claim: send its quantities too ([] for none), "
                "or PATCH only the fields that change."
            ]
        if isinstance(data, dict) and "status" in data:
            current = self.instance.status if self.instance is not None else Status.UNVERIFIED
            if data["status"] != current:
                reviews = (
                    f"/api/claims/{self.instance.pk}/reviews/"
                    if self.instance is not None
                    else "/api/claims/<id>/reviews/"
                )
                errors["status"] = [
                    "Status changes through a review, not by editing the claim "
                    f'(it is "{current}"): a verifier posts one to {reviews}.'
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return validated

    def to_representation(self, claim):
        return without_desk_only_fields(self, super().to_representation(claim))

    def create(self, validated_data):
        # Without `quantities` the claim gets those extracted from its text; [] means none.
        quantities = validated_data.pop("quantities", None)
        return editing.save_claim(
            Claim(),
            validated_data,
            quantities=quantities,
            extract=True,
            user=self.context["request"].user,
        )

    def update(self, claim, validated_data):
        quantities = validated_data.pop("quantities", None)
        return editing.save_claim(
            claim, validated_data, quantities=quantities, user=self.context["request"].user
        )


class ExtractionRequestSerializer(serializers.Serializer):
    """A text to extract quantities from."""

    text = serializers.CharField(
        max_length=MAX_EXTRACT_LENGTH, help_text="The claim's text, or a passage holding it."
    )


class ExtractedQuantitySerializer(QuantitySerializer):
    """A quantity the extractor proposes: the fields of a claim's quantity, without an id."""

    class Meta(QuantitySerializer.Meta):
        fields = [name for name in QuantitySerializer.Meta.fields if name != "id"]
        read_only_fields = fields


class ExtractionSerializer(serializers.Serializer):
    """What the extractor finds in a text, ready to send as a claim's `quantities`."""

    quantities = ExtractedQuantitySerializer(many=True, read_only=True)


# Verification, links and history ------------------------------------------------------------------


class ReviewSerializer(ModelSerializer):
    """One verification decision: the claim's status before and after, why, and who decided."""

    status = serializers.ChoiceField(
        choices=Status.choices,
        write_only=True,
        help_text="The status the claim moves to. Each status allows only some next ones (a "
        "400 on `status` names them); a review always changes the status.",
    )
    evidence_urls = serializers.ListField(
        child=serializers.URLField(max_length=1000),
        required=False,
        max_length=MAX_EVIDENCE_URLS,
        help_text="Links to the evidence: footage, a geolocation, another source's report.",
    )
    reviewer = serializers.SlugRelatedField(
        slug_field=get_user_model().USERNAME_FIELD,
        read_only=True,
        help_text="Who decided. Shown to signed-in users only.",
    )

    desk_only_fields = ("reviewer",)

    class Meta:
        model = Review
        fields = [
            "id",
            "claim",
            "status",
            "old_status",
            "new_status",
            "rationale",
            "evidence_urls",
            "reviewer",
            "created_at",
        ]
        read_only_fields = ["claim", "old_status", "new_status"]
        extra_kwargs = {"rationale": {"help_text": "Why: required, and not blank."}}

    def validate(self, attrs):
        # Checked again by review_claim with the claim locked; here for a 400 on `status`
        # alongside any other field's.
        check_transition(self.context["claim"].status, attrs["status"])
        return attrs

    def to_representation(self, review):
        return without_desk_only_fields(self, super().to_representation(review))

    def create(self, validated_data):
        request, claim = self.context["request"], self.context["claim"]
        # With If-Match, the verdict is on the version the verifier read: review_claim compares
        # it with the claim locked, so an edit in between makes it a 412, never a silent review.
        expected_version = None
        if conditions.names_versions(request):
            if not conditions.if_match_holds(request, claim):
                raise conditions.PreconditionFailed()
            expected_version = claim.version
        try:
            return review_claim(
                claim,
                reviewer=request.user,
                status=validated_data["status"],
                rationale=validated_data["rationale"],
                evidence_urls=validated_data.get("evidence_urls", ()),
                expected_version=expected_version,
            )
        except StaleClaimError as stale:
            raise conditions.PreconditionFailed() from stale


class OtherClaimField(RelatedIdField):
    """The claim at the other end of a link from the claim whose links are listed."""

    def get_attribute(self, link):
        here = self.context["claim"].pk
        return link.from_claim if link.to_claim_id == here else link.to_claim


class ClaimLinkSerializer(ModelSerializer):
    """A link as either of its claims lists it: the relation, its direction, the other claim."""

    claim = OtherClaimField(
        representation=ClaimMentionSerializer,
        queryset=Claim.objects.defer("search_vector"),
        source="to_claim",
        help_text="The other claim: its id on write (the link goes from this claim to it); on "
        "read, the claim at the other end, embedded.",
    )
    direction = serializers.SerializerMethodField(
        help_text="`outgoing` when the link goes from this claim (this claim corroborates, "
        "contradicts, updates or duplicates the other), `incoming` when it goes to it."
    )

    class Meta:
        model = ClaimLink
        fields = [
            "id",
            "relation",
            "direction",
            "from_claim",
            "to_claim",
            "claim",
            "note",
            "created_at",
        ]
        read_only_fields = ["from_claim", "to_claim"]

    def get_direction(self, link) -> str:
        return "outgoing" if link.from_claim_id == self.context["claim"].pk else "incoming"

    def validate(self, attrs):
        here, other = self.context["claim"], attrs["to_claim"]
        if other.pk == here.pk:
            raise serializers.ValidationError(
                {"claim": [constraint_message(ClaimLink, "claimlink_not_self")]}
            )
        existing = ClaimLink.objects.filter(
            Q(from_claim=here, to_claim=other) | Q(from_claim=other, to_claim=here),
            relation=attrs["relation"],
        ).first()
        if existing is not None:
            raise serializers.ValidationError({"claim": [already_linked(existing)]})
        return attrs

    def create(self, validated_data):
        request = self.context["request"]
        try:
            # A savepoint: the same link posted twice at once fails here, not the request.
            with transaction.atomic():
                return ClaimLink.objects.create(
                    **validated_data,
                    from_claim=self.context["claim"],
                    created_by=request.user if request.user.is_authenticated else None,
                )
        except IntegrityError as error:
            constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
            if constraint != "claimlink_unique_pair":
                raise
            raise serializers.ValidationError(
                {"claim": [constraint_message(ClaimLink, "claimlink_unique_pair")]}
            ) from None


def already_linked(link: ClaimLink) -> str:
    unique_pair = constraint_message(ClaimLink, "claimlink_unique_pair").rstrip(".")
    return (
        f"{unique_pair}: link {link.pk}, claim {link.from_claim_id} {link.relation} "
        f"claim {link.to_claim_id}."
    )


HistoryChangeSerializer = type(
    "HistoryChangeSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "A field's value before and after an update.",
        "from": serializers.JSONField(help_text="The value before."),
        "to": serializers.JSONField(help_text="The value after."),
    },
)

# The audit tables a claim's history gathers, by what they record.
HISTORY_MODELS = {
    "claims.ClaimHistory": "claim",
    "claims.QuantityHistory": "quantity",
    "claims.ClaimLinkHistory": "link",
    "claims.ReviewHistory": "review",
}


class HistoryEventSerializer(serializers.Serializer):
    """One recorded change to a claim or to one of its quantities, links or reviews."""

    # Reads django-pghistory's aggregate events (`pghistory.models.Events`); the view looks up
    # the users of a page at once and passes them in the context as `usernames`.

    model = serializers.SerializerMethodField(
        help_text="What changed: the `claim` itself, one of its `quantity`s, a `link` from or "
        "to it, or a `review` of it."
    )
    object_id = serializers.SerializerMethodField(
        help_text="The id of the claim, quantity, link or review that changed."
    )
    label = serializers.ChoiceField(
        source="pgh_label",
        choices=["insert", "update", "delete"],
        read_only=True,
        help_text="`insert`, `update` or `delete`.",
    )
    created_at = serializers.DateTimeField(
        source="pgh_created_at",
        read_only=True,
        help_text="When: the time of the transaction that made the change (one edit of a claim "
        "and its quantities shares one time).",
    )
    user = serializers.SerializerMethodField(
        help_text="Who: the username of the account that made the change over the API or the "
        "admin; null for changes made otherwise (a script, a migration, SQL)."
    )
    changes = serializers.SerializerMethodField(
        help_text="For an update, each field that changed, from what to what; empty for an "
        "insert or a delete (see `state`). Related records appear by id (`source_id`)."
    )
    state = serializers.JSONField(
        source="pgh_data",
        read_only=True,
        help_text="The record's fields after the change; for a delete, its last state.",
    )

    def get_model(self, event) -> str:
        return HISTORY_MODELS.get(event.pgh_model, event.pgh_obj_model.rsplit(".", 1)[-1].lower())

    def get_object_id(self, event) -> int:
        return int(event.pgh_obj_id)

    def get_user(self, event) -> str | None:
        user_id = (event.pgh_context or {}).get("user")
        return self.context.get("usernames", {}).get(user_id)

    @extend_schema_field(serializers.DictField(child=HistoryChangeSerializer()))
    def get_changes(self, event) -> dict:
        if event.pgh_label != "update" or not event.pgh_diff:
            return {}
        return {field: {"from": old, "to": new} for field, (old, new) in event.pgh_diff.items()}
