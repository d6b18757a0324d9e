"""The news sections' cached sidebars (month archive, categories): one version number in every
key, bumped when an article or a category changes (see signals.py)."""

from . import versions

SIDEBAR_VERSION_KEY = "cchc:news-sidebar-version"


def sidebar_version():
    return versions.current(SIDEBAR_VERSION_KEY)


def bump_sidebar_version():
    """Invalidate every section's cached sidebar (an article or category changed)."""
    versions.bump(SIDEBAR_VERSION_KEY)
