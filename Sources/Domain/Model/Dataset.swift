import Foundation

/// Groups sources; streams read a dataset's comments.
public struct Dataset: Codable, Sendable, Equatable, Identifiable {
    /// A dataset groups at most this many sources (a stream reads them all at each call).
    public static let maximumSources = 256

    public var id: String
    public var owner: String
    public var name: String
    public var title: String
    public var description: String
    public var sourceIDs: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, owner: String, name: String, title: String = "", description: String = "",
                sourceIDs: [String] = [], createdAt: Date, updatedAt: Date) {
        self.id = id
        self.owner = owner
        self.name = name
        self.title = title
        self.description = description
        self.sourceIDs = sourceIDs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, owner, name, title, description
        case sourceIDs = "source_ids"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// A consumer's cursor over a dataset's comments (Communications Mining's stream, also called trigger).
public struct CommentStream: Sendable, Equatable, Identifiable {
    public var id: String
    public var datasetID: String
    public var name: String
    public var title: String
    /// Free text shown with the stream (Communications Mining's stream `description`).
    public var description: String
    /// The `comment_filter` as given, JSON; decoded by the API.
    public var filter: String
    /// Per source, the last sequence number the consumer advanced past.
    public var position: StreamPosition
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, datasetID: String, name: String, title: String = "", description: String = "",
                filter: String = "{}", position: StreamPosition = StreamPosition(), createdAt: Date, updatedAt: Date) {
        self.id = id
        self.datasetID = datasetID
        self.name = name
        self.title = title
        self.description = description
        self.filter = filter
        self.position = position
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Where a stream stands: for each source, the highest sequence number already delivered and advanced past.
/// Sequences increase on every insert or update of a comment of a source, so everything after the position is
/// what the consumer has not acknowledged. Encoded as an opaque token for `continuation`/`sequence_id`.
public struct StreamPosition: Sendable, Equatable, Codable {
    public var sequences: [String: Int64]

    public init(_ sequences: [String: Int64] = [:]) {
        self.sequences = sequences
    }

    public subscript(source: String) -> Int64 {
        get { sequences[source] ?? 0 }
        set { sequences[source] = newValue }
    }

    /// URL-safe base64 of compact JSON, so clients treat it as opaque.
    public var token: String {
        Base64URL.encode((try? JSONCoding.encoder().encode(sequences)) ?? Data("{}".utf8))
    }

    public init?(token: String) {
        guard let data = Base64URL.decode(token),
              let sequences = try? JSONDecoder().decode([String: Int64].self, from: data),
              sequences.values.allSatisfy({ $0 >= 0 }) else { return nil }
        self.sequences = sequences
    }
}

/// One batch of a stream: the matching comments after a position, and the position after them.
public struct StreamBatch: Sendable, Equatable {
    public var comments: [StoredComment]
    /// After every comment scanned for this batch, matching or not.
    public var next: StreamPosition
    /// True when more comments may follow `next`.
    public var moreResults: Bool
    /// Comments scanned but not matching the filter.
    public var filtered: Int

    public init(comments: [StoredComment], next: StreamPosition, moreResults: Bool, filtered: Int) {
        self.comments = comments
        self.next = next
        self.moreResults = moreResults
        self.filtered = filtered
    }
}
