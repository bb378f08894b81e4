import Crypto
import Domain
import Foundation
import MicrosoftIdentity
import Testing
import _CryptoExtras

@Suite struct ClientAssertionTests {
    let audience = URL(string: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")!
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    func assertion() throws -> ClientAssertion {
        let certificate = try ClientCertificate(certificatePEM: try Fixture.certificate,
                                                privateKeyPEM: try Fixture.privateKey)
        return try ClientAssertion(certificate: certificate, clientID: "app-1", audience: audience, now: now,
                                   id: "jti-1")
    }

    func parts(_ compact: String) throws -> [Data] {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        try #require(parts.count == 3)
        return try parts.map { try #require(Base64URL.decode($0)) }
    }

    @Test func headerIsPS256WithTheSHA256Thumbprint() throws {
        let header = try #require(try JSONSerialization.jsonObject(with: try parts(try assertion().compact)[0])
            as? [String: String])
        #expect(header == ["alg": "PS256", "typ": "JWT",
                           "x5t#S256": Base64URL.encode(Fixture.bytes(fingerprint: Fixture.sha256Fingerprint))])
    }

    @Test func claimsNameTheEndpointAndTheClient() throws {
        let claims = try #require(try JSONSerialization.jsonObject(with: try parts(try assertion().compact)[1])
            as? [String: Any])
        #expect(claims["aud"] as? String == audience.absoluteString)
        #expect(claims["iss"] as? String == "app-1")
        #expect(claims["sub"] as? String == "app-1")
        #expect(claims["jti"] as? String == "jti-1")
        #expect(claims["nbf"] as? Int == 1_750_000_000)
        #expect(claims["iat"] as? Int == 1_750_000_000)
        #expect(claims["exp"] as? Int == 1_750_000_300)
    }

    /// Verified with the public key openssl extracted from the certificate, not with the client's own parsing.
    @Test func signatureVerifiesWithTheCertificatesPublicKeyAsPSS() throws {
        let compact = try assertion().compact
        let signingInput = Array(compact[..<compact.lastIndex(of: ".")!].utf8)
        let signature = _RSA.Signing.RSASignature(rawRepresentation: try parts(compact)[2])
        let key = try _RSA.Signing.PublicKey(pemRepresentation: try Fixture.publicKey)
        #expect(key.isValidSignature(signature, for: SHA256.hash(data: signingInput), padding: .PSS))
        #expect(!key.isValidSignature(signature, for: SHA256.hash(data: signingInput), padding: .insecurePKCS1v1_5))
        var tampered = signingInput
        tampered[tampered.count - 1] ^= 1
        #expect(!key.isValidSignature(signature, for: SHA256.hash(data: tampered), padding: .PSS))
        let other = try _RSA.Signing.PrivateKey(pemRepresentation: try Fixture.otherPrivateKey).publicKey
        #expect(!other.isValidSignature(signature, for: SHA256.hash(data: signingInput), padding: .PSS))
    }

    @Test func eachAssertionHasItsOwnID() throws {
        let certificate = try ClientCertificate(certificatePEM: try Fixture.certificate,
                                                privateKeyPEM: try Fixture.privateKey)
        let first = try ClientAssertion(certificate: certificate, clientID: "a", audience: audience)
        let second = try ClientAssertion(certificate: certificate, clientID: "a", audience: audience)
        #expect(first.claims.jti != second.claims.jti)
    }
}
