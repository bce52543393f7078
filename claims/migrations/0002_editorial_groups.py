"""The newsroom's three roles as Django groups carrying model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["claim", "quantity", "source", "document", "event", "claimlink", "party", "review"]
EDITED = ["claim", "quantity", "source", "document", "event", "claimlink"]


def editor_codenames():
    codenames = {f"view_{model}" for model in MODELS}
    codenames |= {f"{action}_{model}" for model in EDITED for action in ("add", "change")}
    # Quantities and links are parts of a claim: fixing a claim means removing a wrong one.
    codenames |= {"delete_quantity", "delete_claimlink"}
    return codenames


GROUPS = {
    "Viewers": {f"view_{model}" for model in MODELS},
    "Editors": editor_codenames(),
    "Verifiers": editor_codenames() | {"verify_claim", "add_review"},
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="claims", codename__in=codenames
        )
        missing = codenames - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
