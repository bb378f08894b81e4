import Foundation

/// What an API token or a user may do: Communications Mining's project permissions, plus `tokens-admin` for
/// managing tokens (and, held on every project, users and global settings).
public enum Permission: String, Codable, Sendable, CaseIterable, Comparable {
    case integrationsRead = "integrations-read"
    case integrationsWrite = "integrations-write"
    case bucketsRead = "buckets-read"
    case bucketsWrite = "buckets-write"
    case bucketsItemsRead = "buckets-items-read"
    case bucketsAppend = "buckets-append"
    case sourcesRead = "sources-read"
    case sourcesReadSensitive = "sources-read-sensitive"
    case sourcesAddComments = "sources-add-comments"
    case sourcesAdmin = "sources-admin"
    case triggersRead = "triggers-read"
    case triggersWrite = "triggers-write"
    case triggersConsume = "triggers-consume"
    case triggersAdmin = "triggers-admin"
    case tokensAdmin = "tokens-admin"

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A bearer token of the API. The secret itself is shown once at creation and stored only as a SHA-256 hash.
/// A token belongs to a user and carries at most that user's permissions and projects (the store checks it).
public struct APIToken: Codable, Sendable, Equatable, Identifiable, ProjectScoped {
    public var id: String
    public var name: String
    /// The ``User`` the token acts for.
    public var userID: String
    public var permissions: [Permission]
    /// The projects (owners) the token is limited to; nil means every project.
    public var projects: [String]?
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: String, name: String, userID: String, permissions: [Permission], projects: [String]? = nil,
                createdAt: Date, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.userID = userID
        self.permissions = Array(Set(permissions)).sorted()
        self.projects = projects
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, permissions, projects
        case userID = "user_id"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
    }
}
