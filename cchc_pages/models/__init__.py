"""cchc_pages models, one module per area; import them from here."""

from .common import VIETNAMESE_SLUG_FORMATTERS, Counter, VietnameseSlugMixin
from .news import (
    LISTING_RENDITION,
    NewsArticlePage,
    NewsArticleTag,
    NewsCategory,
    NewsIndexPage,
    NewsTag,
    RelatedArticle,
    bump_sidebar_version,
    listed_articles,
    search_articles,
    sidebar_version,
)
from .procedures import ProcedureIndexPage, ProcedurePage, ProcedureSector

__all__ = [
    "LISTING_RENDITION",
    "VIETNAMESE_SLUG_FORMATTERS",
    "Counter",
    "NewsArticlePage",
    "NewsArticleTag",
    "NewsCategory",
    "NewsIndexPage",
    "NewsTag",
    "ProcedureIndexPage",
    "ProcedurePage",
    "ProcedureSector",
    "RelatedArticle",
    "VietnameseSlugMixin",
    "bump_sidebar_version",
    "listed_articles",
    "search_articles",
    "sidebar_version",
]
