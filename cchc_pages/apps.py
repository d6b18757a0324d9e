from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CchcPagesConfig(AppConfig):
    name = "cchc_pages"
    label = "cchc_pages"
    verbose_name = _("Administrative reform pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal handlers import the models, so they are connected once the app registry is ready;
        # importing checks registers the base-template system check.
        from . import checks  # noqa: F401
        from .caching import page_cache, signals
        from .notices import banner
        from .procedures import listing_cache

        signals.connect()
        page_cache.connect()
        banner.connect()
        listing_cache.connect()
        if apps.is_installed("wagtail.contrib.frontend_cache"):  # optional: no hard dependency
            from .caching import frontend_cache

            frontend_cache.connect()
