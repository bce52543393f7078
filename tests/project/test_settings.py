"""Configuration comes from the environment, and production settings are safe or refused."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "claims.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://claims.example.org",
    "DATABASE_URL": "postgres://claims:secret@db.example.org:5432/claims",
}


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    # The checkout's .env (DEBUG=true for development) only fills what is unset here.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "project.settings", **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("secret_key", "message"),
    [
        ("", "Set SECRET_KEY"),
        ("short", "too weak"),
        ("django-insecure-" + "x" * 60, "too weak"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key, message):
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": secret_key})
    assert result.returncode != 0
    assert message in result.stderr


def test_a_negative_public_max_age_is_refused():
    result = manage("check", **{**PRODUCTION, "API_PUBLIC_MAX_AGE": "-1"})
    assert result.returncode != 0
    assert "API_PUBLIC_MAX_AGE" in result.stderr


def test_only_postgresql_is_accepted():
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": "sqlite:///claims.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_database_url_is_used_as_given():
    result = manage(
        "shell",
        "-c",
        "from django.db import connection as c; s = c.settings_dict; "
        "print(c.vendor, s['HOST'], s['NAME'], s['CONN_MAX_AGE'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["postgresql", "db.example.org", "claims", "60"]


@pytest.mark.parametrize(
    ("cache_url", "backend", "location"),
    [
        (None, "django.core.cache.backends.db.DatabaseCache", "claims_cache"),
        (
            "redis://cache.example.org:6379/0",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.example.org:6379/0",
        ),
    ],
)
def test_login_counters_live_in_a_cache_every_worker_shares(cache_url, backend, location):
    environment = {**PRODUCTION, **({"CACHE_URL": cache_url} if cache_url else {})}
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'], s.AXES_CACHE, s.AXES_HANDLER)",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == [
        backend,
        location,
        "default",
        "axes.handlers.cache.AxesCacheHandler",
    ]
