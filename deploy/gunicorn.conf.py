"""gunicorn settings for one app server (README, "Deploy"). Start N of these behind nginx:

    DJANGO_SETTINGS_MODULE=cchc_demo.settings_production \
    gunicorn -c deploy/gunicorn.conf.py --bind 10.0.0.11:8001 cchc_demo.wsgi

Bind to the server's private address (the one nginx's upstream names), or 127.0.0.1 when nginx
runs on the same machine; never 0.0.0.0 on a machine with a public address. The production
settings believe the client address in X-Real-IP only from CCHC_TRUSTED_PROXIES (nginx's address).
"""

import multiprocessing
import os

pythonpath = "site"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")  # --bind overrides it
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
