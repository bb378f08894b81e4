#!/usr/bin/env python3
"""Memory of a running `mailstream serve` under large uploads and a burst of requests.

upload_bench.py PID PORT TOKEN [--uploads N] [--upload-mb MB] [--burst N] [--burst-concurrency C]

PID is the server's process (its RSS is read from /proc/PID/status). Phases:
  idle     RSS after a few warm-up requests
  uploads  N concurrent POST /api/v1/sources/bench/up/sync of MB megabytes each: JSON with comments of 64,000
           characters, the last one with an invalid timestamp, so the whole body is read, parsed and checked and
           answered 400 (nothing is stored). A 503 is retried after its Retry-After, up to 30 times.
           Peak RSS is sampled every 20 ms (and VmHWM, the kernel's peak, read at the end); RSS after is read 3 s
           after the last answer.
  burst    N requests, C at a time, mixed: /healthz, source listings, small sync bodies (1 KiB to 1 MiB), 404s,
           401s; RSS before and 3 s after.
Prints one JSON object.
"""
import argparse
import http.client
import json
import random
import threading
import time


def rss_kib(pid, field="VmRSS"):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise SystemExit("no %s for process %d" % (field, pid))


def request(port, method, path, token=None, body=None, timeout=600):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After")
    finally:
        conn.close()


def upload_body(megabytes):
    text = "x" * 64_000
    comment = '{"id":"c%d","timestamp":"2025-01-06T10:15:00Z","messages":[{"body":{"text":"' + text + '"}}]}'
    count = max(1, megabytes * 1_000_000 // (len(comment) + 8))
    parts = [comment % i for i in range(count)]
    parts.append('{"id":"bad","timestamp":"not a time","messages":[{"body":{"text":"x"}}]}')
    return ('{"comments":[' + ",".join(parts) + "]}").encode()


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.02)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pid", type=int)
    parser.add_argument("port", type=int)
    parser.add_argument("token")
    parser.add_argument("--uploads", type=int, default=16)
    parser.add_argument("--upload-mb", type=int, default=60)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--burst-concurrency", type=int, default=32)
    args = parser.parse_args()
    pid, port, token = args.pid, args.port, args.token

    status, _ = request(port, "PUT", "/api/v1/sources/bench/up", token, b"{}")
    if status not in (200, 409):
        raise SystemExit("creating the source bench/up answered %d" % status)
    for _ in range(20):
        request(port, "GET", "/healthz")
        request(port, "GET", "/api/v1/sources", token)
    time.sleep(1)
    result = {"idle_rss_mib": rss_kib(pid) / 1024}

    body = upload_body(args.upload_mb)
    statuses, refusals, lock = {}, [0], threading.Lock()

    def uploader():
        for _ in range(30):
            status, retry_after = request(port, "POST", "/api/v1/sources/bench/up/sync", token, body)
            if status != 503:
                break
            with lock:
                refusals[0] += 1
            time.sleep(float(retry_after or 1) * random.uniform(0.5, 1.5))
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    sampler = Sampler(pid)
    sampler.start()
    started = time.monotonic()
    threads = [threading.Thread(target=uploader) for _ in range(args.uploads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result["uploads_seconds"] = round(time.monotonic() - started, 1)
    sampler.running = False
    sampler.join()
    result["upload_body_mb"] = round(len(body) / 1e6, 1)
    result["upload_statuses"] = {str(k): v for k, v in sorted(statuses.items())}
    result["upload_503_retries"] = refusals[0]
    result["uploads_peak_rss_mib"] = max(sampler.peak, rss_kib(pid, "VmHWM")) / 1024
    time.sleep(3)
    result["after_uploads_rss_mib"] = rss_kib(pid) / 1024

    small = [b'{"comments":[{"id":"small","timestamp":"bad","messages":[{"body":{"text":"' + b"y" * size + b'"}}]}]}'
             for size in (1_000, 10_000, 100_000, 1_000_000)]
    calls = [("GET", "/healthz", None, None), ("GET", "/api/v1/sources", token, None),
             ("GET", "/api/v1/sources/bench/nothing", token, None), ("GET", "/api/v1/sources", None, None)]
    calls += [("POST", "/api/v1/sources/bench/up/sync", token, b) for b in small]
    burst_statuses, index = {}, [0]
    time.sleep(1)
    result["before_burst_rss_mib"] = rss_kib(pid) / 1024

    def worker():
        while True:
            with lock:
                if index[0] >= args.burst:
                    return
                index[0] += 1
                n = index[0]
            method, path, who, payload = calls[n % len(calls)]
            status, _ = request(port, method, path, who, payload)
            with lock:
                burst_statuses[status] = burst_statuses.get(status, 0) + 1

    sampler = Sampler(pid)
    sampler.start()
    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(args.burst_concurrency)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    result["burst_seconds"] = round(time.monotonic() - started, 1)
    result["burst_statuses"] = {str(k): v for k, v in sorted(burst_statuses.items())}
    sampler.running = False
    sampler.join()
    result["burst_peak_rss_mib"] = sampler.peak / 1024
    time.sleep(3)
    result["after_burst_rss_mib"] = rss_kib(pid) / 1024
    print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()}))


if __name__ == "__main__":
    main()
