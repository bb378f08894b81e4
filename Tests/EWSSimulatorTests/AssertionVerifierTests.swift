import Crypto
import Domain
import Foundation
import MicrosoftIdentity
import Testing
import _CryptoExtras
@testable import EntraSimulator
@testable import EWSSimulator

/// The simulated Entra ID refuses client assertions for each reason Entra ID does, with its code.
@Suite struct AssertionVerifierTests {
    static let audience = "http://127.0.0.1:8080/contoso.onmicrosoft.com/oauth2/v2.0/token"
    static let issued = Date(timeIntervalSince1970: 1_750_000_000)

    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func verifier(clientID: String = "app-1") throws -> AssertionVerifier {
        AssertionVerifier(certificatePEM: try fixture("app-certificate"), clientID: clientID, audience: audience)
    }

    /// An assertion made by the client library.
    static func clientAssertion(audience: String = audience, clientID: String = "app-1") throws -> String {
        let certificate = try ClientCertificate(certificatePEM: try fixture("app-certificate"),
                                                privateKeyPEM: try fixture("app-private-key"))
        let url = try #require(URL(string: audience))
        return try ClientAssertion(certificate: certificate, clientID: clientID, audience: url, now: issued).compact
    }

    /// An assertion made by hand, to reach what the client library never produces.
    static func handMade(header: [String: String], claims: [String: Any], key: String = "app-private-key",
                         padding: _RSA.Signing.Padding = .PSS) throws -> String {
        let input = Base64URL.encode(try JSONSerialization.data(withJSONObject: header)) + "."
            + Base64URL.encode(try JSONSerialization.data(withJSONObject: claims))
        let signature = try _RSA.Signing.PrivateKey(pemRepresentation: try fixture(key))
            .signature(for: SHA256.hash(data: Array(input.utf8)), padding: padding)
        return input + "." + Base64URL.encode(signature.rawRepresentation)
    }

    static var claims: [String: Any] {
        let time = Int(issued.timeIntervalSince1970)
        return ["aud": audience, "iss": "app-1", "sub": "app-1", "jti": "j", "nbf": time, "exp": time + 300]
    }

    static func sha256Thumbprint() throws -> String {
        let der = try #require(ClientCertificate.pemBlock("CERTIFICATE", in: try fixture("app-certificate")))
        return Base64URL.encode(SHA256.hash(data: der))
    }

    static func refusal(_ assertion: String, at now: Date = issued, clientID: String = "app-1") throws -> Int? {
        let verifier = try verifier(clientID: clientID)
        do {
            try verifier.verify(assertion, now: now)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func theClientLibrarysAssertionIsAccepted() throws {
        #expect(try Self.refusal(try Self.clientAssertion()) == nil)
    }

    /// The older format Entra ID still takes: RS256 with the SHA-1 `x5t`.
    @Test func rs256WithTheSHA1ThumbprintIsAccepted() throws {
        let der = try #require(ClientCertificate.pemBlock("CERTIFICATE", in: try Self.fixture("app-certificate")))
        let assertion = try Self.handMade(header: ["alg": "RS256", "typ": "JWT",
                                                   "x5t": Base64URL.encode(Insecure.SHA1.hash(data: der))],
                                          claims: Self.claims, padding: .insecurePKCS1v1_5)
        #expect(try Self.refusal(assertion) == nil)
    }

    /// MSAL Python (under azure-identity) writes the thumbprint with base64's `=` padding; Entra ID takes it.
    @Test func aPaddedThumbprintIsAccepted() throws {
        let header = ["alg": "PS256", "typ": "JWT", "x5t#S256": try Self.sha256Thumbprint() + "="]
        #expect(try Self.refusal(try Self.handMade(header: header, claims: Self.claims)) == nil)
    }

    @Test func eachDefectHasEntrasCode() throws {
        let thumbprint = try Self.sha256Thumbprint()
        let header = ["alg": "PS256", "typ": "JWT", "x5t#S256": thumbprint]
        // Signed by a key that is not the certificate's.
        #expect(try Self.refusal(try Self.handMade(header: header, claims: Self.claims, key: "other-private-key"))
            == 700_027)
        // Naming a certificate the app doesn't have.
        #expect(try Self.refusal(try Self.handMade(header: ["alg": "PS256", "x5t#S256": "AAAA"], claims: Self.claims))
            == 700_027)
        // PKCS#1 v1.5 padding under the PS256 name.
        #expect(try Self.refusal(try Self.handMade(header: header, claims: Self.claims, padding: .insecurePKCS1v1_5))
            == 700_027)
        // Claims changed after signing.
        let signed = try Self.clientAssertion().split(separator: ".").map(String.init)
        var changed = Self.claims
        changed["aud"] = "https://evil.example/token"
        let swapped = [signed[0], Base64URL.encode(try JSONSerialization.data(withJSONObject: changed)), signed[2]]
        #expect(try Self.refusal(swapped.joined(separator: ".")) == 700_027)
        // Another audience, another client, out of its time range.
        let elsewhere = "https://login.microsoftonline.com/x/oauth2/v2.0/token"
        #expect(try Self.refusal(try Self.clientAssertion(audience: elsewhere)) == 700_023)
        #expect(try Self.refusal(try Self.clientAssertion(clientID: "app-2")) == 700_021)
        #expect(try Self.refusal(try Self.clientAssertion(), at: Self.issued.addingTimeInterval(11 * 60)) == 700_024)
        #expect(try Self.refusal(try Self.clientAssertion(), at: Self.issued.addingTimeInterval(-6 * 60)) == 700_024)
        // Not a JWT, or an algorithm Entra ID doesn't take.
        #expect(try Self.refusal("not.a-jwt") == 50027)
        let hmac = try Self.handMade(header: ["alg": "HS256", "x5t#S256": thumbprint], claims: Self.claims)
        #expect(try Self.refusal(hmac) == 50027)
    }
}
