"""What a page's metadata holds, the defaults every page gets, and the registry of page types' own parts."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Site

from ..core.absolute import absolute, absolute_page_url  # noqa: F401  (re-exported)
from ..core.i18n import page_translations

DESCRIPTION_WORDS = 40
# Open Graph locales of the languages the apps ship (og:locale takes language_TERRITORY).
OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}

_builders = {}


@dataclass
class Metadata:
    title: str
    url: str  # the canonical address, absolute
    description: str = ""
    og_type: str = "website"
    image: str = ""  # absolute URL of the sharing image, or ""
    jsonld: list = field(default_factory=list)  # schema.org objects, each printed as its own script
    extra_og: list = field(default_factory=list)  # (property, content) pairs, e.g. article:published_time
    site_name: str = ""
    locale: str = "vi_VN"
    # hreflang links: (language code or "x-default", absolute URL), empty for a page without translations
    alternates: list = field(default_factory=list)


def register(*models):
    """Decorator: `builder(meta, page, request, context)` fills in the metadata of pages of `models`
    (and their subclasses); it may change any field of `meta` and returns nothing."""

    def decorate(builder):
        for model in models:
            _builders[model] = builder
        return builder

    return decorate


def _builder_for(page):
    for cls in type(page).__mro__:
        if cls in _builders:
            return _builders[cls]
    return None


def plain(text, words=DESCRIPTION_WORDS):
    """Rich text or plain text as one line of at most `words` words."""
    return Truncator(" ".join(strip_tags(str(text or "")).split())).words(words, truncate="…")


def site_name(request):
    site = Site.find_for_request(request) if request is not None else None
    return (site.site_name if site else "") or getattr(settings, "WAGTAIL_SITE_NAME", "")


def og_locale():
    language = (get_language() or settings.LANGUAGE_CODE or "vi").lower()
    return OG_LOCALES.get(language.split("-")[0], language.replace("-", "_"))


def web_page(meta, schema_type="WebPage"):
    """The plain schema.org object a page of no more specific type gets."""
    data = {"@context": "https://schema.org", "@type": schema_type, "name": meta.title, "url": meta.url}
    if meta.description:
        data["description"] = meta.description
    data["inLanguage"] = meta.locale.split("_")[0]
    return data


def page_metadata(context):
    """The Metadata of the page (or view) that `context` renders.

    Defaults: the page's SEO title or title, its search description, the request's own path as
    canonical, a WebPage in JSON-LD. A builder registered for the page type refines them (it fills
    the description from the page's lead only when editors left the search description empty; a
    sub-page such as a contact card sets its own); a view without a page may pass a ``metadata``
    dict (title, description, og_type) in its context. Last resorts: the introduction, the title.
    """
    request = context.get("request")
    page = context.get("page")
    overrides = context.get("metadata") or {}
    url = absolute(request, request.path) if request is not None else ""
    title = overrides.get("title") or (page and (page.seo_title or page.title)) or site_name(request)
    meta = Metadata(title=str(title), url=url, site_name=site_name(request), locale=og_locale())
    if page is not None:
        meta.description = page.search_description
    builder = _builder_for(page) if page is not None else None
    if builder is not None:
        builder(meta, page, request, context)
    for name in ("title", "description", "og_type"):
        if overrides.get(name):
            setattr(meta, name, str(overrides[name]))
    meta.description = meta.description or plain(getattr(page, "intro", "")) or meta.title
    if not meta.jsonld:
        meta.jsonld = [web_page(meta)]
    if page is not None and request is not None:
        meta.alternates = alternates(page, request)
    return meta


def page_subpath(page, request):
    """What `request.path` adds to `page`'s own address: a routable page's route ("can-bo/x/"), or ""."""
    url = page.get_url(request=request) or ""
    return request.path[len(url) :] if url and request.path.startswith(url) else ""


def alternates(page, request):
    """hreflang links of a page that exists in several languages: each translation's address (with
    the same sub-route: a translation keeps its snippets' slugs) and x-default, the default
    language's. One query; none for a page with no translation."""
    translations = page_translations(page, request)
    if len(translations) < 2:
        return []
    subpath = page_subpath(page, request)
    links = [(code, absolute_page_url(item, request, subpath)) for code, item in translations]
    default = dict(links).get(settings.LANGUAGE_CODE, links[0][1])
    return [*links, ("x-default", default)]
