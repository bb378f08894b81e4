import Domain
import Foundation
import NIOCore

/// A mailbox in Exchange Online through Microsoft Graph, as a `MailSource`.
///
/// Folders come from a `mailFolders/delta` round (nested folders included), with paths rebuilt from
/// `parentFolderId` and roles from the well-known names. A folder's changes come from its own `messages/delta`
/// (Graph has no mailbox-wide message delta): the `@odata.nextLink` of each page, and the `@odata.deltaLink` of the
/// last, is the cursor the engine saves with the page, so a sync resumes exactly where it stopped and the next
/// pass asks only for what changed. Each message present in a page is downloaded as MIME (`$value`), a few at a
/// time within Graph's 4 concurrent requests per app and mailbox; `@removed` entries are removals. Ids are
/// immutable (`Prefer: IdType="ImmutableId"`), so a message moved to another folder keeps its id: the engine sees
/// it leave one folder and appear in the other, and its comment's folder changes.
///
/// An invalid delta token (410 `syncStateNotFound`, `resyncRequired`) is `.invalidCursor`: the engine starts the
/// folder over, and what it already has is not stored twice. `waitForChanges` polls: it sleeps, and the next pass
/// reads the delta links; with change notifications configured, a subscription on the mailbox's messages cuts the
/// sleep short when Graph posts (GraphMailSource+Subscription).
public actor GraphMailSource: MailSource {
    let client: GraphClient
    /// The process's receiver of notifications; nil: poll only.
    let notifications: GraphNotificationHub?
    /// This source's subscription, once made.
    var subscription: GraphSubscription?

    init(client: GraphClient, notifications: GraphNotificationHub? = nil) {
        self.client = client
        self.notifications = notifications
    }

    public func folders() async throws -> [MailFolder] {
        var tree = GraphFolderTree()
        var link = client.requests.folderDelta
        while true {
            let page = try Self.page(GraphFolderEntry.self, try await client.json(link))
            tree.apply(page)
            guard let next = page.nextLink else { break }
            link = next
        }
        return tree.mailFolders(roles: try await wellKnownRoles())
    }

    /// Role by folder id: each well-known name asked for its id, concurrently (a mailbox without an archive
    /// folder answers 404 for it).
    private func wellKnownRoles() async throws -> [String: String] {
        let client = client
        return try await withThrowingTaskGroup(of: (String, String)?.self) { group in
            for (name, role) in GraphFolderTree.wellKnownRoles {
                group.addTask {
                    let response = try await client.get(client.requests.wellKnownFolder(name),
                                                        accept: "application/json",
                                                        maximumBody: GraphClient.maximumJSON, timeout: .seconds(60))
                    if response.status == 404, client.answer(response).isItemNotFound { return nil }
                    guard (200..<300).contains(response.status) else { throw client.answer(response).error }
                    let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
                    return (object?["id"] as? String).map { ($0, role) }
                }
            }
            var roles: [String: String] = [:]
            for try await case let (id, role)? in group { roles[id] = role }
            return roles
        }
    }

    public nonisolated func changes(in folder: MailFolder, since cursor: String?, startTimestamp: Date?,
                                    pages: @Sendable (FolderChangePage) async throws -> Void) async throws {
        try await readChanges(folder, since: cursor, startTimestamp: startTimestamp, yield: pages)
    }

    private func readChanges(_ folder: MailFolder, since cursor: String?, startTimestamp: Date?,
                             yield: (FolderChangePage) async throws -> Void) async throws {
        if let cursor, !client.requests.owns(cursor) {
            // Saved under another Graph base URL or cloud: its token means nothing here.
            throw MailSourceError(.invalidCursor, "the saved delta link is for another Graph endpoint",
                                  detail: cursor)
        }
        let first = cursor ?? client.requests.messageDelta(folderID: folder.serverID, start: startTimestamp)
        guard var page = try await fetchPage(first) else { return }
        while true {
            try Task.checkCancellation()
            // The next page is asked for while this one's messages download (within the same 4 requests), so the
            // downloads don't stop at every page for a round trip.
            let nextLink = page.nextLink
            async let following = fetchPage(nextLink)
            var changes: [FolderChange] = []
            var wanted: [(position: Int, entry: GraphMessageEntry)] = []
            for entry in page.entries {
                switch entry {
                case .item(let message):
                    // Graph filters the first round; later rounds report changes of older messages too.
                    if let startTimestamp, let received = message.receivedAt, received < startTimestamp { continue }
                    wanted.append((changes.count, message))
                    changes.append(.failed(serverID: message.id, reason: "not downloaded"))
                case .removed(let id, _):
                    changes.append(.removed(serverID: id))
                case .unreadable(let id?, let problem):
                    changes.append(.failed(serverID: id, reason: "Graph sent an entry that can't be read: \(problem)"))
                case .unreadable(nil, _):
                    continue
                }
            }
            for (position, change) in try await download(wanted) { changes[position] = change }
            guard let next = page.nextLink ?? page.deltaLink else {
                throw MailSourceError(.transient(retryAfter: nil), "Microsoft Graph sent a delta page without a link")
            }
            try await yield(FolderChangePage(changes: changes, cursor: next))
            guard let nextPage = try await following else { return }
            page = nextPage
        }
    }

    /// One delta page; nil for no link.
    private nonisolated func fetchPage(_ link: String?) async throws -> GraphPage<GraphMessageEntry>? {
        guard let link else { return nil }
        return try Self.page(GraphMessageEntry.self, try await client.json(link))
    }

    /// Downloads the MIME of each message, as many at a time as the gate lets through; the answer for each
    /// position of the page.
    private func download(_ wanted: [(position: Int, entry: GraphMessageEntry)]) async throws
        -> [(Int, FolderChange)] {
        let client = client
        return try await withThrowingTaskGroup(of: (Int, FolderChange).self) { group in
            // The gate bounds the requests; this bounds the tasks (and the MIME held) waiting for it.
            let lanes = 8
            var results: [(Int, FolderChange)] = []
            var index = 0
            func start() {
                guard index < wanted.count else { return }
                let (position, entry) = wanted[index]
                index += 1
                group.addTask { (position, try await Self.fetchMIME(entry, client: client)) }
            }
            for _ in 0..<lanes { start() }
            while let result = try await group.next() {
                results.append(result)
                start()
            }
            return results
        }
    }

    /// One message's MIME: an upsert, or a skipped item when the message went away in flight (ErrorItemNotFound)
    /// or can't be delivered.
    static func fetchMIME(_ entry: GraphMessageEntry, client: GraphClient) async throws -> FolderChange {
        let response: GraphHTTPClient.Response
        do {
            response = try await client.get(client.requests.mime(messageID: entry.id), accept: "*/*",
                                            maximumBody: GraphClient.maximumMIME, timeout: .seconds(600))
        } catch let tooLarge as GraphHTTPClient.BodyTooLarge {
            return .failed(serverID: entry.id, reason: "the message is larger than \(tooLarge.limit >> 20) MiB")
        }
        if (200..<300).contains(response.status) {
            return .upsert(serverID: entry.id, raw: response.body, receivedAt: entry.receivedAt,
                           isRead: entry.isRead)
        }
        let answer = client.answer(response)
        if answer.isItemNotFound {
            // Deleted or moved away between the delta page and now: the next round reports where it went.
            return .failed(serverID: entry.id,
                           reason: "the message went away before it was downloaded (\(answer.text))")
        }
        throw answer.error
    }

    static func page<Item: GraphEntry>(_ type: Item.Type, _ body: [UInt8]) throws -> GraphPage<Item> {
        do {
            return try GraphPage<Item>.parse(body)
        } catch {
            throw MailSourceError(.transient(retryAfter: nil), "Microsoft Graph sent an unreadable page",
                                  detail: error.description)
        }
    }

    /// Polling: Graph is asked again by the next pass, through the saved delta links. With notifications, the
    /// mailbox's subscription is made or renewed first, and a notification ends the wait early; a subscription
    /// Graph won't make leaves polling as it is.
    public func waitForChanges(in folders: [MailFolder], timeout: Duration) async throws {
        guard let notifications else { return try await Task.sleep(for: timeout) }
        try await maintainSubscription(notifications)
        try await notifications.wait(mailbox: mailboxKey, timeout: timeout)
    }

    /// Deletes the subscription (the integration or mailbox was disabled or removed, or the source is replaced);
    /// connections belong to the process's shared client.
    public func close() async {
        await deleteSubscription()
    }
}
