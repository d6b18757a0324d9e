"""The news sections' cached sidebars (month archive, categories): one version number in every
key, bumped when an article or a category changes (see signals.py)."""

from django.core.cache import cache

SIDEBAR_VERSION_KEY = "cchc:news-sidebar-version"


def sidebar_version():
    return cache.get_or_set(SIDEBAR_VERSION_KEY, 1, None)


def bump_sidebar_version():
    """Invalidate every section's cached sidebar (an article or category changed)."""
    try:
        cache.incr(SIDEBAR_VERSION_KEY)
    except ValueError:
        cache.set(SIDEBAR_VERSION_KEY, 2, None)
