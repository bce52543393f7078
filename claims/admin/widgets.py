"""Admin widgets hardened against what a careless or hostile post can hold."""

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Django's autocomplete, which re-renders a refused form without a server error when the
    posted value is not an id at all ("abc"): it looks up only values that can be keys."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field

        def is_key(choice) -> bool:
            try:
                target.to_python(choice)
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [choice for choice in value if is_key(choice)], attr)


class SafeAutocompleteMixin:
    """For a ModelAdmin or an inline: its autocomplete fields use the widget above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
