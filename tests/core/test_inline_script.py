"""The apps' templates need no inline script, so that a site's Content-Security-Policy may forbid it
(the demo's production settings do: tests/demo/test_security_headers.py)."""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    path for folder in ("cchc_pages/templates", "feedback/templates") for path in (REPO / folder).rglob("*.html")
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(REPO)))
def test_templates_carry_no_inline_script(template):
    html = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(html), "inline <script>: move it to a static file"
    assert not HANDLER.search(html), "inline event handler: bind it from a static file"
