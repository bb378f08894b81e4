import Crypto

/// The TLS channel an NTLM exchange is bound to (Extended Protection for Authentication).
///
/// The client puts `MD5(gss_channel_bindings_struct)` in the MsvAvChannelBindings AV pair ([MS-NLMP] 2.2.2.1,
/// RFC 2744 3.11), with empty initiator and acceptor addresses and the RFC 5929 "tls-server-end-point"
/// application data: the prefix and a hash of the server's certificate as the client saw it. A TLS-terminating
/// proxy presents another certificate, so the server sees a hash that isn't its own and refuses the login.
public struct NTLMChannelBinding: Sendable, Hashable {
    /// The hash of the certificate for "tls-server-end-point" (RFC 5929 section 4.1): the certificate's
    /// signature hash, except that MD5 and SHA-1 are replaced by SHA-256.
    public enum CertificateHash: Sendable, Hashable {
        /// For certificates signed with SHA-256, SHA-1 or MD5 (nearly all of them).
        case sha256
        /// For certificates signed with SHA-384.
        case sha384
        /// For certificates signed with SHA-512.
        case sha512
    }

    /// The "tls-server-end-point:" prefix followed by the certificate hash.
    public let applicationData: [UInt8]

    private static let prefix = Array("tls-server-end-point:".utf8)

    /// Binds to the server certificate (DER bytes, as the TLS layer received them), hashed with `hash`: by
    /// default the one RFC 5929 §4.1 prescribes for the certificate's signature algorithm.
    public init(serverCertificateDER certificate: [UInt8], hash: CertificateHash? = nil) {
        let digest: [UInt8] = switch hash ?? CertificateHash(signatureAlgorithmOf: certificate) {
        case .sha256: Array(SHA256.hash(data: certificate))
        case .sha384: Array(SHA384.hash(data: certificate))
        case .sha512: Array(SHA512.hash(data: certificate))
        }
        self.init(certificateHash: digest)
    }

    /// Binds to a certificate hash computed elsewhere.
    public init(certificateHash: [UInt8]) {
        applicationData = Self.prefix + certificateHash
    }

    /// The MsvAvChannelBindings value: MD5 of the gss_channel_bindings_struct, whose five fields
    /// (initiator_addrtype, initiator_address length, acceptor_addrtype, acceptor_address length,
    /// application_data length) are 32-bit little-endian, the address fields all zero.
    package var hash: [UInt8] {
        var writer = NTLMByteWriter()
        writer.appendZeros(16)
        writer.append(UInt32(truncatingIfNeeded: applicationData.count))
        writer.append(applicationData)
        return NTLMCrypto.md5(writer.bytes)
    }

    /// What a client without channel binding information sends, and what servers read as "not bound".
    package static let unbound = [UInt8](repeating: 0, count: 16)
}
