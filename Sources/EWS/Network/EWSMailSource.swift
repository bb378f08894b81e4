import Domain
import Foundation

/// A mailbox on Exchange through EWS, as a `MailSource`.
///
/// Folders come from SyncFolderHierarchy under the mailbox's message folder root (mail folders only: search,
/// calendar, contact and task folders are left out), with paths built from the parent ids. A folder's changes
/// come from SyncFolderItems (at most `maxChangesReturned` per page, repeated until IncludesLastItemInRange);
/// the page's SyncState is its cursor, saved by the engine with the page. Created items are read with GetItem
/// in batches (MimeContent, DateTimeReceived); deleted ones are reported as removed. A move is a Delete in one
/// folder and a Create with a new ItemId in the other, which the engine joins by Message-ID.
public actor EWSMailSource: MailSource {
    let transport: EWSTransport
    let builder: EWSRequestBuilder
    let maxChangesReturned: Int
    let getItemBatch: Int
    /// How often a wait asks the folders' item counts whether something changed.
    let countPollInterval: Duration
    /// The synced folders' item and unread counts (by FolderId) when the pass listed them.
    var listedCounts: [String: FolderCounts] = [:]

    init(transport: EWSTransport, builder: EWSRequestBuilder, maxChangesReturned: Int = 512, getItemBatch: Int = 50,
         countPollInterval: Duration = .seconds(5)) {
        self.transport = transport
        self.builder = builder
        self.maxChangesReturned = maxChangesReturned
        self.getItemBatch = getItemBatch
        self.countPollInterval = countPollInterval
    }

    private var transportBusy = false
    private var transportWaiters: [CheckedContinuation<Void, Never>] = []

    /// One user of the transport at a time (a folder's reader, a wait, `close`), as for IMAP: `close` thereby
    /// waits for a reader that its consumer abandoned, so no request outlives the source.
    func acquireTransport() async {
        guard transportBusy else {
            transportBusy = true
            return
        }
        await withCheckedContinuation { transportWaiters.append($0) }
    }

    func releaseTransport() {
        if transportWaiters.isEmpty {
            transportBusy = false
        } else {
            transportWaiters.removeFirst().resume()
        }
    }

    /// The mail folders, and (one GetFolder) their counts, against which the waits after this pass compare.
    public func folders() async throws -> [MailFolder] {
        await acquireTransport()
        defer { releaseTransport() }
        let folders = try await listFolders()
        listedCounts = try await counts(of: folders)
        return folders
    }

    private func listFolders() async throws -> [MailFolder] {
        var folders: [String: EWSFolder] = [:]
        var state: String?
        while true {
            let request = builder.syncFolderHierarchy(syncState: state)
            let response = try EWSResponseParser.parseSyncFolderHierarchy(try await post(request))
            let message = try Self.single(response)
            try Self.check(message.status, operation: "SyncFolderHierarchy")
            for change in message.changes {
                switch change {
                case .create(let folder), .update(let folder): folders[folder.id.id] = folder
                case .delete(let id): folders[id.id] = nil
                }
            }
            state = message.syncState
            if message.includesLastFolderInRange || state == nil { break }
        }
        return folders.values.filter(Self.holdsMail).compactMap { folder in
            guard let path = Self.path(of: folder, in: folders) else { return nil }
            return MailFolder(path: path, serverID: folder.id.id, role: nil)
        }.sorted { $0.name < $1.name }
    }

    static func holdsMail(_ folder: EWSFolder) -> Bool {
        guard folder.kind == .folder else { return false }
        guard let folderClass = folder.folderClass else { return true }
        return folderClass == "IPF" || folderClass.hasPrefix("IPF.Note")
    }

    /// Display names from the top; a parent outside the synced set is the message folder root.
    static func path(of folder: EWSFolder, in folders: [String: EWSFolder]) -> [String]? {
        var names: [String] = []
        var current: EWSFolder? = folder
        var seen = Set<String>()
        while let node = current {
            guard seen.insert(node.id.id).inserted else { return nil }
            names.insert(node.displayName ?? node.id.id, at: 0)
            current = node.parentID.flatMap { folders[$0.id] }
        }
        return names
    }

    public nonisolated func changes(in folder: MailFolder, since cursor: String?, startTimestamp: Date?,
                                    pages: @Sendable (FolderChangePage) async throws -> Void) async throws {
        await acquireTransport()
        do {
            try await readChanges(folder, since: cursor, startTimestamp: startTimestamp, yield: pages)
        } catch {
            await releaseTransport()
            throw error
        }
        await releaseTransport()
    }

    private func readChanges(_ folder: MailFolder, since cursor: String?, startTimestamp: Date?,
                             yield: (FolderChangePage) async throws -> Void) async throws {
        var state = cursor
        while true {
            try Task.checkCancellation()
            let request = try builder.syncFolderItems(folder: .id(EWSFolderID(id: folder.serverID)), syncState: state,
                                                      maxChangesReturned: maxChangesReturned)
            let message = try Self.single(EWSResponseParser.parseSyncFolderItems(try await post(request)))
            try Self.check(message.status, operation: "SyncFolderItems")
            var changes: [FolderChange] = []
            var created: [EWSItemID] = []
            for change in message.changes {
                switch change {
                case .create(let item): created.append(item.id)
                case .delete(let id): changes.append(.removed(serverID: id.id))
                // Text is written once: updates (flags, categories) don't touch comments; the read state goes to
                // the bucket email's metadata.
                case .update: break
                case .readFlagChange(let id, let isRead): changes.append(.readState(serverID: id.id, isRead: isRead))
                }
            }
            changes += try await fetch(created, startTimestamp: startTimestamp)
            guard let next = message.syncState else {
                throw MailSourceError(.transient(retryAfter: nil), "SyncFolderItems returned no SyncState")
            }
            try await yield(FolderChangePage(changes: changes, cursor: next))
            state = next
            if message.includesLastItemInRange { return }
        }
    }

    /// Reads created items in batches; with a start time, metadata first so older items are never downloaded.
    private func fetch(_ ids: [EWSItemID], startTimestamp: Date?) async throws -> [FolderChange] {
        var changes: [FolderChange] = []
        var start = 0
        while start < ids.count {
            var batch = Array(ids[start..<min(start + getItemBatch, ids.count)])
            start += batch.count
            if let startTimestamp {
                let metadata = try await getItems(batch, properties: .metadata)
                let recent = Set(metadata.compactMap { result -> String? in
                    guard case .success(let item) = result.outcome else { return nil }
                    return (item.dateTimeReceived.map { $0 >= startTimestamp } ?? true) ? item.id.id : nil
                })
                batch = batch.filter { recent.contains($0.id) }
                if batch.isEmpty { continue }
            }
            for result in try await getItems(batch, properties: .sync) {
                switch result.outcome {
                case .success(let item):
                    if let mime = item.mimeContent {
                        changes.append(.upsert(serverID: result.id, raw: mime, receivedAt: item.dateTimeReceived,
                                               isRead: item.isRead))
                    } else {
                        changes.append(.failed(serverID: result.id, reason: "the server returned no MimeContent"))
                    }
                case .failure(let reason):
                    changes.append(.failed(serverID: result.id, reason: reason))
                }
            }
        }
        return changes
    }

    struct ItemResult {
        enum Outcome {
            case success(EWSItem)
            case failure(String)
        }
        var id: String
        var outcome: Outcome
    }

    /// One GetItem call; per-item errors become failures of those items, anything else throws.
    private func getItems(_ ids: [EWSItemID], properties: EWSItemProperties) async throws -> [ItemResult] {
        let request = try builder.getItems(ids, properties: properties)
        let response = try EWSResponseParser.parseGetItem(try await post(request))
        if let fault = response.fault { throw Self.error(fault) }
        let messages = response.messages ?? []
        return try ids.enumerated().map { index, id in
            guard index < messages.count else {
                return ItemResult(id: id.id, outcome: .failure("GetItem returned fewer answers than ids"))
            }
            let message = messages[index]
            if message.status.isSuccess || message.status.responseClass == .warning, let item = message.item {
                return ItemResult(id: id.id, outcome: .success(item))
            }
            switch message.status.disposition {
            case .itemLevel, .success:
                return ItemResult(id: id.id, outcome: .failure(
                    "\(message.status.responseCode.rawValue): \(message.status.messageText ?? "")"))
            default:
                try Self.check(message.status, operation: "GetItem")
                return ItemResult(id: id.id, outcome: .failure(message.status.responseCode.rawValue))
            }
        }
    }

    func post(_ request: EWSRequest) async throws -> [UInt8] {
        try await transport.post(request.body, headers: request.headers.map { ($0.name, $0.value) })
    }

    static func single<Message>(_ response: EWSResponse<Message>) throws -> Message {
        if let fault = response.fault { throw error(fault) }
        guard let message = response.messages?.first else {
            throw MailSourceError(.transient(retryAfter: nil), "the Exchange server sent an empty answer")
        }
        return message
    }

    static func check(_ status: EWSResponseStatus, operation: String) throws {
        guard !status.isSuccess, status.responseClass != .warning else { return }
        throw error(code: status.responseCode, disposition: status.disposition,
                    text: "\(operation): \(status.responseCode.rawValue) \(status.messageText ?? "")")
    }

    static func error(_ fault: EWSSOAPFault) -> MailSourceError {
        error(code: fault.responseCode ?? EWSResponseCode(rawValue: fault.faultCode), disposition: fault.disposition,
              text: "SOAP fault \(fault.faultCode): \(fault.faultString)")
    }

    /// Closes the connection once a reader using it, if any, has stopped.
    public func close() async {
        await acquireTransport()
        defer { releaseTransport() }
        await transport.close()
    }
}
