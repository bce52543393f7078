"""A number inside a claim, with its uncertainty, and the bounds it must keep."""

import pgtrigger
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from claims.models.base import audited, choices_check
from claims.models.claims import Claim


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    APPROXIMATELY = "approximately", "approximately"
    AT_LEAST = "at_least", "at least"
    MORE_THAN = "more_than", "more than"
    AT_MOST = "at_most", "at most"
    FEWER_THAN = "fewer_than", "fewer than"
    RANGE = "range", "range"
    VAGUE = "vague", "vague (dozens, hundreds)"


class Outcome(models.TextChoices):
    LAUNCHED = "launched", "launched"
    DOWNED = "downed", "downed"
    KILLED = "killed", "killed"
    WOUNDED = "wounded", "wounded"
    DESTROYED = "destroyed", "destroyed"
    DAMAGED = "damaged", "damaged"
    CAPTURED = "captured", "captured"
    CONTROLLED = "controlled", "controlled"
    DETECTED = "detected", "detected"
    AFFECTED = "affected", "affected"
    EVACUATED = "evacuated", "evacuated"
    MISSING = "missing", "missing"
    DETAINED = "detained", "detained"


# A claim is a sentence: more numbers than this in one is a pasted article, not a claim. Held by
# PostgreSQL (the triggers below), whatever writes the quantities.
MAX_QUANTITIES = 100

# After each statement adding or moving quantities, no claim it touched may hold more.
QUANTITY_CAP_SQL = f"""
    IF EXISTS (
        SELECT 1 FROM claims_quantity
        WHERE claim_id IN (SELECT claim_id FROM written)
        GROUP BY claim_id HAVING count(*) > {MAX_QUANTITIES}
    ) THEN
        RAISE EXCEPTION 'A claim holds at most {MAX_QUANTITIES} quantities.'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quantity_per_claim_cap';
    END IF;
    RETURN NULL;
"""


def quantity_cap_trigger(name: str, operation) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=name,
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=operation,
        referencing=pgtrigger.Referencing(new="written"),
        func=QUANTITY_CAP_SQL,
    )


# The constraints on a quantity's bounds, and the field each is reported on.
QUANTITY_BOUNDS = {
    "quantity_value_not_negative": "value",
    "quantity_upper_not_below_value": "upper",
    "quantity_range_has_upper": "upper",
    "quantity_total_not_below_value": "of_total",
}


@audited(model_name="QuantityHistory")
class Quantity(models.Model):
    """A number inside a claim, with its uncertainty: "25 of nearly 30 drones downed"."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="quantities")
    value = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text="The stated number, or the lower bound.",
    )
    upper = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="The upper bound, where one is stated or implied.",
    )
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    of_total = models.DecimalField(
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text='The "30" in "25 of 30".',
    )
    item = models.CharField(
        max_length=100,
        blank=True,
        help_text="What is counted, singular: drone, person, km2.",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "quantities"
        indexes = [models.Index(fields=["item", "outcome"], name="quantity_item_outcome_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="quantity_value_not_negative",
                violation_error_message="A quantity cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gte=F("value")),
                name="quantity_upper_not_below_value",
                violation_error_message="The upper bound cannot be below the value.",
            ),
            models.CheckConstraint(
                condition=Q(of_total__isnull=True) | Q(of_total__gte=F("value")),
                name="quantity_total_not_below_value",
                violation_error_message='The total ("of N") cannot be below the value.',
            ),
            models.CheckConstraint(
                condition=~Q(qualifier="range") | Q(upper__isnull=False),
                name="quantity_range_has_upper",
                violation_error_message="A range needs an upper bound.",
            ),
            choices_check("qualifier", Qualifier, "quantity_qualifier_valid"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="quantity_outcome_valid",
            ),
        ]
        # Two triggers: PostgreSQL takes transition tables for one operation each.
        triggers = [
            quantity_cap_trigger("quantity_cap_on_insert", pgtrigger.Insert),
            quantity_cap_trigger("quantity_cap_on_update", pgtrigger.Update),
        ]

    def __str__(self):
        return self.summary

    def bound_errors(self) -> dict[str, str]:
        """The bounds PostgreSQL enforces (`Meta.constraints` above), checked here without a
        query: each broken one as the field it is about and the constraint's own message.

        The one statement of the rule in Python: forms (through `clean`), serializers and the
        extractor's proposals all ask it, so they all refuse what the database would.
        """
        value, upper, of_total = self.value, self.upper, self.of_total
        if value is None:
            return {}
        broken = {
            "quantity_value_not_negative": value < 0,
            "quantity_upper_not_below_value": upper is not None and upper < value,
            "quantity_range_has_upper": self.qualifier == Qualifier.RANGE and upper is None,
            "quantity_total_not_below_value": of_total is not None and of_total < value,
        }
        errors: dict[str, str] = {}
        for constraint in self._meta.constraints:
            if broken.get(constraint.name):
                field = QUANTITY_BOUNDS[constraint.name]
                errors.setdefault(field, str(constraint.violation_error_message))
        return errors

    def clean(self):
        if errors := self.bound_errors():
            raise ValidationError(errors)

    def get_constraints(self):
        # `clean` checks the bounds without a query each; Django checks the other constraints.
        return [
            (model, [c for c in constraints if c.name not in QUANTITY_BOUNDS])
            for model, constraints in super().get_constraints()
        ]

    @property
    def summary(self) -> str:
        """How a newsroom would say it: "25 of 30 drones downed", "at least 10 persons wounded"."""
        from claims.wording import describe_quantity

        return describe_quantity(self)
