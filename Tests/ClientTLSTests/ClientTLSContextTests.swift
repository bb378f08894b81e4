import ClientTLS
import Domain
import NIOSSL
import Testing

/// A cipher list BoringSSL can't use stops the process inside NIOSSL: `ClientTLS.context` must refuse it first.
@Suite struct ClientTLSContextTests {
    @Test(arguments: ["", ":", "NOT-A-CIPHER", "TLS_AES_128_GCM_SHA256", "ALL:!ALL", "PSK-AES128-CBC-SHA"])
    func anUnusableCipherListIsAConfigurationError(_ list: String) {
        #expect(throws: MailSourceError.self) {
            _ = try ClientTLS.context(caFile: nil, insecureSkipVerify: false, minimumVersion: .tlsv12,
                                      cipherSuites: list)
        }
    }

    @Test func knownSuitesByEitherNameMakeAContext() throws {
        let context = try ClientTLS.context(caFile: nil, insecureSkipVerify: false, minimumVersion: .tlsv12,
                                            cipherSuites: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:AES256-SHA")
        _ = context
    }
}
