import ClientTLS
import Domain
import Foundation
import SMTP
import Synchronization
import Testing

/// The SMTP client's session against a scripted server: the AUTH mechanism the relay offers, dot-stuffed data on
/// the wire, the commit point, and which failures are worth another try.
@Suite struct SMTPRelayTests {
    static let message = Array("Subject: x\r\n\r\n.hidden\r\nlast line\r\n".utf8)

    static func relay(_ server: ScriptedSMTPServer) -> SMTPRelay {
        SMTPRelay(settings: SMTPSettings(host: "127.0.0.1", port: server.port, security: .none, username: "ann",
                                         password: "s3cret-pw", policy: OutboundPolicy(allowPrivateNetworks: true),
                                         replyTimeout: .seconds(10), dataTimeout: .seconds(10)))
    }

    final class Calls: Sendable {
        let count = Atomic<Int>(0)
        func add() { count.add(1, ordering: .sequentiallyConsistent) }
        var value: Int { count.load(ordering: .sequentiallyConsistent) }
    }

    /// The relay's error, or nil when the send succeeded.
    static func send(_ server: ScriptedSMTPServer, commit: @escaping @Sendable () async throws -> Void = {})
        async throws -> MailRelayError? {
        do {
            try await relay(server).send(from: "mailstream@example.com", to: ["ann@example.com"], message: message,
                                         beforeCommit: commit)
            return nil
        } catch let error as MailRelayError {
            return error
        }
    }

    @Test func aRelayOfferingOnlyLoginGetsItAndTheDataIsDotStuffed() async throws {
        let server = try await ScriptedSMTPServer(.init(extensions: ["AUTH LOGIN", "8BITMIME"]))
        let commits = Calls()
        let error = try await Self.send(server) { commits.add() }
        await server.close()
        #expect(error == nil, "\(String(describing: error))")
        #expect(commits.value == 1)
        let wire = server.transcript.text
        #expect(wire.contains("AUTH LOGIN\r\nYW5u\r\nczNjcmV0LXB3\r\n"), "username and password, base64, in turn")
        #expect(!wire.contains("AUTH PLAIN"))
        #expect(wire.contains("MAIL FROM:<mailstream@example.com>\r\nRCPT TO:<ann@example.com>\r\nDATA\r\n"))
        #expect(wire.contains("\r\n\r\n..hidden\r\nlast line\r\n.\r\n"), "a leading dot doubled, then the end")
    }

    @Test func aMarkThatFailsEndsTheTransactionBeforeTheEndOfData() async throws {
        let server = try await ScriptedSMTPServer(.init())
        struct StoreDown: Error {}
        await #expect(throws: StoreDown.self, "the mark's own error comes through") {
            try await Self.relay(server).send(from: "mailstream@example.com", to: ["ann@example.com"],
                                              message: Self.message, beforeCommit: { throw StoreDown() })
        }
        try await Task.sleep(for: .milliseconds(200))
        await server.close()
        let wire = server.transcript.text
        #expect(wire.contains("..hidden\r\nlast line\r\n"), "the data was sent")
        #expect(!wire.contains("\r\n.\r\n"), "but never its end: the relay discards it")
    }

    @Test func noAnswerAfterTheEndOfDataIsNotRetried() async throws {
        let server = try await ScriptedSMTPServer(.init(endOfData: .close))
        let error = try #require(try await Self.send(server))
        await server.close()
        #expect(!error.isTransient, "the relay may have taken it: sending again could deliver it twice")
        #expect(error.summary.contains("may have been delivered"))
        #expect(!error.description.contains("s3cret"))
    }

    @Test(arguments: [("451 4.3.0 try again later", true), ("554 5.7.1 rejected", false)])
    func aRefusalAtTheEndOfDataIsTransientOnlyFor4xx(_ answer: String, transient: Bool) async throws {
        let server = try await ScriptedSMTPServer(.init(endOfData: .reply(answer)))
        let error = try #require(try await Self.send(server))
        await server.close()
        #expect(error.isTransient == transient)
        #expect(error.detail.contains(String(answer.prefix(3))))
    }
}
