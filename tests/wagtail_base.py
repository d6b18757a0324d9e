"""Shared by the apps' tests (tests/caching, tests/polls) and the browser journeys, which empty the
database: put back the Wagtail base the other tests expect."""


def wagtail_base():
    """What Wagtail's migrations create and a transactional test's flush removes: the default
    locale, the root page and the root collection (the first browser test still has them)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
