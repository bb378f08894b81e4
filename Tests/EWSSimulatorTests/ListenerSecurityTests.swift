import ClientTLS
@testable import EWS
import EWSSimulator
import Foundation
import Testing

/// The simulator's HTTPS and Extended Protection settings: refused at `start()` when unusable, served when not.
@Suite struct ListenerSecurityTests {
    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    enum Defect: String, CaseIterable {
        case requireWithoutCertificate, allowWithoutCertificate, certificateNotPEM, keyNotPEM, keyOfAnotherCertificate
        case bindingCertificateNotPEM
    }

    @Test(arguments: Defect.allCases)
    func startRefusesUnusableSettings(_ defect: Defect) async throws {
        var configuration = Fixture.configuration([.ntlm])
        let good = EWSSimulatorConfiguration.TLS(certificateChainPEM: try Self.fixture("app-certificate"),
                                                 privateKeyPEM: try Self.fixture("app-private-key"))
        switch defect {
        case .requireWithoutCertificate:
            configuration.extendedProtection = .require
        case .allowWithoutCertificate:
            configuration.extendedProtection = .allow
        case .certificateNotPEM:
            configuration.tls = .init(certificateChainPEM: "not a certificate", privateKeyPEM: good.privateKeyPEM)
        case .keyNotPEM:
            configuration.tls = .init(certificateChainPEM: good.certificateChainPEM, privateKeyPEM: "not a key")
        case .keyOfAnotherCertificate:
            configuration.tls = .init(certificateChainPEM: good.certificateChainPEM,
                                      privateKeyPEM: try Self.fixture("other-private-key"))
        case .bindingCertificateNotPEM:
            configuration.tls = good
            configuration.extendedProtection = .require
            configuration.channelBindingCertificatePEM = "not a certificate"
        }
        let simulator = EWSSimulator(configuration: configuration)
        await #expect(throws: EWSSimulatorError.invalidConfiguration) { _ = try await simulator.start() }
        await simulator.stop()
    }

    /// The same certificate and key as above, well paired: HTTPS with Extended Protection required, and the
    /// product's transport logs in with NTLM bound to that certificate.
    @Test func servesHTTPSWithExtendedProtection() async throws {
        var configuration = Fixture.configuration([.ntlm])
        configuration.tls = .init(certificateChainPEM: try Self.fixture("app-certificate"),
                                  privateKeyPEM: try Self.fixture("app-private-key"))
        configuration.extendedProtection = .require
        let simulator = EWSSimulator(configuration: configuration)
        let port = try await simulator.start()
        // The fixture certificate names no IP address: verification is off, which doesn't change the binding.
        let transport = try EWSTransport(
            endpoint: try #require(URL(string: "https://127.0.0.1:\(port)/EWS/Exchange.asmx")),
            authentication: .ntlm(NTLMCredentials(account: "CONTOSO\\alice", password: Fixture.alicePassword)),
            tls: TLSOptions(insecureSkipVerify: true), policy: Fixture.outboundPolicy)
        let request = EWSRequestBuilder(version: .exchange2016, access: .own).syncFolderHierarchy(syncState: nil)
        let body = try await transport.post(request.body, headers: request.headers.map { ($0.name, $0.value) })
        #expect(try EWSResponseParser.parseSyncFolderHierarchy(body).messages?.first?.status.isSuccess == true)
        await transport.close()
        await simulator.stop()
    }
}
