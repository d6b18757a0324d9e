"""The admin login: Django's password validators in the demo, and the production settings' login
throttle (django-axes), which refuses even the right password after repeated wrong ones for one
username from one address, with a clear Vietnamese message."""

import pytest
from cchc_demo.login_throttle import throttle_settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from .test_deploy import production

PASSWORD = "Mat-khau-rat-dai-2026"
LIMIT = 5


@pytest.fixture
def throttle(settings):
    for name, value in throttle_settings({"DJANGO_LOGIN_FAILURE_LIMIT": str(LIMIT)}).items():
        setattr(settings, name, value)


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_superuser("canbo", "canbo@example.invalid", PASSWORD)


def login(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="vi"
    )


def logged_in(client):
    return client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_right_password_is_refused_after_too_many_wrong_ones(client, throttle, officer):
    for _ in range(LIMIT - 1):
        assert login(client, "canbo", "sai-mat-khau").status_code == 200  # the form again, with its error
    response = login(client, "canbo", "sai-mat-khau")
    assert response.status_code == 429
    response = login(client, "canbo", PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Tạm khóa đăng nhập" in text and "30 phút" in text
    assert not logged_in(client)


@pytest.mark.django_db
def test_the_lockout_counts_per_username_and_address(client, throttle, officer, django_user_model):
    django_user_model.objects.create_superuser("canbo2", "canbo2@example.invalid", PASSWORD)
    for _ in range(LIMIT):
        login(client, "canbo", "sai-mat-khau")
    assert login(client, "canbo", PASSWORD).status_code == 429
    # The same officer from another address, and another officer from the same address, still log in.
    assert login(client, "canbo", PASSWORD, address="198.51.100.20").status_code == 302
    assert logged_in(client)
    client.logout()
    assert login(client, "canbo2", PASSWORD).status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_fewer_wrong_passwords_than_the_limit_do_not_lock(client, throttle, officer):
    for _ in range(LIMIT - 1):
        login(client, "canbo", "sai-mat-khau")
    assert login(client, "canbo", PASSWORD).status_code == 302
    assert logged_in(client)


@pytest.mark.parametrize("weak", ["12345678", "password123", "canbo2026x", "20262026"])
def test_weak_passwords_are_refused(weak, django_user_model):
    user = django_user_model(username="canbo2026x", email="canbo@example.invalid")
    with pytest.raises(ValidationError):
        password_validation.validate_password(weak, user)
    password_validation.validate_password(PASSWORD, user)


def test_production_settings_install_the_throttle():
    code = (
        "print('axes' in settings.INSTALLED_APPS, settings.MIDDLEWARE[-1], settings.AUTHENTICATION_BACKENDS[0], "
        "settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME, settings.AXES_LOCKOUT_PARAMETERS)"
    )
    result = production(code, DJANGO_EMAIL_DISABLED="1", DJANGO_LOGIN_FAILURE_LIMIT="7")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == (
        "True axes.middleware.AxesMiddleware axes.backends.AxesStandaloneBackend 7 0:30:00 [['username', 'ip_address']]"
    )
    bad = production("", DJANGO_EMAIL_DISABLED="1", DJANGO_LOGIN_FAILURE_LIMIT="0")
    assert bad.returncode != 0 and "DJANGO_LOGIN_FAILURE_LIMIT" in bad.stderr
