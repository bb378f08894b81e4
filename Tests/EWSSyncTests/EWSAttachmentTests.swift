import Domain
import EWS
import EWSSimulator
import Foundation
import SQLiteStore
import Store
import Sync
import Testing

/// Attachments over EWS: GetItem's MimeContent carries them, and they are stored (and retrievable by reference)
/// only for mailboxes with attachment sync on.
@Suite struct EWSAttachmentTests {
    typealias World = EWSSyncTests.World

    /// A PDF-looking binary (every byte value) and a UTF-8 named text file, base64 in the MIME as Exchange sends it.
    static let pdf: [UInt8] = Array("%PDF-1.4\n".utf8) + (0...255).map(UInt8.init) + Array("\n%%EOF\n".utf8)
    static let notes = Array("Zeile 1 – Grüße\n".utf8)

    static func mailWithAttachments(_ id: String) -> [UInt8] {
        func base64(_ bytes: [UInt8]) -> String {
            let encoded = Data(bytes).base64EncodedString()
            return stride(from: 0, to: encoded.count, by: 76).map { offset in
                let start = encoded.index(encoded.startIndex, offsetBy: offset)
                return String(encoded[start..<(encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
            }.joined(separator: "\r\n")
        }
        let lines = [
            "Message-ID: <\(id)>", "From: Ann <ann@example.com>", "To: alice@contoso.com", "Subject: Invoice \(id)",
            "Date: Mon, 6 Jan 2025 10:15:00 +0000", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"b1\"", "", "--b1", "Content-Type: text/plain; charset=utf-8", "",
            "Please find the invoice attached.", "--b1", "Content-Type: application/pdf; name=\"invoice.pdf\"",
            "Content-Disposition: attachment; filename=\"invoice.pdf\"", "Content-Transfer-Encoding: base64", "",
            base64(pdf), "--b1", "Content-Type: text/plain; charset=utf-8",
            "Content-Disposition: attachment; filename*=utf-8''Gr%C3%BC%C3%9Fe.txt", "Content-Transfer-Encoding: base64", "",
            base64(notes), "--b1--", "",
        ]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    static func integration(_ world: World, syncAttachments: Bool) -> Integration {
        let now = Date()
        return Integration(
            id: "ews", owner: "ops", name: "exchange", kind: .ews,
            connection: .init(username: "CONTOSO\\alice", password: EWSSyncTests.password,
                              ewsEndpoint: "http://127.0.0.1:\(world.port)/EWS/Exchange.asmx"),
            mailboxes: [Mailbox(id: "mb-alice", email: EWSSyncTests.alice, bucketOwner: "ops", bucketName: "mail",
                                syncAttachments: syncAttachments)],
            createdAt: now, updatedAt: now
        )
    }

    @Test func attachmentsAreStoredAndRetrievableByReference() async throws {
        let world = try await World()
        try await world.store.saveIntegration(Self.integration(world, syncAttachments: true))
        try world.simulator.addMessage(Self.mailWithAttachments("inv@x"), mailbox: EWSSyncTests.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        let comment = try #require(try await world.comments().first?.comment)
        #expect(comment.attachments.map(\.name) == ["invoice.pdf", "Grüße.txt"])
        #expect(comment.attachments.map(\.contentType) == ["application/pdf", "text/plain"])
        #expect(comment.attachments.map(\.size) == [Self.pdf.count, Self.notes.count])
        let references = comment.attachments.compactMap(\.attachmentReference)
        #expect(references.count == 2)
        let contents = try await references.asyncMap { try await world.store.attachment(reference: $0)?.content }
        #expect(contents == [Self.pdf, Self.notes])
        await world.stop()
    }

    @Test func attachmentsAreDescribedButNotStoredWhenTheMailboxDoesNotSyncThem() async throws {
        let world = try await World()
        try await world.store.saveIntegration(Self.integration(world, syncAttachments: false))
        try world.simulator.addMessage(Self.mailWithAttachments("inv2@x"), mailbox: EWSSyncTests.alice)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        let comment = try #require(try await world.comments().first?.comment)
        #expect(comment.attachments.map(\.name) == ["invoice.pdf", "Grüße.txt"])
        #expect(comment.attachments.allSatisfy { $0.attachmentReference == nil })
        await world.stop()
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

/// IsRead over EWS: from GetItem for new items, and from SyncFolderItems' ReadFlagChange afterwards.
@Suite struct EWSReadStateTests {
    @Test func readStateComesWithNewItemsAndFollowsReadFlagChanges() async throws {
        let world = try await EWSSyncTests.World()
        try await world.addIntegration()
        let message = try world.simulator.addMessage(EWSSyncTests.mail("r@x"), mailbox: EWSSyncTests.alice)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        let bucket = try #require(try await world.store.bucket(owner: "ops", name: "mail"))
        func isRead() async throws -> Bool? {
            try await world.store.emails(bucketID: bucket.id, afterID: nil, limit: 10).first?.isRead
        }
        #expect(try await isRead() == false)
        let sequence = try await world.comments().first?.sequence
        try world.simulator.markRead(message)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        #expect(try await isRead() == true)
        #expect(try await world.comments().first?.sequence == sequence)
        try world.simulator.markRead(message, false)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        #expect(try await isRead() == false)
        await world.stop()
    }
}
