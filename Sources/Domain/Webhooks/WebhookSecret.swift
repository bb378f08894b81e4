import Crypto
import Foundation

/// A webhook target's signing secret in the Standard Webhooks form: `whsec_` and the base64 of 24 random bytes.
/// Shown once, when the target is created; rotating means creating the target again.
public struct WebhookSecret: Sendable, Equatable {
    /// The key bytes (what HMAC-SHA256 uses).
    public let key: Data

    public init(key: Data) {
        self.key = key
    }

    /// A new random secret.
    public static func generate() -> WebhookSecret {
        WebhookSecret(key: SymmetricKey(size: .bits192).withUnsafeBytes { Data($0) })
    }

    /// `whsec_<base64>`.
    public var text: String { "whsec_" + key.base64EncodedString() }

    /// Reads `whsec_<base64>` (or bare base64, as the reference libraries do); nil for anything else.
    public init?(text: String) {
        let encoded = text.hasPrefix("whsec_") ? String(text.dropFirst(6)) : text
        guard let key = Data(base64Encoded: encoded), !key.isEmpty else { return nil }
        self.key = key
    }
}
