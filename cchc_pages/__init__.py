"""Administrative-reform (CCHC) pages for Wagtail: news, procedures, contacts and documents.

``__version__`` is the package's one version number: pyproject.toml reads it from here.
"""

__version__ = "0.2.0"
