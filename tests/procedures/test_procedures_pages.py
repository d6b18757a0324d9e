"""Procedure page types through Wagtail's test utilities: where they live, that they render,
route and can be created in the admin, and that a code stays unique within the site."""

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cchc_pages.models import ProcedureIndexPage, ProcedurePage


def procedure_form_data(**fields):
    """What the admin's procedure form posts, with one step and one legal document."""
    data = {
        "title": "",
        "slug": "",
        "code": "",
        "procedure_type": "",
        "description": "",
        "status": "in_force",
        "effective_date": "",
        "keywords": "",
        "target_groups": "Công dân Việt Nam",
        "agency_code": "UBNDX",
        "agency_name": "Ủy ban nhân dân cấp xã",
        "competent_agency_code": "",
        "competent_agency_name": "",
        "authorised_agency_code": "",
        "authorised_agency_name": "",
        "coordinating_agency_code": "",
        "coordinating_agency_name": "",
        "steps": streamfield(
            [("case", {"case": "", "steps": streamfield([("item", "Nộp hồ sơ tại Bộ phận Một cửa.")])})]
        ),
        "channels": streamfield([]),
        "dossier": streamfield([]),
        "results": streamfield([]),
        "requirements": "",
        "legal_basis": streamfield(
            [
                (
                    "document",
                    {
                        "number": "60/2014/QH13",
                        "title": "Luật Hộ tịch",
                        "issued": "2014-11-20",
                        "effective": "",
                        "issuer": "Quốc hội",
                        "url": "",
                    },
                )
            ]
        ),
        "online_level": "none",
        "online_url": "",
        "related_codes": "",
        "linked_codes": "",
        "decision_number": "",
        "decision_date": "",
        "decision_issuer": "",
    }
    data.update(fields)
    return nested_form_data(data)


class ProcedurePageRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = root.add_child(instance=Page(title="Trang chủ", slug="trang-chu-thu-tuc"))
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.save()
        cls.index = cls.home.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc"))
        cls.procedure = cls.index.add_child(instance=ProcedurePage(title="Đăng ký khai sinh", code="1.001193"))

    def test_procedures_live_only_under_a_procedure_index(self):
        self.assertAllowedParentPageTypes(ProcedurePage, {ProcedureIndexPage})
        self.assertAllowedSubpageTypes(ProcedureIndexPage, {ProcedurePage})
        self.assertAllowedSubpageTypes(ProcedurePage, set())
        self.assertCanCreateAt(Page, ProcedureIndexPage)
        self.assertCanNotCreateAt(Page, ProcedurePage)

    def test_pages_render_and_route(self):
        self.assertPageIsRenderable(self.index)
        self.assertPageIsRenderable(self.procedure)
        self.assertPageIsRoutable(self.procedure, "ban-in/")
        self.assertPageIsRoutable(self.index, "xuat-du-lieu/csv/")
        self.assertPageIsRoutable(self.index, "xuat-du-lieu/json/")
        self.assertEqual(self.procedure.slug, "dang-ky-khai-sinh")

    def test_editor_creates_a_procedure_and_a_duplicate_code_is_refused(self):
        editor = self.login()
        data = procedure_form_data(title="Đăng ký kết hôn", slug="dang-ky-ket-hon", code="1.000894")
        self.assertCanCreate(self.index, ProcedurePage, data)
        created = ProcedurePage.objects.get(code="1.000894")
        self.assertEqual(created.steps[0].value["steps"][0], "Nộp hồ sơ tại Bộ phận Một cửa.")
        self.assertEqual(created.search_text[:15], "dang ky ket hon")
        self.assertIn("Luật Hộ tịch", self.client.get(created.url).content.decode())
        self.assertPageIsPreviewable(created, post_data=data)

        duplicate = procedure_form_data(title="Bản khác", slug="ban-khac", code="1.001193")
        url = f"/admin/pages/add/cchc_pages/procedurepage/{self.index.pk}/"
        self.client.force_login(editor)  # the preview check above ends with a fresh client
        response = self.client.post(url, duplicate)
        self.assertEqual(response.status_code, 200)
        self.assertIn("1.001193", response.content.decode())
        self.assertFalse(ProcedurePage.objects.filter(slug="ban-khac").exists())
