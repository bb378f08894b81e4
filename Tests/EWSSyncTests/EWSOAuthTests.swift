import ClientTLS
import Config
import Domain
import EntraSimulator
import EWS
import EWSSimulator
import Foundation
import Logging
import MicrosoftIdentity
import SQLiteStore
import Store
import Sync
import Synchronization
import Testing

/// The engine over EWS with app-only OAuth tokens from the simulator's Entra ID token endpoint (issue 5): a
/// client secret or a certificate assertion, tokens cached across passes and mailboxes, refreshed after they
/// expire, refusals that disable the integration and outages that only back off.
@Suite struct EWSOAuthTests {
    static let tenant = "8f3c2a10-5b7e-4d21-9a6f-0c1e2d3b4a59"
    static let clientID = "5e1d7c3a-9b2f-4e8d-a1c6-3f0b9e2d7a41"
    static let secret = "Qx8~Zk2.abcDEF_ghiJKL-mnoPQR123"
    static let shared = "shared@contoso.com"

    /// A clock the factory's token cache reads, so a test can move past a token's expiry.
    final class Clock: Sendable {
        private let offset = Mutex<TimeInterval>(0)
        var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
        func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
    }

    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    struct World {
        let simulator: EWSSimulator
        let port: Int
        let store: SQLiteStore
        let engine: SyncEngine
        let folder: URL
        let clock = Clock()
        /// Where the engine may connect: the simulator and its token endpoint listen on 127.0.0.1.
        let policy: OutboundPolicy

        init(applications: [RegisteredApplication]? = nil,
             policy: OutboundPolicy = OutboundPolicy(allowPrivateNetworks: true),
             retryBudget: Duration = .seconds(60)) async throws {
            self.policy = policy
            let app = RegisteredApplication(tenant: EWSOAuthTests.tenant, clientID: EWSOAuthTests.clientID,
                                            secrets: [.init(EWSOAuthTests.secret)],
                                            certificatePEM: try EWSOAuthTests.fixture("app-certificate"), login: "svc")
            simulator = EWSSimulator(configuration: EWSSimulatorConfiguration(
                authentication: [.bearer],
                accounts: [.init(login: "alice", password: EWSSyncTests.password, smtpAddress: EWSSyncTests.alice),
                           .init(login: "svc", password: "svc-pw", canImpersonate: true)],
                extraMailboxes: [EWSOAuthTests.shared],
                applications: applications ?? [app]
            ))
            port = try await simulator.start()
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-oauth-\(UUID())")
            let dataFolder = try DataFolder(path: folder.path)
            store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
            var configuration = SyncEngine.Configuration()
            configuration.backoffBase = .milliseconds(5)
            configuration.retryBudget = retryBudget
            let clock = clock
            engine = SyncEngine(store: store,
                                factory: EWSConnector(outboundPolicy: policy,
                                                          tokens: TokenCache(now: { clock.now })),
                                configuration: configuration, logger: Logger(label: "ews-oauth-test"))
        }

        func stop() async {
            await simulator.stop()
            try? FileManager.default.removeItem(at: folder)
        }

        var connection: EWSConnection {
            EWSConnection(endpoint: URL(string: "http://127.0.0.1:\(port)/EWS/Exchange.asmx")!,
                          authentication: .clientCredentials,
                          application: EntraApplicationSettings(tenantID: EWSOAuthTests.tenant,
                                                                clientID: EWSOAuthTests.clientID,
                                                                authorityHost: "http://127.0.0.1:\(port)"))
        }

        @discardableResult
        func addIntegration(_ connection: EWSConnection,
                            mailboxes: [String] = [EWSSyncTests.alice]) async throws -> Integration {
            let now = Date()
            let integration = Integration(
                id: "ews", owner: "ops", name: "exchange", kind: .ews, connection: connection.settings,
                mailboxes: mailboxes.map { Mailbox(id: "mb-\($0)", email: $0, bucketOwner: "ops", bucketName: "mail") },
                createdAt: now, updatedAt: now)
            try await store.saveIntegration(integration)
            return integration
        }

        func withSecret(_ secret: String = EWSOAuthTests.secret) -> EWSConnection {
            var connection = connection
            connection.application?.clientSecret = secret
            return connection
        }

        func withCertificate() throws -> EWSConnection {
            var connection = connection
            connection.application?.clientCertificate = try EWSOAuthTests.fixture("app-certificate")
            connection.application?.clientPrivateKey = try EWSOAuthTests.fixture("app-private-key")
            return connection
        }

        func commentCount() async throws -> Int {
            guard let source = try await store.source(owner: "ops", name: "mail") else { return 0 }
            return try await store.comments(sourceID: source.id, afterSequence: 0, limit: 10_000).count
        }
    }

    @Test func aMailboxSyncsWithAClientSecret() async throws {
        let world = try await World()
        try await world.addIntegration(world.withSecret())
        for index in 0..<3 {
            try world.simulator.addMessage(EWSSyncTests.mail("s\(index)@x"), mailbox: EWSSyncTests.alice)
        }
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 3)
        #expect(world.simulator.tokenRequests.map(\.credential) == [.secret])
        #expect(world.simulator.tokensIssued == 1)
        await world.stop()
    }

    @Test func aMailboxSyncsWithACertificate() async throws {
        let world = try await World()
        try await world.addIntegration(try world.withCertificate())
        try world.simulator.addMessage(EWSSyncTests.mail("c@x"), mailbox: EWSSyncTests.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 1)
        #expect(world.simulator.tokenRequests.map(\.credential) == [.assertion])
        #expect(world.simulator.tokensIssued == 1)
        await world.stop()
    }

    /// One token for two mailboxes over three passes; a new one once the cache's clock passes its expiry.
    @Test func theTokenIsRequestedOnceUntilItExpires() async throws {
        let world = try await World()
        try await world.addIntegration(world.withSecret(), mailboxes: [EWSSyncTests.alice, Self.shared])
        try world.simulator.addMessage(EWSSyncTests.mail("a@x"), mailbox: EWSSyncTests.alice)
        try world.simulator.addMessage(EWSSyncTests.mail("b@x"), mailbox: Self.shared)
        for _ in 0..<3 {
            let outcomes = try await world.engine.syncOnce()
            #expect(outcomes.count == 2)
            #expect(outcomes.allSatisfy { $0.failure == nil })
        }
        #expect(try await world.commentCount() == 2)
        #expect(world.simulator.tokenRequests.count == 1)
        world.clock.advance(3600)
        try world.simulator.addMessage(EWSSyncTests.mail("c@x"), mailbox: EWSSyncTests.alice)
        #expect(try await world.engine.syncOnce().allSatisfy { $0.failure == nil })
        #expect(world.simulator.tokenRequests.count == 2)
        #expect(world.simulator.tokensIssued == 2)
        #expect(try await world.commentCount() == 3)
        await world.stop()
    }

    /// Exchange refuses a token that looks valid to the client (revoked, or clocks apart): one new token, and the
    /// pass goes on.
    @Test func aRefusedTokenIsReplacedOnceAndTheSyncGoesOn() async throws {
        let world = try await World()
        try await world.addIntegration(world.withSecret())
        try world.simulator.addMessage(EWSSyncTests.mail("r1@x"), mailbox: EWSSyncTests.alice)
        #expect(try #require(try await world.engine.syncOnce().first).failure == nil)
        world.simulator.expireIssuedTokens()
        try world.simulator.addMessage(EWSSyncTests.mail("r2@x"), mailbox: EWSSyncTests.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 1)
        #expect(world.simulator.tokensIssued == 2)
        #expect(try await world.store.errors(integrationID: "ews").isEmpty)
        await world.stop()
    }

    enum Refusal: String, CaseIterable, Sendable {
        case wrongSecret, expiredSecret, secretExpiresLater, disabledApp, deletedApp, unknownTenant, unknownCertificate
    }

    /// Entra ID refusing the application disables the integration with an `invalid_exchange_credentials` record
    /// that names the AADSTS code.
    @Test(arguments: Refusal.allCases)
    func refusedCredentialsDisableTheIntegration(_ refusal: Refusal) async throws {
        var app = RegisteredApplication(tenant: Self.tenant, clientID: Self.clientID, secrets: [.init(Self.secret)],
                                        login: "svc")
        if refusal == .expiredSecret { app.secrets = [.init(Self.secret, expires: Date(timeIntervalSinceNow: -60))] }
        let world = try await World(applications: [app])
        var connection = world.withSecret(refusal == .wrongSecret ? "not-the-secret" : Self.secret)
        if refusal == .unknownTenant { connection.application?.tenantID = "fabrikam.onmicrosoft.com" }
        if refusal == .unknownCertificate { connection = try world.withCertificate() }
        try await world.addIntegration(connection)
        try world.simulator.addMessage(EWSSyncTests.mail("x@x"), mailbox: EWSSyncTests.alice)
        if [.secretExpiresLater, .disabledApp, .deletedApp].contains(refusal) {
            // The first pass works; Entra ID changes afterwards and the token runs out.
            #expect(try #require(try await world.engine.syncOnce().first).failure == nil)
            switch refusal {
            case .disabledApp: world.simulator.setApplicationEnabled(false, clientID: Self.clientID)
            case .deletedApp: world.simulator.removeApplication(clientID: Self.clientID)
            default: world.simulator.expireSecrets(clientID: Self.clientID)
            }
            world.simulator.expireIssuedTokens()
        }
        let code = switch refusal {
        case .wrongSecret: "AADSTS7000215"
        case .expiredSecret, .secretExpiresLater: "AADSTS7000222"
        case .disabledApp: "AADSTS7000112"
        case .deletedApp: "AADSTS700016"
        case .unknownTenant: "AADSTS90002"
        case .unknownCertificate: "AADSTS700027"
        }
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure?.contains(code) == true)
        let integration = try #require(try await world.store.integration(id: "ews"))
        #expect(!integration.enabled)
        #expect(integration.disabledReason == .syncError)
        let errors = try await world.store.errors(integrationID: "ews")
        #expect(errors.map(\.kind) == [.invalidExchangeCredentials])
        #expect(errors.first?.action == .integrationDisabled)
        #expect(errors.first?.errorText.hasPrefix(code + ": ") == true)
        #expect(errors.allSatisfy { !$0.errorText.contains(Self.secret) && !$0.fullErrorText.contains(Self.secret) })
        #expect(world.simulator.tokenRequests.last?.errorCode.map { "AADSTS\($0)" } == code)
        await world.stop()
    }

    /// A token endpoint that is down or throttling backs off (with its Retry-After) and disables nothing; without
    /// a retry budget the pass fails, and the next one catches up.
    @Test(arguments: [EntraTokenFailure.serviceUnavailable, .throttled(retryAfter: 3)])
    func tokenEndpointOutagesBackOff(_ failure: EntraTokenFailure) async throws {
        let world = try await World(retryBudget: .zero)
        try await world.addIntegration(world.withSecret())
        try world.simulator.addMessage(EWSSyncTests.mail("o@x"), mailbox: EWSSyncTests.alice)
        world.simulator.failNextTokenRequests(with: failure)
        let first = try #require(try await world.engine.syncOnce().first)
        #expect(first.failure != nil)
        let integration = try #require(try await world.store.integration(id: "ews"))
        #expect(integration.enabled && integration.mailboxes.allSatisfy(\.enabled))
        let errors = try await world.store.errors(integrationID: "ews")
        #expect(errors.map(\.kind) == [.serverUnavailable])
        if case .throttled(let seconds) = failure {
            #expect(errors.first?.action == .retrying(afterSeconds: Double(seconds)))
        }
        let second = try #require(try await world.engine.syncOnce().first)
        #expect(second.failure == nil)
        #expect(try await world.commentCount() == 1)
        #expect(world.simulator.tokenRequests.map(\.status) == [failure == .serviceUnavailable ? 503 : 429, 200])
        await world.stop()
    }

    /// The README's configuration file keys: a certificate and key read from files.
    @Test func aConfigurationFileWithACertificateSyncs() async throws {
        let world = try await World()
        let certificate = try #require(Bundle.module.url(forResource: "app-certificate", withExtension: "pem",
                                                         subdirectory: "Fixtures")).path
        let key = try #require(Bundle.module.url(forResource: "app-private-key", withExtension: "pem",
                                                 subdirectory: "Fixtures")).path
        let yaml = """
            integrations:
              - name: exchange
                owner: ops
                type: ews
                connection:
                  ews_endpoint: http://127.0.0.1:\(world.port)/EWS/Exchange.asmx
                  authentication: client_credentials
                  tenant_id: \(Self.tenant)
                  client_id: \(Self.clientID)
                  client_certificate_file: \(certificate)
                  client_private_key_file: \(key)
                  cloud: global
                  authority_host: http://127.0.0.1:\(world.port)
                mailboxes:
                  - email: \(EWSSyncTests.alice)
                    bucket: mail
            """
        let file = try ConfigurationFile(text: yaml, environment: [:],
                                         connectors: ConnectorRegistry([EWSConnector(outboundPolicy: world.policy)]))
        try await file.apply(to: world.store)
        try world.simulator.addMessage(EWSSyncTests.mail("f@x"), mailbox: EWSSyncTests.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(try await world.commentCount() == 1)
        #expect(world.simulator.tokenRequests.map(\.credential) == [.assertion])
        await world.stop()
    }
}
