"""A department changes the feedback form, what a submission becomes and the receipt by
overriding the page's seams in a subclass, keeping its routes (as with wagtail.contrib.forms)."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import isolate_apps
from wagtail.models import PAGE_MODEL_CLASSES

from feedback.models import FeedbackFormPage, Submission
from feedback.submissions.forms import SubmissionForm

from .conftest import valid_post


class DistrictForm(SubmissionForm):
    district = forms.CharField(label="Quận, huyện nơi xảy ra sự việc", max_length=100)


@pytest.fixture
def department_page(form_page):
    """The site's form page, as a department's subclass that overrides every seam."""
    with isolate_apps("feedback"):

        class DepartmentFormPage(FeedbackFormPage):
            class Meta:
                proxy = True
                app_label = "cchc_feedback"

            def get_form_class(self):
                return DistrictForm

            def process_form_submission(self, form, request):
                submission = super().process_form_submission(form, request)
                submission.sector = form.cleaned_data["district"]
                submission.save(update_fields=["sector"])
                return submission

            def render_landing_page(self, request, submission):
                return HttpResponse(f"Biên nhận của sở: {submission.code}")

    page = FeedbackFormPage.objects.get(pk=form_page.pk)
    page.__class__ = DepartmentFormPage
    yield page
    PAGE_MODEL_CLASSES.remove(DepartmentFormPage)


def request_for(method, path, data=None, session=None):
    request = getattr(RequestFactory(), method)(path, data or {}, HTTP_ACCEPT_LANGUAGE="vi")
    request.session = session if session is not None else SessionStore()
    request.user = AnonymousUser()
    return request


def test_a_subclass_swaps_the_form_the_submission_and_the_receipt(department_page):
    shown = department_page.form_route(request_for("get", department_page.url))
    assert shown.status_code == 200 and isinstance(shown.context_data["form"], DistrictForm)

    missing = department_page.form_route(request_for("post", department_page.url, valid_post()))
    assert missing.status_code == 400 and not Submission.objects.exists()

    session = SessionStore()
    data = {**valid_post(), "district": "Huyện Đại Từ"}
    sent = department_page.form_route(request_for("post", department_page.url, data, session))
    assert sent.status_code == 302 and sent["Location"].endswith("/da-gui/")
    submission = Submission.objects.get()
    assert submission.sector == "Huyện Đại Từ"

    receipt = department_page.receipt_route(request_for("get", sent["Location"], session=session))
    assert receipt.content.decode() == f"Biên nhận của sở: {submission.code}"
