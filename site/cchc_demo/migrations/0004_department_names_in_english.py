"""The demo department's names and address in English, for the pages under /en/."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cchc_demo', '0003_move_hotlines_to_cchc_pages'),
    ]

    operations = [
        migrations.AddField(
            model_name='departmentsettings',
            name='address_en',
            field=models.CharField(blank=True, max_length=255, verbose_name='Address in English'),
        ),
        migrations.AddField(
            model_name='departmentsettings',
            name='department_name_en',
            field=models.CharField(blank=True, max_length=255, verbose_name='Department name in English'),
        ),
        migrations.AddField(
            model_name='departmentsettings',
            name='parent_body_en',
            field=models.CharField(blank=True, max_length=255, verbose_name='Parent body in English'),
        ),
    ]
