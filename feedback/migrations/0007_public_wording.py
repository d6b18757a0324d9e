"""The public identity and wording of a submission come from fields meant for publication.

Before, the "initials and ward" identity was cut out of the free-text address by a pattern, which
published whatever followed "phường" or "xã" (a group number, a phone number...) or a street
named "Xã Đàn". Existing submissions are made safe here:

- consent "anonymous" / "initials" becomes "publish", with the way of being shown kept apart
  (``shown_as``: anonymous, or the initials of the name); no ward is kept, since none was ever
  typed for publication;
- every stored identity line loses its address part: only the initials of the name remain, and
  only where the citizen had chosen initials and the line starts with nothing but initials
  ("Nguyễn V. A."); anything else becomes anonymous ("Một công dân");
- published submissions get their public wording copied from the current subject and text, and
  the search text of every submission is folded from the public wording only.

The original subject, text and personal data are not changed."""

import re

from django.db import migrations, models

from cchc_pages.core.text import fold

# A family name then initials, letters only: "Nguyễn V. A.", "Lê T. M. H.".
INITIALS = re.compile(r"^[^\W\d_]+(?: [^\W\d_]\.)*$")
# First words of what the former pattern cut from an address ("phường …", "xã …", "thị trấn …", "đặc khu …").
LOCALITY_WORDS = {"phường", "xã", "thị", "đặc"}


def initials_only(identity):
    """The initials that lead a former identity line, or "" when it starts with anything else."""
    head = (identity or "").split(",")[0].strip()
    if not head or head.split()[0].lower() in LOCALITY_WORDS or not INITIALS.match(head):
        return ""
    return head


def make_identities_safe(apps, schema_editor):
    Submission = apps.get_model("cchc_feedback", "Submission")
    for item in Submission.objects.select_related("procedure_page").order_by("pk").iterator():
        chose_initials = item.consent == "initials"
        if item.consent in ("anonymous", "initials"):
            item.consent = "publish"
        item.shown_as = "initials" if chose_initials else "anonymous"
        item.public_locality = ""
        item.public_name = initials_only(item.public_name) if chose_initials else ""
        if item.status == "published":
            item.public_subject, item.public_content = item.subject, item.content
        procedure = item.procedure_page.title if item.procedure_page_id else item.procedure_text
        item.folded_text = fold(
            " ".join([item.public_subject, item.public_content, item.answer, procedure, item.sector])
        )
        item.save(
            update_fields=["consent", "shown_as", "public_locality", "public_name", "public_subject",
                           "public_content", "folded_text"]
        )


def restore_consents(apps, schema_editor):
    """Back to the former three consents (the identity lines stay safe)."""
    Submission = apps.get_model("cchc_feedback", "Submission")
    Submission.objects.filter(consent="publish", shown_as="initials").update(consent="initials")
    Submission.objects.filter(consent="publish").update(consent="anonymous")


class Migration(migrations.Migration):

    dependencies = [
        ('cchc_feedback', '0006_tracking_serial'),
    ]

    operations = [
        migrations.AddField(
            model_name='submission',
            name='public_content',
            field=models.TextField(blank=True, verbose_name='public question text'),
        ),
        migrations.AddField(
            model_name='submission',
            name='public_locality',
            field=models.CharField(blank=True, max_length=100, verbose_name='ward or commune to publish'),
        ),
        migrations.AddField(
            model_name='submission',
            name='public_subject',
            field=models.CharField(blank=True, max_length=255, verbose_name='public subject'),
        ),
        migrations.AddField(
            model_name='submission',
            name='shown_as',
            field=models.CharField(choices=[('anonymous', 'Anonymous (“A citizen”)'), ('initials', 'The initials of my full name (e.g. “Nguyễn V. A.”)')], default='anonymous', max_length=20, verbose_name='shown publicly as'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='consent',
            field=models.CharField(choices=[('none', 'Do not publish my question'), ('publish', 'My question and its answer may be published')], default='none', max_length=20, verbose_name='publication consent'),
        ),
        migrations.AlterField(
            model_name='submissionevent',
            name='action',
            field=models.CharField(choices=[('received', 'received'), ('accepted', 'accepted'), ('rejected', 'rejected'), ('assigned', 'forwarded to a unit'), ('processing', 'processing started'), ('answered', 'answered'), ('published', 'published'), ('unpublished', 'unpublished'), ('merged', 'merged as a duplicate'), ('classified', 'classification changed'), ('note', 'internal note'), ('reworded', 'public wording edited'), ('erased', 'personal data erased')], max_length=20, verbose_name='action'),
        ),
        migrations.RunPython(make_identities_safe, restore_consents),
    ]
