"""WSGI entry point: `gunicorn project.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

application = get_wsgi_application()
# What a worker makes at start-up (its settings, models, URLconf and views, loaded here rather
# than by the first request) lives as long as the worker: frozen, out of the collector's reach,
# so that a collection traverses only what requests make. Unfrozen, the collections a page of
# 500 claims sets off took about a quarter of its time in Python.
get_resolver().url_patterns  # noqa: B018 (loads the URLconf)
gc.freeze()
