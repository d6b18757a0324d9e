"""The one-stop evaluation's published roll-ups in the list of open datasets (cchc_pages/api/):
per quarter, counter/officer and unit, only quarters with CCHC_POLL_MIN_PUBLISHED_VOTES rated
dossiers (scoring.py), as on the results page; registered by feedback/apps.py."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from cchc_pages.api.catalogue import JSON, Dataset, Format


def exports(request):
    try:
        url = reverse("feedback:evaluation_results_json")
    except NoReverseMatch:  # the feedback URLs are not mounted
        return []
    return [Format("JSON", JSON, url)]


DATASET = Dataset(
    "evaluations",
    _("One-stop evaluation (TT 01/2018/TT-VPCP)"),
    _(
        "Average points of the nine indicators per quarter, counter or officer and unit; only quarters "
        "with enough rated dossiers are published."
    ),
    _("With every rating"),
    [],
    exports,
)
