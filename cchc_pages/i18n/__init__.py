"""Pages in several languages: the page URLs under i18n_patterns (``cchc_pages.i18n.urls``) and
their view (see docs/english.md); the reading helpers are in core/i18n.py."""
