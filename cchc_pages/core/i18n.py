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
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from ..caching.fragments import kept


def i18n_enabled():
    return bool(getattr(settings, "WAGTAIL_I18N_ENABLED", False))


def reading_locales():
    """(active locale id, default locale id) for the current language, or None when the site has no
    i18n (every item is then read whatever its locale). One query."""
    if not i18n_enabled():
        return None
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
    fallback = default_language()
    rows = [row for row in rows if row.pk in kept]
    for row in rows:
        # An untranslated item shown among translated ones: templates mark it lang="vi" (WCAG 3.1.2).
        row.shown_in = fallback if row.locale_id != active else ""
    return rows


def default_locale_only(queryset):
    """`queryset` restricted to the default language's rows (the open-data API publishes the
    Vietnamese records, as before translations existed); no query of its own."""
    if not i18n_enabled():
        return queryset
    return queryset.filter(locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))


def default_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def current_language():
    try:
        return get_supported_content_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return default_language()


def page_translations(page, request=None):
    """[(language code, page)] of `page`'s live translations, itself included, in
    WAGTAIL_CONTENT_LANGUAGES order; [] without i18n. One query, shared through `request` by the
    hreflang links and the language switcher of the same page, and kept across requests."""
    if not i18n_enabled() or page is None or getattr(page, "translation_key", None) is None:
        return []
    cache = getattr(request, "_cchc_page_translations", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._cchc_page_translations = cache
    if page.pk not in cache:
        # Kept like the fragments: a translation's publishing or unpublishing changes them.
        cache[page.pk] = kept(request, lambda: _translations(page), "translations", page.pk, str(page.translation_key))
    return cache[page.pk]


def _translations(page):
    found = {
        item.locale.language_code: item
        for item in type(page)
        .objects.filter(translation_key=page.translation_key)
        .live()
        .select_related("locale")
        .only("id", "url_path", "path", "depth", "title", "locale__language_code", "translation_key")
    }
    order = [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES)]
    return [(code, found[code]) for code in order if code in found]
