"""The demo's polls and counter ratings: loaded once, the sidebar poll on the home page."""

import io

from django.core.management import call_command

from feedback.models import Ballot, Poll, PollChoice, RatingTarget


def test_demo_polls_load_once_and_show_in_the_sidebar(client, db):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    counts = (Poll.objects.count(), PollChoice.objects.count(), Ballot.objects.count(), RatingTarget.objects.count())
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    assert counts == (
        Poll.objects.count(),
        PollChoice.objects.count(),
        Ballot.objects.count(),
        RatingTarget.objects.count(),
    )
    sidebar = Poll.objects.get(show_in_sidebar=True)
    assert [c.label for c in sidebar.choices.all()] == ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]
    assert sidebar.results()["total"] > 0
    html = client.get("/", HTTP_HOST="localhost").content.decode()
    assert "Đánh giá thái độ tiếp công dân của cán bộ Một cửa" in html
    assert client.get("/cchc/danh-gia/quay-2/", HTTP_HOST="localhost").status_code == 200
