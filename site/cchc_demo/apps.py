from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CchcDemoConfig(AppConfig):
    name = "cchc_demo"
    verbose_name = _("CCHC demo site")
    default_auto_field = "django.db.models.BigAutoField"
