"""News of the CCHC corner: categories, tags and articles (the section index is in pages.py)."""

from django.core.cache import cache
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from ..caching import counters
from ..caching.sidebar import sidebar_version
from ..core import conf
from ..core.blocks import ArticleBodyBlock
from ..core.restrictions import ViewRestrictionsInOneQuery
from ..core.slugs import VietnameseSlugMixin
from ..core.text import fold, search_terms, slugify_vi

# The featured image as article cards show it: listed_articles prefetches it, card_rendition gives it
# to the card template; the one place the spec is written.
LISTING_RENDITION = "fill-320x200-c100"


@register_snippet
class NewsCategory(models.Model):
    """A topic editors file articles under, e.g. "Cải cách thủ tục hành chính"."""

    name = models.CharField(pgettext_lazy("news category", "name"), max_length=255, unique=True)
    slug = models.SlugField(
        pgettext_lazy("news category", "slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("Filled from the name when left empty."),
    )
    description = models.TextField(pgettext_lazy("news category", "description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name)[:255]
        super().save(*args, **kwargs)


class NewsTag(TagBase):
    """A tag whose slug is readable ASCII, so tag URLs stay clean for Vietnamese tags."""

    class Meta:
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")

    def slugify(self, tag, i=None):
        slug = slugify_vi(tag)[:90] or "the"
        return f"{slug}-{i}" if i is not None else slug


class NewsArticleTag(ItemBase):
    tag = models.ForeignKey(NewsTag, related_name="tagged_items", on_delete=models.CASCADE)
    content_object = ParentalKey("cchc_pages.NewsArticlePage", related_name="tagged_items", on_delete=models.CASCADE)

    class Meta:
        # "Has this article this tag?", asked for each article a tag archive reads in date order.
        indexes = [models.Index(fields=["content_object", "tag"], name="cchc_articletag_article_tag")]


class NewsArticlePage(ViewRestrictionsInOneQuery, VietnameseSlugMixin, RoutablePageMixin, Page):
    """A reform news article as these portals publish it: sapo, byline, source, print view."""

    sapo = models.TextField(_("lead (sapo)"), blank=True, help_text=_("One or two sentences shown in listings."))
    date = models.DateTimeField(_("publication date and time"), default=timezone.now, db_index=True)
    byline = models.CharField(_("byline"), max_length=255, blank=True, help_text=_("Author or pen name, e.g. “S.T”."))
    source = models.CharField(_("source"), max_length=255, blank=True, help_text=_("E.g. “Báo Bắc Ninh”."))
    featured_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_image_caption = models.CharField(_("featured image caption"), max_length=500, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    categories = ParentalManyToManyField(
        NewsCategory, verbose_name=_("categories"), blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager(
        through=NewsArticleTag, verbose_name=pgettext_lazy("news article", "tags"), blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("sapo"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("byline"), FieldPanel("source")],
            heading=_("Publication"),
        ),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("featured_image_caption")],
            heading=_("Featured image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("categories"), FieldPanel("tags")], heading=_("Classification")),
        InlinePanel("related_links", label=_("Related articles")),
    ]
    # The lead and body are indexed once, folded (folded_text): indexing them as written too made
    # the index three times the text, and a folded query finds nothing more in them.
    search_fields = Page.search_fields + [
        index.SearchField("folded_text"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cchc_pages.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def folded_text(self):
        """Title, lead, byline and body without diacritics, so "cai cach" finds "Cải cách"."""
        body = " ".join(self.body.stream_block.get_searchable_content(self.body)) if self.body else ""
        return fold(" ".join([self.title, self.sapo, self.byline, self.source, body]))

    def siblings(self):
        return section_articles(self._parent_path, self.depth).exclude(pk=self.pk)

    @property
    def _parent_path(self):
        return self.path[: -self.steplen]

    def _after(self, n):
        """The n live siblings just after this article, nearest first."""
        # date >= self.date first: a range the date index serves, then the tie on the same second.
        later = Q(date__gte=self.date) & (Q(date__gt=self.date) | Q(pk__gt=self.pk))
        return self.siblings().filter(later).order_by("date", "pk")[:n]

    def _before(self, n):
        """The n live siblings just before this article, nearest first."""
        earlier = Q(date__lte=self.date) & (Q(date__lt=self.date) | Q(pk__lt=self.pk))
        return self.siblings().filter(earlier).order_by("-date", "-pk")[:n]

    def _kept(self, name, build):
        """`build()` as a list, kept in Django's cache until an article of the site is published,
        unpublished, moved or deleted (the sidebar version, see caching/signals.py): the article
        page's boxes cost their queries once per change, not on every reading. A preview builds
        them afresh (the editor's unsaved related links)."""
        if getattr(self, "_previewing", False) or self.pk is None:
            return list(build())
        key = f"cchc:news:{name}:{sidebar_version()}:{self.pk}"
        return cache.get_or_set(key, lambda: list(build()), conf.get("CCHC_LISTING_CACHE_SECONDS"))

    def serve_preview(self, request, mode_name):
        self._previewing = True
        return super().serve_preview(request, mode_name)

    def newer_articles(self):
        return self._kept("newer", lambda: self._after(conf.get("CCHC_NEWER_COUNT")))

    def older_articles(self):
        return self._kept("older", lambda: self._before(conf.get("CCHC_OLDER_COUNT")))

    @cached_property
    def tag_items(self):
        """This article's tags with their names, in one query."""
        return list(self.tagged_items.select_related("tag"))

    def related_articles(self):
        """Editor-chosen related articles; otherwise the latest sharing a tag or category."""
        return self._kept("related", self._related_articles)

    def _related_articles(self):
        chosen_ids = list(self.related_links.values_list("article_id", flat=True))
        if chosen_ids:
            found = {p.pk: p for p in NewsArticlePage.objects.live().filter(pk__in=chosen_ids)}
            chosen = [found[pk] for pk in chosen_ids if pk in found]
            if chosen:
                return chosen
        tag_ids = [item.tag_id for item in self.tag_items]
        category_ids = [c.pk for c in self.categories.all()]
        if not tag_ids and not category_ids:
            return []
        # EXISTS rather than a join + DISTINCT: the database walks the date index and stops at five.
        shares_tag = NewsArticleTag.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
        in_category = NewsArticlePage.categories.through.objects.filter(
            newsarticlepage=OuterRef("pk"), newscategory__in=category_ids
        )
        return list(
            NewsArticlePage.objects.live()
            .exclude(pk=self.pk)
            .filter(Exists(shares_tag) | Exists(in_category))
            .order_by("-date", "-pk")[:5]
        )

    def neighbours(self):
        """Live siblings whose "Newer news" / "Earlier news" boxes list this article: the
        CCHC_NEWER_COUNT articles just before it and the CCHC_OLDER_COUNT just after it."""
        return [*self._before(conf.get("CCHC_NEWER_COUNT")), *self._after(conf.get("CCHC_OLDER_COUNT"))]

    def get_cached_paths(self):
        return ["/", self.reverse_subpage("print")]

    @property
    def card_rendition(self):
        """The featured image at LISTING_RENDITION (prefetched by listed_articles), or None."""
        return get_rendition_or_not_found(self.featured_image, LISTING_RENDITION) if self.featured_image else None

    def view_count(self):
        return counters.current(counters.PAGE_VIEWS, self.pk)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index_page"] = self.get_parent().specific
        return context

    @path("ban-in/", name="print")
    def print_route(self, request):
        return self.render(request, template="cchc_pages/news_article_page_print.html")


class RelatedArticle(Orderable):
    page = ParentalKey(NewsArticlePage, related_name="related_links", on_delete=models.CASCADE)
    article = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("article", page_type="cchc_pages.NewsArticlePage")]


def section_articles(parent_path, depth):
    """Live articles whose parent page has the tree path `parent_path` (at `depth`), as a queryset
    the database serves from the article table's date index, newest or oldest first.

    Wagtail's child_of()/sibling_of() put `path LIKE 'parent%' AND depth = n AND live` on the
    joined page table; SQLite then reads every page of the site and sorts the section's articles
    for the ten it shows (50 ms at 5,000 articles, growing with them). The same conditions in a
    correlated EXISTS leave the date index as the way to read the articles in order: the newest
    are read first, each checked by primary key, and a page of ten costs the same with 500 or
    50,000 articles in the section (0.5 ms)."""
    in_section = Page.objects.filter(pk=OuterRef("pk"), path__startswith=parent_path, depth=depth, live=True)
    return NewsArticlePage.objects.filter(Exists(in_section))


def listed_articles(articles):
    """Prefetch what an article card shows, so a listing costs the same queries for 20 or 200 items."""
    images = get_image_model().objects.prefetch_renditions(LISTING_RENDITION)
    return articles.prefetch_related(
        Prefetch("featured_image", queryset=images),
        "categories",
        "tagged_items__tag",
    )


def search_articles(query, articles=None):
    """Diacritic- and case-insensitive search over live articles, on any search backend."""
    articles = listed_articles(NewsArticlePage.objects.live()) if articles is None else articles
    # Newest first, as news reads; relevance ordering costs a full-text match per matching row
    # on SQLite (44 s for a query matching 5,000 articles, see bench/).
    return articles.order_by("-date", "-id").search(search_terms(query), operator="and", order_by_relevance=False)
