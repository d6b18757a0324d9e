"""The attachments' storage became a callable (feedback.submissions.files.attachment_storage), so a
project can move them to STORAGES["cchc_feedback"]. Storage is not in the database: state only, no
SQL (SQLite would otherwise rebuild the table)."""

from django.db import migrations, models

import feedback.models.submissions
import feedback.submissions.files


class Migration(migrations.Migration):
    dependencies = [
        ("cchc_feedback", "0002_submissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="submissionattachment",
                    name="file",
                    field=models.FileField(
                        max_length=255,
                        storage=feedback.submissions.files.attachment_storage,
                        upload_to=feedback.models.submissions.attachment_path,
                    ),
                ),
            ],
        ),
    ]
