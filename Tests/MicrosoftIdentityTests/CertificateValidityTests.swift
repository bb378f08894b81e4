import Domain
import Foundation
import MicrosoftIdentity
import Testing

/// The certificate's `notAfter` and thumbprint as `openssl x509 -noout -enddate -fingerprint -sha256` prints them:
/// the committed app certificate (UTCTime, 2036) and one valid until 2052, which RFC 5280 writes as
/// GeneralizedTime (made with `openssl req -x509 -newkey rsa:2048 -nodes -days 9500
/// -subj /CN=mailstream-generalized-time`; only the certificate is kept).
@Suite struct CertificateValidityTests {
    static func date(_ text: String) throws -> Date { try #require(RFC3339.parse(text)) }

    static func hex(_ fingerprint: String) -> String {
        fingerprint.replacingOccurrences(of: ":", with: "").lowercased()
    }

    @Test func notAfterIsReadFromUTCTimeAndGeneralizedTime() throws {
        let utc = try #require(ClientCertificate.pemBlock("CERTIFICATE", in: try Fixture.certificate))
        #expect(try ClientCertificate.notAfter(of: utc) == Self.date("2036-11-25T09:01:53Z"))
        let generalized = try #require(ClientCertificate.pemBlock("CERTIFICATE",
                                                                  in: try Fixture.text("certificate-until-2052")))
        #expect(try ClientCertificate.notAfter(of: generalized) == Self.date("2052-12-10T22:18:08Z"))
        #expect(throws: (any Error).self) { try ClientCertificate.notAfter(of: Array(utc.prefix(40))) }
    }

    @Test func anApplicationWithACertificateReportsItsValidity() throws {
        let application = EntraApplicationSettings(tenantID: "t", clientID: "app-1",
                                                   clientCertificate: try Fixture.certificate,
                                                   clientPrivateKey: try Fixture.privateKey)
        let validity = try #require(application.certificateValidity)
        #expect(validity.id == Self.hex(Fixture.sha256Fingerprint))
        #expect(validity.expiresAt == (try Self.date("2036-11-25T09:01:53Z")))
        #expect(validity.advice.contains("app registration (client app-1)"))
        #expect(!validity.expiresSoon(at: try Self.date("2036-11-11T09:01:52Z")))
        #expect(validity.expiresSoon(at: try Self.date("2036-11-11T09:01:54Z")))
        let secretOnly = EntraApplicationSettings(tenantID: "t", clientID: "app-1", clientSecret: "s")
        #expect(secretOnly.certificateValidity == nil)
    }
}
