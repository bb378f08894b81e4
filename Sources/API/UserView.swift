import Domain
import Foundation

/// A user as the product's `User`: `id`, `username` (the login), `email` (`""` while it has none), `created`, and
/// `verified`, true once the user has a password and so can sign in. Permissions keep Mailstream's names
/// (`sources-read`, `triggers-consume`, …): per project in `organisation_permissions` (the user's projects, or, for a
/// user without a limit, every project that exists now), and `tokens-admin` of a user without a project limit in
/// `global_permissions`. Additions: `display_name`, `permissions` (the flat list), `project_limit` (null when the
/// user reaches every project, present and future) and `updated`. Never a password or its hash.
struct UserView: Encodable {
    let user: User
    let projects: [String]

    enum Key: String, CodingKey {
        case id, username, email, created, updated, verified, permissions
        case displayName = "display_name"
        case globalPermissions = "global_permissions", organisationPermissions = "organisation_permissions"
        case ssoGlobalPermissions = "sso_global_permissions", projectLimit = "project_limit"
    }

    /// The permissions listed as global: `tokens-admin` of a user without a project limit.
    static func global(_ holder: some ProjectScoped) -> [Permission] {
        holder.isUnscoped ? holder.permissions.filter { $0 == .tokensAdmin } : []
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(user.id, forKey: .id)
        try container.encode(user.login, forKey: .username)
        try container.encode(user.email ?? "", forKey: .email)
        try container.encode(user.displayName, forKey: .displayName)
        try container.encode(user.createdAt, forKey: .created)
        try container.encode(user.updatedAt, forKey: .updated)
        try container.encode(user.hasPassword, forKey: .verified)
        let global = Self.global(user)
        let perProject = user.permissions.filter { !global.contains($0) }.map(\.rawValue)
        try container.encode(global.map(\.rawValue), forKey: .globalPermissions)
        let organisation = perProject.isEmpty ? [:]
            : Dictionary(projects.map { ($0, perProject) }, uniquingKeysWith: { first, _ in first })
        try container.encode(organisation, forKey: .organisationPermissions)
        try container.encode([String](), forKey: .ssoGlobalPermissions)
        try container.encode(user.permissions.map(\.rawValue), forKey: .permissions)
        try container.encode(user.projects, forKey: .projectLimit)
    }
}
