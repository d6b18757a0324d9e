import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# The page model: swappable from Wagtail 8 on (WAGTAIL_PAGE_MODEL), always wagtailcore.Page before
# (see 0001_initial).
PAGE_MODEL = getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page")


class Migration(migrations.Migration):
    dependencies = [
        ("cchc_pages", "0010_schedules_notices"),
        migrations.swappable_dependency(PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PageRating",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("useful", models.BooleanField(verbose_name="useful")),
                (
                    "reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("thieu", "The information is incomplete"),
                            ("kho-hieu", "It is hard to understand"),
                            ("cu-sai", "It is out of date or wrong"),
                            ("khong-thay", "I did not find what I was looking for"),
                        ],
                        max_length=20,
                        verbose_name="reason",
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("nonce", models.CharField(editable=False, max_length=32, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="rated at")),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="cchc_ratings", to=PAGE_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "page rating",
                "verbose_name_plural": "page ratings",
                "indexes": [models.Index(fields=["page", "created_at"], name="cchc_rating_page_date")],
            },
        ),
    ]
