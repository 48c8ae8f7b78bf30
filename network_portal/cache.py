"""Django's Redis cache backend, with one Redis client object per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache call; the
object holds nothing but its pool, and building it cost a quarter of a millisecond of every
logged-in request (its session is read from this cache). redis-py's client is thread-safe,
so one per pool serves every call (README "Page cache").
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _Client(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
