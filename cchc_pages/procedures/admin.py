"""Admin side of administrative procedures: the "Import procedures" upload screen.

Editors upload the agency's records (JSON, CSV or XLSX in the national shape) and get a report
of what was created, updated and rejected, with each rejected record's position and reason."""

from django import forms
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import importing, reading
from .pages import ProcedureIndexPage


class ImportForm(forms.Form):
    index = forms.ModelChoiceField(
        label=_("Procedure index"), queryset=ProcedureIndexPage.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=pgettext_lazy("procedure import", "File"),
        help_text=_("A .json, .csv or .xlsx file whose fields are named as in the national database."),
    )
    strict = forms.BooleanField(
        label=_("Strict: import nothing if any record is invalid"), required=False, initial=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["index"].queryset = ProcedureIndexPage.objects.order_by("path")
        self.fields["file"].widget.attrs["accept"] = ".json,.csv,.xlsx"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = importing.upload_limit()
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is %(size)s MB; the largest accepted is %(limit)s MB.")
                % {"size": reading.megabytes(upload.size), "limit": reading.megabytes(limit)}
            )
        try:
            reading.detect_format(upload.name)
        except importing.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


ADD_PROCEDURES = "cchc_pages.add_procedurepage"
# The admin URLs' namespace: reverse("cchc_procedures_admin:import").
ADMIN_NAMESPACE = "cchc_procedures_admin"


@permission_required(ADD_PROCEDURES)  # without it: Wagtail's "no permission" message and redirect
def import_view(request):
    report, status = None, 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = importing.import_file(
                    form.cleaned_data["index"],
                    upload.read(),
                    upload.name,
                    strict=form.cleaned_data["strict"],
                    user=request.user,
                    max_bytes=importing.upload_limit(),
                )
            except importing.ImportFileError as error:
                form.add_error("file", str(error))
                status = 400
            else:
                if report.rejected and not report.saved:
                    status = 400
        else:
            status = 400
    else:
        index_id = request.GET.get("index", "")
        form = ImportForm(initial={"index": int(index_id)} if index_id.isdigit() else None)
    return TemplateResponse(
        request,
        "cchc_pages/admin/import_procedures.html",
        {
            "form": form,
            "report": report,
            "page_title": gettext("Import procedures"),
            "header_icon": "upload",
            "index_url": form.cleaned_data["index"].url if report and hasattr(form, "cleaned_data") else None,
        },
        status=status,
    )


def admin_urls():
    urls = [path("nhap/", import_view, name="import")]
    return [path("cchc/thu-tuc/", include((urls, ADMIN_NAMESPACE)))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ADD_PROCEDURES)


def menu_item():
    return ImportMenuItem(_("Import procedures"), reverse(f"{ADMIN_NAMESPACE}:import"), icon_name="upload", order=850)


def listing_buttons(page, user):
    """ "Import procedures" in the page listing's "more" menu of a procedure index."""
    if page.specific_class is ProcedureIndexPage and user.has_perm(ADD_PROCEDURES):
        url = reverse(f"{ADMIN_NAMESPACE}:import") + f"?index={page.pk}"
        yield Button(_("Import procedures"), url, icon_name="upload", priority=60)
