import Foundation
import Synchronization

/// The committed test application: a self-signed RSA-2048 certificate and its key, made once with
/// `openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=mailstream-test-app -sha256`; the PKCS#1 copy with
/// `openssl rsa -traditional`, the public key with `openssl x509 -pubkey`, and an unrelated key with
/// `openssl genrsa 2048`.
enum Fixture {
    static func text(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    static var certificate: String { get throws { try text("app-certificate") } }
    static var privateKey: String { get throws { try text("app-private-key") } }
    static var privateKeyPKCS1: String { get throws { try text("app-private-key-pkcs1") } }
    static var publicKey: String { get throws { try text("app-public-key") } }
    static var otherPrivateKey: String { get throws { try text("other-private-key") } }

    /// `openssl x509 -in app-certificate.pem -noout -fingerprint -sha1` and `-sha256`.
    static let sha1Fingerprint = "D5:26:42:3E:A7:51:DC:97:7B:47:AF:E8:B7:B2:29:39:77:AE:61:26"
    static let sha256Fingerprint =
        "39:5D:76:8E:26:92:AB:73:E4:7D:1F:FD:53:9E:8B:1C:59:BB:DB:E4:ED:CC:06:C1:91:22:26:E2:BC:58:2F:73"

    static func bytes(fingerprint: String) -> [UInt8] {
        fingerprint.split(separator: ":").compactMap { UInt8($0, radix: 16) }
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
