import Crypto
import Domain
import Foundation
import MicrosoftIdentity
import Testing
import _CryptoExtras

@Suite struct ClientCertificateTests {
    /// Thumbprints compared with what openssl printed for the committed certificate.
    @Test func thumbprintsMatchOpenSSLFingerprints() throws {
        let certificate = try ClientCertificate(certificatePEM: try Fixture.certificate,
                                                privateKeyPEM: try Fixture.privateKey)
        #expect(certificate.sha1Thumbprint == Base64URL.encode(Fixture.bytes(fingerprint: Fixture.sha1Fingerprint)))
        #expect(certificate.sha256Thumbprint == Base64URL.encode(Fixture.bytes(fingerprint: Fixture.sha256Fingerprint)))
        // `openssl x509 -outform der | openssl dgst -sha1 -binary | basenc --base64url`, padding dropped.
        #expect(certificate.sha1Thumbprint == "1SZCPqdR3Jd7R6_ot7IpOXeuYSY")
    }

    @Test func pkcs1KeyIsReadToo() throws {
        let pkcs8 = try ClientCertificate(certificatePEM: try Fixture.certificate,
                                          privateKeyPEM: try Fixture.privateKey)
        let pkcs1 = try ClientCertificate(certificatePEM: try Fixture.certificate,
                                          privateKeyPEM: try Fixture.privateKeyPKCS1)
        #expect(pkcs1.certificateDER == pkcs8.certificateDER)
    }

    @Test func aKeyOfAnotherCertificateIsAConfigurationError() throws {
        let error = #expect(throws: MailSourceError.self) {
            try ClientCertificate(certificatePEM: try Fixture.certificate, privateKeyPEM: try Fixture.otherPrivateKey)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.summary.contains("does not belong") == true)
    }

    @Test(arguments: [
        ("not a certificate", "client_certificate"),
        ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "client_certificate"),
    ])
    func unreadableCertificatesAreConfigurationErrors(pem: String, named: String) throws {
        let error = #expect(throws: MailSourceError.self) {
            try ClientCertificate(certificatePEM: pem, privateKeyPEM: try Fixture.privateKey)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.summary.hasPrefix(named) == true)
    }

    @Test func anUnreadableKeyIsAConfigurationErrorThatDoesNotEchoIt() throws {
        let garbage = "-----BEGIN PRIVATE KEY-----\nU0VDUkVULUtFWS1NQVRFUklBTA==\n-----END PRIVATE KEY-----"
        let error = #expect(throws: MailSourceError.self) {
            try ClientCertificate(certificatePEM: try Fixture.certificate, privateKeyPEM: garbage)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.description.contains("U0VDUkVU") == false)
    }
}
