"""What every procedure test stands on: the Vietnamese interface and a published procedure index."""

import pytest
from django.utils import translation

from cchc_pages.models import ProcedureIndexPage


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def proc_index(home):
    index = home.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc", per_page=10))
    index.save_revision().publish()
    return index
