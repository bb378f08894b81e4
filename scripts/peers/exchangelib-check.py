#!/usr/bin/env python3
"""Drives an EWS endpoint with exchangelib (a widely used real EWS client) the way an integration would:
lists the folders, syncs the inbox's items in pages with sync_items, syncs again (nothing new), and fetches
MIME content. With --scenario writes it instead filters, orders, fetches every default Message field, moves,
saves, sends, updates and deletes (see writes()). Prints one JSON object with what it saw; exits non-zero on any
exchangelib error.

    exchangelib-check.py --endpoint URL --auth ntlm|basic --user U --password P --mailbox SMTP [--impersonate]
                         [--scenario sync|writes]
"""
import argparse
import json
import sys

from exchangelib import BASIC, DELEGATE, IMPERSONATION, NTLM, Account, Configuration, Credentials, Message
from exchangelib.folders import Folder


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--auth", choices=["ntlm", "basic"], required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--mailbox", required=True)
    parser.add_argument("--impersonate", action="store_true")
    parser.add_argument("--scenario", choices=["sync", "writes"], default="sync")
    args = parser.parse_args()

    config = Configuration(service_endpoint=args.endpoint, credentials=Credentials(args.user, args.password),
                           auth_type=NTLM if args.auth == "ntlm" else BASIC)
    account = Account(args.mailbox, config=config, autodiscover=False,
                      access_type=IMPERSONATION if args.impersonate else DELEGATE)
    if args.scenario == "writes":
        json.dump(writes(account), sys.stdout)
        print()
        return
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


def mailbox(m):
    return None if m is None else {"name": m.name, "email": m.email_address, "routing_type": m.routing_type}


def writes(account):
    """The inbox holds the messages the Swift test put there (see ExchangelibTests); this reports what
    exchangelib saw at each step so the test can check every value."""
    inbox = account.inbox
    report = {}
    report["filter_subject"] = [m.subject for m in inbox.filter(subject="Report with attachment")]
    report["filter_contains"] = sorted(m.subject for m in inbox.filter(subject__icontains="hello"))
    report["filter_unread"] = inbox.filter(is_read=False).count()
    report["order_desc"] = [m.subject for m in inbox.all().order_by("-datetime_received")[:3]]
    report["order_asc"] = [m.subject for m in inbox.all().order_by("datetime_received")[:2]]
    report["order_subject_page"] = [m.subject for m in inbox.all().order_by("subject")[1:3]]

    # GetItem with exchangelib's default Message fields.
    item = inbox.get(subject="Report with attachment")
    reply = inbox.get(subject="RE: Report with attachment")
    attachment = item.attachments[0] if item.attachments else None
    report["item"] = {
        "subject": item.subject,
        "body": str(item.body),
        "body_type": type(item.body).__name__,
        "text_body": item.text_body,
        "sender": mailbox(item.sender),
        "author": mailbox(item.author),
        "to": [mailbox(m) for m in item.to_recipients or []],
        "cc": [mailbox(m) for m in item.cc_recipients or []],
        "datetime_sent": item.datetime_sent.isoformat() if item.datetime_sent else None,
        "datetime_created": item.datetime_created.isoformat() if item.datetime_created else None,
        "datetime_received": item.datetime_received.isoformat() if item.datetime_received else None,
        "conversation_id": item.conversation_id.id if item.conversation_id else None,
        "reply_conversation_id": reply.conversation_id.id if reply.conversation_id else None,
        "conversation_index_len": len(item.conversation_index or b""),
        "reply_conversation_index_len": len(reply.conversation_index or b""),
        "conversation_topic": item.conversation_topic,
        "message_id": item.message_id,
        "size": item.size,
        "has_attachments": item.has_attachments,
        "attachments": [a.name for a in item.attachments],
        "attachment_content": attachment.content.decode("latin-1") if attachment else None,
        "is_read": item.is_read,
        "importance": item.importance,
        "categories": item.categories,
        "mime_len": len(item.mime_content or b""),
    }

    # UpdateItem: one field, then several.
    item.is_read = True
    item.save(update_fields=["is_read"])
    item.categories = ["Finance", "Q1"]
    item.importance = "Low"
    item.save(update_fields=["categories", "importance"])
    again = inbox.get(subject="Report with attachment")
    report["updated"] = {"is_read": again.is_read, "categories": again.categories, "importance": again.importance}

    # MoveItem into a new folder.
    archive = Folder(parent=account.inbox, name="Archive")
    archive.save()
    old_id = again.id
    again.move(archive)
    report["moved"] = {"new_id_differs": again.id != old_id, "archive_count": archive.all().count(),
                       "inbox_has_it": inbox.filter(subject="Report with attachment").count()}

    # CreateItem: a draft, then a sent message with a saved copy.
    draft = Message(account=account, folder=account.drafts, subject="Draft from exchangelib", body="Draft body",
                    to_recipients=["bob@contoso.com"])
    draft.save()
    saved = account.drafts.get(subject="Draft from exchangelib")
    report["draft"] = {"has_id": draft.id is not None, "is_draft": saved.is_draft, "body": str(saved.body),
                       "to": [m.email_address for m in saved.to_recipients or []]}
    saved.body = "Draft body, edited"
    saved.save()  # UpdateItem of every field exchangelib may change on a draft
    saved.send()  # SendItem: the draft leaves Drafts, a copy goes to Sent Items
    report["drafts_after_send"] = account.drafts.all().count()
    Message(account=account, subject="Sent by exchangelib", body="Hello Bob",
            to_recipients=["bob@contoso.com"], cc_recipients=["outside@example.com"]).send_and_save()
    report["sent_items"] = sorted(m.subject for m in account.sent.all())

    # DeleteItem: hard delete, then to the trash.
    doomed = inbox.get(subject="Hello 1")
    doomed.delete()
    trashed = inbox.get(subject="Hello 2")
    trashed.move_to_trash()
    inbox.get(subject="Hello 3").soft_delete()
    report["deleted"] = {"hello1": inbox.filter(subject="Hello 1").count(),
                         "trash": [m.subject for m in account.trash.all()],
                         "dumpster": [m.subject for m in account.recoverable_items_deletions.all()],
                         "inbox": inbox.all().count()}

    # An operation the simulator lacks fails at once with the server's error, not after every schema version.
    try:
        account.oof_settings
        report["unsupported"] = None
    except Exception as e:  # noqa: BLE001 - the type is what we report
        report["unsupported"] = type(e).__name__
    return report


if __name__ == "__main__":
    main()
