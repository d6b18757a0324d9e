"""The page view of a site with pages in several languages (docs/english.md): Wagtail's, except that an
address in another language whose page exists only in the default language says so."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from ..core.i18n import current_language, default_language, i18n_enabled
from ..routing.views import serve as routed_serve


def serve(request, path):
    """Wagtail's page view (routed through the kept pages, cchc_pages.routing), except that an
    address in another language than the default one whose page exists only in the default
    language answers with a page that says so and links the default language's version (404: the
    translation does not exist; search engines keep the original), instead of a bare "not found"."""
    try:
        return routed_serve(request, path)
    except Http404:
        response = untranslated_page(request, path)
        if response is None:
            raise
        return response


def serve_in_its_language(page, request, serve_args, serve_kwargs):
    """Wagtail's before_serve_page hook: a page served at an address of another language than its
    own (Wagtail serves the default tree at /en/… when a site has no English home page) is replaced
    by the "no version in this language" page, so English labels never frame Vietnamese content.
    Only for addresses with a language prefix (i18n_patterns): a site choosing the language from
    the browser keeps Wagtail's fallback."""
    if not i18n_enabled():
        return None
    prefix = translation.get_language_from_path(request.path_info)
    if not prefix:  # before the page's locale, which costs a query
        return None
    locale = getattr(page, "locale", None)
    if locale is None or locale.language_code == prefix:
        return None
    return untranslated_page(request, request.path_info.removeprefix(f"/{prefix}/"))


def untranslated_page(request, path):
    """The "no version in this language" page for `path` (a page path as Wagtail's serve gets it), or
    None when the site has no i18n, the language is the default one, or no page has that address in
    the default language either."""
    if not i18n_enabled():
        return None
    current, default = current_language(), default_language()
    if current == default:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    with translation.override(default):
        try:
            result = site.root_page.specific.route(request, components)
        except Http404:
            return None
        original = result[0] if isinstance(result, tuple) else result.page
        url = reverse("wagtail_serve", args=[path])
    context = {
        "original": original,
        "original_url": url,
        "original_language": default,
        "original_language_name": translation.get_language_info(default)["name_translated"],
        "language_name": translation.get_language_info(current)["name_translated"],
        "metadata": {"title": original.title},
        "language_urls": {default: url},
    }
    return TemplateResponse(request, "cchc_pages/untranslated.html", context, status=404)
