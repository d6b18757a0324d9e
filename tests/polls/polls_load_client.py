"""Load generator for the poll concurrency test, run in its own process so that the clients do not
compete with the live server for the test process's GIL.

    python tests/polls_load_client.py BASE_URL POLL_ID CHOICE_IDS(comma-separated) CLIENTS VOTES_PER_CLIENT

Each vote is what a browser without JavaScript does: GET a token, POST the ballot (303 expected).
Prints a JSON object: statuses (status -> count) and seconds.
"""

import http.client
import json
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit


def vote(conn, poll_id, choice_id):
    conn.request("GET", f"/cchc/binh-chon/{poll_id}/token/", headers={"Accept": "application/json"})
    response = conn.getresponse()
    token = json.loads(response.read())["token"]
    body = urlencode({"token": token, "choice": choice_id})
    conn.request(
        "POST",
        f"/cchc/binh-chon/{poll_id}/gui/",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = conn.getresponse()
    response.read()
    return response.status


def run(base_url, poll_id, choice_ids, clients, votes_per_client):
    parts = urlsplit(base_url)
    statuses = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(n):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        mine = Counter()
        barrier.wait()
        for i in range(votes_per_client):
            choice = choice_ids[(n * votes_per_client + i) % len(choice_ids)]
            try:
                mine[str(vote(conn, poll_id, choice))] += 1
            except (OSError, http.client.HTTPException, ValueError) as error:
                mine[type(error).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        conn.close()
        with lock:
            statuses.update(mine)

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"statuses": dict(statuses), "seconds": time.monotonic() - began}


if __name__ == "__main__":
    url, poll, choices, clients, votes = sys.argv[1:6]
    result = run(url, int(poll), [int(c) for c in choices.split(",")], int(clients), int(votes))
    print(json.dumps(result))
