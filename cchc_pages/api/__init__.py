"""Open data: the apps' public content as web services (Wagtail's API v2) and the list of datasets.

TT 22/2023/TT-BTTTT asks that a portal's information be kept as structured data and shared as web
services; ND 224/2026/NĐ-CP (which replaced ND 42/2022 from 1 July 2026) lists what a portal must
publish. The endpoints serve published, unrestricted content only, through a list of public fields
per model (fields.py): nothing the site shows only to editors or moderators, and no citizen's
personal data, can be asked for by name, filtered, ordered or searched on.

A department mounts everything with one line: ``path("api/v2/", include("cchc_pages.api.urls"))``.
"""
