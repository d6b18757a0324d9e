import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_demo.settings")
application = get_wsgi_application()

# A wrong DATABASE_URL stops the server now, with a clear message, rather than at the first request.
from cchc_demo.environment import verify_services  # noqa: E402

verify_services()
