import Crypto
import Foundation

/// Encrypts secrets at rest (AES-GCM, 256-bit key). The key comes from `MAILSTREAM_SECRET_KEY` (base64) or from a
/// key file in the data folder, generated on first use with mode 0600.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// The key from the environment, else from `keyFile` (created when missing).
    /// - Throws: when the environment's key is not 32 bytes of base64, or the key file can't be read or written.
    public static func load(environment: [String: String], keyFile: URL) throws -> SecretBox {
        if let encoded = environment["MAILSTREAM_SECRET_KEY"] {
            guard let data = Data(base64Encoded: encoded), data.count == 32 else {
                throw StoreError.invalid("MAILSTREAM_SECRET_KEY must be 32 bytes, base64-encoded")
            }
            return SecretBox(key: SymmetricKey(data: data))
        }
        if let data = FileManager.default.contents(atPath: keyFile.path) {
            guard let decoded = Data(base64Encoded: data.trimmingASCIIWhitespace()), decoded.count == 32 else {
                throw StoreError.invalid("secret key file \(keyFile.path) is not 32 bytes of base64")
            }
            return SecretBox(key: SymmetricKey(data: decoded))
        }
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedData() }
        guard FileManager.default.createFile(atPath: keyFile.path, contents: encoded,
                                             attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.invalid("cannot write secret key file \(keyFile.path)")
        }
        return SecretBox(key: key)
    }

    public func seal(_ plaintext: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(plaintext.utf8), using: key).combined else {
            throw StoreError.invalid("cannot seal secret")
        }
        return combined
    }

    public func open(_ sealed: Data) throws -> String {
        let box = try AES.GCM.SealedBox(combined: sealed)
        return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
    }
}

extension Data {
    fileprivate func trimmingASCIIWhitespace() -> Data {
        Data(self.filter { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) })
    }
}
