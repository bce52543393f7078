"""What the API's serializers share: guarded text fields, desk-only fields, constraint messages."""

import copy

from rest_framework import serializers

from claims.api.fields import guard_text_fields


class Serializer(serializers.Serializer):
    """A Serializer whose text fields all take only text PostgreSQL can store."""

    def get_fields(self):
        fields = super().get_fields()
        guard_text_fields(fields)
        return fields


class ModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text fields all refuse what PostgreSQL cannot store.

    DRF builds a model serializer's fields from the model on every instance (every request of a
    list: field kwargs, validators and unique checks read off the model's meta), which costs
    more than serializing a page of parties. They depend on the class alone, so they are built
    once a class and each instance gets copies (as DRF copies the declared ones).
    """

    _built_fields: dict[type, dict] = {}

    def get_fields(self):
        built = self._built_fields.get(type(self))
        if built is None:
            built = self._built_fields[type(self)] = super().get_fields()
        fields = {name: copy.deepcopy(field) for name, field in built.items()}
        guard_text_fields(fields)
        return fields


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
