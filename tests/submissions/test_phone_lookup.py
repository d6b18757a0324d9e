"""Tracking finds a submission by its phone number however the citizen writes it: with the country
code or the leading 0, with spaces, dots or dashes, on the form and in the look-up."""

import pytest

from .conftest import valid_post


@pytest.mark.parametrize(
    ("sent", "tracked"),
    [
        ("+84 912 345 678", "0912 345 678"),
        ("0912.345.678", "+84912345678"),
        ("+84-912-345-678", "0912345678"),
    ],
)
def test_lookup_matches_the_number_in_either_national_or_international_form(client, form_page, sent, tracked):
    response = client.post(form_page.url, {**valid_post(phone=sent, email=""), "attachments": []})
    assert response.status_code == 302
    code = client.get(response["Location"]).context["submission"].code
    found = client.post(form_page.url + "tra-cuu/", {"code": code, "contact": tracked}, HTTP_ACCEPT_LANGUAGE="vi")
    assert found.status_code == 200
    assert code in found.content.decode()
