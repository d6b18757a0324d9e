"""A local S3-compatible server for the object-storage tests (moto's, on 127.0.0.1): what the
`s3_endpoint` fixture of tests/conftest.py runs, and small helpers to look into its buckets."""

import contextlib
import logging

import pytest

# Nothing here may leave the machine: no proxy for the local server, no credential look-up elsewhere.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "cchc-test", "AWS_SECRET_ACCESS_KEY": "cchc-test-secret"}
LOCAL = {**CREDENTIALS, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}


@contextlib.contextmanager
def moto_server():
    """Yield the endpoint URL of moto's S3 server on a free port, with test credentials in the environment."""
    from moto.server import ThreadedMotoServer  # only the tests that need it pay for the import

    with pytest.MonkeyPatch.context() as patch:
        for name, value in LOCAL.items():
            patch.setenv(name, value)
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_S3_SESSION_PROFILE"):
            patch.delenv(name, raising=False)
        werkzeug = logging.getLogger("werkzeug")
        level = werkzeug.level
        werkzeug.setLevel(logging.WARNING)  # not one line per request
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        try:
            yield f"http://{host}:{port}"
        finally:
            server.stop()
            werkzeug.setLevel(level)


def bucket_objects(client, bucket):
    """{key: size} of every object in the bucket."""
    listing = client.list_objects_v2(Bucket=bucket)
    return {item["Key"]: item["Size"] for item in listing.get("Contents", [])}
