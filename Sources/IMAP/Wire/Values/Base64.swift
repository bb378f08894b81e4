import Foundation

/// Standard base64 (RFC 4648 §4), as SASL exchanges use it (RFC 3501 §6.2.2).
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Nil when `text` is not base64; an empty text decodes to no bytes.
    static func decode(_ text: String) -> [UInt8]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return Data(base64Encoded: trimmed).map { Array($0) }
    }
}
