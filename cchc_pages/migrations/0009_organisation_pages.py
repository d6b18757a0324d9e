"""Organisation pages: units get a slug, rich-text functions and a history; leaders' cards a biography
(education, career steps), fields and units overseen.

The slug is added without its unique index, filled from each unit's name (ASCII, "-2" on a clash),
then made unique. The functions ("description", plain text until now) become rich text: each line
of the old text becomes a paragraph.
"""

import django.core.validators
import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.db import migrations, models
from django.utils.html import escape

from cchc_pages.core.text import slugify_vi


def fill_slugs_and_paragraphs(apps, schema_editor):
    Unit = apps.get_model("cchc_pages", "OrganisationUnit")
    taken = set()
    for unit in Unit.objects.order_by("pk"):
        base = slugify_vi(unit.name)[:240] or "don-vi"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        unit.slug = slug
        text = unit.description or ""
        if text.strip() and not text.lstrip().startswith("<"):
            unit.description = "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
        unit.save(update_fields=["slug", "description"])


class Migration(migrations.Migration):

    dependencies = [
        ('cchc_pages', '0008_news_article_tag_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='contactcard',
            name='education',
            field=models.TextField(blank=True, help_text='Degrees and political theory level, one per line, e.g. “Thạc sĩ Luật”.', verbose_name='education'),
        ),
        migrations.AddField(
            model_name='contactcard',
            name='overseen_fields',
            field=models.TextField(blank=True, help_text='Lĩnh vực phụ trách, one per line, e.g. “Cải cách hành chính”.', verbose_name='fields overseen'),
        ),
        migrations.AddField(
            model_name='contactcard',
            name='overseen_units',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text='The divisions and centres this person directs or oversees (theo dõi, chỉ đạo).', related_name='overseers', to='cchc_pages.organisationunit', verbose_name='units overseen'),
        ),
        migrations.AddField(
            model_name='organisationunit',
            name='history',
            field=wagtail.fields.RichTextField(blank=True, help_text='A short history: when the unit was established, merged or renamed, and by which decision.', verbose_name='history'),
        ),
        migrations.AddField(
            model_name='organisationunit',
            name='slug',
            field=models.SlugField(blank=True, db_index=False, max_length=255, verbose_name='slug'),
        ),
        migrations.RunPython(fill_slugs_and_paragraphs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='organisationunit',
            name='slug',
            field=models.SlugField(blank=True, help_text="The end of the unit's page address; filled from the name.", max_length=255, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='contactcard',
            name='duties',
            field=models.TextField(blank=True, help_text='Phân công nhiệm vụ: the tasks the head of the unit assigned to this person, one per line.', verbose_name='duties assigned'),
        ),
        migrations.AlterField(
            model_name='organisationunit',
            name='description',
            field=wagtail.fields.RichTextField(blank=True, help_text='Chức năng, nhiệm vụ, quyền hạn, as the decision establishing the unit lists them.', verbose_name='functions, duties and powers'),
        ),
        migrations.CreateModel(
            name='CareerStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('start_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1945), django.core.validators.MaxValueValidator(2100)], verbose_name='from year')),
                ('end_year', models.PositiveSmallIntegerField(blank=True, help_text='Leave empty for the current position.', null=True, validators=[django.core.validators.MinValueValidator(1945), django.core.validators.MaxValueValidator(2100)], verbose_name='to year')),
                ('position', models.CharField(help_text='E.g. “Trưởng phòng Cải cách hành chính, Sở Nội vụ”.', max_length=500, verbose_name='position and workplace')),
                ('card', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='career_steps', to='cchc_pages.contactcard')),
            ],
            options={
                'verbose_name': 'career step',
                'verbose_name_plural': 'career steps',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
    ]
