"""The demo's settings from the environment (cchc_demo/environment.py): each wrong variable stops
the start-up with a clear message, and unset ones need no service."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cchc_demo.environment import (
    cache_settings,
    database_settings,
    frontend_cache_settings,
    search_settings,
    storage_settings,
)
from django.core.exceptions import ImproperlyConfigured

REPO = Path(__file__).resolve().parents[2]


# --- database, Redis, search --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, message",
    [
        ("foo://host/db", "DATABASE_URL is not a database URL"),
        ("postgres://user@host:5432", "names no database"),
    ],
)
def test_a_wrong_database_url_is_refused_at_start_up(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_settings({"DATABASE_URL": url}, default="sqlite:///x")


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "redis://", "redis://host:port/0"])
def test_a_wrong_redis_url_is_refused_at_start_up(url):
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        cache_settings({"REDIS_URL": url})


def test_defaults_need_no_service():
    caches, sessions, counter_backend = cache_settings({})
    assert caches["default"]["BACKEND"].endswith("LocMemCache")
    assert counter_backend == "memory"
    assert database_settings({}, default="sqlite:///x.sqlite3")["default"]["ENGINE"].endswith("sqlite3")
    assert search_settings({})["default"]["BACKEND"] == "cchc_pages.core.search"
    with pytest.raises(ImproperlyConfigured, match="OPENSEARCH_URL"):
        search_settings({"CCHC_SEARCH_BACKEND": "opensearch"})


def test_an_unreachable_database_stops_the_server_at_start_up():
    """Loading the WSGI application with a DATABASE_URL that points nowhere fails before any request."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc_demo.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/cchc",
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "site")]),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import cchc_demo.wsgi"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "Cannot connect to the database named by DATABASE_URL" in result.stderr


# --- the bucket of citizens' attachments -------------------------------------------------------


def test_the_feedback_bucket_is_private_and_shares_the_media_bucket_service():
    env = {
        "AWS_STORAGE_BUCKET_NAME": "cchc-media",
        "CCHC_FEEDBACK_BUCKET_NAME": "cchc-feedback-private",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
        "AWS_S3_REGION_NAME": "hn-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_S3_CUSTOM_DOMAIN": "media.example.gov.vn",
    }
    storages = storage_settings(env)
    assert storages["cchc_feedback"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "cchc-feedback-private",
            "querystring_auth": True,
            "default_acl": None,
            "file_overwrite": False,
            "endpoint_url": "https://s3.example.vn",
            "region_name": "hn-1",
            "addressing_style": "path",
        },
    }
    assert storages["default"]["OPTIONS"]["custom_domain"] == "media.example.gov.vn"
    # Attachments may go to a bucket while media stay on disk; without the variable, no alias.
    assert "cchc_feedback" in storage_settings({"CCHC_FEEDBACK_BUCKET_NAME": "cchc-feedback"})
    assert "cchc_feedback" not in storage_settings({"AWS_STORAGE_BUCKET_NAME": "cchc-media"})


@pytest.mark.parametrize(
    "env, message",
    [
        ({"AWS_STORAGE_BUCKET_NAME": "cchc-media", "CCHC_FEEDBACK_BUCKET_NAME": "cchc-media"}, "not the public media"),
        ({"CCHC_FEEDBACK_BUCKET_NAME": "s3://cchc-feedback"}, "CCHC_FEEDBACK_BUCKET_NAME must be a bucket name"),
        ({"CCHC_FEEDBACK_BUCKET_NAME": "Cchc Feedback"}, "CCHC_FEEDBACK_BUCKET_NAME must be a bucket name"),
        ({"CCHC_FEEDBACK_BUCKET_NAME": "cchc-feedback", "AWS_S3_ENDPOINT_URL": "s3.example.vn"}, "AWS_S3_ENDPOINT_URL"),
    ],
)
def test_a_wrong_feedback_bucket_is_refused_at_start_up(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        storage_settings(env)


# --- front-end caches to purge ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["10.0.0.21:6081", "ftp://10.0.0.21", "http://10.0.0.21:port", "http://10.0.0.21/purge", "http://a,,http://b"],
)
def test_a_malformed_cache_address_is_refused_at_start_up(value):
    with pytest.raises(ImproperlyConfigured, match="CCHC_FRONTEND_CACHE_URL"):
        frontend_cache_settings({"CCHC_FRONTEND_CACHE_URL": value})


def test_without_the_variable_there_is_no_front_end_cache():
    assert frontend_cache_settings({}) is None


def connected_in_fresh_process(variables):
    """Whether the purge hook is connected under the demo settings and these environment variables
    (a new process: Django loads its apps once)."""
    code = (
        "import django; django.setup();"
        "from wagtail.signals import page_published;"
        "print(any(key[0] == 'cchc-frontend-cache-published' for key, *_ in page_published.receivers))"
    )
    env = {key: value for key, value in os.environ.items() if key != "CCHC_FRONTEND_CACHE_URL"}
    env.update(variables, DJANGO_SETTINGS_MODULE="cchc_demo.settings", PYTHONPATH=f"{REPO}{os.pathsep}{REPO / 'site'}")
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, check=True)
    return result.stdout.strip() == "True"


def test_the_hook_is_connected_only_when_frontend_cache_is_installed():
    assert not connected_in_fresh_process({})
    assert connected_in_fresh_process({"CCHC_FRONTEND_CACHE_URL": "http://10.0.0.21:6081"})
