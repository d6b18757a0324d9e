"""The news section index (chuyên mục): newest first, with category, tag and date archives and
RSS/Atom feeds."""

import calendar
import datetime
import hashlib

from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..caching.fragments import kept
from ..caching.sidebar import sidebar_version
from ..core import conf, dates
from ..core.errors import ClientError, render_error
from ..core.listing import cached_listing_paths, clean, page_query, paginate, param, parse_day
from ..core.restrictions import ViewRestrictionsInOneQuery
from ..core.slugs import VietnameseSlugMixin
from .feeds import NewsFeed
from .models import (
    NewsArticlePage,
    NewsArticleTag,
    NewsCategory,
    NewsTag,
    listed_articles,
    search_articles,
    section_articles,
)


class NewsIndexPage(ViewRestrictionsInOneQuery, VietnameseSlugMixin, RoutablePageMixin, Page):
    """A news section: newest first, with category, tag and date archives and feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    per_page = models.PositiveSmallIntegerField(
        _("articles per page"),
        default=conf.default_news_per_page,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = ["cchc_pages.NewsArticlePage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    # --- queries -----------------------------------------------------------------------

    def articles(self):
        """Live articles of this section, newest first, with everything a listing shows."""
        return listed_articles(self.live_articles()).order_by("-date", "-pk")

    def live_articles(self):
        """Live articles of this section, unordered (see section_articles for the query's shape)."""
        return section_articles(self.path, self.depth + 1)

    def _cache_key(self, name, *parts):
        """A cache key for something computed from this section's articles: it holds the sidebar
        version, so publishing, unpublishing, moving or deleting an article (or changing a
        category) makes every such entry stale at once (see caching/signals.py)."""
        return ":".join(map(str, ("cchc:news", name, sidebar_version(), self.pk, *parts)))

    def sidebar(self):
        """Month archive and categories of the section: each scans the whole section, so they are
        cached until an article or category changes (see caching/signals.py) or CCHC_LISTING_CACHE_SECONDS."""

        def build():
            live = self.live_articles()
            months = list(
                live.annotate(month=TruncMonth("date")).values("month").annotate(n=Count("pk")).order_by("-month")
            )
            categories = list(NewsCategory.objects.filter(articles__in=live.values("pk")).distinct())
            return {"month_archive": months, "categories": categories}

        return cache.get_or_set(self._cache_key("sidebar"), build, conf.get("CCHC_LISTING_CACHE_SECONDS"))

    def _fragment(self, request, template, context, *key):
        """`template` rendered for this section, cached like the sidebar (see _cache_key) per
        language, host and `key`: the month archive and the calendar link dozens of archive pages,
        and building those links on every request cost more than the rest of the listing."""
        cache_key = self._cache_key("fragment", template, get_language(), request.get_host(), *key)
        html = cache.get(cache_key)
        if html is None:
            html = render_to_string(template, {"page": self, **context()}, request=request)
            cache.set(cache_key, html, conf.get("CCHC_LISTING_CACHE_SECONDS"))
        return mark_safe(html)  # noqa: S308 -- our own template's output

    def calendar(self, year, month, selected=None):
        """A month grid for "Xem theo ngày": weeks of (day, has_articles, is_selected)."""
        first = datetime.date(year, month, 1)
        next_month = (first + datetime.timedelta(days=32)).replace(day=1)
        start, end = (timezone.make_aware(datetime.datetime.combine(d, datetime.time())) for d in (first, next_month))
        days = {d.day for d in self.live_articles().filter(date__gte=start, date__lt=end).datetimes("date", "day")}
        weeks = [
            [(day, day in days, selected is not None and day == selected.day) for day in week]
            for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
        ]
        prev_month = (first - datetime.timedelta(days=1)).replace(day=1)
        return {"year": year, "month": month, "first": first, "weeks": weeks, "prev": prev_month, "next": next_month}

    # --- front-end cache (wagtail.contrib.frontend_cache, see frontend_cache.py) ------------

    def get_cached_paths(self):
        """The section's first listing pages and its feeds: what a CDN holds of it."""
        return cached_listing_paths() + [self.reverse_subpage("feed_rss"), self.reverse_subpage("feed_atom")]

    def listing_paths_for(self, article):
        """Paths of this section that list `article`: the section's own (get_cached_paths), its
        categories' and tags' listings and feeds, and its year, month and day archives."""
        paths = self.get_cached_paths()
        filters = [("category", c.slug) for c in article.categories.all()]
        filters += [("tag", t.slug) for t in article.tags.all()]
        for kind, slug in filters:
            paths += cached_listing_paths(self.reverse_subpage(kind, args=[slug]))
            paths += [self.reverse_subpage(f"{kind}_feed_rss", args=[slug])]
            paths += [self.reverse_subpage(f"{kind}_feed_atom", args=[slug])]
        day = timezone.localtime(article.date).date()
        paths += cached_listing_paths(self.reverse_subpage("archive_year", args=[day.year]))
        paths += cached_listing_paths(self.reverse_subpage("archive_month", args=[day.year, day.month]))
        paths += cached_listing_paths(self.reverse_subpage("archive_day", args=[day.year, day.month, day.day]))
        return paths

    # --- rendering ---------------------------------------------------------------------

    def _render_listing(
        self,
        request,
        articles,
        *,
        heading=None,
        filters=None,
        calendar_day=None,
        calendar_month=None,
        feed_url=None,
        count_key=None,
    ):
        """count_key: names the listing (e.g. ("tag", slug)) so that its number of articles, which
        the pager needs, is counted once per change of the section instead of on every request."""
        listing_key = count_key
        count_key = self._cache_key("count", *count_key) if count_key is not None else None
        try:
            page_obj = paginate(request, articles, self.per_page, count_key=count_key)
        except ClientError as error:
            return self.render_error(request, error)
        search_query = param(request.GET, "q", 200)

        def calendar_html():  # called by the template, so a cached listing reads no article for it
            day = calendar_day
            if day is None:  # show the archive's month, else the month of the newest listed article
                latest = page_obj.object_list[0].date if page_obj.object_list else timezone.now()
                day = calendar_month or timezone.localtime(latest).date()
            return self._fragment(
                request,
                "cchc_pages/includes/calendar.html",
                lambda: {"calendar": self.calendar(day.year, day.month, calendar_day)},
                day.year,
                day.month,
                calendar_day,
            )

        sidebar = self.sidebar()
        return self.render(
            request,
            context_overrides={
                "articles": page_obj.object_list,  # read only if the template renders the cards
                "page_obj": page_obj,
                # The cards, pager and sidebar as rendered for this listing (or search) and page,
                # kept like the sidebar (see caching/fragments.py).
                "listing_cache_key": None
                if listing_key is None
                else (self.pk, request.path, *listing_key, page_obj.number),
                "listing_heading": heading,
                "active_filters": filters or {},
                "calendar_html": calendar_html,
                "month_archive_html": self._fragment(
                    request, "cchc_pages/includes/month_archive.html", lambda: sidebar
                ),
                **sidebar,
                "feed_url": feed_url or self.url + self.reverse_subpage("feed_rss"),
                "search_query": search_query,
                "page_query": page_query(request.GET, keys=("q",)),
            },
        )

    def render_error(self, request, error):
        return render_error(request, error, page=self)

    def _filter(self, kind, slug, request=None):
        """(articles, heading, filters) for a category or tag; ClientError if there is none such.
        The category or tag is kept like the fragments (saving one makes it stale)."""
        slug = clean(slug, 255)
        if kind == "category":
            category = kept(request, lambda: NewsCategory.objects.filter(slug=slug).first(), "category", slug)
            if category is None:
                raise ClientError(404, gettext("No category “%(slug)s” exists.") % {"slug": slug})
            links = NewsArticlePage.categories.through.objects
            filed = links.filter(newsarticlepage=OuterRef("pk"), newscategory=category)
            return self.articles().filter(Exists(filed)), category.name, {"category": category}
        tag = kept(request, lambda: NewsTag.objects.filter(slug=slug).first(), "tag", slug)
        if tag is None:
            raise ClientError(404, gettext("No tag “%(slug)s” exists.") % {"slug": slug})
        heading = gettext("Tag: %(tag)s") % {"tag": tag.name}
        tagged = NewsArticleTag.objects.filter(content_object=OuterRef("pk"), tag=tag)
        return self.articles().filter(Exists(tagged)), heading, {"tag": tag}

    def _filtered_listing(self, request, kind, slug):
        try:
            articles, heading, filters = self._filter(kind, slug, request)
        except ClientError as error:
            return self.render_error(request, error)
        feed_url = self.url + self.reverse_subpage(f"{kind}_feed_rss", args=[slug])
        return self._render_listing(
            request, articles, heading=heading, filters=filters, feed_url=feed_url, count_key=(kind, filters[kind].pk)
        )

    def _feed(self, request, kind=None, slug=None):
        articles, title = self.articles(), self.title
        if kind:
            try:
                articles, heading, _filters = self._filter(kind, slug, request)
            except ClientError as error:
                return self.render_error(request, error)
            title = f"{self.title} – {heading}"
        atom = request.path.rstrip("/").endswith("atom")
        return NewsFeed(self, articles, title=title, atom=atom)(request)

    def route(self, request, path_components):
        """An article's URL reads the article in one query (Wagtail's routing reads the page, then
        its specific row), kept like the pages of the kept routing (cchc_pages.routing); the
        section's own routes and pages of other types route as usual."""
        if self.live and path_components:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                slug = path_components[0]
                article = kept(request, lambda: self._article(slug), "route:article", self.pk, slug)
                if article is not None:
                    article._cached_parent_obj = self  # as Wagtail's routing does: get_parent() costs nothing
                    return article.route(request, path_components[1:])
        return super().route(request, path_components)

    def _article(self, slug):
        return NewsArticlePage.objects.filter(path__startswith=self.path, depth=self.depth + 1, slug=slug).first()

    @path("")
    def index_route(self, request):
        query = param(request.GET, "q", 200)
        if query:
            # child_of: a filter every search backend understands (the EXISTS of live_articles is SQL only).
            articles = search_articles(query, listed_articles(NewsArticlePage.objects.live().child_of(self)))
            heading = gettext("Search results for “%(query)s”") % {"query": query}
            # Counted and rendered once per query and change of the section, as the listings are:
            # a popular search is asked again and again.
            digest = hashlib.sha256(query.encode()).hexdigest()[:32]  # any text, in a short plain key
            return self._render_listing(request, articles, heading=heading, count_key=("search", digest))
        return self._render_listing(request, self.articles(), count_key=("all",))

    @path("chuyen-muc/<str:slug>/", name="category")
    def category_route(self, request, slug):
        return self._filtered_listing(request, "category", slug)

    @path("the/<str:slug>/", name="tag")
    def tag_route(self, request, slug):
        return self._filtered_listing(request, "tag", slug)

    @re_path(r"^(?P<year>\d{4})/$", name="archive_year")
    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$", name="archive_month")
    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})/$", name="archive_day")
    def archive_route(self, request, year, month=None, day=None):
        try:
            start = parse_day(year, month or 1, day or 1)
        except ClientError as error:
            return self.render_error(request, error)
        if day:
            end = start + datetime.timedelta(days=1)
            heading = gettext("News of %(date)s") % {"date": dates.format_date(start)}
        elif month:
            end = (start + datetime.timedelta(days=32)).replace(day=1)
            heading = gettext("News of %(month)s") % {"month": dates.format_month(start)}
        else:
            end = start.replace(year=start.year + 1)
            heading = gettext("News of %(year)s") % {"year": start.year}
        # A range of local time rather than date__month/__day, which compute each article's date.
        bounds = [timezone.make_aware(datetime.datetime.combine(d, datetime.time())) for d in (start, end)]
        articles = self.articles().filter(date__gte=bounds[0], date__lt=bounds[1])
        return self._render_listing(
            request,
            articles,
            heading=heading,
            filters={"date": start},
            calendar_day=start if day else None,
            calendar_month=start if month else None,
            count_key=("archive", start.isoformat(), "day" if day else "month" if month else "year"),
        )

    @path("xem-theo-ngay/", name="by_day")
    def by_day_route(self, request):
        """The "Xem theo ngày" form posts a date (dd/mm/yyyy or yyyy-mm-dd); go to that day."""
        raw = param(request.GET, "ngay", 50)
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                day = datetime.datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        else:
            message = gettext("“%(value)s” is not a valid date. Enter a date as dd/mm/yyyy.") % {"value": raw}
            return self.render_error(request, ClientError(400, message))
        return HttpResponseRedirect(self.url + self.reverse_subpage("archive_day", args=[day.year, day.month, day.day]))

    @path("rss/", name="feed_rss")
    @path("atom/", name="feed_atom")
    def feed_route(self, request):
        return self._feed(request)

    @path("chuyen-muc/<str:slug>/rss/", name="category_feed_rss")
    @path("chuyen-muc/<str:slug>/atom/", name="category_feed_atom")
    def category_feed_route(self, request, slug):
        return self._feed(request, "category", slug)

    @path("the/<str:slug>/rss/", name="tag_feed_rss")
    @path("the/<str:slug>/atom/", name="tag_feed_atom")
    def tag_feed_route(self, request, slug):
        return self._feed(request, "tag", slug)
