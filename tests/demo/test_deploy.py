"""The production set-up end to end: two gunicorn servers sharing PostgreSQL and Redis."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"),
    reason="runs in the PostgreSQL + Redis leg of ./dev test (DATABASE_URL and REDIS_URL set)",
)
def test_two_app_servers_share_counts_cache_and_content():
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/cchc_multiprocess"
    result = subprocess.run(
        [sys.executable, "deploy/check_multiprocess.py", "--database-url", database],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All cross-server checks passed." in result.stdout


def production(code, **env):
    """Run `code` with the production settings set up, as gunicorn would, with the given environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "CCHC_"))}
    clean.pop("DATABASE_URL", None)
    full = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "cchc_demo.settings_production",
        "DJANGO_SECRET_KEY": "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "cchc.example.gov.vn",
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "site")]),
        **env,
    }
    setup = "import django; django.setup(); from django.conf import settings; "
    return subprocess.run(
        [sys.executable, "-c", setup + code], env=full, cwd=REPO, capture_output=True, text=True, timeout=120
    )


# The citizen's details come from the environment, not the code: a traceback of `python -c` quotes
# the code (Python 3.13), and the tests ask whether the *message* reached the output.
MAIL = (
    "import os; from django.core.mail import send_mail; "
    "send_mail(os.environ['CITIZEN_SUBJECT'], os.environ['CITIZEN_BODY'], "
    "'cchc@example.gov.vn', [os.environ['CITIZEN_EMAIL']]); print(settings.EMAIL_BACKEND)"
)
CITIZEN = {
    "CITIZEN_SUBJECT": "Phản ánh PA-2026-000001-ABCD",
    "CITIZEN_BODY": "Nguyễn Văn An, an.nguyen@example.invalid",
    "CITIZEN_EMAIL": "an.nguyen@example.invalid",
}


def test_production_without_a_mail_server_refuses_to_start():
    result = production(MAIL, **CITIZEN)
    assert result.returncode != 0
    assert "DJANGO_EMAIL_HOST" in result.stderr and "DJANGO_EMAIL_DISABLED=1" in result.stderr
    assert "Nguyễn Văn An" not in result.stdout + result.stderr


def test_production_with_mail_switched_off_sends_and_prints_nothing():
    result = production(MAIL, DJANGO_EMAIL_DISABLED="1", **CITIZEN)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "django.core.mail.backends.dummy.EmailBackend"
    output = result.stdout + result.stderr
    for personal in ("Nguyễn Văn An", "an.nguyen@example.invalid", "PA-2026-000001-ABCD"):
        assert personal not in output


def test_production_with_a_mail_server_uses_it():
    result = production("print(settings.EMAIL_BACKEND, settings.EMAIL_HOST)", DJANGO_EMAIL_HOST="mail.example.gov.vn")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "mail.example.gov.vn"]
