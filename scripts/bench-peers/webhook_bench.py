#!/usr/bin/env python3
"""Arrival of an email in Dovecot -> the stream webhook received, for `scripts/bench webhook`.

Starts `mailstream serve` on a fresh data folder syncing one Dovecot user's INBOX (IMAP NOTIFY and IDLE, the
defaults), a webhook receiver on 127.0.0.1 (answers 204, checks every signature with the Standard Webhooks
reference library when it is installed, else with the documented algorithm), a dataset and a stream over the
user's source with the receiver as its webhook target (`--outbound-allow 127.0.0.1/32`), then delivers COUNT
messages by LMTP, one every INTERVAL seconds (± 25 %, at random). Latency = the receiver got the comment - the
LMTP transaction returned. The floor: a bare client with NOTIFY on a connection of its own notes when Dovecot first
tells of each delivery (latency_bench.py's FloorWatcher). Prints one JSON line:
{"count", "received", "p50_ms", "p99_ms", "max_ms", "floor_p50_ms", "floor_p99_ms", "floor_max_ms",
 "deliveries", "duplicates", "bad_signatures", "verifier"}.

usage: webhook_bench.py --bin MAILSTREAM --env DOVECOT_ENV --user U --password P [--count 200] [--interval 1.2]
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import shutil
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from latency_bench import API, FloorWatcher, free_port, message, percentile, read_env  # noqa: E402

try:
    from standardwebhooks.webhooks import Webhook
except ImportError:
    Webhook = None


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.secret = None
        self.seen = {}  # comment id -> first time received
        self.ids = []
        self.bad = 0
        self.lock = threading.Lock()

    def verify(self, body, headers):
        if Webhook is not None:
            try:
                Webhook(self.secret).verify(body, headers)
                return True
            except Exception:
                return False
        key = base64.b64decode(self.secret[len("whsec_"):])
        signed = ("%s.%s." % (headers["webhook-id"], headers["webhook-timestamp"])).encode() + body
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        return any(hmac.compare_digest(expected, s[3:]) for s in headers["webhook-signature"].split()
                   if s.startswith("v1,"))


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        now = time.perf_counter()
        server = self.server
        headers = {name: self.headers.get(name, "") for name in ("webhook-id", "webhook-timestamp",
                                                                 "webhook-signature")}
        good = server.secret is not None and server.verify(body, headers)
        with server.lock:
            server.ids.append(headers["webhook-id"])
            if not good:
                server.bad += 1
            for result in json.loads(body)["data"]["results"]:
                server.seen.setdefault(result["comment"]["id"], now)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--env", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--interval", type=float, default=1.2)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    env = read_env(args.env)
    work = tempfile.mkdtemp(prefix="mailstream-webhook-")
    data = os.path.join(work, "data")
    config = os.path.join(work, "config.yaml")
    with open(config, "w", encoding="utf-8") as f:
        f.write("network: {allow_private_networks: true}\nintegrations:\n  - name: hook\n"
                "    type: imap\n    connection: {host: 127.0.0.1, port: %s, security: none, username: %s, "
                "password: %s}\n    mailboxes: [{email: %s, bucket: hook, exclude: [[Junk], [Trash]]}]\n"
                % (env["MAILSTREAM_DOVECOT_IMAP_PORT"], args.user, args.password, args.user))
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "wb")
    serve = subprocess.Popen([args.bin, "serve", "--data", data, "--config", config, "--port", str(port),
                              "--outbound-allow", "127.0.0.1/32", "--log-level", "warning"], stdout=log, stderr=log)
    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    lmtp = smtplib.LMTP("127.0.0.1", int(env["MAILSTREAM_DOVECOT_LMTP_PORT"]))
    floor = None
    try:
        token_file = os.path.join(data, "admin-token")
        deadline = time.time() + 30
        while not os.path.exists(token_file):
            if time.time() > deadline or serve.poll() is not None:
                sys.exit("serve did not start (no admin token after 30 s)")
            time.sleep(0.05)
        api = API(port, open(token_file, encoding="utf-8").read().strip())
        lmtp.sendmail("bench@example.com", [args.user], message("warmup-webhook-%d@bench" % time.time(), "INBOX"))
        deadline = time.time() + 60
        while True:
            try:
                api.call("PUT", "/api/v1/datasets/default/hook", {"dataset": {"source_ids": ["default/hook"]}})
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() > deadline:
                    sys.exit("the source default/hook did not appear within 60 s")
                time.sleep(0.1)
        api.call("PUT", "/api/v1/datasets/default/hook/streams", {"stream": {"name": "hook"}})
        created = api.call("PUT", "/api/_private/datasets/default/hook/streams/hook/webhook",
                           {"webhook": {"url": "http://127.0.0.1:%d/hook" % receiver.server_address[1],
                                        "batch_size": 64}})
        receiver.secret = created["webhook"]["secret"]
        time.sleep(2)  # the warm-up mail delivered, the engine back in IDLE
        floor = FloorWatcher(int(env["MAILSTREAM_DOVECOT_IMAP_PORT"]), args.user, args.password, ("INBOX",))
        floor.start()
        count = floor.base["INBOX"]
        delivered = {}
        stamp = int(time.time())
        for index in range(args.count):
            mid = "hook-%d-%d@bench" % (stamp, index)
            lmtp.sendmail("bench@example.com", [args.user], message(mid, "INBOX"))
            count += 1
            delivered[mid.encode().hex()] = (time.perf_counter(), count)
            time.sleep(args.interval * random.uniform(0.75, 1.25))
        deadline = time.time() + args.timeout
        while time.time() < deadline and not all(i in receiver.seen for i in delivered):
            time.sleep(0.1)
        with receiver.lock:
            latencies = [(receiver.seen[i] - at) * 1000 for i, (at, _) in delivered.items() if i in receiver.seen]
            deliveries, duplicates, bad = len(receiver.ids), len(receiver.ids) - len(set(receiver.ids)), receiver.bad
        floors = [(told - at) * 1000 for at, n in delivered.values()
                  for told in [floor.first("INBOX", n)] if told is not None]
        print(json.dumps({"count": len(delivered), "received": len(latencies),
                          "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
                          "max_ms": max(latencies) if latencies else None,
                          "floor_p50_ms": percentile(floors, 50), "floor_p99_ms": percentile(floors, 99),
                          "floor_max_ms": max(floors) if floors else None, "deliveries": deliveries,
                          "duplicates": duplicates, "bad_signatures": bad,
                          "verifier": "standardwebhooks" if Webhook else "by hand"}), flush=True)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        lmtp.quit()
        if floor:
            floor.finish()
        receiver.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
