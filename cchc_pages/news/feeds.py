"""RSS 2.0 and Atom feeds of a news section, a category or a tag."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from ..core import conf


class NewsFeed(Feed):
    def __init__(self, index_page, articles, *, title, atom=False):
        super().__init__()
        self.index_page = index_page
        self.articles = articles
        self._title = title
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed

    def title(self):
        return self._title

    def link(self):
        return self.index_page.url

    def description(self):
        return self._title

    def subtitle(self):
        return self._title

    def items(self):
        return self.articles[: conf.get("CCHC_FEED_ITEMS")]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.sapo

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.last_published_at or item.date

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [c.name for c in item.categories.all()] + [t.tag.name for t in item.tagged_items.all()]
