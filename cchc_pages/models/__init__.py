"""The app's models, re-exported from their capability packages so that ``cchc_pages.models`` (and
the migrations) keep their paths. Code inside the packages imports from the capability itself."""

from ..caching.models import Counter
from ..caching.sidebar import bump_sidebar_version, sidebar_version
from ..core.search_table import FoldedSearchRow
from ..core.slugs import VIETNAMESE_SLUG_FORMATTERS, VietnameseSlugMixin
from ..directory.models import (
    CareerStep,
    ContactCard,
    ContactDirectoryPage,
    ContactPoint,
    Hotline,
    OrganisationUnit,
    PersonContactPoint,
    UnitContactPoint,
    listed_cards,
    unit_tree,
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
    NewsTag,
    RelatedArticle,
    listed_articles,
    search_articles,
)
from ..news.pages import NewsIndexPage
from ..notices.models import OutageNotice
from ..procedures.models import ProcedurePage, ProcedureSector
from ..procedures.pages import ProcedureIndexPage
from ..ratings.models import PageRating
from ..schedules.models import ReceptionEntry, WorkCalendarEntry
from ..schedules.pages import ReceptionSchedulePage, WorkCalendarPage

__all__ = [
    "FoldedSearchRow",
    "DOCUMENT_TYPES",
    "AppendixRow",
    "CareerStep",
    "ContactCard",
    "ContactDirectoryPage",
    "ContactPoint",
    "DocumentAttachment",
    "DocumentIndexPage",
    "DocumentPage",
    "Hotline",
    "OrganisationUnit",
    "PageRating",
    "PersonContactPoint",
    "ReformIndexValue",
    "ReformIndicesPage",
    "UnitContactPoint",
    "listed_cards",
    "unit_tree",
    "LISTING_RENDITION",
    "VIETNAMESE_SLUG_FORMATTERS",
    "Counter",
    "NewsArticlePage",
    "NewsArticleTag",
    "NewsCategory",
    "NewsIndexPage",
    "NewsTag",
    "OutageNotice",
    "ReceptionEntry",
    "ReceptionSchedulePage",
    "WorkCalendarEntry",
    "WorkCalendarPage",
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
