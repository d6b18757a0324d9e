"""Load the demo portal built from the seed articles. Safe to run again: it updates, never duplicates."""

import io
import json
import os
from importlib import import_module
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.timezone import make_aware
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from cchc_demo.models import DepartmentSettings, HomePage
from cchc_pages.caching import counters
from cchc_pages.core.search import analyze
from cchc_pages.models import Counter, NewsArticlePage, NewsCategory, NewsIndexPage

CONTENT = Path(__file__).resolve().parents[2] / "demo_content" / "articles.json"
ADMIN_USER = "admin"
ADMIN_PASSWORD = os.environ.get("CCHC_DEMO_ADMIN_PASSWORD", "cchc-demo")
# The odometer of seed 002 ("SỐ LƯỢT TRUY CẬP 5 1 6 4 3 7 7").
SEED_SITE_VISITS = 5164377
DEPARTMENT_NAME = "Chuyên trang Cải cách hành chính"
# One module per area under cchc_demo/demo_content/, each with load(command, home, site); run in order
# after the news section. Each loader must be idempotent like the rest of this command.
AREA_LOADERS = [
    "cchc_demo.demo_content.contacts",
    "cchc_demo.demo_content.documents",
    "cchc_demo.demo_content.procedures",
    "cchc_demo.demo_content.polls",
    "cchc_demo.demo_content.evaluations",
    "cchc_demo.demo_content.submissions",
    "cchc_demo.demo_content.schedules",
    "cchc_demo.demo_content.english",  # last: it translates what the others made
]


class Command(BaseCommand):
    help = "Create or update the demo CCHC portal from the seed articles."

    def add_arguments(self, parser):
        parser.add_argument("--no-admin", action="store_true", help="Do not create the demo admin account.")

    @transaction.atomic
    def handle(self, *args, **options):
        home = self.home_page()
        site = self.site(home)
        self.department(site)
        news = self.child(
            home,
            NewsIndexPage,
            "tin-tuc",
            title="Tin tức cải cách hành chính",
            intro="<p>Tin tức, kế hoạch và hoạt động cải cách hành chính của tỉnh và các địa phương.</p>",
            show_in_menus=True,
            per_page=10,
        )
        created = 0
        for item in json.loads(CONTENT.read_text(encoding="utf-8")):
            created += self.article(news, item)
        Counter.objects.get_or_create(
            scope=counters.SITE_VISITS, object_id=site.pk, defaults={"count": SEED_SITE_VISITS}
        )
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {created} article(s) created."))
        for dotted in AREA_LOADERS:
            import_module(dotted).load(self, home, site)
        if not options["no_admin"]:
            self.admin()
        analyze()  # planner statistics after the bulk load (cchc_pages/core/search.py)

    def home_page(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(locale=Locale.get_default()).first()  # not its English translation
        if home is None:
            home = root.add_child(
                instance=HomePage(
                    title="Cổng thông tin cải cách hành chính",
                    slug="trang-chu",
                    intro="<p>Chuyên trang cải cách hành chính: tin tức, kế hoạch, thủ tục hành chính "
                    "và tiếp nhận phản ánh, kiến nghị của người dân, doanh nghiệp.</p>",
                )
            )
        # Wagtail's installer creates a "Welcome" page; the demo replaces it as the site root.
        Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
        return home

    def site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=DEPARTMENT_NAME
            )
        if site.root_page_id != home.pk or not site.site_name:
            site.root_page = home
            site.site_name = site.site_name or DEPARTMENT_NAME
            site.save()
        return site

    def department(self, site):
        DepartmentSettings.objects.update_or_create(
            site=site,
            defaults=dict(
                parent_body="Ủy ban nhân dân tỉnh (bản trình diễn)",
                department_name=DEPARTMENT_NAME,
                address="Trụ sở UBND tỉnh — địa chỉ của cơ quan triển khai",
                phone="",
                email="",
                parent_body_en="Provincial People's Committee (demo)",
                department_name_en="Administrative Reform Section",
                address_en="Provincial People's Committee headquarters (the deploying agency's address)",
            ),
        )

    def child(self, parent, model, slug, **fields):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None:  # an existing page is left as editors made it
            page = parent.add_child(instance=model(slug=slug, **fields))
            page.save_revision().publish()
        return page

    def article(self, news, item):
        date = make_aware(parse_datetime(item["date"]))
        categories = [NewsCategory.objects.get_or_create(name=name)[0] for name in item["categories"]]
        body = [
            {
                "type": b["type"],
                "value": b["value"] if b["type"] != "paragraph" or b.get("html") else f"<p>{b['value']}</p>",
            }
            for b in item["body"]
        ]
        if NewsArticlePage.objects.child_of(news).filter(title=item["title"]).exists():
            return False  # already loaded; editors' changes are kept
        page = NewsArticlePage(title=item["title"])
        page.sapo = item["sapo"]
        page.date = date
        page.first_published_at = date
        page.byline = item["byline"]
        page.source = item["source"]
        page.featured_image_caption = item.get("featured_image_caption", "")
        if item.get("featured_image_caption"):
            page.featured_image = self.illustration(item["featured_image_caption"])
        page.body = body
        page.categories.set(categories)
        page.tags.set(item["tags"])
        news.add_child(instance=page)
        page.save_revision().publish()
        if item.get("initial_views"):
            Counter.objects.get_or_create(
                scope=counters.PAGE_VIEWS, object_id=page.pk, defaults={"count": item["initial_views"]}
            )
        return True

    def illustration(self, title):
        """A drawn picture of a portal's CCHC section, standing in for the seed's photo."""
        Image = get_image_model()
        image = Image.objects.filter(title=title).first()
        if image:
            return image
        canvas = PILImage.new("RGB", (1200, 675), "#eef1f5")
        draw = ImageDraw.Draw(canvas)
        draw.rectangle([0, 0, 1200, 120], fill="#a3161a")
        draw.ellipse([40, 22, 116, 98], fill="#f2c94c")
        draw.rectangle([0, 120, 1200, 170], fill="#7d0f12")
        for i, width in enumerate([620, 540, 580, 500, 610]):
            top = 210 + i * 90
            draw.rectangle([60, top, 60 + 150, top + 70], fill="#c9d3df")
            draw.rectangle([230, top + 8, 230 + width, top + 26], fill="#0b4f9c")
            draw.rectangle([230, top + 40, 230 + width - 120, top + 54], fill="#9aa3ad")
        draw.rectangle([900, 210, 1140, 460], outline="#a3161a", width=4)
        draw.rectangle([900, 490, 1140, 640], outline="#a3161a", width=4)
        buffer = io.BytesIO()
        canvas.save(buffer, "PNG")
        return Image.objects.create(title=title, file=ImageFile(buffer, name="chuyen-muc-cchc.png"))

    def admin(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=ADMIN_USER, defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.invalid"}
        )
        if created:
            user.set_password(ADMIN_PASSWORD)
            user.save()
        self.stdout.write(
            self.style.SUCCESS(f"Admin login: {ADMIN_USER} / {ADMIN_PASSWORD} at /admin/")
            if created or user.check_password(ADMIN_PASSWORD)
            else f"Admin user '{ADMIN_USER}' exists with a password you changed."
        )
