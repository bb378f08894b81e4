#!/usr/bin/env python3
"""The bare contestant of `scripts/bench graph`: the least a Graph client must do to bring a mailbox down.

Gets an app-only token, pages one folder's messages/delta (Prefer: odata.maxpagesize, IdType="ImmutableId") from
the first request to the delta link, and downloads every message's $value with 4 requests in flight (Graph's limit
per app and mailbox), over keep-alive HTTPS connections, reading every byte. No parsing of the MIME, no store.
Prints {"messages", "bytes", "transfer_seconds"}.

usage: graph_bare_client.py BASE_URL TOKEN_URL CA_FILE TENANT CLIENT_ID SECRET MAILBOX FOLDER PAGE_SIZE
"""
import http.client
import json
import queue
import ssl
import sys
import threading
import time
import urllib.parse

base, token_url, ca_file, tenant, client_id, secret, mailbox, folder, page_size = sys.argv[1:10]
context = ssl.create_default_context(cafile=ca_file)
t0 = time.perf_counter()


def connect(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPSConnection(parts.hostname, parts.port or 443, context=context)


slots = threading.Semaphore(4)  # Graph's 4 concurrent requests per app and mailbox, pages and downloads alike


def request(connection, method, url, headers, body=None):
    with slots:
        return unthrottled(connection, method, url, headers, body)


def unthrottled(connection, method, url, headers, body=None):
    parts = urllib.parse.urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    connection.request(method, target, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        sys.exit("%s %s: HTTP %d %s" % (method, target, response.status, data[:300]))
    return data


form = urllib.parse.urlencode({"client_id": client_id, "client_secret": secret, "grant_type": "client_credentials",
                               "scope": "https://graph.microsoft.com/.default"})
token = json.loads(request(connect(token_url), "POST", token_url,
                           {"Content-Type": "application/x-www-form-urlencoded"}, form))["access_token"]
headers = {"Authorization": "Bearer " + token, "Prefer": 'IdType="ImmutableId", odata.maxpagesize=' + page_size}

ids = queue.Queue()
totals = {"messages": 0, "bytes": 0}
lock = threading.Lock()


def download():
    connection = connect(base)
    while True:
        message = ids.get()
        if message is None:
            return
        data = request(connection, "GET", "%s/users/%s/messages/%s/$value" % (base, mailbox, message), headers)
        with lock:
            totals["messages"] += 1
            totals["bytes"] += len(data)


workers = [threading.Thread(target=download) for _ in range(4)]
for worker in workers:
    worker.start()
# The delta pages are read while the downloads run, as a real client would, within the same 4 slots.
link = "%s/users/%s/mailFolders/%s/messages/delta?$select=receivedDateTime,isRead" % (base, mailbox, folder)
pager = connect(base)
while link:
    page = json.loads(request(pager, "GET", link, headers))
    for item in page["value"]:
        if "@removed" not in item:
            ids.put(item["id"])
    link = page.get("@odata.nextLink")
for _ in workers:
    ids.put(None)
for worker in workers:
    worker.join()
print(json.dumps({"messages": totals["messages"], "bytes": totals["bytes"],
                  "transfer_seconds": time.perf_counter() - t0}))
