"""Administrative-reform (CCHC) pages for Wagtail: news, procedures, contacts and documents."""
