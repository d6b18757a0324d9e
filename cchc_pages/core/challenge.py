"""The self-hosted arithmetic check (polls and the feedback form): no third-party captcha.

The question's answer travels in a signed token, which anyone can read; so the token carries a
keyed digest of the answer, bound to a nonce, never the answer or the two numbers.
"""

from django.utils.crypto import salted_hmac


def answer_digest(salt, nonce, answer):
    """The digest a token carries for `answer` (compare with hmac.compare_digest)."""
    return salted_hmac(salt, f"{nonce}:{answer}", algorithm="sha256").hexdigest()[:16]
