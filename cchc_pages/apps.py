from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CchcPagesConfig(AppConfig):
    name = "cchc_pages"
    label = "cchc_pages"
    verbose_name = _("Administrative reform pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import page_cache, signals

        signals.connect()
        page_cache.connect()
