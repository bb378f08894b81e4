import ClientTLS
import Domain
import Foundation
@testable import IMAP
import SQLiteStore
import Store
import Sync
import Testing

/// `\Seen` against the real Dovecot: the state comes with each new message, and later changes are asked for with
/// CONDSTORE's `CHANGEDSINCE` (only when HIGHESTMODSEQ moved). They land in the bucket email's `is_read`; comments
/// and their sequence numbers are untouched.
@Suite(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
struct ReadStateTests {
    typealias World = IMAPSyncTests.World

    static func states(_ world: World) async throws -> [String: Bool?] {
        guard let bucket = try await world.store.bucket(owner: "ops", name: "mail") else { return [:] }
        var states: [String: Bool?] = [:]
        for email in try await world.store.emails(bucketID: bucket.id, afterID: nil, limit: 100) {
            let subject = String(decoding: email.raw, as: UTF8.self).split(separator: "\r\n")
                .first { $0.hasPrefix("Subject: ") }?.dropFirst("Subject: ".count)
            states[subject.map(String.init) ?? email.id] = email.isRead
        }
        return states
    }

    @Test func seenFlagsReachTheBucketEmailsWithoutTouchingComments() async throws {
        let world = try World()
        defer { world.cleanup() }
        let user = try world.peer.addUser("seen")
        try world.peer.save(IMAPSyncTests.mail("first"), user: user.name, folder: "INBOX")
        try world.peer.save(IMAPSyncTests.mail("second"), user: user.name, folder: "INBOX")
        try world.peer.doveadm(["flags", "add", "-u", user.name, "\\Seen", "mailbox", "INBOX", "HEADER", "Subject", "second"])
        try await world.addIntegration("seen", user: user.name, password: user.password)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        #expect(try await Self.states(world) == ["first": false, "second": true])
        let sequences = try await world.comments().map(\.sequence)

        // Read the first, unread the second, on the server.
        try world.peer.doveadm(["flags", "add", "-u", user.name, "\\Seen", "mailbox", "INBOX", "HEADER", "Subject", "first"])
        try world.peer.doveadm(["flags", "remove", "-u", user.name, "\\Seen", "mailbox", "INBOX", "HEADER", "Subject", "second"])
        let outcome = try await world.engine.syncOnce().first
        #expect(outcome?.failure == nil)
        #expect(outcome?.report?.result == SyncBatchResult())
        #expect(try await Self.states(world) == ["first": true, "second": false])
        #expect(try await world.comments().map(\.sequence) == sequences)

        // Nothing changed: HIGHESTMODSEQ is the same, so flags are not asked for, and nothing moves.
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        #expect(try await Self.states(world) == ["first": true, "second": false])
    }

    /// The search a server without CONDSTORE gets each pass, here against Dovecot, which answers `RETURN (ALL)`
    /// with ESEARCH ranges (RFC 4731).
    @Test func seenAndUnseenSearchesOverESEARCH() async throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("esearch")
        for index in 1...6 { try peer.save(IMAPSyncTests.mail("e\(index)"), user: user.name, folder: "INBOX") }
        for index in [1, 2, 3, 5] {
            try peer.doveadm(["flags", "add", "-u", user.name, "\\Seen", "mailbox", "INBOX", "uid", "\(index)"])
        }
        let client = try await IMAPClient.connect(IMAPSettings(
            host: peer.host, port: peer.imapsPort, security: .tls, username: user.name, password: user.password,
            tls: TLSOptions(caFile: peer.caFile), outboundPolicy: OutboundPolicy(allowPrivateNetworks: true)))
        #expect(await client.capabilities.contains(.esearch))
        _ = try await client.examine("INBOX")
        #expect(try await client.searchUIDs(seen: true).sorted() == [1, 2, 3, 5])
        #expect(try await client.searchUIDs(seen: false).sorted() == [4, 6])
        try peer.doveadm(["flags", "add", "-u", user.name, "\\Seen", "mailbox", "INBOX", "ALL"])
        _ = try await client.examine("INBOX")
        #expect(try await client.searchUIDs(seen: false).isEmpty)
        await client.logout()
    }
}
