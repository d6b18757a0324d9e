from django.apps import AppConfig


class CchcDemoConfig(AppConfig):
    name = "cchc_demo"
    verbose_name = "CCHC demo site"
    default_auto_field = "django.db.models.BigAutoField"
