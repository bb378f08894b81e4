import EWSSimulator
import Foundation
import Testing

/// Throwaway HTTPS certificates for the simulator: self-signed, for 127.0.0.1 (subjectAltName IP:127.0.0.1),
/// generated once with openssl and committed, valid until 2126. Committed rather than made at test time so the
/// tests need no openssl binary and every run sees the same bytes (the channel binding is a hash of them); the
/// keys protect nothing.
///
/// ```
/// openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=127.0.0.1 \
///     -addext subjectAltName=IP:127.0.0.1 -keyout simulator-ec-key.pem -out simulator-ec-certificate.pem
/// openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 36500 -subj /CN=127.0.0.1 \
///     -addext subjectAltName=IP:127.0.0.1 -keyout simulator-rsa-key.pem -out simulator-rsa-certificate.pem
/// openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -sha384 -nodes -days 36500 -subj /CN=127.0.0.1 \
///     -addext subjectAltName=IP:127.0.0.1 -keyout simulator-p384-key.pem -out simulator-p384-certificate.pem
/// ```
enum SimulatorCertificate: String, CaseIterable, Sendable {
    /// P-256 key, signed ecdsa-with-SHA256.
    case ecdsaP256 = "simulator-ec"
    /// RSA 2048 key, signed sha256WithRSAEncryption.
    case rsa = "simulator-rsa"
    /// P-384 key, signed ecdsa-with-SHA384: "tls-server-end-point" is then a SHA-384 hash (RFC 5929 §4.1).
    case ecdsaP384 = "simulator-p384"

    /// The certificate file, for an integration's `ca_file` (a self-signed certificate is its own CA).
    var certificatePath: String {
        get throws { try Self.path(of: "\(rawValue)-certificate") }
    }

    var certificatePEM: String {
        get throws { try String(contentsOfFile: certificatePath, encoding: .utf8) }
    }

    /// As `openssl x509 -noout -fingerprint -sha256` prints it for the committed file.
    var sha256Fingerprint: String {
        switch self {
        case .ecdsaP256:
            "09:9C:92:59:9D:66:19:16:AD:CE:16:DC:76:F2:82:80:A4:30:5E:F8:77:B1:16:70:58:1B:3D:E8:D2:FA:89:97"
        case .rsa:
            "BE:40:94:21:1C:3F:0D:68:F1:A0:36:AC:19:40:3D:C0:76:31:3D:21:18:3A:11:2C:CC:24:9C:B2:1C:AF:22:DD"
        case .ecdsaP384:
            "9B:03:0E:6E:17:B6:23:3E:8C:F1:20:EB:4E:3F:BD:C7:CC:0E:14:A9:03:76:BA:FF:C7:4C:BB:F8:81:F9:A2:3B"
        }
    }

    /// What the simulator serves HTTPS with.
    var tls: EWSSimulatorConfiguration.TLS {
        get throws {
            EWSSimulatorConfiguration.TLS(
                certificateChainPEM: try certificatePEM,
                privateKeyPEM: try String(contentsOfFile: try Self.path(of: "\(rawValue)-key"), encoding: .utf8))
        }
    }

    private static func path(of name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Fixtures")).path
    }
}
