"""The self-hosted arithmetic check (polls and the feedback form): no third-party captcha.

The question's answer travels in a signed token, which anyone can read; so the token carries a
keyed digest of the answer, bound to a nonce, never the answer or the two numbers. A token is
good for one accepted form: its nonce is then recorded as spent in the cache (consume), so that a
question solved once cannot be replayed for a thousand submissions.
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger("cchc_pages")


def answer_digest(salt, nonce, answer):
    """The digest a token carries for `answer` (compare with hmac.compare_digest)."""
    return salted_hmac(salt, f"{nonce}:{answer}", algorithm="sha256").hexdigest()[:16]


def _used_key(purpose, nonce):
    # A digest, so that the cache holds no token material.
    return f"cchc:challenge-used:{purpose}:" + hashlib.sha256(str(nonce).encode()).hexdigest()[:32]


def consume(purpose, nonce, max_age):
    """Spend a check question's nonce: True the first time, False if it was spent already (a
    replayed token), None when the cache cannot be reached, so that nothing could be recorded.
    The record lasts `max_age` seconds, as long as the token itself is accepted."""
    try:
        added = cache.add(_used_key(purpose, nonce), 1, max_age)
    except Exception:  # a cache backend that raises when its server is down
        added = None
    if added is None:  # django-redis with IGNORE_EXCEPTIONS answers None when Redis is down
        logger.warning("cchc: a %s check question could not be marked used: the cache is unreachable", purpose)
        return None
    return bool(added)


def was_used(purpose, nonce):
    """True if this nonce was spent already (False, too, when the cache cannot be reached)."""
    try:
        return bool(cache.get(_used_key(purpose, nonce)))
    except Exception:
        return False
