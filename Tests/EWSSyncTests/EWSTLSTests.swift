import ClientTLS
import EntraSimulator
import MicrosoftIdentity
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
            #expect(errors.map(\.kind) == [.invalidExchangeCredentials])
            #expect(try await world.comments().isEmpty)
            let text = try #require(errors.first?.errorText)
            #expect(text.hasPrefix("the Exchange server refused the NTLM login for CONTOSO\\alice: check the "
                + "username (DOMAIN\\user or user@domain) and password"), "\(text)")
            #expect(text.hasSuffix("; then re-enable it with `mailstream integration enable ops/exchange` or POST "
                + "/api/_private/integrations/ops/exchange/enable"), "\(text)")
            if let served = setup.served {
                // The login carried a binding to the certificate the client saw, not the one Exchange binds to:
                // the text names Extended Protection behind a proxy, that certificate, and how to compare.
                #expect(text.contains("Extended Protection behind a TLS-terminating proxy or load balancer is a "
                    + "likely cause"), "\(text)")
                #expect(text.contains("the certificate this client received from 127.0.0.1:\(world.port) (SHA-256 "
                    + "\(served.sha256Fingerprint))"), "\(text)")
                #expect(text.contains("openssl x509 -noout -fingerprint -sha256"), "\(text)")
                #expect(text.contains("set authentication: basic (over https)"), "\(text)")
                #expect(errors.first?.fullErrorText.contains(served.sha256Fingerprint) == true)
            } else {
                #expect(text.contains("over http a login carries no channel binding"), "\(text)")
                #expect(!text.contains("SHA-256"), "\(text)")
            }
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
        #expect(errors.first?.errorText.hasPrefix("TLS handshake failed: check that the host name is one the "
            + "server's certificate names; for a self-signed certificate or a private CA, set ca_file") == true,
            "\(errors.first?.errorText ?? "")")
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
        var application = EntraApplicationSettings(tenantID: EWSOAuthTests.tenant, clientID: EWSOAuthTests.clientID,
                                                   authorityHost: world.baseURL)
        if certificateAssertion {
            application.clientCertificate = try EWSOAuthTests.fixture("app-certificate")
            application.clientPrivateKey = try EWSOAuthTests.fixture("app-private-key")
        } else {
            application.clientSecret = EWSOAuthTests.secret
        }
        let connection = EWSConnection(endpoint: URL(string: "\(world.baseURL)/EWS/Exchange.asmx")!,
                                       authentication: .clientCredentials, application: application,
                                       tls: TLSOptions(caFile: try certificate.certificatePath))
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
