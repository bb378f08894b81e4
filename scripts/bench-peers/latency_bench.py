#!/usr/bin/env python3
"""Delivery -> visible in a stream's `results`, for `scripts/bench latency`.

Starts `mailstream serve` on a fresh data folder syncing one Dovecot user (INBOX and Archive), makes a dataset
and a stream over its source through the API, then delivers COUNT messages, one every INTERVAL seconds (± 25 %,
at random): the first half into INBOX (LMTP, as an MTA does), then the second half into Archive (`doveadm save`,
as a Sieve rule or another client's APPEND would; no INBOX mail meanwhile, which would wake the engine for Archive
too), each with its own Message-ID. A poller reads the stream's `results` every 10 ms (advancing past each batch)
and notes when each message's comment first shows. Latency = first seen in `results` - delivery done (the LMTP
transaction or doveadm returned). Modes: notify (`imap_notify: true`, the default), no-notify (`imap_notify:
false`: what a server without NOTIFY gets: INBOX in IDLE, LIST-STATUS every 10 s), idle-folders (no-notify,
with `idle_folders: [[Archive]]`); pymap: a server with neither NOTIFY nor LIST-STATUS, INBOX and a new folder,
mail appended over IMAP (no floor); ews: mailstream-ews-sim's alice, Inbox and Inbox/Projects, mail delivered
through its admin API (no floor). The floor, on the same deliveries: a bare client on a connection of its own
(no mailbox selected, NOTIFY SET for every personal mailbox, in IDLE) notes when Dovecot first tells of each
message (a STATUS whose MESSAGES reaches its count); that is the soonest any client can know, whatever the mode.
Prints one JSON line per folder:
{"mode", "folder", "count", "seen", "p50_ms", "p99_ms", "max_ms", "floor_seen", "floor_p50_ms", "floor_p99_ms",
 "floor_max_ms"}.

usage: latency_bench.py --bin MAILSTREAM --mode notify|no-notify|idle-folders --env DOVECOT_ENV --user U
                        --password P [--count 200] [--interval 1.2] [--timeout 60]
       latency_bench.py --bin MAILSTREAM --mode pymap --env PYMAP_ENV [--count 200] ...
       latency_bench.py --bin MAILSTREAM --mode ews --ews-sim MAILSTREAM_EWS_SIM [--count 200] ...
"""
import argparse
import imaplib
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


class DovecotTarget:
    """A Dovecot user (INBOX and Archive), mail delivered by LMTP and doveadm, a bare NOTIFY client as the floor."""
    folders = ("INBOX", "Archive")

    def __init__(self, args):
        self.args = args
        self.env = read_env(args.env)
        self.conf = self.env["MAILSTREAM_DOVECOT_CONFIG"]
        self.lmtp = None
        self.floor = None

    def integration(self):
        return ("    type: imap\n    connection: {host: 127.0.0.1, port: %s, security: none, username: %s, "
                "password: %s, imap_notify: %s}\n"
                "    mailboxes: [{email: %s, bucket: lat, exclude: [[Junk], [Trash]]%s}]\n"
                % (self.env["MAILSTREAM_DOVECOT_IMAP_PORT"], self.args.user, self.args.password,
                   "true" if self.args.mode == "notify" else "false", self.args.user,
                   ", idle_folders: [[Archive]]" if self.args.mode == "idle-folders" else ""))

    def warm_up(self):
        # The source appears with the first pass: a first message makes sure there is one.
        self.lmtp = smtplib.LMTP("127.0.0.1", int(self.env["MAILSTREAM_DOVECOT_LMTP_PORT"]))
        self.lmtp.sendmail("bench@example.com", [self.args.user], message("warmup-%s@bench" % self.args.mode, "INBOX"))

    def start_floor(self):
        self.floor = FloorWatcher(int(self.env["MAILSTREAM_DOVECOT_IMAP_PORT"]), self.args.user, self.args.password,
                                  self.folders)
        self.floor.start()
        self.counts = dict(self.floor.base)

    def deliver(self, folder, raw):
        """Delivers; returns the folder's message count with it (for the floor)."""
        if folder == "INBOX":
            self.lmtp.sendmail("bench@example.com", [self.args.user], raw)
        else:
            subprocess.run(["doveadm", "-c", self.conf, "save", "-u", self.args.user, "-m", folder], input=raw,
                           check=True)
        self.counts[folder] += 1
        return self.counts[folder]

    def floor_time(self, folder, count):
        return self.floor.first(folder, count)

    def close(self):
        if self.lmtp:
            self.lmtp.quit()
        if self.floor:
            self.floor.finish()


class EWSTarget:
    """mailstream-ews-sim's alice: Inbox and Inbox/Projects, mail delivered by its admin API. No floor: the
    simulator tells nobody of new mail (Mailstream asks the folders' counts every 5 s)."""
    folders = ("Inbox", "Inbox/Projects")

    def __init__(self, args):
        self.args = args
        self.log = tempfile.TemporaryFile()
        self.sim = subprocess.Popen([args.ews_sim, "--port", "0", "--messages", "1"], stdout=subprocess.PIPE,
                                    stderr=self.log)
        line = self.sim.stdout.readline().decode()
        if not line.startswith("PORT "):
            sys.exit("mailstream-ews-sim did not start: %r" % line)
        self.port = int(line.split()[1])

    def integration(self):
        return ("    type: ews\n    connection: {ews_endpoint: \"http://127.0.0.1:%d/EWS/Exchange.asmx\", "
                "username: alice, password: \"Alice-Passw0rd!\", authentication: basic}\n"
                "    mailboxes: [{email: alice@contoso.com, bucket: lat}]\n" % self.port)

    def warm_up(self):
        pass  # alice's Inbox holds a message already

    def start_floor(self):
        pass

    def deliver(self, folder, raw):
        request = urllib.request.Request("http://127.0.0.1:%d/_sim/deliver?mailbox=alice@contoso.com&folder=%s"
                                         % (self.port, folder), data=raw, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
        return None

    def floor_time(self, folder, count):
        return None

    def close(self):
        self.sim.terminate()
        self.sim.wait(timeout=10)


class PymapTarget:
    """pymap's one user (no NOTIFY, no LIST-STATUS): INBOX and Archive, mail appended over IMAP by another client.
    No floor."""

    def __init__(self, args):
        self.env = read_env(args.env)
        self.folders = ("INBOX", "Archive")
        self.client = imaplib.IMAP4("127.0.0.1", int(self.env["MAILSTREAM_PYMAP_PORT"]))
        self.client.login(self.env["MAILSTREAM_PYMAP_USER"], self.env["MAILSTREAM_PYMAP_PASSWORD"])
        self.client.create("Archive")  # a fresh pymap has INBOX only (NO if it exists already: fine)

    def integration(self):
        return ("    type: imap\n    connection: {host: 127.0.0.1, port: %s, security: none, username: %s, "
                "password: %s}\n    mailboxes: [{email: %s, bucket: lat}]\n"
                % (self.env["MAILSTREAM_PYMAP_PORT"], self.env["MAILSTREAM_PYMAP_USER"],
                   self.env["MAILSTREAM_PYMAP_PASSWORD"], self.env["MAILSTREAM_PYMAP_USER"]))

    def warm_up(self):
        # The source appears with the first pass: a first message makes sure there is one.
        self.deliver("INBOX", message("warmup-pymap-%d@bench" % time.time(), "INBOX"))

    def start_floor(self):
        pass

    def deliver(self, folder, raw):
        status, answer = self.client.append(folder, None, None, raw)
        if status != "OK":
            sys.exit("pymap refused APPEND to %s: %s" % (folder, answer))
        return None

    def floor_time(self, folder, count):
        return None

    def close(self):
        self.client.logout()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--mode", choices=["notify", "no-notify", "idle-folders", "pymap", "ews"], required=True)
    parser.add_argument("--env", help="Dovecot's (or, for pymap, pymap's) env file")
    parser.add_argument("--user", help="the Dovecot user (IMAP modes)")
    parser.add_argument("--password")
    parser.add_argument("--ews-sim", help="the mailstream-ews-sim executable (ews mode)")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--interval", type=float, default=1.2)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    if args.mode == "ews":
        if not args.ews_sim:
            parser.error("--mode ews needs --ews-sim")
        target = EWSTarget(args)
    elif args.mode == "pymap":
        if not args.env:
            parser.error("--mode pymap needs --env")
        target = PymapTarget(args)
    else:
        if not (args.env and args.user and args.password):
            parser.error("--mode %s needs --env, --user and --password" % args.mode)
        target = DovecotTarget(args)
    work = tempfile.mkdtemp(prefix="mailstream-latency-")
    data = os.path.join(work, "data")
    config = os.path.join(work, "config.yaml")
    with open(config, "w", encoding="utf-8") as f:
        f.write("network: {allow_private_networks: true}\nintegrations:\n  - name: lat\n" + target.integration())
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "wb")
    serve = subprocess.Popen([args.bin, "serve", "--data", data, "--config", config, "--port", str(port),
                              "--log-level", "warning"], stdout=log, stderr=log)
    try:
        run(args, target, data, port, serve)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        target.close()
        shutil.rmtree(work, ignore_errors=True)


def run(args, target, data, port, serve):
    token_file = os.path.join(data, "admin-token")
    deadline = time.time() + 30
    while not os.path.exists(token_file):
        if time.time() > deadline or serve.poll() is not None:
            sys.exit("serve did not start (no admin token after 30 s)")
        time.sleep(0.05)
    api = API(port, open(token_file, encoding="utf-8").read().strip())
    target.warm_up()
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
    target.start_floor()
    delivered = {}  # Message-ID -> (folder, time, the folder's message count with it)
    stamp = "%s-%d" % (args.mode, int(time.time()))
    inbox, other = target.folders
    for index in range(args.count):
        # INBOX's half first, then the other folder's: mail arriving in INBOX meanwhile would wake the engine for
        # the other folder too.
        folder = inbox if index < args.count // 2 else other
        mid = "lat-%s-%d@bench" % (stamp, index)
        count = target.deliver(folder, message(mid, folder))
        delivered["<%s>" % mid] = (folder, time.perf_counter(), count)
        # Apart by more than Dovecot's own NOTIFY delay (0.5 s) plus a pass, and not at a fixed beat: a delivery
        # that lands just as a pass for the previous one starts would ride along and look faster than the server.
        time.sleep(args.interval * random.uniform(0.75, 1.25))
    ids = {key.strip("<>").encode().hex(): key for key in delivered}
    deadline = time.time() + args.timeout
    while time.time() < deadline and not all(i in seen for i in ids):
        time.sleep(0.1)
    stop.set()
    poller.join(timeout=5)
    for folder in target.folders:
        latencies = [(seen[i] - delivered[key][1]) * 1000 for i, key in ids.items()
                     if delivered[key][0] == folder and i in seen]
        floors = []
        for name, when, count in delivered.values():
            told = target.floor_time(folder, count) if name == folder else None
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
