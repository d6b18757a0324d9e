"""Step 2 of Wagtail's recipe for making existing snippets translatable ("BootstrapTranslatableModel"):
every unit, contact card and hotline written before gets a translation key and the default locale
(LANGUAGE_CODE's). Wagtail's own BootstrapTranslatableModel operation fails when that locale does
not exist yet; here the locale is created when rows need it, and nothing is asked of a database
with no rows."""

import uuid

from django.conf import settings
from django.db import migrations

MODELS = ("OrganisationUnit", "ContactCard", "Hotline")


def bootstrap(apps, schema_editor):
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore", "Locale")
    locale = None
    for name in MODELS:
        model = apps.get_model("cchc_pages", name)
        for row in model.objects.filter(translation_key__isnull=True).only("pk").iterator():
            if locale is None:
                code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
                locale, _created = Locale.objects.get_or_create(language_code=code)
            model.objects.filter(pk=row.pk).update(translation_key=uuid.uuid4(), locale=locale)


class Migration(migrations.Migration):
    dependencies = [("cchc_pages", "0014_translatable_snippets")]

    operations = [migrations.RunPython(bootstrap, migrations.RunPython.noop)]
