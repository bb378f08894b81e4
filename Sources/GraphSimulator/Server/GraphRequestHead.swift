import Foundation

/// What the Graph endpoints read of a request besides its body.
struct GraphRequestHead: Sendable {
    var method: String
    /// The path as received, percent-encoding kept (`/v1.0/users/alice%40contoso.com/mailFolders`).
    var rawPath: String
    var query: String?
    var authorization: String?
    /// Every `Prefer` header value.
    var prefer: [String]
    var clientRequestID: String?
    /// `https://127.0.0.1:PORT`: where links point.
    var origin: String

    var target: String { query.map { "\(rawPath)?\($0)" } ?? rawPath }

    /// The preferences of the `Prefer` headers (RFC 7240), split at commas.
    var preferences: [String] {
        prefer.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// `Prefer: IdType="ImmutableId"` (learn.microsoft.com/graph/outlook-immutable-id).
    var wantsImmutableIDs: Bool {
        preferences.contains { preference in
            let parts = preference.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            return parts.count == 2 && parts[0].caseInsensitiveCompare("IdType") == .orderedSame
                && parts[1].caseInsensitiveCompare("ImmutableId") == .orderedSame
        }
    }

    /// `Prefer: odata.maxpagesize=N`.
    var maxPageSize: Int? {
        for preference in preferences {
            let parts = preference.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].lowercased() == "odata.maxpagesize", let size = Int(parts[1]), size > 0 {
                return size
            }
        }
        return nil
    }
}
