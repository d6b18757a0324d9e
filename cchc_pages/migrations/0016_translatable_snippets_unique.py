"""Step 3 of Wagtail's recipe: translation keys and locales required, one row per (translation_key,
locale); slugs unique within a locale, as a translation keeps its item's slug."""

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cchc_pages', '0015_bootstrap_translatable_snippets'),
    ]

    operations = [
        migrations.AlterField(
            model_name='contactcard',
            name='locale',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.AlterField(
            model_name='contactcard',
            name='slug',
            field=models.SlugField(blank=True, help_text='Filled from the name.', max_length=255, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='contactcard',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='hotline',
            name='locale',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.AlterField(
            model_name='hotline',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='organisationunit',
            name='locale',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale'),
        ),
        migrations.AlterField(
            model_name='organisationunit',
            name='slug',
            field=models.SlugField(blank=True, help_text="The end of the unit's page address; filled from the name.", max_length=255, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='organisationunit',
            name='translation_key',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name='contactcard',
            unique_together={('translation_key', 'locale')},
        ),
        migrations.AlterUniqueTogether(
            name='hotline',
            unique_together={('translation_key', 'locale')},
        ),
        migrations.AlterUniqueTogether(
            name='organisationunit',
            unique_together={('translation_key', 'locale')},
        ),
        migrations.AddConstraint(
            model_name='contactcard',
            constraint=models.UniqueConstraint(fields=('slug', 'locale'), name='cchc_card_slug_locale'),
        ),
        migrations.AddConstraint(
            model_name='organisationunit',
            constraint=models.UniqueConstraint(fields=('slug', 'locale'), name='cchc_unit_slug_locale'),
        ),
    ]
