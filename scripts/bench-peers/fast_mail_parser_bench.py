#!/usr/bin/env python3
"""fast-mail-parser (PyPI; Rust's mailparse crate inside) as a contestant of `scripts/bench mime`.

  fast_mail_parser_bench.py LISTFILE [--repeat R]

Reads every file named in LISTFILE into memory, then times only this, R times over the
whole set: fast_mail_parser.parse_email(bytes), whose default ("full") mode parses the
message and decodes every body and attachment (transfer and charset decoding). A message
that raises is counted in "errors" and the run goes on. Prints one JSON line:
  {"parser": "fast-mail-parser", "messages": N, "bytes": B, "seconds": S, "errors": E}
"""
import json
import sys
import time

import fast_mail_parser


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
    parse = fast_mail_parser.parse_email
    errors = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for data in blobs:
            try:
                parse(data)
            except Exception:
                errors += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"parser": "fast-mail-parser", "messages": len(blobs) * repeat,
                      "bytes": sum(map(len, blobs)) * repeat, "seconds": round(seconds, 6),
                      "errors": errors}))


if __name__ == "__main__":
    main()
