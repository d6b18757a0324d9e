"""Wagtail's page routing with the pages it walks through kept (kept.py), and the page URLs that use it."""
