#!/usr/bin/env python3
"""Reference facts about every message of the corpora, as Python's email package sees them.

Usage: python3 scripts/corpus_reference.py .corpora > .corpora/expected.json
       (--report also prints to stderr which fields Python's parser raised on, per file)

For every file in every corpus subfolder (sorted by relative path, e.g. "jwz/0002.b31….eml")
it parses the file with BytesParser(policy=email.policy.default) and emits one object:
  path         relative path under the corpora folder, with "/"
  subject      str(msg['subject']), or null when there is no Subject header
  from         addr_spec of the first address of msg['from']; null if absent, unparseable
               or without addresses
  recipients   number of addresses over To, Cc and Bcc (msg[name].addresses of each present
               header, i.e. its first occurrence; groups are flattened); null if any raises
  attachments  str(part.get_filename()) of every non-multipart part of msg.walk() that has
               one (walk descends into message/rfc822); null if it raises
  defects      len(msg.defects) of the top-level message, as information
Each field is computed on its own: one that raises gives null for that field only.
Lone surrogates (from surrogateescape) are replaced with U+FFFD, so the output is valid UTF-8
JSON: an array with one object per line.
"""
import email.parser
import email.policy
import json
import os
import re
import sys

FIELDS = ("subject", "from", "recipients", "attachments", "defects")
SURROGATE = re.compile("[\ud800-\udfff]")


def clean(value):
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def subject(msg):
    h = msg["subject"]
    return None if h is None else str(h)


def sender(msg):
    h = msg["from"]
    if h is None:
        return None
    addresses = h.addresses
    return addresses[0].addr_spec if addresses else None


def recipients(msg):
    total = 0
    for name in ("to", "cc", "bcc"):
        h = msg[name]
        if h is not None:
            total += len(h.addresses)
    return total


def attachments(msg):
    names = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if name is not None:
            names.append(str(name))
    return names


def defects(msg):
    return len(msg.defects)


EXTRACTORS = {"subject": subject, "from": sender, "recipients": recipients,
              "attachments": attachments, "defects": defects}


def corpus_files(root):
    found = []
    for entry in sorted(os.listdir(root)):
        top = os.path.join(root, entry)
        if entry.startswith(".") or not os.path.isdir(top):
            continue  # only the files of the corpus subfolders, not expected.json itself
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if not name.startswith("."):
                    full = os.path.join(dirpath, name)
                    found.append(os.path.relpath(full, root).replace(os.sep, "/"))
    return sorted(found)


def describe(root, rel, raised):
    parser = email.parser.BytesParser(policy=email.policy.default)
    entry = {"path": clean(rel)}
    try:
        with open(os.path.join(root, rel), "rb") as fp:
            msg = parser.parse(fp)
    except Exception as e:  # never seen; keep the file in the output all the same
        raised.setdefault("parse", []).append((rel, e))
        entry.update({field: None for field in FIELDS})
        return entry
    for field in FIELDS:
        try:
            entry[field] = clean(EXTRACTORS[field](msg))
        except Exception as e:
            raised.setdefault(field, []).append((rel, e))
            entry[field] = None
    return entry


def main(argv):
    args = [a for a in argv[1:] if a != "--report"]
    report = len(args) != len(argv) - 1
    if len(args) != 1 or not os.path.isdir(args[0]):
        sys.stderr.write("usage: corpus_reference.py [--report] CORPORA_DIR > expected.json\n")
        return 2
    root = args[0]
    raised = {}
    entries = [describe(root, rel, raised) for rel in corpus_files(root)]
    out = sys.stdout.buffer
    out.write(b"[\n")
    out.write(",\n".join(json.dumps(e, ensure_ascii=False) for e in entries).encode("utf-8"))
    out.write(b"\n]\n" if entries else b"]\n")
    out.flush()
    if report:
        sys.stderr.write("%d messages\n" % len(entries))
        for field in ("parse",) + FIELDS:
            hits = raised.get(field, [])
            sys.stderr.write("%s raised on %d file(s)\n" % (field, len(hits)))
            for rel, e in hits:
                sys.stderr.write("  %s: %s: %s\n" % (rel, type(e).__name__, str(e)[:200]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
