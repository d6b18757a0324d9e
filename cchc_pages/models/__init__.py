"""The app's models, re-exported from their capability packages so that ``cchc_pages.models`` (and
the migrations) keep their paths. Code inside the packages imports from the capability itself."""

from ..caching.models import Counter
from ..core.slugs import VIETNAMESE_SLUG_FORMATTERS, VietnameseSlugMixin
from ..directory.models import (
    ContactCard,
    ContactDirectoryPage,
    ContactPoint,
    Hotline,
    OrganisationUnit,
    PersonContactPoint,
    UnitContactPoint,
    listed_cards,
    unit_tree,
    vcard_response,
)
from ..documents.models import (
    DOCUMENT_TYPES,
    AppendixRow,
    DocumentAttachment,
    DocumentIndexPage,
    DocumentPage,
    ReformIndexValue,
    ReformIndicesPage,
)
from ..news.models import (
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
from ..procedures.models import ProcedureIndexPage, ProcedurePage, ProcedureSector

__all__ = [
    "DOCUMENT_TYPES",
    "AppendixRow",
    "ContactCard",
    "ContactDirectoryPage",
    "ContactPoint",
    "DocumentAttachment",
    "DocumentIndexPage",
    "DocumentPage",
    "Hotline",
    "OrganisationUnit",
    "PersonContactPoint",
    "ReformIndexValue",
    "ReformIndicesPage",
    "UnitContactPoint",
    "listed_cards",
    "unit_tree",
    "vcard_response",
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
