"""The demo's production Content-Security-Policy forbids inline script: no page of ours may need it."""

from pathlib import Path

import pytest

from ..core.test_inline_script import HANDLER, INLINE_SCRIPT

REPO = Path(__file__).resolve().parents[2]
# The demo's templates; the apps' are checked alike by tests/core/test_inline_script.py.
TEMPLATES = sorted(path for folder in ("templates",) for path in (REPO / folder).rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(REPO)))
def test_templates_carry_no_inline_script(template):
    html = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(html), "inline <script>: move it to a static file"
    assert not HANDLER.search(html), "inline event handler: bind it from a static file"


@pytest.fixture
def csp(settings):
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("cchc_pages.page_cache.PageCacheMiddleware"),
        "cchc_demo.middleware.ContentSecurityPolicyMiddleware",
    )
    settings.MIDDLEWARE = middleware
    settings.CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'"


def test_public_pages_get_the_policy_and_the_admin_keeps_its_own(client, csp, make_article):
    article = make_article()
    assert client.get(article.url)["Content-Security-Policy"] == "default-src 'self'; script-src 'self'"
    assert "Content-Security-Policy" not in client.get("/admin/login/")


# --- the page cache under the production settings --------------------------------------------------

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
)
PRODUCTION = (
    "MIDDLEWARE",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
)


@pytest.fixture
def production(settings, monkeypatch, home):
    """The demo's production middleware and security settings (read from settings_production with
    the environment it needs), with the page cache on."""
    import importlib
    import sys

    monkeypatch.setenv("DJANGO_SECRET_KEY", "p" * 40)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("DJANGO_EMAIL_DISABLED", "1")  # production refuses to start without a mail server
    monkeypatch.delitem(sys.modules, "cchc_demo.settings_production", raising=False)
    module = importlib.import_module("cchc_demo.settings_production")
    monkeypatch.delitem(sys.modules, "cchc_demo.settings_production")
    for name in PRODUCTION:
        setattr(settings, name, getattr(module, name))
    settings.CCHC_PAGE_CACHE_SECONDS = 300
    from cchc_demo.models import DepartmentSettings

    DepartmentSettings.for_site(home.get_site())  # created on first render; settle it up front


def test_a_cached_page_carries_the_security_headers_of_the_first_view(client, production, make_article):
    article = make_article()
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    miss = client.get(article.url, **https)
    hit = client.get(article.url, **https)
    assert (miss.status_code, miss["X-CCHC-Cache"], hit["X-CCHC-Cache"]) == (200, "miss", "hit")
    assert {name: hit.get(name) for name in SECURITY_HEADERS} == {name: miss.get(name) for name in SECURITY_HEADERS}
    assert all(miss.get(name) for name in SECURITY_HEADERS), miss.headers


def test_a_cached_page_asked_for_over_http_redirects_to_https(client, production, make_article):
    article = make_article()
    assert client.get(article.url, HTTP_X_FORWARDED_PROTO="https")["X-CCHC-Cache"] == "miss"
    assert client.get(article.url, HTTP_X_FORWARDED_PROTO="https")["X-CCHC-Cache"] == "hit"
    response = client.get(article.url)
    assert response.status_code == 301 and response.get("X-CCHC-Cache") != "hit"
    assert response["Location"] == f"https://testserver{article.url}"


@pytest.mark.parametrize(
    "above",
    ["django.middleware.security.SecurityMiddleware", "cchc_demo.middleware.ContentSecurityPolicyMiddleware"],
)
def test_a_page_cache_above_the_security_middleware_is_refused(settings, above):
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from cchc_pages.page_cache import PageCacheMiddleware

    middleware = [m for m in settings.MIDDLEWARE if m != "cchc_pages.page_cache.PageCacheMiddleware"]
    if above not in middleware:
        middleware.append(above)
    middleware.insert(middleware.index(above), "cchc_pages.page_cache.PageCacheMiddleware")
    settings.MIDDLEWARE = middleware
    with pytest.raises(
        ImproperlyConfigured, match=f"before .*{above.rsplit('.', 1)[-1]}.*Move PageCacheMiddleware below"
    ):
        PageCacheMiddleware(lambda request: None)
    with pytest.raises(SystemCheckError, match="cchc_pages.E001"):
        call_command("check")
