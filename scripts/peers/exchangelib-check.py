#!/usr/bin/env python3
"""Drives an EWS endpoint with exchangelib (a widely used real EWS client) the way an integration would:
lists the folders, syncs the inbox's items in pages with sync_items, syncs again (nothing new), and fetches
MIME content. Prints one JSON object with what it saw; exits non-zero on any exchangelib error.

    exchangelib-check.py --endpoint URL --auth ntlm|basic --user U --password P --mailbox SMTP [--impersonate]
"""
import argparse
import json
import sys

from exchangelib import BASIC, DELEGATE, IMPERSONATION, NTLM, Account, Configuration, Credentials


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--auth", choices=["ntlm", "basic"], required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--mailbox", required=True)
    parser.add_argument("--impersonate", action="store_true")
    args = parser.parse_args()

    config = Configuration(service_endpoint=args.endpoint, credentials=Credentials(args.user, args.password),
                           auth_type=NTLM if args.auth == "ntlm" else BASIC)
    account = Account(args.mailbox, config=config, autodiscover=False,
                      access_type=IMPERSONATION if args.impersonate else DELEGATE)
    folders = sorted(f.name for f in account.msg_folder_root.walk())
    inbox = account.inbox
    first = [(change, getattr(item, "id", None)) for change, item in inbox.sync_items(max_changes_returned=10)]
    second = list(inbox.sync_items())
    ids = [(item.id, item.changekey) for item in inbox.all().only("id", "changekey")[:3]]
    fetched = [
        {"message_id": item.message_id, "mime_bytes": len(item.mime_content or b"")}
        for item in account.fetch(ids=ids, only_fields=["mime_content", "message_id"])
    ]
    json.dump({
        "version": str(account.version.build) if account.version else None,
        "folders": folders,
        "first_sync": {"changes": len(first), "creates": sum(1 for change, _ in first if change == "create")},
        "second_sync": len(second),
        "fetched": fetched,
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
