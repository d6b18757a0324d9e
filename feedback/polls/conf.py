"""Settings of the polls, each with its documented default (see README, "Polls: settings")."""

from cchc_pages.core.conf import reader

DEFAULTS = {
    # Seconds a vote token stays valid after the widget fetched it.
    "CCHC_POLL_TOKEN_MAX_AGE": 1800,
    # Ballots one IP address may cast in one poll (per rating target for rating polls); 0 = no limit.
    # Keep it well above 1: a ward office or a family shares one address.
    "CCHC_POLL_MAX_VOTES_PER_IP": 20,
    # Secret mixed into the stored hashes of voters' IP addresses; None = derived from SECRET_KEY.
    "CCHC_POLL_IP_SALT": None,
    # Ask a simple arithmetic question before accepting a vote (self-hosted, no third party).
    "CCHC_POLL_CHALLENGE": False,
    # Ratings of one officer or counter in one quarter are published only from this many ballots.
    "CCHC_POLL_MIN_PUBLISHED_VOTES": 5,
    # Seconds the totals shown to citizens may lag behind the ballots (a voter's own vote is always
    # counted); 0 = an exact count on every request, whose cost grows with the number of votes.
    "CCHC_POLL_RESULTS_CACHE_SECONDS": 5,
    # Days a browser remembers that it voted (the signed per-poll cookie).
    "CCHC_POLL_COOKIE_DAYS": 365,
}

get = reader(DEFAULTS)
