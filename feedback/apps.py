from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    label = "cchc_feedback"
    verbose_name = _("Citizen feedback")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal handlers import the models, so they are connected once the app registry is ready.
        from cchc_pages.api import catalogue
        from cchc_pages.api.router import api_router

        from .evaluation import api as evaluation_api
        from .polls import api as polls_api
        from .polls import caching
        from .submissions import api as submissions_api

        caching.connect_signals()
        # The open-data API (cchc_pages/api/) serves polls' results and the published answers.
        api_router.register_endpoint("polls", polls_api.PollsEndpoint)
        api_router.register_endpoint("questions", submissions_api.QuestionsEndpoint)
        catalogue.register(polls_api.DATASET)
        catalogue.register(submissions_api.DATASET)
        catalogue.register(evaluation_api.DATASET)
