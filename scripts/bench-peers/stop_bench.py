#!/usr/bin/env python3
"""Time from SIGTERM to exit of `mailstream serve`, for `scripts/bench stop`.

For each state, RUNS times: start `serve` on a data folder, bring its one mailbox into the state, send SIGTERM,
and time until the process has exited (its store closed). IMAP goes over TLS (Dovecot's IMAPS port), as in
production. States:
  none      nothing to sync (no configuration, an empty store): the floor, what the rest of serve costs
  idle      a Dovecot user with 20 messages, synced by a first (unmeasured) run; the mailbox waits in IDLE
  fetch     a Dovecot user with three 20 MB messages, fresh data folder each run, reached through a proxy that
            passes the server's bytes at 20 MB/s (a LAN; on loopback 60 MB come down in about 0.1 s); SIGTERM
            0-500 ms after the first 4 MB came through, so mid-download of the first message; Dovecot's log tells
            whether the FETCH was still running when the connection ended (the count is printed)
  backoff   an IMAP port that refuses connections; SIGTERM 2 s in, during a back-off wait
  ews-http  an EWS endpoint that takes the connection and never answers; SIGTERM 1 s in, request in flight
  token     the same for the Entra ID token request (client_credentials with authority_host)
  upload    nothing to sync, and an API request in flight: a client sending a 10 MB sync body 10 kB every 100 ms
            (it would take 100 s); SIGTERM 1 s in
Prints one JSON line per state: {"state", "runs", "p50_ms", "max_ms", "exit_codes"[, "mid_fetch"]}.

usage: stop_bench.py --bin MAILSTREAM --env DOVECOT_ENV --peer scripts/peers/dovecot [--runs 10]
                     [--states none,idle,fetch,backoff,ews-http,token,upload]
"""
import argparse
import base64
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time


def read_env(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("export "):
            key, _, value = line[len("export "):].strip().partition("=")
            values[key] = value.replace("\\ ", " ")
    return values


def small(mid):
    return ("Message-ID: <%s>\r\nFrom: a@example.com\r\nTo: b@example.com\r\nSubject: %s\r\n"
            "Date: Mon, 6 Jan 2025 10:15:00 +0000\r\n\r\nhello\r\n" % (mid, mid)).encode()


def large(mid, size):
    payload = base64.encodebytes(random.Random(mid).randbytes(size * 3 // 4)).replace(b"\n", b"\r\n")
    return ("Message-ID: <%s>\r\nFrom: a@example.com\r\nTo: b@example.com\r\nSubject: %s\r\n"
            "Date: Mon, 6 Jan 2025 10:15:00 +0000\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nlarge\r\n"
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            % (mid, mid)).encode() + payload + b"\r\n--b--\r\n"


class ThrottlingProxy:
    """Forwards 127.0.0.1:port to `target`, the server's bytes at `rate` bytes/s; counts what it passed down."""

    def __init__(self, target, rate):
        self.target, self.rate = target, rate
        self.down = 0
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def reset(self):
        with self.lock:
            self.down = 0

    def passed(self):
        with self.lock:
            return self.down

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            threading.Thread(target=self.pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client, True), daemon=True).start()

    def pump(self, source, sink, paced):
        start, sent = time.perf_counter(), 0
        try:
            while True:
                chunk = source.recv(65536)
                if not chunk:
                    break
                if paced:
                    sent += len(chunk)
                    ahead = start + sent / self.rate - time.perf_counter()
                    if ahead > 0:
                        time.sleep(ahead)
                sink.sendall(chunk)
                if paced:
                    with self.lock:
                        self.down += len(chunk)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Uploader(threading.Thread):
    """Makes the source default/up, then sends a 10 MB sync body to it 10 kB every 100 ms until the server goes."""

    def __init__(self, port, token):
        super().__init__(daemon=True)
        self.port, self.token, self.failure = port, token, None
        deadline = time.time() + 30
        while True:
            try:
                self.request("PUT /api/v1/sources/default/up", b"{}")
                break
            except OSError:  # not listening yet
                if time.time() > deadline:
                    sys.exit("serve did not answer within 30 s")
                time.sleep(0.05)
        self.start()

    def head(self, line, length):
        return ("%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"
                "Content-Length: %d\r\n\r\n" % (line, self.token, length)).encode()

    def request(self, line, body):
        with socket.create_connection(("127.0.0.1", self.port)) as c:
            c.sendall(self.head(line, len(body)) + body)
            if not c.recv(12).startswith(b"HTTP/1.1 200"):
                sys.exit("%s failed" % line)

    def run(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port)) as c:
                c.sendall(self.head("POST /api/v1/sources/default/up/sync", 10_000_000) + b"[")
                for _ in range(1000):
                    c.sendall(b" " * 10_000)
                    time.sleep(0.1)
        except OSError as error:
            self.failure = error


class Bench:
    def __init__(self, args):
        self.args = args
        self.env = read_env(args.env)
        self.conf = self.env["MAILSTREAM_DOVECOT_CONFIG"]
        self.log = os.path.join(os.path.dirname(self.conf), "dovecot.log")
        self.work = tempfile.mkdtemp(prefix="mailstream-stop-")

    def add_user(self, name, messages):
        subprocess.run([self.args.peer, "add-user", os.path.dirname(self.conf), name, name + "pw"], check=True)
        for raw in messages:
            subprocess.run(["doveadm", "-c", self.conf, "save", "-u", name, "-m", "INBOX"], input=raw, check=True)

    def imap(self, user, port=None):
        return ("    type: imap\n    connection: {host: 127.0.0.1, port: %s, security: tls, username: %s, "
                "password: %spw, ca_file: %s}\n    mailboxes: [{email: %s, bucket: mail}]\n"
                % (port or self.env["MAILSTREAM_DOVECOT_IMAPS_PORT"], user, user, self.env["MAILSTREAM_DOVECOT_CA_FILE"],
                   user))

    def config(self, name, integration):
        path = os.path.join(self.work, name + ".yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write("network: {allow_private_networks: true}\nintegrations:\n  - name: stop\n" + integration)
        return path

    def log_size(self):
        return os.path.getsize(self.log)

    def log_after(self, offset):
        with open(self.log, "rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")

    def wait_for_login(self, user, offset, limit=10):
        deadline = time.time() + limit
        while "Login: user=<%s>" % user not in self.log_after(offset):
            if time.time() > deadline:
                sys.exit("%s did not log in within %d s" % (user, limit))
            time.sleep(0.002)

    def serve(self, data, config, port=0):
        out = open(os.path.join(self.work, "serve.log"), "ab")
        arguments = [self.args.bin, "serve", "--data", data, "--port", str(port), "--log-level", "error"]
        if config:
            arguments += ["--config", config]
        return subprocess.Popen(arguments, stdout=out, stderr=out)

    def serve_log(self):
        with open(os.path.join(self.work, "serve.log"), "rb") as f:
            return b" | ".join(f.read().splitlines()[-3:]).decode(errors="replace")

    def stop(self, process):
        start = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        return (time.perf_counter() - start) * 1000, code

    def wait_for_store(self, data):
        deadline = time.time() + 30
        while not os.path.exists(os.path.join(data, "admin-token")):
            if time.time() > deadline:
                sys.exit("serve made no data folder within 30 s")
            time.sleep(0.01)

    def state(self, name):
        runs, codes, mid_fetch = [], [], 0
        stamp = "%d" % time.time()
        if name in ("none", "upload"):
            config = None
        elif name == "idle":
            user = "stopidle%s" % stamp
            self.add_user(user, [small("idle-%d@%s" % (i, stamp)) for i in range(20)])
            config = self.config(name, self.imap(user))
            data = os.path.join(self.work, "idle-data")
            warm = self.serve(data, config)  # the first sync, not measured
            self.wait_for_store(data)
            time.sleep(3)
            self.stop(warm)
        elif name == "fetch":
            user = "stopfetch%s" % stamp
            self.add_user(user, [large("fetch-%d@%s" % (i, stamp), 20 << 20) for i in range(3)])
            proxy = ThrottlingProxy(("127.0.0.1", int(self.env["MAILSTREAM_DOVECOT_IMAPS_PORT"])), 20e6)
            config = self.config(name, self.imap(user, proxy.port))
        elif name == "backoff":
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                closed = s.getsockname()[1]
            config = self.config(name, self.imap("nobody", closed))
        else:
            silent = socket.socket()
            silent.bind(("127.0.0.1", 0))
            silent.listen(64)
            port = silent.getsockname()[1]
            connection = ("{ews_endpoint: \"http://127.0.0.1:%d/EWS/Exchange.asmx\", username: alice, password: x, "
                          "authentication: basic}" % port) if name == "ews-http" else (
                "{ews_endpoint: \"http://127.0.0.1:%d/EWS/Exchange.asmx\", authentication: client_credentials, "
                "tenant_id: contoso.onmicrosoft.com, client_id: 5e1d7c3a-9b2f-4e8d-a1c6-3f0b9e2d7a41, "
                "client_secret: s, authority_host: \"http://127.0.0.1:%d\"}" % (port, port))
            config = self.config(name, "    type: ews\n    connection: %s\n"
                                 "    mailboxes: [{email: alice@contoso.com, bucket: mail}]\n" % connection)
        for run in range(self.args.runs):
            data = os.path.join(self.work, "idle-data") if name == "idle" else os.path.join(self.work, "d%d" % run)
            offset = self.log_size()
            port = free_port() if name == "upload" else 0
            process = self.serve(data, config, port)
            if name == "upload":
                self.wait_for_store(data)
                uploader = Uploader(port, open(os.path.join(data, "admin-token"), encoding="utf-8").read().strip())
                time.sleep(1)
                if not uploader.is_alive():
                    sys.exit("the upload ended before SIGTERM: %s" % uploader.failure)
            elif name == "idle":
                self.wait_for_login(user, offset)
                time.sleep(1)
            elif name == "fetch":
                proxy.reset()
                deadline = time.time() + 30
                while proxy.passed() < 4 << 20:
                    if time.time() > deadline or process.poll() is not None:
                        sys.exit("the download did not start within 30 s: %s" % self.serve_log())
                    time.sleep(0.002)
                time.sleep(random.uniform(0, 0.5))
            elif name != "upload":
                self.wait_for_store(data)
                time.sleep(2 if name == "backoff" else 1)
            if process.poll() is not None:
                sys.exit("serve exited before SIGTERM (%s, status %d): %s" % (name, process.returncode, self.serve_log()))
            took, code = self.stop(process)
            runs.append(took)
            codes.append(code)
            if name == "fetch":
                time.sleep(0.5)  # Dovecot's log line
                if "FETCH running" in self.log_after(offset):
                    mid_fetch += 1
            if name != "idle":
                shutil.rmtree(data, ignore_errors=True)
        line = {"state": name, "runs": len(runs), "p50_ms": round(sorted(runs)[math.ceil(len(runs) / 2) - 1], 1),
                "max_ms": round(max(runs), 1), "exit_codes": sorted(set(codes))}
        if name == "fetch":
            line["mid_fetch"] = mid_fetch
        print(json.dumps(line), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--env", required=True)
    parser.add_argument("--peer", required=True, help="scripts/peers/dovecot")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--states", default="none,idle,fetch,backoff,ews-http,token,upload")
    args = parser.parse_args()
    bench = Bench(args)
    try:
        for name in args.states.split(","):
            bench.state(name)
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)


if __name__ == "__main__":
    main()
