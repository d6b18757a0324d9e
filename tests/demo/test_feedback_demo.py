"""The demo's feedback section: created once, in every state, with published answers on show."""

from django.core.management import call_command

from feedback.models import FeedbackAnswersPage, FeedbackFormPage, FeedbackUnit, Holiday, Submission, SubmissionEvent


def counts():
    return (
        Submission.objects.count(),
        SubmissionEvent.objects.count(),
        Holiday.objects.count(),
        FeedbackUnit.objects.count(),
        FeedbackFormPage.objects.count(),
        FeedbackAnswersPage.objects.count(),
    )


def test_demo_feedback_is_loaded_once_in_every_state(db, client):
    call_command("load_demo_content", "--no-admin", stdout=open("/dev/null", "w"))
    first = counts()
    call_command("load_demo_content", "--no-admin", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert first[0] == 12
    assert set(Submission.objects.values_list("status", flat=True)) == {
        "received",
        "accepted",
        "assigned",
        "processing",
        "answered",
        "published",
        "rejected",
        "merged",
    }
    assert Holiday.objects.filter(date__year=2026, name__contains="Tết").count() >= 5
    answers = FeedbackAnswersPage.objects.get()
    text = client.get(answers.url).content.decode()
    # The answers themselves: the sidebar may name the demo's director, who shares the citizen's name.
    text = text[text.index("<main") : text.index("</main>")]
    assert "Quá hạn cấp giấy chứng nhận quyền sử dụng đất lần đầu" in text
    assert "Nguyễn V. A., phường Phan Đình Phùng" in text and "Nguyễn Văn An" not in text
    assert client.get(FeedbackFormPage.objects.get().url).status_code == 200
    assert answers.show_in_menus
