"""feedback models, one module per area; import them from here."""

from .polls import Ballot, BallotChoice, Poll, PollChoice, PollPage, RatingTarget

__all__ = ["Ballot", "BallotChoice", "Poll", "PollChoice", "PollPage", "RatingTarget"]
