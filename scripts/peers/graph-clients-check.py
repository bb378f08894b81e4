#!/usr/bin/env python3
"""Microsoft Graph clients against mailstream's Graph simulator (Tests/GraphSimulatorTests runs this).

Two real clients talk to the simulator over HTTPS and print one JSON report on stdout:
  msgraph  Microsoft's msgraph-sdk (Kiota) with azure-identity's ClientSecretCredential (and, with --cert,
           CertificateCredential) whose authority= is the simulator's token endpoint;
  o365     the O365 library (requests + MSAL) with a Graph protocol whose base URL is the simulator's.
Each lists the folders, pages through inbox messages/delta to a deltaLink, has the admin API deliver one message
and mark another read, reads the next round from the deltaLink, and downloads a message's MIME.

usage: graph-clients-check.py --base https://127.0.0.1:PORT --admin http://127.0.0.1:APORT --ca CA.pem
         --tenant T --client-id C --secret S --mailbox alice@contoso.com [--cert CERT_AND_KEY.pem] [--client both]
"""
import argparse
import asyncio
import json
import os
import sys
import traceback
import urllib.request

SELECT = ["id", "subject", "receivedDateTime", "isRead", "internetMessageId", "parentFolderId"]
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


def admin(args, path, body):
    request = urllib.request.Request(args.admin + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def change_mailbox(args, tag, unread_id):
    """A new message in the inbox and a read flag set: what the next delta round must report."""
    mime = (f"From: Dana <dana@example.com>\r\nTo: {args.mailbox}\r\nSubject: New during {tag}\r\n"
            f"Message-ID: <new-{tag}@example.com>\r\nDate: Thu, 05 Mar 2026 12:00:00 +0000\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nNew\r\n")
    created = admin(args, f"/admin/mailboxes/{args.mailbox}/messages",
                    {"mime": mime, "folder": "inbox", "receivedDateTime": "2026-03-05T12:00:00Z"})
    admin(args, f"/admin/mailboxes/{args.mailbox}/messages/{unread_id}/read", {"isRead": True})
    return created


async def check_msgraph(args):
    import httpx
    from azure.identity import CertificateCredential, ClientSecretCredential
    from kiota_abstractions.base_request_configuration import RequestConfiguration
    from kiota_authentication_azure.azure_identity_authentication_provider import (
        AzureIdentityAuthenticationProvider)
    from msgraph import GraphRequestAdapter, GraphServiceClient
    from msgraph.generated.users.item.mail_folders.item.messages.delta.delta_request_builder import (
        DeltaRequestBuilder)
    from msgraph_core import GraphClientFactory

    report = {}
    credential = ClientSecretCredential(args.tenant, args.client_id, args.secret, authority=args.base,
                                        disable_instance_discovery=True, connection_verify=args.ca)

    def client_for(credential):
        provider = AzureIdentityAuthenticationProvider(credential, scopes=[GRAPH_SCOPE],
                                                       allowed_hosts=["127.0.0.1"])
        http = GraphClientFactory.create_with_default_middleware(client=httpx.AsyncClient(verify=args.ca))
        adapter = GraphRequestAdapter(provider, client=http)
        adapter.base_url = f"{args.base}/v1.0"
        return GraphServiceClient(request_adapter=adapter)

    client = client_for(credential)
    user = client.users.by_user_id(args.mailbox)
    folders = await user.mail_folders.get()
    names = [folder.display_name for folder in folders.value]
    while folders.odata_next_link:
        folders = await user.mail_folders.with_url(folders.odata_next_link).get()
        names += [folder.display_name for folder in folders.value]
    report["folders"] = names
    children = await user.mail_folders.by_mail_folder_id("inbox").child_folders.get()
    report["inbox_children"] = [folder.display_name for folder in children.value]

    folder_delta = await user.mail_folders.delta.get()
    all_folders = list(folder_delta.value)
    while folder_delta.odata_next_link:
        folder_delta = await user.mail_folders.delta.with_url(folder_delta.odata_next_link).get()
        all_folders += folder_delta.value
    report["folder_delta"] = [{"name": f.display_name, "parent": f.parent_folder_id, "id": f.id}
                              for f in all_folders]
    report["folder_delta_link"] = bool(folder_delta.odata_delta_link)

    def paged():
        config = RequestConfiguration(
            query_parameters=DeltaRequestBuilder.DeltaRequestBuilderGetQueryParameters(select=SELECT))
        config.headers.add("Prefer", "odata.maxpagesize=2")
        return config

    def next_page():
        config = RequestConfiguration()
        config.headers.add("Prefer", "odata.maxpagesize=2")
        return config

    delta = user.mail_folders.by_mail_folder_id("inbox").messages.delta
    page = await delta.get(request_configuration=paged())
    pages, messages = 1, list(page.value)
    while page.odata_next_link:
        page = await delta.with_url(page.odata_next_link).get(request_configuration=next_page())
        pages += 1
        messages += page.value
    report["delta_pages"] = pages
    report["delta_messages"] = [{"id": m.id, "subject": m.subject, "isRead": m.is_read,
                                 "internetMessageId": m.internet_message_id} for m in messages]
    report["delta_link"] = page.odata_delta_link
    unread = next(m for m in messages if not m.is_read)
    created = change_mailbox(args, "msgraph", unread.id)
    second = await delta.with_url(page.odata_delta_link).get(request_configuration=next_page())
    changes = list(second.value)
    while second.odata_next_link:
        second = await delta.with_url(second.odata_next_link).get(request_configuration=next_page())
        changes += second.value
    report["second_round"] = [{"id": m.id, "subject": m.subject, "isRead": m.is_read,
                               "removed": (m.additional_data or {}).get("@removed")} for m in changes]
    report["created_id"] = created["restId"]
    mime = await user.messages.by_message_id(messages[0].id).content.get()
    report["mime"] = {"id": messages[0].id, "bytes": len(mime), "internetMessageId": messages[0].internet_message_id,
                      "text": mime.decode("utf-8", "replace")}
    if args.cert:
        certificate = CertificateCredential(args.tenant, args.client_id, certificate_path=args.cert,
                                            authority=args.base, disable_instance_discovery=True,
                                            connection_verify=args.ca)
        via_certificate = await client_for(certificate).users.by_user_id(args.mailbox).mail_folders.get()
        report["certificate_folders"] = len(via_certificate.value)
    return report


def check_o365(args):
    import msal
    from O365 import Account
    from O365.connection import MSGraphProtocol
    from O365.utils.token import MemoryTokenBackend

    os.environ["REQUESTS_CA_BUNDLE"] = args.ca

    class SimulatorProtocol(MSGraphProtocol):
        _protocol_url = args.base + "/"

    report = {}
    # In memory: O365's default backend writes o365_token.txt into the working directory.
    account = Account((args.client_id, args.secret), auth_flow_type="credentials", tenant_id=args.tenant,
                      protocol=SimulatorProtocol(default_resource=args.mailbox), token_backend=MemoryTokenBackend())
    connection = account.con
    # O365 builds its MSAL client for https://login.microsoftonline.com/{tenant} with instance discovery on, and
    # offers no setting for another authority: give it one for the simulator (a private attribute).
    connection._msal_client = msal.ConfidentialClientApplication(
        args.client_id, client_credential=args.secret, authority=f"{args.base}/{args.tenant}",
        token_cache=connection.token_backend, instance_discovery=False, verify=args.ca)
    report["authenticated"] = account.authenticate(requested_scopes=[GRAPH_SCOPE])
    mailbox = account.mailbox(resource=args.mailbox)
    report["folders"] = [folder.name for folder in mailbox.get_folders(limit=100)]
    inbox = mailbox.inbox_folder()
    report["inbox_children"] = [folder.name for folder in inbox.get_folders()]
    listed = list(inbox.get_messages(limit=5))
    report["listed"] = [message.subject for message in listed]

    url = f"{args.base}/v1.0/users/{args.mailbox}/mailFolders/inbox/messages/delta"
    response = connection.get(url, params={"$select": ",".join(SELECT)},
                              headers={"Prefer": "odata.maxpagesize=2"})
    page = response.json()
    pages, messages = 1, list(page["value"])
    while "@odata.nextLink" in page:
        page = connection.get(page["@odata.nextLink"], headers={"Prefer": "odata.maxpagesize=2"}).json()
        pages += 1
        messages += page["value"]
    report["delta_pages"] = pages
    report["delta_messages"] = [{"id": m["id"], "subject": m.get("subject"), "isRead": m.get("isRead"),
                                 "internetMessageId": m.get("internetMessageId")} for m in messages]
    report["delta_link"] = page.get("@odata.deltaLink")
    unread = next(m for m in messages if not m["isRead"])
    created = change_mailbox(args, "o365", unread["id"])
    second = connection.get(page["@odata.deltaLink"]).json()
    report["second_round"] = [{"id": m["id"], "subject": m.get("subject"), "isRead": m.get("isRead"),
                               "removed": m.get("@removed")} for m in second["value"]]
    report["created_id"] = created["restId"]
    message = mailbox.get_message(object_id=messages[0]["id"])
    mime = message.get_mime_content()
    report["mime"] = {"id": messages[0]["id"], "bytes": len(mime),
                      "internetMessageId": messages[0].get("internetMessageId"),
                      "text": mime.decode("utf-8", "replace")}
    return report


def main():
    parser = argparse.ArgumentParser()
    for name in ("--base", "--admin", "--ca", "--tenant", "--client-id", "--secret", "--mailbox"):
        parser.add_argument(name, required=True)
    parser.add_argument("--cert")
    parser.add_argument("--client", choices=["msgraph", "o365", "both"], default="both")
    args = parser.parse_args()
    report, failed = {}, False
    for name in (["msgraph", "o365"] if args.client == "both" else [args.client]):
        try:
            report[name] = asyncio.run(check_msgraph(args)) if name == "msgraph" else check_o365(args)
        except Exception as error:  # the report says which client failed, and how
            failed = True
            report[name] = {"error": f"{type(error).__name__}: {error}"}
            traceback.print_exc(file=sys.stderr)
    json.dump(report, sys.stdout, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
