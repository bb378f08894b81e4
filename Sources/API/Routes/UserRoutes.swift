import Domain
import Foundation
import Hummingbird
import Store

/// The product's user calls, answered from API tokens until Mailstream has users of its own: each token is a
/// synthetic user (see ``UserView``). `GET /auth/user` is the calling token, which the official client reads
/// before every command; `POST /auth/refresh-user-permissions` has nothing to refresh (a token's permissions are
/// read at each call) and says so by leaving `permissions_refreshed` out. `GET /api/_private/users[/<id>]` lists the
/// caller and, with `tokens-admin`, the tokens it reaches (as `GET /api/v1/tokens` does).
struct UserRoutes {
    let store: any Store

    func add(to router: Router<APIContext>) {
        router.get("auth/user") { _, context in
            let token = try context.authenticatedToken()
            return try JSONBody.ok("user", UserView(token: token, projects: try await projects(for: token)))
        }
        router.post("auth/refresh-user-permissions") { request, context in
            _ = try context.authenticatedToken()
            // The client sends `{}`; anything but an object (or nothing) is a malformed request.
            _ = try await JSONBody.decode(NoFields.self, from: request, context: context)
            return try JSONBody.ok()
        }
        router.get("api/_private/users") { _, context in
            var users: [UserView] = []
            for token in try await visibleTokens(context) {
                users.append(UserView(token: token, projects: try await projects(for: token)))
            }
            return try JSONBody.ok("users", users)
        }
        router.get("api/_private/users/:id") { _, context in
            let id = try context.parameter("id")
            // One out of reach is answered as one that doesn't exist, as for tokens.
            guard let token = try await visibleTokens(context).first(where: { $0.id == id }) else {
                throw APIError.notFound("user \(id.prefix(64))")
            }
            return try JSONBody.ok("user", UserView(token: token, projects: try await projects(for: token)))
        }
    }

    /// The caller, and with `tokens-admin` every token it reaches.
    private func visibleTokens(_ context: APIContext) async throws -> [APIToken] {
        let caller = try context.authenticatedToken()
        guard caller.allows(.tokensAdmin) else { return [caller] }
        return try await store.tokens().filter(caller.reaches)
    }

    /// The projects a token's permissions are listed for: its own limit, or every project that has something.
    private func projects(for token: APIToken) async throws -> [String] {
        if let projects = token.projects { return projects }
        var owners = Set(try await store.buckets().map(\.owner))
        owners.formUnion(try await store.sources().map(\.owner))
        owners.formUnion(try await store.datasets().map(\.owner))
        return owners.sorted()
    }
}

/// A body that must be a JSON object, whatever it holds. (A synthesized `init(from:)` of a struct without fields
/// reads nothing, so it would take an array or a number too.)
struct NoFields: Decodable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: AnyKey.self)
    }
}

/// An API token as the product's `User`: `id` the token's id, `username` its name, `email` empty, `created` its
/// creation. Permissions are the token's own names (`sources-read`, `triggers-consume`, …): per project in
/// `organisation_permissions` (its projects, or, for a token without a limit, every project that exists now), and
/// `tokens-admin` of a token without a project limit in `global_permissions`. `project_limit` (an addition) is the
/// token's limit, null when it reaches every project, present and future.
struct UserView: Encodable {
    let token: APIToken
    let projects: [String]

    enum Key: String, CodingKey {
        case id, username, email, created, verified
        case globalPermissions = "global_permissions", organisationPermissions = "organisation_permissions"
        case ssoGlobalPermissions = "sso_global_permissions", projectLimit = "project_limit"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(token.id, forKey: .id)
        try container.encode(token.name, forKey: .username)
        try container.encode("", forKey: .email)
        try container.encode(token.createdAt, forKey: .created)
        try container.encode(true, forKey: .verified)
        let global = token.isUnscoped ? token.permissions.filter { $0 == .tokensAdmin } : []
        let perProject = token.permissions.filter { !global.contains($0) }.map(\.rawValue)
        try container.encode(global.map(\.rawValue), forKey: .globalPermissions)
        let organisation = perProject.isEmpty ? [:]
            : Dictionary(projects.map { ($0, perProject) }, uniquingKeysWith: { first, _ in first })
        try container.encode(organisation, forKey: .organisationPermissions)
        try container.encode([String](), forKey: .ssoGlobalPermissions)
        try container.encode(token.projects, forKey: .projectLimit)
    }
}
