from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    label = "cchc_feedback"
    verbose_name = _("Citizen feedback")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal handlers import the models, so they are connected once the app registry is ready.
        from .polls import caching

        caching.connect_signals()
