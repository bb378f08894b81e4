#!/usr/bin/env python3
"""Python's email package as a contestant of `scripts/bench mime`.

  py_email_bench.py LISTFILE [--repeat R]

Reads every file named in LISTFILE into memory, then times only this, R times over the
whole set: BytesParser(policy=policy.default) parses each message, and every leaf part of
msg.walk() (which descends into message/rfc822) is decoded with part.get_content()
(transfer decoding and, for text parts, charset decoding). A part whose get_content()
raises is counted in "errors" and the run goes on. Prints one JSON line:
  {"parser": "python-email", "messages": N, "bytes": B, "seconds": S, "errors": E}
"""
import json
import sys
import time
from email import policy
from email.parser import BytesParser


def load(argv):
    args = argv[1:]
    repeat = 1
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1 or repeat < 1:
        sys.exit("usage: %s LISTFILE [--repeat R]" % argv[0])
    with open(args[0], encoding="utf-8", errors="surrogateescape") as f:
        paths = [line.rstrip("\r\n") for line in f if line.strip()]
    blobs = []
    for path in paths:
        with open(path, "rb") as f:
            blobs.append(f.read())
    if not blobs:
        sys.exit("the list file names no files")
    return blobs, repeat


def main():
    blobs, repeat = load(sys.argv)
    parser = BytesParser(policy=policy.default)
    errors = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for data in blobs:
            msg = parser.parsebytes(data)
            for part in msg.walk():
                if part.is_multipart():
                    continue
                try:
                    part.get_content()
                except Exception:
                    errors += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"parser": "python-email", "messages": len(blobs) * repeat,
                      "bytes": sum(map(len, blobs)) * repeat, "seconds": round(seconds, 6),
                      "errors": errors}))


if __name__ == "__main__":
    main()
