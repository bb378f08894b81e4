import Foundation

/// What an API token may do: Communications Mining's project permissions, plus `tokens-admin` for managing
/// tokens (the product manages users instead).
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
public struct APIToken: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var permissions: [Permission]
    /// The projects (owners) the token is limited to; nil means every project.
    public var projects: [String]?
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: String, name: String, permissions: [Permission], projects: [String]? = nil, createdAt: Date,
                lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.permissions = Array(Set(permissions)).sorted()
        self.projects = projects
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }

    /// True when the token holds `permission` for objects of `project` (any project when nil).
    public func allows(_ permission: Permission, project: String? = nil) -> Bool {
        guard permissions.contains(permission) else { return false }
        guard let project, let projects else { return true }
        return projects.contains(project)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, permissions, projects
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
    }
}
