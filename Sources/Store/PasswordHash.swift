import Crypto
import Foundation
import _CryptoExtras

/// A password kept as scrypt (RFC 7914) of it with a random salt, in the PHC string format
/// `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64 without padding), so that the algorithm's parameters and the salt
/// travel with the hash and can be raised later: a sign-in with weaker stored parameters than the current ones
/// rehashes (``needsRehash(current:)``). Comparison is in constant time. Hashing takes 128 MiB and a noticeable
/// time on purpose (OWASP's minimum for scrypt: N=2^17, r=8, p=1; 2.96 s in a debug build on a busy 2-core machine,
/// release not measured); callers run it off the cooperative pool.
public struct PasswordHash: Sendable, Equatable, CustomStringConvertible {
    /// scrypt's cost: N = 2^`logN` rounds of memory 128·r·N bytes, `parallelism` lanes.
    public struct Parameters: Sendable, Equatable {
        public var logN: Int
        public var blockSize: Int
        public var parallelism: Int

        public init(logN: Int, blockSize: Int, parallelism: Int) {
            self.logN = logN
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// What new hashes use.
        public static let `default` = Parameters(logN: 17, blockSize: 8, parallelism: 1)

        /// What a stored hash may ask for: a damaged or hostile row must not make a sign-in take gigabytes.
        var isWithinBounds: Bool {
            (10...20).contains(logN) && (1...32).contains(blockSize) && (1...4).contains(parallelism)
                && 128 * blockSize * (1 << logN) * parallelism <= 512 * 1_024 * 1_024
        }

        /// True when every cost is at least `other`'s.
        func isAtLeast(_ other: Parameters) -> Bool {
            logN >= other.logN && blockSize >= other.blockSize && parallelism >= other.parallelism
        }
    }

    public let parameters: Parameters
    let salt: [UInt8]
    let hash: [UInt8]

    static let saltLength = 16
    static let hashLength = 32

    /// Hashes `password` with a fresh random salt.
    public static func make(_ password: String, parameters: Parameters = .default) throws -> PasswordHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return PasswordHash(parameters: parameters, salt: salt,
                            hash: try derive(password, salt: salt, parameters: parameters))
    }

    /// Reads a stored string; nil for anything that isn't one this type wrote with parameters within bounds.
    public init?(_ stored: String) {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for pair in fields[2].split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let value = Int(parts[1]) else { return nil }
            values[String(parts[0])] = value
        }
        guard values.count == 3, let logN = values["ln"], let r = values["r"], let p = values["p"],
              let salt = Self.decode(fields[3]), let hash = Self.decode(fields[4]),
              salt.count >= 8, hash.count == Self.hashLength else { return nil }
        let parameters = Parameters(logN: logN, blockSize: r, parallelism: p)
        guard parameters.isWithinBounds else { return nil }
        self.init(parameters: parameters, salt: salt, hash: hash)
    }

    init(parameters: Parameters, salt: [UInt8], hash: [UInt8]) {
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }

    /// The string to store.
    public var encoded: String {
        "$scrypt$ln=\(parameters.logN),r=\(parameters.blockSize),p=\(parameters.parallelism)$"
            + Self.encode(salt) + "$" + Self.encode(hash)
    }

    /// Never the hash: a hash printed by accident is one an attacker can try guesses against offline.
    public var description: String { "scrypt password hash [redacted]" }

    /// True when `password` is the one hashed, compared in constant time.
    public func verify(_ password: String) -> Bool {
        guard let candidate = try? Self.derive(password, salt: salt, parameters: parameters) else { return false }
        return Self.constantTimeEqual(candidate, hash)
    }

    /// True when this hash was made with weaker parameters than `current`: re-hash at the next sign-in.
    public func needsRehash(current: Parameters = .default) -> Bool { !parameters.isAtLeast(current) }

    /// Spends the time a verification would, for a login that doesn't exist or has no password, so that the answer's
    /// timing doesn't tell which logins exist.
    public static func spendVerificationTime(_ password: String, parameters: Parameters = .default) {
        _ = try? derive(password, salt: [UInt8](repeating: 0, count: saltLength), parameters: parameters)
    }

    static func derive(_ password: String, salt: [UInt8], parameters: Parameters) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: hashLength,
                                           rounds: 1 << parameters.logN, blockSize: parameters.blockSize,
                                           parallelism: parameters.parallelism)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Equal lengths and bytes, looking at every byte whatever the first difference.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: Substring) -> [UInt8]? {
        var padded = String(text)
        while padded.count % 4 != 0 { padded += "=" }
        return Data(base64Encoded: padded).map(Array.init)
    }
}
