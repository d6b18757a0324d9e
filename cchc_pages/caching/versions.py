"""Version numbers in Django's cache, one per family of cached values: each key of the family
carries the number, so bumping it makes the whole family stale at once (news sidebars and
fragments, the procedure listing's counts)."""

from django.core.cache import cache


def current(key):
    return cache.get_or_set(key, 1, None)


def bump(key):
    try:
        cache.incr(key)
    except ValueError:  # not set yet, or evicted
        cache.set(key, 2, None)
