"""Include under any prefix: path("cchc/", include("feedback.urls"))."""

from django.urls import include, path

app_name = "feedback"

urlpatterns = [
    path("", include("feedback.polls.urls")),
    path("", include("feedback.evaluation.urls")),
]
