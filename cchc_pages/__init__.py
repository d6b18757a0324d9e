"""Administrative-reform (CCHC) pages for Wagtail: news, and later procedures and documents."""
