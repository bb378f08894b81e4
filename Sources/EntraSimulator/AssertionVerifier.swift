import Crypto
import Domain
import Foundation
import MicrosoftIdentity
import _CryptoExtras

/// Checks a client assertion as Entra ID does (learn.microsoft.com/entra/identity-platform/certificate-credentials):
/// a JWT signed by the registered certificate's key, PS256 with `x5t#S256` or RS256 with `x5t` (or `x5t#S256`)
/// naming that certificate, `aud` the token endpoint, `iss` and `sub` the client id, and now between `nbf` and
/// `exp` (with five minutes of skew). Written apart from the product's assertion code, so one's mistake doesn't
/// hide the other's.
public struct AssertionVerifier: Sendable {
    private struct Header: Decodable {
        var alg: String
        var x5t: String?
        var x5tS256: String?

        enum CodingKeys: String, CodingKey {
            case alg, x5t
            case x5tS256 = "x5t#S256"
        }
    }

    private struct Claims: Decodable {
        var aud: String
        var iss: String
        var sub: String
        var nbf: Double?
        var exp: Double
    }

    /// Clock skew Entra ID tolerates.
    public static let skew: TimeInterval = 5 * 60

    public let certificatePEM: String?
    public let clientID: String
    public let audience: String

    public init(certificatePEM: String?, clientID: String, audience: String) {
        self.certificatePEM = certificatePEM
        self.clientID = clientID
        self.audience = audience
    }

    /// - Throws: the refusal with the AADSTS code Entra answers with.
    public func verify(_ assertion: String, now: Date) throws(EntraError) {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]),
            let claimsData = Base64URL.decode(parts[1]), let signature = Base64URL.decode(parts[2]),
            let header = try? JSONDecoder().decode(Header.self, from: Data(headerData)),
            let claims = try? JSONDecoder().decode(Claims.self, from: Data(claimsData))
        else { throw EntraError(.invalidRequest, 50027, "JWT token is invalid or malformed.") }
        let keyNotFound = "Client assertion contains an invalid signature. [Reason - The key was not found."
        guard let certificatePEM, let der = ClientCertificate.pemBlock("CERTIFICATE", in: certificatePEM) else {
            throw EntraError(.invalidClient, 700_027, keyNotFound + "]")
        }
        let sha256 = Base64URL.encode(SHA256.hash(data: der))
        let sha1 = Base64URL.encode(Insecure.SHA1.hash(data: der))
        // MSAL Python (under azure-identity) writes thumbprints with base64's `=` padding; Entra takes both forms.
        let x5tS256 = header.x5tS256.map { $0.trimmingCharacters(in: ["="]) }
        let x5t = header.x5t.map { $0.trimmingCharacters(in: ["="]) }
        let padding: _RSA.Signing.Padding
        switch header.alg {
        case "PS256" where x5tS256 == sha256:
            padding = .PSS
        case "RS256" where x5tS256 == sha256 || x5t == sha1:
            padding = .insecurePKCS1v1_5
        case "PS256", "RS256":
            throw EntraError(.invalidClient, 700_027, keyNotFound + ", Thumbprint of key used by client: '"
                + (header.x5tS256 ?? header.x5t ?? "") + "']")
        default:
            throw EntraError(.invalidRequest, 50027, "JWT token is invalid or malformed: '\(header.alg)' is not a "
                + "supported signature algorithm.")
        }
        guard let key = try? _RSA.Signing.PublicKey(derRepresentation: ClientCertificate.subjectPublicKeyInfo(of: der)),
            key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature),
                for: SHA256.hash(data: Array("\(parts[0]).\(parts[1])".utf8)), padding: padding)
        else {
            throw EntraError(.invalidClient, 700_027, "Client assertion contains an invalid signature. [Reason - "
                + "The provided signature value did not match the expected signature value.]")
        }
        guard claims.iss == clientID, claims.sub == clientID else {
            throw EntraError(.invalidClient, 700_021, "Client assertion application identifier doesn't match "
                + "'client_id' parameter.")
        }
        guard claims.aud == audience else {
            throw EntraError(.invalidClient, 700_023, "Client assertion audience claim does not match Realm issuer.")
        }
        let time = now.timeIntervalSince1970
        guard time < claims.exp + Self.skew, (claims.nbf ?? 0) <= time + Self.skew else {
            throw EntraError(.invalidClient, 700_024, "Client assertion is not within its valid time range.")
        }
    }
}
