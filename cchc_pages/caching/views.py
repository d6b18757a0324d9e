"""The uncached counter endpoint the counter script posts to from (possibly cached) pages.

A view is counted once per browser per CCHC_COUNTER_VIEW_INTERVAL: the script sends a random token
it keeps in the tab's sessionStorage, and the cache remembers a hash of (page, token) for the
interval; a visit likewise once per token. Requests from well-known robots (CCHC_COUNTER_BOT_AGENTS,
matched in the User-Agent) count nothing, and one address counts at most
CCHC_COUNTER_BUDGET_PER_ADDRESS views and visits an hour (kept as a keyed hash of the address, which
is never stored). A tab reports itself as reading now at most once per CCHC_VISITS_ONLINE_MINUTES
(online=1, see visits.py). Whatever is not counted still gets the current totals.
"""

import hashlib
import logging
import re

from django.core.cache import caches
from django.http import JsonResponse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from ..core import conf
from ..core.client import hashed_ip
from . import counters, visits

logger = logging.getLogger(__name__)

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
BUDGET_SECONDS = 3600


def is_robot(request):
    agent = request.headers.get("User-Agent", "").lower()
    return any(part.lower() in agent for part in conf.get("CCHC_COUNTER_BOT_AGENTS"))


def _first_time(cache, scope, object_id, token):
    """Whether this browser (token) has not been counted for this object within the interval."""
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    try:
        added = cache.add(f"cchc:counted:{scope}:{object_id}:{digest}", 1, conf.get("CCHC_COUNTER_VIEW_INTERVAL"))
    except Exception:  # the cache being down must not stop counting (counters has its own fallback)
        logger.warning("Counter cache unavailable: counting without the once-per-browser check", exc_info=True)
        return True
    return added is not False  # None: django-redis ignoring an unreachable server


def _within_budget(cache, request, n):
    """Take `n` hits from the address's hourly budget; False once it is spent."""
    budget = conf.get("CCHC_COUNTER_BUDGET_PER_ADDRESS")
    if not budget:
        return True
    key = f"cchc:counter-budget:{hashed_ip(request, 'counter')}"
    try:
        cache.add(key, 0, BUDGET_SECONDS)
        spent = cache.incr(key, n)
    except ValueError:  # expired between add and incr
        cache.set(key, n, BUDGET_SECONDS)
        spent = n
    except Exception:
        logger.warning("Counter cache unavailable: counting without the per-address budget", exc_info=True)
        return True
    return not isinstance(spent, int) or spent <= budget


@csrf_exempt  # a counter beacon carries no user data and must work from cached pages
@never_cache
@require_POST
def hit(request):
    """Count a page view, once per browser session a site visit (today's too), and with online=1 a tab
    reading now (see visits.py); return the totals."""
    raw_page = request.POST.get("page", "")
    page_id = None
    if raw_page:
        if not raw_page.isdigit() or not Page.objects.live().filter(pk=int(raw_page)).exists():
            return JsonResponse({"error": gettext("Unknown page.")}, status=400)
        page_id = int(raw_page)
    site = Site.find_for_request(request)
    if site is None:
        return JsonResponse({"error": gettext("Unknown site.")}, status=400)
    token = request.POST.get("token", "")
    if not TOKEN.match(token):
        return JsonResponse({"error": gettext("This view could not be counted: reload the page.")}, status=400)
    page_key = (counters.PAGE_VIEWS, page_id) if page_id is not None else None
    if not is_robot(request):
        cache = caches[conf.get("CCHC_COUNTER_CACHE_ALIAS")]
        wanted = []
        if page_id is not None and _first_time(cache, counters.PAGE_VIEWS, page_id, token):
            wanted.append(page_key)
        if request.POST.get("visit") == "1" and _first_time(cache, counters.SITE_VISITS, site.pk, token):
            wanted.extend(visits.visit_keys(site.pk))  # the total and today's: one count, two counters
        reading = request.POST.get("online") == "1"
        if (wanted or reading) and _within_budget(cache, request, len(wanted) + reading):
            if wanted:
                counters.hit_many(wanted)
            if reading:
                visits.count_online(site.pk)
    shown, counts = visits.totals(site.pk, [page_key] if page_key else [])
    data = {"site_visits": shown["total"], "visits_today": shown["today"], "online": shown["online"]}
    if page_key:
        data["page_views"] = counts[page_key]
    return JsonResponse(data)
