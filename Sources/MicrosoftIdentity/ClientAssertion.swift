import Domain
import Foundation

/// A client assertion: the JWT an application signs with its certificate instead of sending a client secret
/// (RFC 7523 §2.2; OpenID Connect `private_key_jwt`).
///
/// The format is Microsoft's "certificate credentials" (learn.microsoft.com/entra/identity-platform/
/// certificate-credentials, "Assertion format"): header `alg` PS256, `typ` JWT, `x5t#S256` the base64url SHA-256
/// thumbprint of the DER certificate (older versions of the page give RS256 with the SHA-1 `x5t`, which Entra ID
/// still takes; MSAL Node deprecates SHA-1 thumbprints for `fromCertificateWithSha256Thumbprint`); claims `aud`
/// the token endpoint URL, `iss` and `sub` the client id, `jti` a GUID,
/// `nbf` and `iat` now, `exp` a few minutes later ("5-10 minutes after nbf at most").
public struct ClientAssertion: Sendable, Equatable {
    public struct Header: Codable, Sendable, Equatable {
        public var alg: String
        public var typ: String
        public var x5tS256: String

        enum CodingKeys: String, CodingKey {
            case alg, typ
            case x5tS256 = "x5t#S256"
        }
    }

    public struct Claims: Codable, Sendable, Equatable {
        public var aud: String
        public var iss: String
        public var sub: String
        public var jti: String
        public var nbf: Int
        public var iat: Int
        public var exp: Int
    }

    /// How long an assertion is valid: short, since it travels once.
    public static let lifetime: TimeInterval = 5 * 60

    public let header: Header
    public let claims: Claims
    /// `base64url(header).base64url(claims).base64url(signature)` (RFC 7515 §7.1 compact serialization).
    public let compact: String

    /// Builds and signs an assertion.
    /// - Parameters:
    ///   - audience: the token endpoint the assertion is sent to.
    ///   - id: the `jti`; a fresh UUID by default.
    /// - Throws: `MailSourceError(.configuration)` when the key can't sign.
    public init(certificate: ClientCertificate, clientID: String, audience: URL, now: Date = Date(),
                id: String = UUID().uuidString.lowercased()) throws {
        let issued = Int(now.timeIntervalSince1970)
        header = Header(alg: "PS256", typ: "JWT", x5tS256: certificate.sha256Thumbprint)
        claims = Claims(aud: audience.absoluteString, iss: clientID, sub: clientID, jti: id, nbf: issued, iat: issued,
                        exp: issued + Int(Self.lifetime))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let signingInput: String
        do {
            signingInput = Base64URL.encode(try encoder.encode(header)) + "."
                + Base64URL.encode(try encoder.encode(claims))
        } catch {
            throw MailSourceError(.configuration, "cannot encode the client assertion", detail: "\(error)")
        }
        let signature: [UInt8]
        do {
            signature = try certificate.signPS256(Array(signingInput.utf8))
        } catch {
            throw MailSourceError(.configuration, "client_private_key cannot sign the client assertion")
        }
        compact = signingInput + "." + Base64URL.encode(signature)
    }
}
