"""The production set-up end to end: two gunicorn servers sharing PostgreSQL and Redis."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"),
    reason="runs in the PostgreSQL + Redis leg of ./dev test (DATABASE_URL and REDIS_URL set)",
)
def test_two_app_servers_share_counts_cache_and_content():
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/cchc_multiprocess"
    result = subprocess.run(
        [sys.executable, "deploy/check_multiprocess.py", "--database-url", database],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All cross-server checks passed." in result.stdout
