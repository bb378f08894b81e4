import ClientTLS
import Domain
import Foundation
import IMAP
import Logging
import SQLiteStore
import Store
import Sync
import Testing

/// The outbound policy (DESIGN.md invariant 8) in front of a real Dovecot on 127.0.0.1: refused by default, and
/// by name as well as by address; the engine disables the integration and records why; the switch or an
/// allow-list naming the address lets the same integration sync.
@Suite(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
struct OutboundIMAPTests {
    static func source(_ peer: DovecotPeer, host: String, _ user: (name: String, password: String),
                       policy: OutboundPolicy) -> IMAPMailSource {
        IMAPMailSource(settings: IMAPSettings(host: host, port: peer.imapsPort, security: .tls, username: user.name,
                                              password: user.password, tls: TLSOptions(caFile: peer.caFile), outboundPolicy: policy))
    }

    static func error(_ body: () async throws -> Void) async -> MailSourceError? {
        do {
            try await body()
        } catch let error as MailSourceError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func dovecotOnLoopbackIsRefusedByDefault(_ host: String) async throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("refused")
        let source = Self.source(peer, host: host, user, policy: OutboundPolicy())
        let error = try #require(await Self.error { _ = try await source.folders() })
        await source.close()
        #expect(error.kind == .configuration)
        #expect(error.summary.hasPrefix("outbound connection to "))
        #expect(error.summary.hasSuffix(" refused: a loopback address (this machine)"))
        let named = host == "localhost" ? "localhost (" : "127.0.0.1, port \(peer.imapsPort)"
        #expect(error.detail.contains(named), "\(error.detail)")
        #expect(error.detail.contains("network.allow_private_networks: true"))
        #expect(error.detail.contains("--allow-private-networks"))
    }

    /// With the switch, or with only 127.0.0.1/32 allowed, when `localhost` is also ::1 (skipped then).
    @Test(arguments: ["allow_private_networks", "127.0.0.1/32"])
    func theSwitchOrAnAllowListLetsItConnect(_ setting: String) async throws {
        let policy = setting == "allow_private_networks" ? OutboundPolicy(allowPrivateNetworks: true)
            : OutboundPolicy(allowed: [try IPAddressRange(parsing: setting)])
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("allowed")
        let source = Self.source(peer, host: "localhost", user, policy: policy)
        let folders = try await source.folders()
        await source.close()
        #expect(folders.contains { $0.name == "INBOX" })
    }

    @Test func theEngineDisablesTheIntegrationWithTheReasonAndTheSwitchSyncsIt() async throws {
        let refusing = try IMAPSyncTests.World(policy: OutboundPolicy())
        defer { refusing.cleanup() }
        let user = try refusing.peer.addUser("engine")
        try refusing.peer.save(IMAPSyncTests.mail("outbound-\(user.name)"), user: user.name, folder: "INBOX")
        let integration = try await refusing.addIntegration("outbound", user: user.name, password: user.password)
        let outcome = try #require(try await refusing.engine.syncOnce().first)
        #expect(outcome.failure?.contains("outbound connection to 127.0.0.1 refused: a loopback address") == true,
                "\(outcome.failure ?? "no failure")")
        let stored = try #require(try await refusing.store.integration(id: integration.id))
        #expect(!stored.enabled)
        #expect(stored.disabledReason == .syncError)
        let errors = try await refusing.store.errors(integrationID: integration.id)
        #expect(errors.count == 1)
        #expect(errors.first?.action == .integrationDisabled)
        #expect(errors.first?.errorText.hasPrefix(
            "outbound connection to 127.0.0.1 refused: a loopback address (this machine): to allow it, set "
                + "network.allow_private_networks: true in the configuration file or start mailstream serve/sync "
                + "with --allow-private-networks") == true, "\(errors.first?.errorText ?? "")")
        #expect(errors.first?.errorText.hasSuffix("then re-enable it with `mailstream integration enable ops/outbound` "
            + "or POST /api/_private/integrations/ops/outbound/enable") == true)
        #expect(errors.first?.fullErrorText.contains("--allow-private-networks") == true)
        // Disabled, it is not retried: the next pass has nothing to do.
        #expect(try await refusing.engine.syncOnce().isEmpty)

        // Re-enabled, with the switch, the same integration syncs from where it was.
        try await refusing.store.setIntegrationEnabled(id: integration.id, enabled: true, reason: nil)
        let switched = IMAPConnector(outboundPolicy: OutboundPolicy(allowPrivateNetworks: true))
        let allowing = SyncEngine(store: refusing.store, factory: switched, logger: Logger(label: "test"))
        let synced = try #require(try await allowing.syncOnce().first)
        #expect(synced.failure == nil)
        #expect(synced.report?.result.created == 1)
    }
}
