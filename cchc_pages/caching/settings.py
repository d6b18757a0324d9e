"""Site settings read from Django's cache instead of the database on every page.

Wagtail reads a site setting (``{{ settings.app.Model.field }}``, ``Model.for_request``) with a
query on each request that shows it: the header and footer of every page. A site's own setting
model keeps its value here by putting the mixin first::

    @register_setting
    class DepartmentSettings(KeptSiteSetting, BaseSiteSetting):
        ...

Saving or deleting a setting (the admin's form does) makes every kept value stale; a value is
kept at most CCHC_LISTING_CACHE_SECONDS (the bound for other processes when each process has a
cache of its own)."""

from django.core.cache import cache
from django.db import transaction

from ..core import conf
from . import versions

SETTINGS_VERSION_KEY = "cchc:site-settings-version"


class KeptSiteSetting:
    """For a subclass of Wagtail's BaseSiteSetting: for_site() from the cache."""

    @classmethod
    def for_site(cls, site):
        if site is None:
            return super().for_site(site)
        key = f"cchc:site-setting:{versions.current(SETTINGS_VERSION_KEY)}:{cls._meta.label_lower}:{site.pk}"
        instance = cache.get(key)
        if instance is None:
            instance = super().for_site(site)
            cache.set(key, instance, conf.get("CCHC_LISTING_CACHE_SECONDS"))
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _changed(self._state.db)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _changed(self._state.db)
        return result


def _changed(using):
    """Stale at once, and again once the transaction commits: a page read in between may have kept
    the value from before."""
    versions.bump(SETTINGS_VERSION_KEY)
    transaction.on_commit(lambda: versions.bump(SETTINGS_VERSION_KEY), using=using)
