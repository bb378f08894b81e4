import EWS
import Foundation
import Synchronization

/// The test control API: change mailboxes the way users and Exchange would, and schedule failures.
extension EWSSimulator {
    /// Adds a mailbox (a shared mailbox, or one created after start) with the well-known folders.
    public func addMailbox(_ smtpAddress: String) {
        state.withLock { $0.store.addMailbox(smtpAddress) }
    }

    /// Delivers a message into a folder; it shows up as a Create in that folder's sync.
    /// - Parameters:
    ///   - mime: the RFC 5322 message, returned byte for byte as `MimeContent`.
    ///   - attachments: file attachments GetAttachment serves instead of the MIME's own attachment parts (they
    ///     don't change `mime`); empty: those of the MIME.
    /// - Throws: ``EWSSimulatorError`` for an unknown mailbox or folder.
    @discardableResult
    public func addMessage(
        _ mime: [UInt8],
        to folder: SimulatedFolder = .inbox,
        mailbox: String,
        received: Date = Date(),
        isRead: Bool = false,
        attachments: [(name: String, contentType: String, content: [UInt8])] = []
    ) throws -> SimulatedMessage {
        try state.withLock { state throws(EWSSimulatorError) in
            try state.store.addMessage(
                mime: mime, folder: folder, mailbox: mailbox, received: received, isRead: isRead,
                attachments: attachments
            )
        }
    }

    /// Moves a message as Exchange does: a new ItemId in the target folder (a Create there), a Delete of the old
    /// id in the source folder.
    public func move(_ message: SimulatedMessage, to folder: SimulatedFolder) throws {
        try state.withLock { state throws(EWSSimulatorError) in try state.store.move(message, to: folder) }
    }

    /// Hard-deletes a message: a Delete in its folder's sync.
    public func delete(_ message: SimulatedMessage) throws {
        try state.withLock { state throws(EWSSimulatorError) in try state.store.delete(message) }
    }

    /// Sets the read flag: a ReadFlagChange in its folder's sync.
    public func markRead(_ message: SimulatedMessage, _ isRead: Bool = true) throws {
        try state.withLock { state throws(EWSSimulatorError) in try state.store.markRead(message, isRead: isRead) }
    }

    /// Changes some other property (categories, a flag): an Update in its folder's sync, new ChangeKey.
    public func touch(_ message: SimulatedMessage) throws {
        try state.withLock { state throws(EWSSimulatorError) in try state.store.touch(message) }
    }

    /// Makes GetItem answer this item with a per-item error until cleared with `nil`.
    public func setItemFailure(_ failure: SimulatedItemFailure?, for message: SimulatedMessage) throws {
        try state.withLock { state throws(EWSSimulatorError) in try state.store.setFailure(failure, for: message) }
    }

    /// The message's current ItemId (it changes when the message moves); nil once deleted.
    public func itemID(of message: SimulatedMessage) -> String? {
        state.withLock { $0.store.item(message)?.id }
    }

    /// The FolderId of the folder the message is in now.
    public func folderID(of message: SimulatedMessage) -> String? {
        state.withLock { state in
            guard let item = state.store.item(message) else { return nil }
            return state.store.mailbox(message.mailbox)?.folders[item.folderKey]?.id
        }
    }

    /// A folder's FolderId.
    public func folderID(_ folder: SimulatedFolder, mailbox: String) -> String? {
        state.withLock { state in
            state.store.folderKey(folder, mailbox: mailbox).flatMap { state.store.mailbox(mailbox)?.folders[$0]?.id }
        }
    }

    /// Creates a user folder (a Create in SyncFolderHierarchy).
    /// - Returns: its FolderId.
    @discardableResult
    public func createFolder(
        named displayName: String,
        in parent: SimulatedFolder = .msgFolderRoot,
        mailbox: String,
        folderClass: String = "IPF.Note"
    ) throws -> String {
        try state.withLock { state throws(EWSSimulatorError) in
            try state.store.createFolder(named: displayName, parent: parent, mailbox: mailbox, folderClass: folderClass)
        }
    }

    /// Renames a folder (an Update in SyncFolderHierarchy).
    public func renameFolder(_ folder: SimulatedFolder, mailbox: String, to displayName: String) throws {
        try state.withLock { state throws(EWSSimulatorError) in
            try state.store.renameFolder(folder, mailbox: mailbox, to: displayName)
        }
    }

    /// Deletes a user folder, its subfolders and their items (Deletes in SyncFolderHierarchy; syncing it then
    /// answers ErrorSyncFolderNotFound).
    public func deleteFolder(_ folder: SimulatedFolder, mailbox: String) throws {
        try state.withLock { state throws(EWSSimulatorError) in try state.store.deleteFolder(folder, mailbox: mailbox) }
    }

    /// Answers the next `count` requests for `operation` (an EWS operation name such as `"SyncFolderItems"`; nil
    /// for any) with `failure` instead of carrying them out. Authentication legs don't count.
    public func failNext(operation: String? = nil, with failure: InjectedFailure, count: Int = 1) {
        state.withLock { $0.failures.add(failure, operation: operation, count: count) }
    }

    /// ``failNext(operation:with:count:)`` for requests to one mailbox only: the one an impersonating request
    /// names, or the login's own mailbox (delegate requests that name another mailbox in the body don't match).
    public func failNext(operation: String? = nil, mailbox: String, with failure: InjectedFailure, count: Int = 1) {
        state.withLock { $0.failures.add(failure, operation: operation, mailbox: mailbox, count: count) }
    }

    /// Drops every scheduled failure.
    public func clearFailures() {
        state.withLock { $0.failures.removeAll() }
    }

    /// The operations of the authenticated requests received so far, in order.
    public var receivedOperations: [String] {
        state.withLock { $0.operations }
    }
}

extension EWSSimulator {
    /// ``failNext(operation:with:count:)`` for one of the operations the EWS client speaks.
    public func failNext(_ operation: EWSOperation, with failure: InjectedFailure, count: Int = 1) {
        failNext(operation: operation.rawValue, with: failure, count: count)
    }
}
