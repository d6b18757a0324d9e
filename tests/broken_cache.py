"""A cache backend that is always down, standing in for an unreachable Redis or memcached."""

from django.core.cache.backends.base import BaseCache


class UnreachableCache(BaseCache):
    def __init__(self, location=None, params=None):
        super().__init__(params or {})

    def _down(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    add = get = set = touch = delete = clear = incr = has_key = get_many = set_many = _down
