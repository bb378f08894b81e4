import Foundation

/// A person (or the operator) who signs in to Mailstream and owns API tokens. Its permissions follow the tokens'
/// rules (``ProjectScoped``); its password is never part of this value: the store keeps only a slow salted hash of
/// it, apart.
public struct User: Codable, Sendable, Equatable, Identifiable, ProjectScoped {
    /// Stable and hex (the official client takes only hex user ids); notifications and tokens refer to it.
    public var id: String
    /// Unique ignoring ASCII case; see ``LoginName``.
    public var login: String
    /// Where notifications by email go; nil for the `admin` user an upgrade created, until someone sets it.
    public var email: String?
    public var displayName: String?
    public var permissions: [Permission]
    /// The projects (owners) the user is limited to; nil means every project.
    public var projects: [String]?
    /// True once the user has a password, so it can sign in (a user without one acts only through its tokens).
    public var hasPassword: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, login: String, email: String?, displayName: String? = nil, permissions: [Permission],
                projects: [String]? = nil, hasPassword: Bool = false, createdAt: Date, updatedAt: Date? = nil) {
        self.id = id
        self.login = login
        self.email = email
        self.displayName = displayName
        self.permissions = Array(Set(permissions)).sorted()
        self.projects = projects
        self.hasPassword = hasPassword
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// A new random user id: 16 lowercase hex digits.
    public static func newID() -> String {
        String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))
    }

    enum CodingKeys: String, CodingKey {
        case id, login, email, permissions, projects
        case displayName = "display_name"
        case hasPassword = "password_set"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
