"""The claims desk's app, and what `migrate` sets up beside the tables of its models."""

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """The database cache's table (login throttles and lockouts are counted there unless
    CACHE_URL names Redis): made by every `migrate`, so `make run`, a release and the tests all
    have it. Idempotent, and a no-op for caches that are not in the database."""
    call_command("createcachetable", database=using, verbosity=0)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self)
