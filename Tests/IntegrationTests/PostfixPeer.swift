import Foundation
import Testing

/// The Postfix that `scripts/test` starts (scripts/peers/postfix), relaying to the test Dovecot's LMTP.
struct PostfixPeer: Sendable {
    let host: String
    let port: Int
    let caFile: String

    static let shared: PostfixPeer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["MAILSTREAM_POSTFIX_HOST"],
              let port = environment["MAILSTREAM_POSTFIX_PORT"].flatMap(Int.init),
              let caFile = environment["MAILSTREAM_POSTFIX_CA_FILE"] else { return nil }
        return PostfixPeer(host: host, port: port, caFile: caFile)
    }()

    /// Postfix and Dovecot are required in CI; elsewhere the tests say they are missing.
    static let available = (shared != nil && DovecotPeer.shared != nil)
        || ProcessInfo.processInfo.environment["CI"] != nil
    static let missing = Testing.Comment(rawValue: "Postfix or Dovecot not running: run scripts/test, which starts "
        + "both (scripts/peers/dovecot, then scripts/peers/postfix)")
}
