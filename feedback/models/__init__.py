"""The app's models, re-exported from polls and submissions so that ``feedback.models`` (and the
migrations) keep their paths. Code inside the packages imports from the capability itself."""

from ..evaluation.models import DossierEvaluation
from ..polls.models import Ballot, BallotChoice, Poll, PollChoice, PollPage, RatingTarget
from ..submissions.models import (
    Consent,
    FeedbackUnit,
    Holiday,
    Status,
    Submission,
    SubmissionAttachment,
    SubmissionEvent,
)
from ..submissions.pages import FeedbackAnswersPage, FeedbackFormPage

__all__ = [
    "Ballot",
    "BallotChoice",
    "Consent",
    "DossierEvaluation",
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
