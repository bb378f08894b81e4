import Foundation
import Yams

/// A scenario for the simulator, read from a YAML (or JSON) file: who may log in, which mailboxes exist, their
/// folders (nested) and the messages in them (`.eml` files relative to the seed file, or inline text).
///
/// ```yaml
/// users:
///   - {login: alice, password: Alice-Passw0rd!, address: alice@contoso.com, delegate: [shared@contoso.com]}
///   - {login: svc-sync, password: svc-S3cret, impersonation: true}
/// mailboxes:
///   - address: alice@contoso.com
///     folders:
///       - name: Inbox                      # a well-known folder, by display name or id (inbox)
///         messages:
///           - {eml: alice/welcome.eml, received: 2026-03-02T09:00:00Z, read: true}
///         folders:
///           - name: Projects               # created below the Inbox
///   - address: shared@contoso.com          # a mailbox without a login of its own
/// ```
public struct SimulatorSeed: Sendable {
    public struct Message: Sendable {
        public var mime: [UInt8]
        public var received: Date?
        public var isRead: Bool
    }

    public struct Folder: Sendable {
        public var name: String
        public var messages: [Message]
        public var folders: [Folder]
    }

    public struct Mailbox: Sendable {
        public var address: String
        public var folders: [Folder]
    }

    public var accounts: [EWSSimulatorConfiguration.Account]
    public var mailboxes: [Mailbox]
    /// The file the seed came from, for messages.
    public var file: String

    /// Reads a seed file; `.eml` paths are relative to its folder.
    /// - Throws: ``SimulatorSeedError`` naming the file, the entry (`mailboxes[0].folders[1].messages[2].eml`)
    ///   and what is wrong with it.
    public init(contentsOf url: URL) throws(SimulatorSeedError) {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw SimulatorSeedError(file: url.path, path: "", message: "cannot read the file (\(error.localizedDescription))")
        }
        try self.init(yaml: text, file: url.path, baseDirectory: url.deletingLastPathComponent())
    }

    /// Reads a seed from YAML or JSON text.
    public init(yaml text: String, file: String = "seed", baseDirectory: URL) throws(SimulatorSeedError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw SimulatorSeedError(file: file, path: "", message: "not valid YAML or JSON: \(error)")
        }
        self.file = file
        let reader = SeedReader(file: file, baseDirectory: baseDirectory)
        let top = try reader.mapping(root, at: "", keys: ["users", "mailboxes"])
        accounts = try reader.list(top["users"], at: "users") { node, path throws(SimulatorSeedError) in
            try reader.account(node, at: path)
        }
        mailboxes = try reader.list(top["mailboxes"], at: "mailboxes") { node, path throws(SimulatorSeedError) in
            try reader.mailbox(node, at: path)
        }
        var logins = Set<String>()
        for (index, account) in accounts.enumerated() where !logins.insert(account.login.lowercased()).inserted {
            throw reader.error("users[\(index)].login", "the login \(account.login) is listed twice")
        }
    }

    /// The mailboxes to create besides the users' own.
    public var extraMailboxes: [String] {
        let own = Set(accounts.compactMap { $0.smtpAddress.map(SimulatorStore.mailboxKey) })
        return mailboxes.map(\.address).filter { !own.contains(SimulatorStore.mailboxKey($0)) }
    }

    /// Creates the folders and delivers the messages of every mailbox.
    /// - Throws: ``SimulatorSeedError`` for a mailbox the simulator doesn't have.
    public func populate(_ simulator: EWSSimulator) throws(SimulatorSeedError) {
        for (index, mailbox) in mailboxes.enumerated() {
            simulator.addMailbox(mailbox.address)
            for (folderIndex, folder) in mailbox.folders.enumerated() {
                try populate(folder, parent: .msgFolderRoot, mailbox: mailbox.address, simulator: simulator,
                             at: "mailboxes[\(index)].folders[\(folderIndex)]")
            }
        }
    }

    private func populate(
        _ folder: Folder, parent: SimulatedFolder, mailbox: String, simulator: EWSSimulator, at path: String
    ) throws(SimulatorSeedError) {
        let target: SimulatedFolder
        if let existing = simulator.folder(named: folder.name, in: parent, mailbox: mailbox) {
            target = existing
        } else {
            do {
                target = .id(try simulator.createFolder(named: folder.name, in: parent, mailbox: mailbox))
            } catch {
                throw SimulatorSeedError(file: file, path: path, message: "cannot create the folder: \(Self.reason(error))")
            }
        }
        for (index, message) in folder.messages.enumerated() {
            do {
                try simulator.addMessage(
                    message.mime, to: target, mailbox: mailbox,
                    received: message.received ?? MessageProperties(mime: message.mime).dateSent ?? Date(),
                    isRead: message.isRead)
            } catch {
                throw SimulatorSeedError(file: file, path: "\(path).messages[\(index)]", message: Self.reason(error))
            }
        }
        for (index, child) in folder.folders.enumerated() {
            try populate(child, parent: target, mailbox: mailbox, simulator: simulator, at: "\(path).folders[\(index)]")
        }
    }
}

extension SimulatorSeed {
    fileprivate static func reason(_ error: any Error) -> String {
        guard let error = error as? EWSSimulatorError else { return "\(error)" }
        return error.detail.isEmpty ? error.description : "\(error): \(error.detail)"
    }
}

/// What is wrong with a seed file, and where.
public struct SimulatorSeedError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// The entry, such as `mailboxes[0].folders[1].messages[2].eml`; empty for the whole file.
    public var path: String
    public var message: String

    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    }
}
