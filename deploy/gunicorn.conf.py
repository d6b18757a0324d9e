"""gunicorn settings for one app server (README, "Deploy"). Start N of these behind nginx:

    DJANGO_SETTINGS_MODULE=cchc_demo.settings_production \
    gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8001 cchc_demo.wsgi
"""

import multiprocessing
import os

pythonpath = "site"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
max_requests = 2000  # recycle workers slowly; counters flush at exit (atexit) and on their interval
max_requests_jitter = 200
accesslog = "-"
# No query strings in the access log: search terms and tracking codes may be personal.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
