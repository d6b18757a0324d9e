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
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "cchc_demo.middleware.ContentSecurityPolicyMiddleware"]
    settings.CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'"


def test_public_pages_get_the_policy_and_the_admin_keeps_its_own(client, csp, make_article):
    article = make_article()
    assert client.get(article.url)["Content-Security-Policy"] == "default-src 'self'; script-src 'self'"
    assert "Content-Security-Policy" not in client.get("/admin/login/")
