"""feedback models, one module per area; import them from here."""

from .submissions import (
    Consent,
    FeedbackAnswersPage,
    FeedbackFormPage,
    FeedbackUnit,
    Holiday,
    Status,
    Submission,
    SubmissionAttachment,
    SubmissionEvent,
)

__all__ = [
    "Consent",
    "FeedbackAnswersPage",
    "FeedbackFormPage",
    "FeedbackUnit",
    "Holiday",
    "Status",
    "Submission",
    "SubmissionAttachment",
    "SubmissionEvent",
]
