#!/usr/bin/env python3
"""Delivery -> visible in a stream's `results`, for `scripts/bench latency`.

Starts `mailstream serve` on a fresh data folder syncing one Dovecot user (INBOX and Archive), makes a dataset
and a stream over its source through the API, then delivers COUNT messages, one every INTERVAL seconds (± 25 %,
at random): the first half into INBOX (LMTP, as an MTA does), then the second half into Archive (`doveadm save`,
as a Sieve rule or another client's APPEND would; no INBOX mail meanwhile, which would wake the engine for Archive
too), each with its own Message-ID. A poller reads the stream's `results` every 10 ms (advancing past each batch)
and notes when each message's comment first shows. Latency = first seen in `results` - delivery done (the LMTP
transaction or doveadm returned). Modes: notify (`imap_notify: true`, the default), no-notify (`imap_notify:
false`: what a server without NOTIFY gets: INBOX in IDLE, LIST-STATUS every 10 s) and idle-folders (no-notify,
with `idle_folders: [[Archive]]`). The floor, on the same deliveries: a bare client on a connection of its own
(no mailbox selected, NOTIFY SET for every personal mailbox, in IDLE) notes when Dovecot first tells of each
message (a STATUS whose MESSAGES reaches its count); that is the soonest any client can know, whatever the mode.
Prints one JSON line per folder:
{"mode", "folder", "count", "seen", "p50_ms", "p99_ms", "max_ms", "floor_seen", "floor_p50_ms", "floor_p99_ms",
 "floor_max_ms"}.

usage: latency_bench.py --bin MAILSTREAM --env DOVECOT_ENV --user U --password P --mode notify|no-notify|idle-folders
                        [--count 200] [--interval 1.2] [--timeout 60]
"""
import argparse
import json
import math
import os
import random
import re
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request


def read_env(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("export "):
            key, _, value = line[len("export "):].strip().partition("=")
            values[key] = value.replace("\\ ", " ")
    return values


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class API:
    def __init__(self, port, token):
        self.base = "http://127.0.0.1:%d" % port
        self.token = token

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Authorization": "Bearer " + self.token,
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")


def message(mid, folder):
    return ("Message-ID: <%s>\r\nFrom: bench@example.com\r\nTo: lat@example.com\r\nSubject: latency %s\r\n"
            "Date: Mon, 6 Jan 2025 10:15:00 +0000\r\n\r\nDelivered to %s.\r\n" % (mid, mid, folder)).encode()


class FloorWatcher(threading.Thread):
    """A bare IMAP client: NOTIFY for every personal mailbox, IDLE, and the time each STATUS came."""

    def __init__(self, port, user, password, folders):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")
        self.base = {}
        self.events = []  # (folder, messages, time)
        self.line()  # greeting
        self.command('LOGIN "%s" "%s"' % (user, password))
        for folder in folders:
            for line in self.command('STATUS "%s" (MESSAGES)' % folder):
                found = re.search(rb"MESSAGES (\d+)", line)
                if line.startswith(b"* STATUS") and found:
                    self.base[folder] = int(found.group(1))
        self.command("NOTIFY SET (personal (MessageNew MessageExpunge))")
        self.sock.sendall(b"i IDLE\r\n")
        if not self.line().startswith(b"+"):
            sys.exit("the floor client could not IDLE")

    def line(self):
        line = self.file.readline()
        if not line:
            raise ConnectionError("the server closed the floor client's connection")
        return line

    def command(self, text):
        self.sock.sendall(b"c " + text.encode() + b"\r\n")
        lines = []
        while True:
            line = self.line()
            if line.startswith(b"c "):
                if not line.startswith(b"c OK"):
                    sys.exit("the floor client's %s failed: %s" % (text.split()[0], line.decode(errors="replace")))
                return lines
            lines.append(line)

    def run(self):
        pattern = re.compile(rb'^\* STATUS "?([^"(]+?)"? \((.*)\)')
        while True:  # until the server closes the connection after `finish`'s LOGOUT
            try:
                line = self.file.readline()
            except OSError:
                return
            now = time.perf_counter()
            if not line:
                return
            found = pattern.match(line)
            messages = found and re.search(rb"MESSAGES (\d+)", found.group(2))
            if messages:
                self.events.append((found.group(1).decode(), int(messages.group(1)), now))

    def finish(self):
        self.sock.sendall(b"DONE\r\nz LOGOUT\r\n")
        self.join(timeout=5)
        self.sock.close()

    def first(self, folder, messages):
        """When the server first told of `messages` or more in `folder`."""
        return next((at for name, count, at in self.events if name == folder and count >= messages), None)


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]  # nearest rank


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--env", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--mode", choices=["notify", "no-notify", "idle-folders"], required=True)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--interval", type=float, default=1.2)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    env = read_env(args.env)
    conf = env["MAILSTREAM_DOVECOT_CONFIG"]
    work = tempfile.mkdtemp(prefix="mailstream-latency-")
    data = os.path.join(work, "data")
    config = os.path.join(work, "config.yaml")
    with open(config, "w", encoding="utf-8") as f:
        f.write("network: {allow_private_networks: true}\nintegrations:\n  - name: lat\n    type: imap\n"
                "    connection: {host: 127.0.0.1, port: %s, security: none, username: %s, password: %s, "
                "imap_notify: %s}\n    mailboxes: [{email: %s, bucket: lat, exclude: [[Junk], [Trash]]%s}]\n"
                % (env["MAILSTREAM_DOVECOT_IMAP_PORT"], args.user, args.password,
                   "true" if args.mode == "notify" else "false", args.user,
                   ", idle_folders: [[Archive]]" if args.mode == "idle-folders" else ""))
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "wb")
    serve = subprocess.Popen([args.bin, "serve", "--data", data, "--config", config, "--port", str(port),
                              "--log-level", "warning"], stdout=log, stderr=log)
    try:
        run(args, env, conf, data, port, serve)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def run(args, env, conf, data, port, serve):
    token_file = os.path.join(data, "admin-token")
    deadline = time.time() + 30
    while not os.path.exists(token_file):
        if time.time() > deadline or serve.poll() is not None:
            sys.exit("serve did not start (no admin token after 30 s)")
        time.sleep(0.05)
    api = API(port, open(token_file, encoding="utf-8").read().strip())
    # The source appears with the first pass: a first message makes sure there is one.
    lmtp = smtplib.LMTP("127.0.0.1", int(env["MAILSTREAM_DOVECOT_LMTP_PORT"]))
    lmtp.sendmail("bench@example.com", [args.user], message("warmup-%s@bench" % args.mode, "INBOX"))
    deadline = time.time() + 60
    while True:
        try:
            api.call("PUT", "/api/v1/datasets/default/lat", {"dataset": {"source_ids": ["default/lat"]}})
            break
        except (urllib.error.URLError, ConnectionError):  # not listening yet, or no source yet (404)
            if time.time() > deadline:
                sys.exit("the source default/lat did not appear within 60 s")
            time.sleep(0.1)
    api.call("PUT", "/api/v1/datasets/default/lat/streams", {"stream": {"name": "bench"}})

    seen = {}
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            try:
                batch = api.call("GET", "/api/v1/datasets/default/lat/streams/bench/results?max_results=64")
            except Exception:
                time.sleep(0.05)
                continue
            now = time.perf_counter()
            for result in batch["results"]:
                seen.setdefault(result["comment"]["id"], now)
            if batch["results"]:
                api.call("POST", "/api/v1/datasets/default/lat/streams/bench/advance",
                         {"sequence_id": batch["continuation"]})
            else:
                time.sleep(0.01)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    time.sleep(2)  # past the first pass, into the wait
    floor = FloorWatcher(int(env["MAILSTREAM_DOVECOT_IMAP_PORT"]), args.user, args.password, ("INBOX", "Archive"))
    floor.start()
    delivered = {}  # Message-ID -> (folder, time, the folder's message count with it)
    counts = dict(floor.base)
    stamp = "%s-%d" % (args.mode, int(time.time()))
    for index in range(args.count):
        # INBOX's half first, then Archive's: mail arriving in INBOX meanwhile would wake the engine for Archive too.
        folder = "INBOX" if index < args.count // 2 else "Archive"
        mid = "lat-%s-%d@bench" % (stamp, index)
        raw = message(mid, folder)
        if folder == "INBOX":
            lmtp.sendmail("bench@example.com", [args.user], raw)
        else:
            subprocess.run(["doveadm", "-c", conf, "save", "-u", args.user, "-m", folder], input=raw, check=True)
        counts[folder] += 1
        delivered["<%s>" % mid] = (folder, time.perf_counter(), counts[folder])
        # Apart by more than Dovecot's own NOTIFY delay (0.5 s) plus a pass, and not at a fixed beat: a delivery
        # that lands just as a pass for the previous one starts would ride along and look faster than the server.
        time.sleep(args.interval * random.uniform(0.75, 1.25))
    lmtp.quit()
    ids = {key.strip("<>").encode().hex(): key for key in delivered}
    deadline = time.time() + args.timeout
    while time.time() < deadline and not all(i in seen for i in ids):
        time.sleep(0.1)
    stop.set()
    poller.join(timeout=5)
    floor.finish()
    for folder in ("INBOX", "Archive"):
        latencies = [(seen[i] - delivered[key][1]) * 1000 for i, key in ids.items()
                     if delivered[key][0] == folder and i in seen]
        floors = []
        for name, when, count in delivered.values():
            told = floor.first(folder, count) if name == folder else None
            if told is not None:
                floors.append((told - when) * 1000)
        total = sum(1 for key in delivered.values() if key[0] == folder)
        print(json.dumps({"mode": args.mode, "folder": folder, "count": total, "seen": len(latencies),
                          "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
                          "max_ms": max(latencies) if latencies else None, "floor_seen": len(floors),
                          "floor_p50_ms": percentile(floors, 50), "floor_p99_ms": percentile(floors, 99),
                          "floor_max_ms": max(floors) if floors else None}), flush=True)


if __name__ == "__main__":
    main()
