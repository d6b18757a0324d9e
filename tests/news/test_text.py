import unicodedata

import pytest

from cchc_pages.core.text import fold, slugify_vi


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Đánh giá thái độ", "danh-gia-thai-do"),
        ("Đường dây nóng ĐỒNG THÁP", "duong-day-nong-dong-thap"),
        ("Cải cách hành chính năm 2021", "cai-cach-hanh-chinh-nam-2021"),
        ("Kế hoạch số 892/KH-UBND", "ke-hoach-so-892kh-ubnd"),
        ("Ủy ban nhân dân – Một cửa liên thông", "uy-ban-nhan-dan-mot-cua-lien-thong"),
    ],
)
def test_vietnamese_titles_give_readable_ascii_slugs(title, slug):
    assert slugify_vi(title) == slug


def test_fold_removes_tones_and_maps_d_bar():
    assert fold("Cải cách HÀNH CHÍNH ở Đà Nẵng") == "cai cach hanh chinh o da nang"


def test_fold_handles_every_vietnamese_letter_and_decomposed_input():
    letters = "aàáạảãâầấậẩẫăằắặẳẵeèéẹẻẽêềếệểễiìíịỉĩoòóọỏõôồốộổỗơờớợởỡuùúụủũưừứựửữyỳýỵỷỹdđ"
    expected = "a" * 18 + "e" * 12 + "i" * 6 + "o" * 18 + "u" * 12 + "y" * 6 + "dd"
    assert fold(letters) == expected
    assert fold(letters.upper()) == expected
    assert fold(unicodedata.normalize("NFD", "Cải cách hành chính")) == "cai cach hanh chinh"
