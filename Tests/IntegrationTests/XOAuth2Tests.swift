import Domain
import Foundation
import IMAP
import SQLiteStore
import Store
import Sync
import Testing

/// AUTHENTICATE XOAUTH2 against the real Dovecot, whose oauth2 passdb checks each bearer token with a token
/// introspection endpoint (RFC 7662) that scripts/peers/dovecot runs beside it: a token listed in
/// `MAILSTREAM_DOVECOT_OAUTH_TOKENS_FILE` logs in as its user, any other is refused.
@Suite(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
struct XOAuth2Tests {
    typealias World = IMAPSyncTests.World

    static var tokensFile: String {
        get throws {
            guard let path = ProcessInfo.processInfo.environment["MAILSTREAM_DOVECOT_OAUTH_TOKENS_FILE"] else {
                throw PeerError(description: "no MAILSTREAM_DOVECOT_OAUTH_TOKENS_FILE: start Dovecot with scripts/peers/dovecot")
            }
            return path
        }
    }

    /// Grants a fresh token to `user` (appending, so tests running at once don't lose each other's tokens).
    static func grantToken(to user: String) throws -> String {
        let token = "ms-\(UUID().uuidString.lowercased())"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: try tokensFile))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(token) \(user)\n".utf8))
        return token
    }

    static func integration(_ world: World, _ name: String, user: String, token: String) -> Integration {
        let now = Date()
        return Integration(
            id: StableID.make(name), owner: "ops", name: name, kind: .imap,
            connection: .init(host: world.peer.host, port: world.peer.imapsPort, security: .tls, username: user,
                              accessToken: token, caFile: world.peer.caFile),
            mailboxes: [Mailbox(id: StableID.make(name, user), email: user, bucketOwner: "ops", bucketName: "mail")],
            createdAt: now, updatedAt: now
        )
    }

    @Test func aValidTokenSyncsTheMailbox() async throws {
        let world = try World()
        defer { world.cleanup() }
        let user = try world.peer.addUser("oauth")
        try world.peer.save(IMAPSyncTests.mail("oauth-1"), user: user.name, folder: "INBOX")
        try world.peer.save(IMAPSyncTests.mail("oauth-2"), user: user.name, folder: "Archive")
        let token = try Self.grantToken(to: user.name)
        try await world.store.saveIntegration(Self.integration(world, "oauth", user: user.name, token: token))
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 2)
        // Dovecot asked the introspection endpoint about this token.
        let log = try String(contentsOfFile: try Self.tokensFile + ".log", encoding: .utf8)
        #expect(log.contains("\(token.prefix(8))… active"))
    }

    @Test func anUnknownTokenDisablesTheIntegrationWithAnErrorRecord() async throws {
        let world = try World()
        defer { world.cleanup() }
        let user = try world.peer.addUser("oauthbad")
        let integration = Self.integration(world, "oauthbad", user: user.name, token: "ms-never-granted-\(UUID())")
        try await world.store.saveIntegration(integration)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure != nil)
        let stored = try #require(try await world.store.integration(id: integration.id))
        #expect(!stored.enabled)
        let errors = try await world.store.errors(integrationID: integration.id)
        #expect(errors.map(\.kind) == [.invalidIMAPCredentials])
        #expect(errors.first?.errorText.contains("check the access token") == true)
        let text = errors.first?.fullErrorText ?? ""
        #expect(text.contains("AUTHENTICATIONFAILED"), "the server's answer should be kept: \(text)")
    }
}
