import Foundation

/// Holds the raw emails synced by integrations (Communications Mining's bucket, `bucket_type: "emails"`).
public struct Bucket: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var owner: String
    public var name: String
    public var title: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, owner: String, name: String, title: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.owner = owner
        self.name = name
        self.title = title
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, owner, name, title
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// Holds comments; a source attached to a bucket gets that bucket's emails as comments.
public struct Source: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var owner: String
    public var name: String
    public var title: String
    public var description: String
    public var bucketID: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, owner: String, name: String, title: String = "", description: String = "",
                bucketID: String? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.owner = owner
        self.name = name
        self.title = title
        self.description = description
        self.bucketID = bucketID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, owner, name, title, description
        case bucketID = "bucket_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
