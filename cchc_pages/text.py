"""Vietnamese text helpers: diacritic folding for search and ASCII slugs.

Unicode decomposition strips tone marks but leaves "đ"/"Đ" (a letter of its own,
not a "d" with a mark), so both are mapped by hand before decomposing.
"""

import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case `text` and drop Vietnamese diacritics: "Cải cách Đà" -> "cai cach da"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def slugify_vi(text: str) -> str:
    """A readable ASCII slug: "Đánh giá thái độ" -> "danh-gia-thai-do"."""
    return slugify(fold(text))
