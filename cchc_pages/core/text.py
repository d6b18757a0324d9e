"""Vietnamese text helpers: diacritic folding for search and ASCII slugs.

Unicode decomposition strips tone marks but leaves "đ"/"Đ" (a letter of its own,
not a "d" with a mark), so both are mapped by hand. Folding runs on every indexed
article, so it is one ``str.translate`` over a table built once from the Latin blocks.
"""

import re
import unicodedata

from django.utils.text import slugify


def _folding_table():
    table = {ord("đ"): "d", ord("Đ"): "D"}
    latin = [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]
    for code in latin:
        char = chr(code)
        if code in table:
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and base.isascii():
            table[code] = base
    for code in range(0x0300, 0x0370):  # combining marks typed separately (decomposed input)
        table[code] = None
    return table


_TABLE = _folding_table()


def strip_marks(text: str) -> str:
    """`text` without Vietnamese diacritics, case kept: "Cải cách Đà" -> "Cai cach Da"."""
    return (text or "").translate(_TABLE)


def fold(text: str) -> str:
    """Lower-case `text` and drop Vietnamese diacritics: "Cải cách Đà" -> "cai cach da"."""
    return strip_marks(text).lower()


def search_terms(text: str) -> str:
    """`text` folded, as words only, for a full-text search backend: quotes, ``*``, ``^``,
    parentheses and column filters are syntax to SQLite's FTS5 (a lone ``"`` is an error there), and
    a citizen's search means none of them. "Cải "cách*" -> "cai cach"."""
    return " ".join(re.findall(r"\w+", fold(text)))


def slugify_vi(text: str) -> str:
    """A readable ASCII slug: "Đánh giá thái độ" -> "danh-gia-thai-do"."""
    return slugify(fold(text))
