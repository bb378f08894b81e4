import Foundation

/// What the JSON of an answer depends on besides the records: where the simulator is (links and `@odata.context`
/// name it, as Graph's name graph.microsoft.com), how the request named the user, and the `IdType` preference.
struct ResponseContext: Sendable {
    /// `https://127.0.0.1:PORT/v1.0`.
    var serviceRoot: String
    /// The user path segment as the client wrote it (still percent-encoded), echoed in links.
    var userSegment: String
    var immutableIDs: Bool

    var metadata: String { "\(serviceRoot)/$metadata" }

    /// `users('alice%40contoso.com')`, the way `@odata.context` names a user.
    var contextUser: String {
        let decoded = userSegment.removingPercentEncoding ?? userSegment
        let encoded =
            decoded.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~")))
            ?? decoded
        return "users('\(encoded)')"
    }
}
