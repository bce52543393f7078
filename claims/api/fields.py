"""The API's input hardening: text and ids PostgreSQL cannot take are a 400 naming the field."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import ProhibitNullCharactersValidator, slug_re
from rest_framework import serializers

from claims.models import Party

# Ids are PostgreSQL bigints: anything larger was never an id here.
MAX_ID = 2**63 - 1
SLUG_MAX_LENGTH = Party._meta.get_field("slug").max_length


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


def only_text(field: serializers.CharField) -> None:
    """Make `field` take text only (DRF's CharField turns a number into its digits, where the
    schema and the client's intent say a string), at most max_length characters as sent."""
    convert = field.to_internal_value

    def to_internal_value(data):
        if not isinstance(data, str):
            field.fail("invalid")
        # The bound is on what was sent, as the schema's maxLength is: before any trimming.
        if field.max_length is not None and len(data) > field.max_length:
            field.fail("max_length", max_length=field.max_length, length=len(data))
        return convert(data)

    field.to_internal_value = to_internal_value


def guard_text_fields(fields) -> None:
    """Make every writable text field of a serializer take only text, and refuse what
    PostgreSQL cannot store."""
    for field in fields.values():
        if isinstance(field, serializers.CharField) and not field.read_only:
            only_text(field)
            # Length and pattern checks stay as they are (the schema reads its maxLength from
            # them); only a validator asking the database (with context) waits for storable text.
            field.validators = [
                refuse_unstorable,
                *(
                    IfStorable(validator)
                    if getattr(validator, "requires_context", False)
                    else validator
                    for validator in field.validators
                    if not isinstance(validator, ProhibitNullCharactersValidator)
                ),
            ]


class PartySlugField(serializers.SlugRelatedField):
    """A party, by its slug, on read and on write."""

    default_error_messages = {
        "does_not_exist": 'No party with the slug "{value}".',
        "invalid": "A party's slug (a string such as `ukraine`) is required.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", None if kwargs.get("read_only") else Party.objects.all())
        super().__init__(slug_field="slug", **kwargs)

    def run_validation(self, data=serializers.empty):
        # DRF reads "" as null for a related field; the schema says a slug or null.
        if data == "":
            self.fail("invalid")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        # Anything outside a slug's alphabet cannot name a party; don't ask PostgreSQL.
        if len(data) > SLUG_MAX_LENGTH or not slug_re.match(data):
            self.fail("does_not_exist", slug_name="slug", value=data[:SLUG_MAX_LENGTH])
        known = self.context.get("known_records", {}).get((Party, data))
        if known is not None:
            return known
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

    def run_validation(self, data=serializers.empty):
        # DRF reads "" as null for a related field; the schema says an id or null.
        if data == "":
            self.fail("incorrect_type", data_type="str")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if self.representation is not None and isinstance(data, dict) and "id" in data:
            data = data["id"]
        if type(data) is not int:
            self.fail("incorrect_type", data_type=type(data).__name__)
        model = self.get_queryset().model
        if not 0 < data <= MAX_ID:
            self.fail("does_not_exist", model=model._meta.verbose_name, pk_value=data)
        # Records a bulk request named, read at once for all its claims (claims.api.bulk).
        known = self.context.get("known_records", {}).get((model, data))
        if known is not None:
            return known
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
