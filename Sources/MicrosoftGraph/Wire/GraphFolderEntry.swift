import Foundation

/// A mailFolder as `mailFolders/delta` returns it (learn.microsoft.com/graph/api/resources/mailfolder): only what
/// paths need.
public struct GraphFolderEntry: GraphEntry, Equatable {
    public var id: String
    public var displayName: String?
    public var parentFolderID: String?

    public init(id: String, displayName: String?, parentFolderID: String?) {
        self.id = id
        self.displayName = displayName
        self.parentFolderID = parentFolderID
    }

    public static func read(_ members: [String: Any]) -> Result<GraphFolderEntry, GraphWireError> {
        guard let id = members["id"] as? String, !id.isEmpty else { return .failure(GraphWireError("no id")) }
        return .success(GraphFolderEntry(id: id, displayName: members["displayName"] as? String,
                                         parentFolderID: members["parentFolderId"] as? String))
    }

    /// The properties asked for: the rest of a folder is not needed.
    static let select = "displayName,parentFolderId"
}

/// A message as `messages/delta` returns it with ``select``: its id, when it arrived, its read state.
public struct GraphMessageEntry: GraphEntry, Equatable {
    public var id: String
    public var receivedAt: Date?
    public var isRead: Bool?

    public init(id: String, receivedAt: Date?, isRead: Bool?) {
        self.id = id
        self.receivedAt = receivedAt
        self.isRead = isRead
    }

    public static func read(_ members: [String: Any]) -> Result<GraphMessageEntry, GraphWireError> {
        guard let id = members["id"] as? String, !id.isEmpty else { return .failure(GraphWireError("no id")) }
        // A date Graph wrote in a form this reader doesn't know is left out rather than losing the message: the
        // engine then takes the Date header.
        let received = (members["receivedDateTime"] as? String).flatMap(GraphDate.parse)
        return .success(GraphMessageEntry(id: id, receivedAt: received, isRead: members["isRead"] as? Bool))
    }

    /// The properties asked for: small, since each one changed is reported (and `isRead` is the only one kept).
    /// Changes to properties not selected are not reported, so a flag or category change costs nothing.
    static let select = "receivedDateTime,isRead"
}

/// Graph's `DateTimeOffset`s: ISO 8601 in UTC (`2026-03-02T10:00:00Z`), sometimes with fractions of a second.
public enum GraphDate {
    public static func parse(_ text: String) -> Date? {
        let withFractions = ISO8601DateFormatter()
        withFractions.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFractions.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }

    /// `2026-03-02T10:00:00Z`, for `$filter=receivedDateTime ge …`.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
