"""Settings of the feedback submissions, each with its documented default (README, "Settings")."""

from pathlib import Path

from django.conf import settings

from cchc_pages.core.conf import reader

DEFAULTS = {
    # Attachments per submission, and the largest accepted file in bytes.
    "CCHC_FEEDBACK_MAX_ATTACHMENTS": 3,
    "CCHC_FEEDBACK_MAX_UPLOAD_SIZE": 10 * 1024 * 1024,
    # All the attachments of one submission together, in bytes; the pixels of one image (a phone's
    # 50-megapixel mode, a 600-dpi A4 scan is 35) and of all the images of one submission.
    "CCHC_FEEDBACK_MAX_TOTAL_UPLOAD_SIZE": 25 * 1024 * 1024,
    "CCHC_FEEDBACK_MAX_IMAGE_PIXELS": 50_000_000,
    "CCHC_FEEDBACK_MAX_TOTAL_PIXELS": 100_000_000,
    # Folder of the attachments: private, never served at MEDIA_URL. None: a sibling of MEDIA_ROOT
    # named "<MEDIA_ROOT>-feedback-private". Unused if STORAGES["cchc_feedback"] is defined (files.py).
    "CCHC_FEEDBACK_PRIVATE_ROOT": None,
    # Longest accepted subject and content, in characters.
    "CCHC_FEEDBACK_MAX_CONTENT_LENGTH": 10_000,
    # Submissions (and tracking look-ups) allowed per IP address within the window (seconds).
    "CCHC_FEEDBACK_RATE_LIMIT": 5,
    "CCHC_FEEDBACK_LOOKUP_RATE_LIMIT": 20,
    "CCHC_FEEDBACK_RATE_WINDOW": 3600,
    # Wrong contacts (phone or email) tried with one tracking code before that code's look-up is
    # locked, from every address, for CCHC_FEEDBACK_LOOKUP_LOCK_SECONDS; 0 = never locked.
    "CCHC_FEEDBACK_LOOKUP_CODE_FAILURES": 5,
    "CCHC_FEEDBACK_LOOKUP_LOCK_SECONDS": 3600,
    # Ask a small self-hosted arithmetic question on the form.
    "CCHC_FEEDBACK_CHALLENGE": False,
    # Working days allowed per stage (Nghị định 20/2008/NĐ-CP as amended; see README).
    "CCHC_FEEDBACK_DAYS_TO_ACCEPT": 10,
    "CCHC_FEEDBACK_DAYS_TO_ANSWER": 30,
    # Days after closing (answered, published, rejected, merged) before personal data may be erased
    # by `manage.py erase_feedback_personal_data`.
    "CCHC_FEEDBACK_RETENTION_DAYS": 5 * 365,
    # Sender of the notices to citizens; None: DEFAULT_FROM_EMAIL.
    "CCHC_FEEDBACK_FROM_EMAIL": None,
    # Published questions per page of the Q&A listing.
    "CCHC_FEEDBACK_PER_PAGE": 10,
}

get = reader(DEFAULTS)


def private_root():
    root = get("CCHC_FEEDBACK_PRIVATE_ROOT")
    if root:
        return Path(root)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + "-feedback-private")
