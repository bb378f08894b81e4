import EntraSimulator
import Foundation
import Yams

/// A seed file (YAML, or JSON, which is YAML too): app registrations, mailboxes, nested folders and messages from
/// `.eml` files, paths relative to the file. `scripts/graph-sim/seed.yaml` is an example.
///
/// ```yaml
/// applications:
///   - tenantId: 2a8f5c1e-4b7d-4e3a-9c6f-0d1e2f3a4b5c
///     tenantDomains: [contoso.onmicrosoft.com]
///     clientId: 6f1c9d2e-8a3b-4c5d-9e7f-1a2b3c4d5e6f
///     secrets: [{value: "…", expires: 2030-01-01T00:00:00Z}]
///     certificateFile: app.crt            # optional; RSA, PEM
///     allowedMailboxes: [alice@contoso.com]   # optional application access policy
/// mailboxes:
///   - address: alice@contoso.com
///     folders: [{name: Projects, parent: inbox, folders: [{name: "2026"}]}]
///     messages: [{file: hello.eml, folder: inbox/Projects, received: 2026-03-02T10:00:00Z, isRead: true}]
/// ```
public struct GraphSeed: Sendable {
    struct Folder: Sendable, Decodable {
        var name: String
        var parent: String?
        var folders: [Folder]?
    }

    struct Message: Sendable, Decodable {
        var file: String
        var folder: String?
        var received: String?
        var isRead: Bool?
    }

    struct Mailbox: Sendable, Decodable {
        var address: String
        var displayName: String?
        var userId: String?
        var folders: [Folder]?
        var messages: [Message]?
    }

    struct Secret: Sendable, Decodable {
        var value: String
        var expires: String?
    }

    struct Application: Sendable, Decodable {
        var tenantId: String
        var tenantDomains: [String]?
        var clientId: String
        var displayName: String?
        var secrets: [Secret]?
        var certificateFile: String?
        var enabled: Bool?
        var allowedMailboxes: [String]?
    }

    private struct File: Decodable {
        var applications: [Application]?
        var mailboxes: [Mailbox]?
    }

    /// The app registrations, for ``GraphSimulatorConfiguration/applications``.
    public let applications: [GraphApplication]
    /// The mailboxes, for ``GraphSimulatorConfiguration/mailboxes``; ``GraphSimulator/populate(from:)`` fills them.
    public let mailboxes: [GraphSimulatorConfiguration.Mailbox]
    let content: [Mailbox]
    let directory: URL

    /// Reads a seed file.
    /// - Throws: ``GraphSimulatorError/invalidSeed`` naming the file and the field at fault.
    public static func load(path: String) throws -> GraphSeed {
        let url = URL(fileURLWithPath: path)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw GraphSimulatorError(code: .invalidSeed, detail: "cannot read \(path): \(error.localizedDescription)")
        }
        return try GraphSeed(text: text, directory: url.deletingLastPathComponent(), name: path)
    }

    /// - Parameters:
    ///   - directory: where relative `file` and `certificateFile` paths start.
    public init(text: String, directory: URL, name: String = "seed") throws {
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: text)
        } catch let DecodingError.keyNotFound(key, context) {
            throw GraphSimulatorError(
                code: .invalidSeed,
                detail: "\(name): \(Self.path(context.codingPath + [key])) "
                    + "is required")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw GraphSimulatorError(
                code: .invalidSeed,
                detail: "\(name): \(Self.path(context.codingPath)): "
                    + context.debugDescription)
        } catch {
            throw GraphSimulatorError(code: .invalidSeed, detail: "\(name): \(error)")
        }
        self.directory = directory
        var applications: [GraphApplication] = []
        for (index, app) in (file.applications ?? []).enumerated() {
            var secrets: [GraphApplication.Secret] = []
            for secret in app.secrets ?? [] {
                var expires: Date?
                if let text = secret.expires {
                    guard let date = GraphDate.parse(text) else {
                        throw GraphSimulatorError(
                            code: .invalidSeed,
                            detail: "\(name): applications[\(index)]."
                                + "secrets.expires is not an ISO 8601 instant: \(text)")
                    }
                    expires = date
                }
                secrets.append(.init(secret.value, expires: expires))
            }
            let certificate = try app.certificateFile.map { path in
                try Self.read(path, in: directory, field: "applications[\(index)].certificateFile", name: name)
            }.map { String(decoding: $0, as: UTF8.self) }
            applications.append(
                GraphApplication(
                    tenantID: app.tenantId, tenantDomains: app.tenantDomains ?? [], clientID: app.clientId,
                    displayName: app.displayName ?? "Mailstream", secrets: secrets, certificatePEM: certificate,
                    enabled: app.enabled ?? true, allowedMailboxes: app.allowedMailboxes.map(Set.init)))
        }
        self.applications = applications
        content = file.mailboxes ?? []
        mailboxes = content.map { .init($0.address, displayName: $0.displayName, userID: $0.userId) }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }

    static func read(_ path: String, in directory: URL, field: String, name: String) throws -> [UInt8] {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GraphSimulatorError(code: .invalidSeed, detail: "\(name): \(field): cannot read \(url.path)")
        }
        return Array(data)
    }
}

extension GraphSimulator {
    /// Creates the seed's folders and delivers its messages (the mailboxes and apps come in through the
    /// configuration: ``GraphSeed/mailboxes``, ``GraphSeed/applications``).
    public func populate(from seed: GraphSeed) throws {
        for (index, mailbox) in seed.content.enumerated() {
            addMailbox(mailbox.address, displayName: mailbox.displayName, userID: mailbox.userId)
            try createFolders(mailbox.folders ?? [], parent: nil, mailbox: mailbox.address)
            for (messageIndex, message) in (mailbox.messages ?? []).enumerated() {
                let field = "mailboxes[\(index)].messages[\(messageIndex)]"
                let mime = try GraphSeed.read(message.file, in: seed.directory, field: "\(field).file", name: "seed")
                var received = Date()
                if let text = message.received {
                    guard let date = GraphDate.parse(text) else {
                        throw GraphSimulatorError(
                            code: .invalidSeed,
                            detail: "\(field).received is not an ISO 8601 "
                                + "instant: \(text)")
                    }
                    received = date
                }
                do {
                    try deliver(
                        mime, to: GraphFolderReference(text: message.folder ?? "inbox"),
                        mailbox: mailbox.address, received: received, isRead: message.isRead ?? false)
                } catch {
                    throw GraphSimulatorError(code: .invalidSeed, detail: "\(field).folder: \(error)")
                }
            }
        }
    }

    private func createFolders(_ folders: [GraphSeed.Folder], parent: String?, mailbox: String) throws {
        for folder in folders {
            let parentReference: GraphFolderReference =
                parent.map { .id($0) }
                ?? folder.parent.map(GraphFolderReference.init(text:)) ?? .top
            let id = try createFolder(named: folder.name, in: parentReference, mailbox: mailbox)
            try createFolders(folder.folders ?? [], parent: id, mailbox: mailbox)
        }
    }
}
