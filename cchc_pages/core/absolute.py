"""Absolute URLs on the host the reader used (request.build_absolute_uri), not the Site record's.

Wagtail's ``full_url`` / ``get_full_url`` start from the Site's hostname and port (``http://localhost``
on a site set up by ``wagtail start``), which is wrong as soon as the site answers to another name.
"""


def absolute(request, url):
    """`url` (a path, or already absolute) made absolute on the request's own scheme and host."""
    if not url:
        return ""
    return request.build_absolute_uri(url) if request is not None else url


def absolute_page_url(page, request, subpath=""):
    """A page's address on the request's host; a page of another site keeps its own root URL."""
    url = page.get_url(request=request) if request is not None else page.get_full_url()
    return absolute(request, (url or "") + subpath)
