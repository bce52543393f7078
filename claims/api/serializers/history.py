"""A claim's history: the changes PostgreSQL recorded to it and its quantities, links, reviews."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.history import event_import_id, event_user_id

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

    # Reads django-pghistory's aggregate events (`claims.history.claim_events`); the view looks
    # up the users of a page at once and passes them in the context as `usernames`.

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
    claim_import = serializers.SerializerMethodField(
        help_text='The import the change was made in ("import #3 (wire.csv)"), or null.'
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
        return self.context.get("usernames", {}).get(event_user_id(event))

    def get_claim_import(self, event) -> str | None:
        return self.context.get("imports", {}).get(event_import_id(event))

    @extend_schema_field(serializers.DictField(child=HistoryChangeSerializer()))
    def get_changes(self, event) -> dict:
        if event.pgh_label != "update" or not event.pgh_diff:
            return {}
        return {field: {"from": old, "to": new} for field, (old, new) in event.pgh_diff.items()}
