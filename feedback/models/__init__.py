"""feedback models, one module per area; import them from here."""

from .polls import Ballot, BallotChoice, Poll, PollChoice, PollPage, RatingTarget
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
    "Ballot",
    "BallotChoice",
    "Consent",
    "FeedbackAnswersPage",
    "FeedbackFormPage",
    "FeedbackUnit",
    "Holiday",
    "Poll",
    "PollChoice",
    "PollPage",
    "RatingTarget",
    "Status",
    "Submission",
    "SubmissionAttachment",
    "SubmissionEvent",
]
