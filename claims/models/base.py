"""What every model of the desk shares: audit history by triggers, choice checks, the search
vector's expression, and the error of a save over a newer version."""

import pghistory
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


class StaleClaimError(Exception):
    """Someone else saved the claim after this copy of it was read: saving would overwrite them."""


def audited(**options):
    """Record every insert, update and delete of the model, with who and what changed.

    PostgreSQL triggers (django-pghistory) write the history, so the admin, the API, bulk
    `update()` calls and raw SQL are all captured; a deleted row keeps its last state.
    """
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **options
    )


def choices_check(
    field: str, choices: type[models.TextChoices], name: str
) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class TextLengthCheck(models.CheckConstraint):
    """A text column holds at most its field's `max_length` characters, enforced by PostgreSQL
    (TextField's max_length alone binds only forms and serializers): raw SQL and imports too.

    Python reports it without a query: the field's own max_length validator (in the admin's forms
    and the API's serializers) says the same, on the field.
    """

    def validate(self, model, instance, exclude=None, using=None):
        pass


def text_length_check(model: str, field: str, max_length: int) -> TextLengthCheck:
    return TextLengthCheck(
        condition=LessThanOrEqual(Length(field), max_length),
        name=f"{model}_{field}_length",
        violation_error_message=f"Ensure {field} has at most {max_length:,} characters.",
    )


# A claim's search vector is kept by PostgreSQL: one expression, used by the claim's own trigger
# and by the source's trigger that refreshes its claims when the source is renamed. English
# stems (text A, quote B, source name C) for ranked English search, then every word as written
# (`simple`, weight D): English stop words ("not", "the") and any language's words match exactly
# (claims.search builds the query that asks for both).
SEARCH_VECTOR_SQL = """
    setweight(to_tsvector('english', coalesce({text}, '')), 'A')
    || setweight(to_tsvector('english', coalesce({quote}, '')), 'B')
    || setweight(to_tsvector('english', coalesce({source_name}, '')), 'C')
    || setweight(to_tsvector('simple', coalesce({text}, '')), 'D')
    || setweight(to_tsvector('simple', coalesce({quote}, '')), 'D')
    || setweight(to_tsvector('simple', coalesce({source_name}, '')), 'D')
"""
