import Domain
import Foundation
@testable import Sync

/// An in-memory mail server with IMAP-like semantics (folders, UIDs, UIDVALIDITY, moves that give a new UID) and
/// injectable failures, for the engine's unit tests. Real-server behaviour is covered against Dovecot.
actor FakeMailServer {
    struct Item {
        var uid: Int
        var raw: [UInt8]
        var receivedAt: Date
    }

    struct Folder {
        var validity = 1
        var nextUID = 1
        var items: [Item] = []
    }

    var mailboxes: [String: [String: Folder]] = [:]
    /// Failures to throw, per mailbox, once each, the next time the mailbox is used.
    var pendingFailures: [String: [MailSourceError]] = [:]
    /// Failures to throw, per mailbox, once each, in a folder's changes after that many pages.
    var midFolderFailures: [String: [(afterPages: Int, error: MailSourceError)]] = [:]
    /// Cursors the engine passed to `changes`, per mailbox and folder, for resume checks.
    private(set) var requestedCursors: [String] = []
    var corruptUIDs: Set<Int> = []

    func add(_ raw: String, to folder: String, in mailbox: String, receivedAt: Date = Date()) {
        var box = mailboxes[mailbox, default: [:]]
        var target = box[folder, default: Folder()]
        target.items.append(Item(uid: target.nextUID, raw: Array(raw.utf8), receivedAt: receivedAt))
        target.nextUID += 1
        box[folder] = target
        mailboxes[mailbox] = box
    }

    func createFolder(_ folder: String, in mailbox: String) {
        mailboxes[mailbox, default: [:]][folder] = mailboxes[mailbox]?[folder] ?? Folder()
    }

    /// Like IMAP MOVE: the item gets a new UID in the target folder.
    func move(uid: Int, from source: String, to target: String, in mailbox: String) {
        guard var box = mailboxes[mailbox], var from = box[source],
              let index = from.items.firstIndex(where: { $0.uid == uid }) else { return }
        let item = from.items.remove(at: index)
        var to = box[target, default: Folder()]
        to.items.append(Item(uid: to.nextUID, raw: item.raw, receivedAt: item.receivedAt))
        to.nextUID += 1
        box[source] = from
        box[target] = to
        mailboxes[mailbox] = box
    }

    /// Like deleting and recreating a folder: a new UIDVALIDITY, all items renumbered.
    func recreate(_ folder: String, in mailbox: String) {
        guard var current = mailboxes[mailbox]?[folder] else { return }
        current.validity += 1
        current.items = current.items.enumerated().map { Item(uid: $0.offset + 1, raw: $0.element.raw,
                                                              receivedAt: $0.element.receivedAt) }
        current.nextUID = current.items.count + 1
        mailboxes[mailbox]?[folder] = current
    }

    func fail(_ mailbox: String, with error: MailSourceError) {
        pendingFailures[mailbox, default: []].append(error)
    }

    /// Fails the next folder of `mailbox` that has more than `afterPages` pages, once those pages are out.
    func fail(_ mailbox: String, afterPages: Int, with error: MailSourceError) {
        midFolderFailures[mailbox, default: []].append((afterPages, error))
    }

    func takeMidFolderFailure(_ mailbox: String, pagesSent: Int) -> MailSourceError? {
        guard let index = midFolderFailures[mailbox]?.firstIndex(where: { $0.afterPages == pagesSent }) else {
            return nil
        }
        return midFolderFailures[mailbox]?.remove(at: index).error
    }

    func removeMailbox(_ mailbox: String) {
        mailboxes[mailbox] = nil
    }

    func takeFailure(_ mailbox: String) -> MailSourceError? {
        guard var failures = pendingFailures[mailbox], !failures.isEmpty else { return nil }
        let failure = failures.removeFirst()
        pendingFailures[mailbox] = failures
        return failure
    }

    func folderNames(_ mailbox: String) throws -> [String] {
        guard let box = mailboxes[mailbox] else {
            throw MailSourceError(.mailboxNotFound, "mailbox not found", detail: mailbox)
        }
        return box.keys.sorted()
    }

    /// Cursor: "validity:lastUID:known-uids". Pages of `pageSize` new items; removals in the first page.
    func changes(_ mailbox: String, folder: String, cursor: String?, pageSize: Int) throws -> [FolderChangePage] {
        requestedCursors.append("\(mailbox)/\(folder)=\(cursor ?? "nil")")
        guard let state = mailboxes[mailbox]?[folder] else {
            throw MailSourceError(.folderNotFound, "folder not found", detail: folder)
        }
        var parts = cursor?.split(separator: ":", omittingEmptySubsequences: false).map(String.init) ?? []
        var reset = false
        if parts.count == 3, Int(parts[0]) != state.validity {
            parts = []
            reset = true
        }
        let lastUID = parts.count == 3 ? Int(parts[1]) ?? 0 : 0
        var known = Set(parts.count == 3 ? parts[2].split(separator: ",").compactMap { Int($0) } : [])
        let present = Set(state.items.map(\.uid))
        var pages: [FolderChangePage] = []
        var changes: [FolderChange] = known.subtracting(present).sorted().map { .removed(serverID: String($0)) }
        known.formIntersection(present)
        var last = lastUID
        for item in state.items where item.uid > lastUID {
            if corruptUIDs.contains(item.uid) {
                changes.append(.failed(serverID: String(item.uid), reason: "ErrorCorruptData"))
            } else {
                changes.append(.upsert(serverID: String(item.uid), raw: item.raw, receivedAt: item.receivedAt))
            }
            known.insert(item.uid)
            last = item.uid
            if changes.count == pageSize {
                pages.append(page(changes, state.validity, last, known, reset && pages.isEmpty))
                changes = []
            }
        }
        if !changes.isEmpty || pages.isEmpty {
            pages.append(page(changes, state.validity, last, known, reset && pages.isEmpty))
        }
        return pages
    }

    private func page(_ changes: [FolderChange], _ validity: Int, _ last: Int, _ known: Set<Int>,
                      _ reset: Bool) -> FolderChangePage {
        let cursor = "\(validity):\(last):" + known.sorted().map(String.init).joined(separator: ",")
        return FolderChangePage(changes: changes, cursor: cursor, resetsFolder: reset)
    }
}

/// The `MailSource` over a `FakeMailServer` mailbox.
struct FakeMailSource: MailSource {
    let server: FakeMailServer
    let mailbox: String
    var pageSize = 2

    func folders() async throws -> [MailFolder] {
        if let failure = await server.takeFailure(mailbox) { throw failure }
        return try await server.folderNames(mailbox).map { MailFolder(path: $0.split(separator: "/").map(String.init),
                                                                       serverID: $0) }
    }

    func changes(in folder: MailFolder, since cursor: String?, startTimestamp: Date?,
                 pages: @Sendable (FolderChangePage) async throws -> Void) async throws {
        let all = try await server.changes(mailbox, folder: folder.serverID, cursor: cursor, pageSize: pageSize)
        for (sent, page) in all.enumerated() {
            if sent > 0, let failure = await server.takeMidFolderFailure(mailbox, pagesSent: sent) {
                throw failure
            }
            try await pages(page)
        }
    }

    func waitForChanges(in folders: [MailFolder], timeout: Duration) async throws {
        try await Task.sleep(for: min(timeout, .milliseconds(50)))
    }

    func close() async {}
}

struct FakeSourceFactory: MailSourceFactory {
    let server: FakeMailServer

    func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
        FakeMailSource(server: server, mailbox: mailbox.email)
    }

    /// It stands in for an IMAP server.
    func refusedLogin(for kind: Integration.Kind) -> IntegrationError.Kind { .invalidIMAPCredentials }
}
