import Foundation
import Synchronization

/// The test control API: change mailboxes the way users and Exchange would. Each change lands in the folders'
/// delta logs and is sent to the subscriptions watching it.
extension GraphSimulator {
    /// Adds a mailbox (a licensed user) with Outlook's well-known folders; an existing one is left as it is.
    /// - Returns: the user's object id.
    @discardableResult
    public func addMailbox(_ address: String, displayName: String? = nil, userID: String? = nil) -> String {
        state.withLock { state in
            let key = state.store.addMailbox(address, displayName: displayName, userID: userID)
            return state.store.mailbox(key)?.userID ?? ""
        }
    }

    /// Delivers a message into a folder from its raw MIME: a creation in the folder's delta.
    /// - Throws: ``GraphSimulatorError`` for an unknown mailbox or folder.
    @discardableResult
    public func deliver(
        _ mime: [UInt8], to folder: GraphFolderReference = .inbox, mailbox: String,
        received: Date = Date(), isRead: Bool = false
    ) throws -> GraphMessageHandle {
        let handle = try state.withLock { state throws(GraphSimulatorError) -> GraphMessageHandle in
            let (mailboxKey, folderKey) = try Self.locate(folder, mailbox: mailbox, in: state.store)
            let key = state.store.deliver(
                mime: mime, folder: folderKey, mailbox: mailboxKey, received: received,
                isRead: isRead)
            let immutableID = state.store.message(key)?.record.immutableID ?? ""
            return GraphMessageHandle(mailbox: mailboxKey, immutableID: immutableID, key: key)
        }
        dispatchEvents()
        return handle
    }

    /// Moves a message as Exchange does: `@removed` in the source folder's delta (reason
    /// ``GraphSimulatorConfiguration/moveRemovalReason``), a creation in the target's, a new default id.
    public func move(_ message: GraphMessageHandle, to folder: GraphFolderReference) throws {
        try state.withLock { state throws(GraphSimulatorError) in
            guard state.store.message(message.key) != nil else { throw Self.unknown(message) }
            let (_, folderKey) = try Self.locate(folder, mailbox: message.mailbox, in: state.store)
            state.store.move(message.key, to: folderKey, reason: state.moveRemovalReason, now: Date())
        }
        dispatchEvents()
    }

    /// Deletes a message for good: `@removed` (deleted) in its folder's delta; its ids answer ErrorItemNotFound.
    public func delete(_ message: GraphMessageHandle) throws {
        try state.withLock { state throws(GraphSimulatorError) in
            guard state.store.message(message.key) != nil else { throw Self.unknown(message) }
            state.store.delete(message.key)
        }
        dispatchEvents()
    }

    /// Sets the read flag: an update in the folder's delta, with a new changeKey.
    public func markRead(_ message: GraphMessageHandle, _ isRead: Bool = true) throws {
        try state.withLock { state throws(GraphSimulatorError) in
            guard state.store.message(message.key) != nil else { throw Self.unknown(message) }
            state.store.update(message.key, now: Date()) { $0.isRead = isRead }
        }
        dispatchEvents()
    }

    /// Creates a user folder under another (the top of the information store by default): a creation in
    /// `mailFolders/delta`.
    /// - Returns: its id.
    @discardableResult
    public func createFolder(
        named displayName: String, in parent: GraphFolderReference = .top,
        mailbox: String
    ) throws -> String {
        try state.withLock { state throws(GraphSimulatorError) -> String in
            let (mailboxKey, parentKey) = try Self.locate(parent, mailbox: mailbox, in: state.store)
            let key = state.store.insertFolder(mailbox: mailboxKey, parent: parentKey, displayName: displayName)
            return state.store.mailbox(mailboxKey)?.folders[key]?.id ?? ""
        }
    }

    /// The id of a folder; nil when unknown.
    public func folderID(_ folder: GraphFolderReference, mailbox: String) -> String? {
        state.withLock { state in
            guard let (mailboxKey, key) = try? Self.locate(folder, mailbox: mailbox, in: state.store) else {
                return nil
            }
            return state.store.mailbox(mailboxKey)?.folders[key]?.id
        }
    }

    /// The message's default id where it is now; nil once deleted.
    public func restID(of message: GraphMessageHandle) -> String? {
        state.withLock { $0.store.message(message.key)?.record.restID }
    }

    /// The id of the folder the message is in now.
    public func folderID(of message: GraphMessageHandle) -> String? {
        state.withLock { state in
            guard let (mailbox, record) = state.store.message(message.key) else { return nil }
            return state.store.mailbox(mailbox)?.folders[record.folderKey]?.id
        }
    }

    /// A mailbox's user object id.
    public func userID(of mailbox: String) -> String? {
        state.withLock { $0.store.mailbox(MailStore.mailboxKey(mailbox))?.userID }
    }

    /// The messages in a folder, oldest first.
    public func messages(in folder: GraphFolderReference, mailbox: String) throws -> [GraphMessageHandle] {
        try state.withLock { state throws(GraphSimulatorError) in
            let (mailboxKey, folderKey) = try Self.locate(folder, mailbox: mailbox, in: state.store)
            return (state.store.mailbox(mailboxKey)?.messages(in: folderKey) ?? []).map {
                GraphMessageHandle(mailbox: mailboxKey, immutableID: $0.immutableID, key: $0.key)
            }
        }
    }

    /// The message with this id (default or immutable) in a mailbox, if it is there.
    public func message(id: String, mailbox: String) -> GraphMessageHandle? {
        state.withLock { state in
            let mailboxKey = MailStore.mailboxKey(mailbox)
            guard let key = state.store.messageKey(id: id, mailbox: mailboxKey),
                let record = state.store.message(key)?.record
            else { return nil }
            return GraphMessageHandle(mailbox: mailboxKey, immutableID: record.immutableID, key: key)
        }
    }

    /// Makes the delta tokens of a folder (nil: of every folder and of the hierarchy) answer 410 SyncStateNotFound;
    /// with `skipTokenAnswer`, the `$skiptoken`s of its message rounds get that 400 instead (a next link followed
    /// after Exchange dropped its sync state).
    public func invalidateDeltaTokens(mailbox: String, folder: GraphFolderReference? = nil,
                                      skipTokenAnswer: StaleSkipTokenAnswer? = nil) throws {
        try state.withLock { state throws(GraphSimulatorError) in
            let mailboxKey = MailStore.mailboxKey(mailbox)
            guard state.store.mailbox(mailboxKey) != nil else { throw Self.unknownMailbox(mailbox) }
            let folderKey = try folder.map { folder throws(GraphSimulatorError) in
                try Self.locate(folder, mailbox: mailbox, in: state.store).1
            }
            state.store.invalidateDeltaTokens(mailbox: mailboxKey, folder: folderKey, skipTokenAnswer: skipTokenAnswer)
        }
    }

    /// Whether Graph can reach the mailbox; false answers every request for it with MailboxNotEnabledForRESTAPI.
    public func setRESTEnabled(_ enabled: Bool, mailbox: String) throws {
        try state.withLock { state throws(GraphSimulatorError) in
            let key = MailStore.mailboxKey(mailbox)
            guard state.store.mailbox(key) != nil else { throw Self.unknownMailbox(mailbox) }
            state.store.setRESTEnabled(enabled, mailbox: key)
        }
    }

    static func locate(
        _ folder: GraphFolderReference, mailbox: String,
        in store: MailStore
    ) throws(GraphSimulatorError) -> (String, Int) {
        let mailboxKey = MailStore.mailboxKey(mailbox)
        guard let record = store.mailbox(mailboxKey) else { throw unknownMailbox(mailbox) }
        let found: Int?
        switch folder {
        case .wellKnown(let name):
            found = record.wellKnown[name.lowercased()] ?? store.folderKey(name, mailbox: mailboxKey)
        case .id(let id): found = store.folderKey(id, mailbox: mailboxKey)
        case .path(let names):
            var current = record.wellKnown["msgfolderroot"]
            for (index, name) in names.enumerated() {
                guard let parent = current else { break }
                if index == 0, let wellKnown = record.wellKnown[name.lowercased()] {
                    current = wellKnown
                    continue
                }
                current =
                    record.children(of: parent, includeHidden: true).first {
                        $0.displayName.caseInsensitiveCompare(name) == .orderedSame
                    }?.key
            }
            found = current
        }
        guard let found else {
            throw GraphSimulatorError(code: .unknownFolder, detail: "\(folder) in \(mailbox)")
        }
        return (mailboxKey, found)
    }

    static func unknownMailbox(_ mailbox: String) -> GraphSimulatorError {
        GraphSimulatorError(code: .unknownMailbox, detail: mailbox)
    }

    static func unknown(_ message: GraphMessageHandle) -> GraphSimulatorError {
        GraphSimulatorError(code: .unknownMessage, detail: message.immutableID)
    }
}
