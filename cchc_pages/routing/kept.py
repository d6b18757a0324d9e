"""Wagtail's routing of a page address, with the Site and the pages it walks through kept.

For every page view Wagtail reads the Site of the host (one query), the active Locale and the
home page's specific row (two more), then two rows per level of the address: the child by its
slug, then its specific row. An article two levels down costs six queries before its own. Here
the Site, the home page in the request's language and every page reached through Wagtail's own
``Page.route`` are kept like the fragments (caching/fragments.py): until a page is published,
unpublished, moved or deleted, or a Site or Locale is saved or deleted. A kept address then costs
only what the page types' own ``route()`` methods ask (an article: one query, see NewsIndexPage.route).

The walk is Wagtail's ``Page.route_for_request`` and ``Page.route``, step by step: it takes a kept
child only from a page whose class keeps Wagtail's ``route()``, and hands the rest of the address
to any page that routes its own way (a routable page, a section). An address that matches no page
is never kept: it is routed afresh, as Wagtail does.
"""

from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from ..caching.fragments import kept


def route(request, path):
    """The route of `path` for `request`, as ``Page.route_for_request`` returns it, and kept where
    Wagtail's own methods keep it (``request._wagtail_site``, ``request._wagtail_route_for_request``),
    so that Wagtail's page view and everything after it reads the same. None: no page."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = kept_site(request)
    request._wagtail_site = site
    result = None
    if site is not None:
        components = [component for component in path.split("/") if component]
        try:
            result = _walk(request, site, components)
        except Http404:
            result = None
    request._wagtail_route_for_request = result
    return result


def kept_site(request):
    """``Site.find_for_request``, kept per host and port (a request already given its Site keeps it)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail matches it: no ALLOWED_HOSTS check
    return kept(request, lambda: Site._find_for_request(request), "route:site", hostname, request.get_port())


def _walk(request, site, components):
    page = kept(request, lambda: site.root_page.localized.specific, "route:home", site.pk, site.root_page_id)
    while components and type(page).route is Page.route:
        parent, slug = page, components[0]
        page = kept(request, lambda parent=parent, slug=slug: _child(parent, slug), "route:child", parent.pk, slug)
        if page is None:
            raise Http404
        page._cached_parent_obj = parent  # as Page.route does: get_parent() costs nothing
        components = components[1:]
    return page.route(request, components)


def _child(parent, slug):
    child = parent.get_children().filter(slug=slug).first()
    return None if child is None else child.specific
