"""Search and sharing metadata of every page the apps render (ND 224/2026/NĐ-CP Điều 11 k5).

One tag, ``{% cchc_metadata %}``, in the apps' base templates prints the meta description, the
canonical link, Open Graph tags and the page type's JSON-LD, with absolute URLs built from the
request's host (``request.build_absolute_uri``), never from the Site record's root URL: a site
reached by several names, or the demo on localhost, links to the address the reader used.
"""

from . import pages  # noqa: F401  (registers the apps' page types)
from .builder import Metadata, absolute_page_url, page_metadata, register

__all__ = ["Metadata", "absolute_page_url", "page_metadata", "register"]
