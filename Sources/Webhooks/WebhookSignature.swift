import Crypto
import Domain
import Foundation

/// Standard Webhooks signatures (https://www.standardwebhooks.com, "Signature scheme"): HMAC-SHA256 with the
/// target's secret over `<webhook-id>.<webhook-timestamp>.<body>`, sent as `webhook-signature: v1,<base64>`.
/// Pure, so a notification channel can sign with it too.
public enum WebhookSignature {
    /// The three headers of one attempt. The timestamp is the attempt's (receivers refuse old ones), the id is
    /// the delivery's (the same on every retry).
    public static func headers(id: String, timestamp: Date, body: Data, secret: WebhookSecret) -> [(String, String)] {
        let seconds = String(Int64(timestamp.timeIntervalSince1970.rounded(.down)))
        return [("webhook-id", id), ("webhook-timestamp", seconds),
                ("webhook-signature", "v1," + signature(id: id, timestamp: seconds, body: body, secret: secret))]
    }

    /// The base64 HMAC-SHA256 of `id.timestamp.body`.
    public static func signature(id: String, timestamp: String, body: Data, secret: WebhookSecret) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: secret.key))
        return Data(mac).base64EncodedString()
    }

    /// What a receiver does: true when one of the space-separated `v1,` signatures matches (compared in constant
    /// time). Tests use it; the Python reference library checks the same bytes independently.
    public static func verify(id: String, timestamp: String, body: Data, signatures: String,
                              secret: WebhookSecret) -> Bool {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        let key = SymmetricKey(data: secret.key)
        for candidate in signatures.split(separator: " ") where candidate.hasPrefix("v1,") {
            guard let mac = Data(base64Encoded: String(candidate.dropFirst(3))) else { continue }
            if HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: signed, using: key) { return true }
        }
        return false
    }
}
