import Domain
import EWS
import EWSSimulator
import Foundation
import SQLiteStore
import Store
import Sync
import Testing

/// The engine over EWS against the simulator serving HTTPS (issue 5): NTLM bound to the TLS channel (Extended
/// Protection, RFC 5929 "tls-server-end-point") end to end, certificate verification on by default, and the OAuth
/// token request over TLS.
@Suite struct EWSTLSTests {
    /// A simulator set-up and whether an NTLM login from the engine gets through it.
    struct BindingCase: Sendable, CustomTestStringConvertible {
        /// The certificate served; nil for plain HTTP.
        var served: SimulatorCertificate?
        var extendedProtection: EWSSimulatorConfiguration.ExtendedProtection
        /// The certificate the server expects a binding to when not its own (a TLS-terminating front end).
        var boundTo: SimulatorCertificate?
        var syncs: Bool

        var testDescription: String {
            "\(served.map { "https \($0.rawValue)" } ?? "http"), \(extendedProtection), "
                + "bound to \(boundTo?.rawValue ?? "own certificate") → \(syncs ? "syncs" : "refused")"
        }
    }

    static let bindingCases: [BindingCase] = [
        // The client's binding is the hash of the certificate it received: the one the server expects.
        .init(served: .ecdsaP256, extendedProtection: .require, syncs: true),
        .init(served: .rsa, extendedProtection: .require, syncs: true),
        .init(served: .ecdsaP384, extendedProtection: .require, syncs: true),
        .init(served: .ecdsaP256, extendedProtection: .allow, syncs: true),
        // A front end presenting another certificate than the one Exchange binds to: the binding is wrong.
        .init(served: .ecdsaP256, extendedProtection: .require, boundTo: .rsa, syncs: false),
        .init(served: .ecdsaP256, extendedProtection: .allow, boundTo: .rsa, syncs: false),
        .init(served: .ecdsaP256, extendedProtection: .off, boundTo: .rsa, syncs: true),
        // TLS offloaded: the client speaks plain HTTP and sends no binding; only "require" refuses that.
        .init(served: nil, extendedProtection: .require, boundTo: .ecdsaP256, syncs: false),
        .init(served: nil, extendedProtection: .allow, boundTo: .ecdsaP256, syncs: true),
    ]

    @Test(arguments: bindingCases)
    func ntlmChannelBinding(_ setup: BindingCase) async throws {
        let world = try await EWSSyncTests.World(
            tls: try setup.served?.tls, extendedProtection: setup.extendedProtection,
            channelBindingCertificatePEM: try setup.boundTo?.certificatePEM)
        try await world.addIntegration(caFile: try setup.served?.certificatePath)
        for index in 0..<3 {
            try world.simulator.addMessage(EWSSyncTests.mail("t\(index)@x"), mailbox: EWSSyncTests.alice)
        }
        let outcome = try #require(try await world.engine.syncOnce().first)
        let integration = try #require(try await world.store.integration(id: "ews"))
        let errors = try await world.store.errors(integrationID: "ews")
        if setup.syncs {
            #expect(outcome.failure == nil)
            #expect(outcome.report?.result.created == 3)
            #expect(integration.enabled)
            #expect(errors.isEmpty)
        } else {
            #expect(outcome.failure != nil)
            #expect(!integration.enabled)
            #expect(errors.map(\.kind) == [.invalidCredentials])
            #expect(try await world.comments().isEmpty)
        }
        await world.stop()
    }

    /// A self-signed server certificate is refused unless `ca_file` names it: a configuration error that disables
    /// the integration, not a retry loop. Trusting another certificate doesn't help.
    @Test(arguments: [nil, SimulatorCertificate.rsa])
    func anUntrustedCertificateIsRefused(trusting other: SimulatorCertificate?) async throws {
        let world = try await EWSSyncTests.World(tls: try SimulatorCertificate.ecdsaP256.tls)
        try await world.addIntegration(caFile: try other?.certificatePath)
        try world.simulator.addMessage(EWSSyncTests.mail("u@x"), mailbox: EWSSyncTests.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure != nil)
        #expect(try await world.store.integration(id: "ews")?.enabled == false)
        let errors = try await world.store.errors(integrationID: "ews")
        #expect(errors.map(\.kind) == [.connectionFailed])
        #expect(errors.first?.errorText == "TLS handshake failed")
        #expect(world.simulator.receivedOperations.isEmpty)
        await world.stop()
    }

    /// `insecure_skip_verify` trusts any certificate; the binding is still the certificate received, so
    /// Extended Protection lets the login through.
    @Test func insecureSkipVerifyTrustsTheSelfSignedCertificate() async throws {
        let world = try await EWSSyncTests.World(tls: try SimulatorCertificate.ecdsaP256.tls,
                                                 extendedProtection: .require)
        try await world.addIntegration(insecureSkipVerify: true)
        try world.simulator.addMessage(EWSSyncTests.mail("k@x"), mailbox: EWSSyncTests.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 1)
        await world.stop()
    }

    /// The token request goes to the simulator's token endpoint over HTTPS (`authority_host`), trusting the test
    /// certificate through `ca_file`; a certificate assertion names the https token URL as its audience.
    @Test(arguments: [false, true])
    func clientCredentialsOverTLS(certificateAssertion: Bool) async throws {
        let certificate = SimulatorCertificate.ecdsaP256
        let app = RegisteredApplication(tenant: EWSOAuthTests.tenant, clientID: EWSOAuthTests.clientID,
                                        secrets: [.init(EWSOAuthTests.secret)],
                                        certificatePEM: try EWSOAuthTests.fixture("app-certificate"), login: "svc")
        let world = try await EWSSyncTests.World(authentication: [.bearer], tls: try certificate.tls,
                                                 applications: [app])
        var connection = Integration.Connection(
            caFile: try certificate.certificatePath, ewsEndpoint: "\(world.baseURL)/EWS/Exchange.asmx",
            authentication: "client_credentials", tenantID: EWSOAuthTests.tenant, clientID: EWSOAuthTests.clientID,
            authorityHost: world.baseURL)
        if certificateAssertion {
            connection.clientCertificate = try EWSOAuthTests.fixture("app-certificate")
            connection.clientPrivateKey = try EWSOAuthTests.fixture("app-private-key")
        } else {
            connection.clientSecret = EWSOAuthTests.secret
        }
        try await world.addIntegration(connection: connection)
        try world.simulator.addMessage(EWSSyncTests.mail("o@x"), mailbox: EWSSyncTests.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 1)
        #expect(world.simulator.tokenRequests.map(\.credential) == [certificateAssertion ? .assertion : .secret])
        #expect(world.simulator.tokensIssued == 1)
        await world.stop()
    }
}
