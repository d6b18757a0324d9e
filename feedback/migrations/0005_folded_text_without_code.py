"""The public search text of existing submissions no longer starts with their tracking code.

Only ``folded_text`` changes: the stored codes are kept exactly as they were issued."""

from django.db import migrations

from cchc_pages.core.text import fold


def drop_codes(apps, schema_editor):
    Submission = apps.get_model("cchc_feedback", "Submission")
    for submission in Submission.objects.exclude(folded_text="").only("pk", "code", "folded_text").iterator():
        folded_code = fold(submission.code)
        text = submission.folded_text
        if folded_code in text:
            text = text.replace(folded_code, "").strip()
            Submission.objects.filter(pk=submission.pk).update(folded_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("cchc_feedback", "0004_remove_ballot_ip_index"),
    ]

    operations = [
        migrations.RunPython(drop_codes, migrations.RunPython.noop),
    ]
