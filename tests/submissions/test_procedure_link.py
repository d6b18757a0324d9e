"""A citizen reading a procedure can comment on it; the submission is linked to that procedure."""

from feedback.models import Submission
from tests.procedures.conftest import proc_index  # noqa: F401 - a fixture
from tests.procedures.test_procedures import record, run

from .conftest import valid_post
from .test_submit import post


def test_procedure_page_links_to_the_prefilled_form_and_the_submission_keeps_the_link(client, form_page, proc_index):  # noqa: F811
    run(proc_index, [record("1.001193", "Đăng ký khai sinh")])
    procedure = proc_index.get_children().get().specific
    page = client.get(procedure.url).content.decode()
    link = f"{form_page.url}?thu-tuc=1.001193"
    assert f'href="{link}"' in page
    assert "Phản ánh, kiến nghị về thủ tục này" in page

    form = client.get(link).content.decode()
    assert 'value="Đăng ký khai sinh"' in form
    assert 'name="procedure_code" value="1.001193"' in form

    response = post(client, form_page, {**valid_post(), "procedure_code": "1.001193", "procedure_text": "Khai sinh"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.procedure_page_id == procedure.pk
    assert submission.procedure_label == "Đăng ký khai sinh"


def test_an_unknown_procedure_code_links_nothing(client, form_page):
    assert 'name="procedure_code"' in client.get(f"{form_page.url}?thu-tuc=KHONG-CO").content.decode()
    response = post(client, form_page, {**valid_post(), "procedure_code": "KHONG-CO", "procedure_text": "Thủ tục X"})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.procedure_page is None and submission.procedure_label == "Thủ tục X"
