import Crypto
import Domain
import Foundation
import SwiftASN1
import _CryptoExtras

/// An application's certificate credential: the X.509 certificate uploaded to the app registration and its RSA
/// private key, both PEM. Signs the client assertions of ``ClientAssertion``.
public struct ClientCertificate: Sendable {
    /// The certificate's DER encoding (what thumbprints hash).
    public let certificateDER: [UInt8]
    let privateKey: _RSA.Signing.PrivateKey

    /// - Parameters:
    ///   - certificatePEM: a `CERTIFICATE` PEM block (the first one is used when a chain is given).
    ///   - privateKeyPEM: the RSA key, PKCS#8 (`PRIVATE KEY`) or PKCS#1 (`RSA PRIVATE KEY`), unencrypted.
    /// - Throws: `MailSourceError(.configuration)` when either can't be read, the key is not RSA of at least
    ///   2048 bits, or the key doesn't belong to the certificate. The error never holds key material.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        guard let der = Self.pemBlock("CERTIFICATE", in: certificatePEM) else {
            throw MailSourceError(.configuration, "client_certificate is not a PEM certificate")
        }
        let certificateKey: _RSA.Signing.PublicKey
        do {
            certificateKey = try _RSA.Signing.PublicKey(derRepresentation: try Self.subjectPublicKeyInfo(of: der))
        } catch {
            throw MailSourceError(.configuration, "client_certificate does not hold an RSA public key")
        }
        do {
            privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        } catch {
            throw MailSourceError(.configuration,
                                  "client_private_key is not an unencrypted RSA private key of 2048 bits or more")
        }
        guard privateKey.publicKey.derRepresentation == certificateKey.derRepresentation else {
            throw MailSourceError(.configuration, "client_private_key does not belong to client_certificate")
        }
        certificateDER = der
    }

    /// Base64url SHA-256 of the DER certificate: the JWS `x5t#S256` header (RFC 7515 §4.1.8).
    public var sha256Thumbprint: String { Base64URL.encode(SHA256.hash(data: certificateDER)) }

    /// Base64url SHA-1 of the DER certificate: the JWS `x5t` header (RFC 7515 §4.1.7).
    public var sha1Thumbprint: String { Base64URL.encode(Insecure.SHA1.hash(data: certificateDER)) }

    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt: JWS `PS256` (RFC 7518 §3.5).
    func signPS256(_ input: [UInt8]) throws -> [UInt8] {
        Array(try privateKey.signature(for: SHA256.hash(data: input), padding: .PSS).rawRepresentation)
    }

    /// The DER bytes of the first `-----BEGIN label-----` block of a PEM text (RFC 7468).
    public static func pemBlock(_ label: String, in text: String) -> [UInt8]? {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
        else { return nil }
        let base64 = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(base64)), !data.isEmpty else { return nil }
        return Array(data)
    }

    /// The `subjectPublicKeyInfo` of a DER certificate (RFC 5280 §4.1): the sixth field of `tbsCertificate`, or
    /// the seventh when the explicit `[0] version` comes first.
    public static func subjectPublicKeyInfo(of certificate: [UInt8]) throws -> ArraySlice<UInt8> {
        let fields = try tbsFields(of: certificate)
        guard fields.count > 5, fields[5].identifier == .sequence else {
            throw ASN1Error.invalidASN1Object(reason: "no subjectPublicKeyInfo")
        }
        return fields[5].encodedBytes
    }

    /// The fields of a DER certificate's `tbsCertificate` (RFC 5280 §4.1) from `serialNumber` on: the explicit
    /// `[0] version`, when present, is left out, so `serialNumber` is always the first.
    static func tbsFields(of certificate: [UInt8]) throws -> [ASN1Node] {
        let root = try DER.parse(certificate)
        guard case .constructed(let certificateFields) = root.content,
              let tbs = certificateFields.first(where: { _ in true }),
              case .constructed(let tbsFields) = tbs.content
        else { throw ASN1Error.invalidASN1Object(reason: "not a certificate") }
        var fields = Array(tbsFields)
        if let first = fields.first, first.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            fields.removeFirst()
        }
        return fields
    }
}
