"""Content in the reader's language through Wagtail's own internationalisation (ND 42/2022/NĐ-CP
Điều 7: the portal's information may also be published in a foreign language, English first).

A site with ``WAGTAIL_I18N_ENABLED`` has locales; the apps' organisation snippets (units, contact
cards, hotlines) are translatable (``TranslatableMixin``) and editors translate them, and pages,
with ``wagtail.contrib.simple_translation``. Readers get, for each item, its translation in the
active language, else the default language's (Vietnamese) item: a directory half translated shows
every unit, the untranslated ones in Vietnamese. A site without i18n gets everything as before,
with no query more.
"""

from django.conf import settings
from django.utils import translation
from wagtail.models import Locale


def i18n_enabled():
    return bool(getattr(settings, "WAGTAIL_I18N_ENABLED", False))


def reading_locales():
    """(active locale id, default locale id) for the current language, or None when the site has no
    i18n (every item is then read whatever its locale). One query."""
    if not i18n_enabled():
        return None
    from wagtail.coreutils import get_supported_content_language_variant

    codes = []
    for language in (translation.get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE):
        try:
            codes.append(get_supported_content_language_variant(language))
        except LookupError:
            codes.append(None)
    found = dict(Locale.objects.filter(language_code__in=[c for c in codes if c]).values_list("language_code", "pk"))
    default = found.get(codes[1])
    if default is None:
        return None
    return found.get(codes[0], default), default


def localize(queryset, locales=None):
    """The rows of `queryset` (a translatable model) as the reader should see them, in the
    queryset's order: each item's translation in the active locale, else its default locale's row.
    One query, whatever the number of items and translations."""
    locales = reading_locales() if locales is None else locales
    if not locales:
        return list(queryset)
    active, default = locales
    rows = list(queryset.filter(locale_id__in={active, default}))
    if active == default:
        return rows
    chosen = {}
    for row in rows:
        if row.locale_id == active or row.translation_key not in chosen:
            chosen[row.translation_key] = row
    kept = {row.pk for row in chosen.values()}
    return [row for row in rows if row.pk in kept]


def localized_one(queryset, locales=None):
    """The one item of `queryset` (e.g. filtered by slug) in the reader's language, or None."""
    rows = localize(queryset, locales)
    return rows[0] if rows else None


def default_locale_only(queryset):
    """`queryset` restricted to the default language's rows (the open-data API publishes the
    Vietnamese records, as before translations existed); no query of its own."""
    if not i18n_enabled():
        return queryset
    from wagtail.coreutils import get_supported_content_language_variant

    return queryset.filter(locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))


def _default_code():
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _current_code():
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return _default_code()


def page_translations(page, request=None):
    """[(language code, page)] of `page`'s live translations, itself included, in
    WAGTAIL_CONTENT_LANGUAGES order; [] without i18n. One query, shared through `request` by the
    hreflang links and the language switcher of the same page."""
    if not i18n_enabled() or page is None or getattr(page, "translation_key", None) is None:
        return []
    cache = getattr(request, "_cchc_page_translations", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._cchc_page_translations = cache
    if page.pk not in cache:
        found = {
            item.locale.language_code: item
            for item in type(page)
            .objects.filter(translation_key=page.translation_key)
            .live()
            .select_related("locale")
            .only("id", "url_path", "path", "depth", "title", "locale__language_code", "translation_key")
        }
        order = [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES)]
        cache[page.pk] = [(code, found[code]) for code in order if code in found]
    return cache[page.pk]


def serve(request, path):
    """Wagtail's page view, except that an address in another language than the default one whose
    page exists only in the default language answers with a page that says so and links the
    default language's version (404: the translation does not exist; search engines keep the
    original), instead of a bare "not found"."""
    from django.http import Http404
    from wagtail.views import serve as wagtail_serve

    try:
        return wagtail_serve(request, path)
    except Http404:
        response = untranslated_page(request, path)
        if response is None:
            raise
        return response


def untranslated_page(request, path):
    """The "no version in this language" page for `path` (a page path as Wagtail's serve gets it), or
    None when the site has no i18n, the language is the default one, or no page has that address in
    the default language either."""
    from django.http import Http404
    from django.template.response import TemplateResponse
    from django.urls import reverse
    from wagtail.models import Site

    if not i18n_enabled():
        return None
    current, default = _current_code(), _default_code()
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
