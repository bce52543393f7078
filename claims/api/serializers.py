"""How the API reads and writes the desk's records, and how it checks what clients send.

Related records are written by id (parties by slug) and read embedded where a client needs them
at once: a claim carries its source and its document. Every text field refuses NUL characters and
unpaired surrogates, and every number is range-checked, so bad input is a 400 naming the field,
never a database error.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import ProhibitNullCharactersValidator, slug_re
from django.db.models import Count
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from claims import editing
from claims.documents import normalize_url
from claims.models import (
    Claim,
    Document,
    Event,
    Party,
    Quantity,
    Source,
    Status,
)

MAX_QUANTITIES = 100
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
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(ClaimCountsSerializer)
    def get_claim_counts(self, source) -> dict:
        # Lists and details annotate it (see the view); a source just written is counted here.
        if hasattr(source, "claim_counts"):
            counts = source.claim_counts or {}
        else:
            counts = dict(source.claims.order_by().values_list("status").annotate(Count("pk")))
        return {status: counts.get(status, 0) for status in Status.values}

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


class EventSerializer(ModelSerializer):
    """One incident, with the numbers each side's claims give for it."""

    quantities_by_side = serializers.SerializerMethodField(
        help_text="The numbers the event's claims give, by the side of the claimant (its party "
        f'slug, or "{INDEPENDENT}" for claims without a side): what each side says happened.'
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
            "created_at",
            "updated_at",
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
        "whole (send [] to remove them all); omitted, they stay as they are.",
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
            "created_at",
            "created_by",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = ["status"]
        extra_kwargs = {
            "status": {
                "help_text": "The verification status. Read-only here: it changes through a "
                "review. Sending the current value is accepted; any other is a 400."
            }
        }

    def to_internal_value(self, data):
        try:
            validated = super().to_internal_value(data)
            errors = {}
        except serializers.ValidationError as error:
            validated, errors = None, dict(error.detail)
        if isinstance(data, dict) and "status" in data:
            current = self.instance.status if self.instance is not None else Status.UNVERIFIED
            if data["status"] != current:
                errors["status"] = [
                    "Status changes through a review, not by editing the claim "
                    f'(it is "{current}").'
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return validated

    def to_representation(self, claim):
        representation = super().to_representation(claim)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            for name in self.desk_only_fields:
                representation.pop(name, None)
        return representation

    def create(self, validated_data):
        quantities = validated_data.pop("quantities", [])
        return editing.save_claim(
            Claim(), validated_data, quantities=quantities, user=self.context["request"].user
        )

    def update(self, claim, validated_data):
        quantities = validated_data.pop("quantities", None)
        return editing.save_claim(
            claim, validated_data, quantities=quantities, user=self.context["request"].user
        )
