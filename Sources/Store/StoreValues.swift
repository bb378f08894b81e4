import Domain
import Foundation

/// What a comment sync through the API did (Communications Mining's answer fields).
public struct CommentSyncCounts: Sendable, Equatable, Codable {
    public var new = 0
    public var updated = 0
    public var unchanged = 0
    public var updatedPropertiesOnly = 0
    public var updatedTextChanged = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case new, updated, unchanged
        case updatedPropertiesOnly = "updated_properties_only"
        case updatedTextChanged = "updated_text_changed"
    }
}

/// Where a copy of an email is on a server.
public struct EmailLocation: Sendable, Equatable, Hashable {
    public var mailboxID: String
    public var folder: String
    public var serverID: String

    public init(mailboxID: String, folder: String, serverID: String) {
        self.mailboxID = mailboxID
        self.folder = folder
        self.serverID = serverID
    }
}

/// An attachment read back by reference.
public struct StoredAttachment: Sendable, Equatable {
    public var sourceID: String
    public var name: String
    public var contentType: String
    public var content: [UInt8]

    public init(sourceID: String, name: String, contentType: String, content: [UInt8]) {
        self.sourceID = sourceID
        self.name = name
        self.contentType = contentType
        self.content = content
    }
}

/// A limit on how much the service holds (Communications Mining's quotas).
public struct Quota: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case comments, integrations, buckets, sources
    }

    public var kind: Kind
    public var hardLimit: Int?
    public var currentUsage: Int

    public init(kind: Kind, hardLimit: Int?, currentUsage: Int) {
        self.kind = kind
        self.hardLimit = hardLimit
        self.currentUsage = currentUsage
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case hardLimit = "hard_limit"
        case currentUsage = "current_max_usage"
    }
}

/// A raw email of a bucket, with where it was last seen.
public struct StoredEmail: Sendable, Equatable {
    /// The comment id it gives.
    public var id: String
    public var raw: [UInt8]
    public var mailbox: String?
    /// The folder path joined with "/".
    public var folder: String?
    public var receivedAt: Date?
    /// The read state last reported by the mailbox it was synced from; nil when never reported.
    public var isRead: Bool?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, raw: [UInt8], mailbox: String?, folder: String?, receivedAt: Date?, isRead: Bool? = nil,
                createdAt: Date, updatedAt: Date) {
        self.isRead = isRead
        self.id = id
        self.raw = raw
        self.mailbox = mailbox
        self.folder = folder
        self.receivedAt = receivedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
