import Domain
import Foundation
import Hummingbird
import Store

/// API tokens: list, create (the secret is in the answer once), revoke. Needs `tokens-admin`, and reaches only the
/// tokens within the caller's projects (see ``ProjectScoped``): a token limited to projects can't mint a token
/// beyond them, nor see or revoke the administrator's. A new token belongs to the caller's user and carries at most
/// what the caller holds (so at most what the user holds).
struct TokenRoutes {
    let store: any Store
    /// A token may be limited to at most this many projects.
    static let maximumProjects = 256

    struct CreateBody: Decodable {
        var name: String
        var permissions: [String]
        var projects: [String]?
    }

    func add(to router: Router<APIContext>) {
        let tokens = router.group("api/v1/tokens")
        tokens.get { _, context in
            try context.require(.tokensAdmin)
            let caller = try context.authenticatedCaller()
            return try JSONBody.ok("tokens", try await store.tokens().filter { caller.access.reaches($0) })
        }
        tokens.post { request, context in
            try context.require(.tokensAdmin)
            let caller = try context.authenticatedCaller()
            let body = try await JSONBody.decode(CreateBody.self, from: request, context: context)
            if let problem = TextLimit.tokenName.problem(body.name) {
                throw APIError(.badRequest, problem, field: "name")
            }
            let permissions = try Self.permissions(body.permissions)
            let projects = try Self.projects(body.projects)
            if let problem = caller.access.grantProblem(permissions: permissions, projects: projects,
                                                        subject: caller.subject) {
                throw APIError(.forbidden, problem)
            }
            let (token, secret) = try await TokenSecrets.create(name: body.name, permissions: permissions,
                                                                projects: projects, userID: caller.user.id, in: store)
            return try JSONBody.ok(["token": token, "secret": secret], status: .created)
        }
        tokens.delete(":id") { _, context in
            try context.require(.tokensAdmin)
            let caller = try context.authenticatedCaller()
            let id = try context.parameter("id")
            // A token out of the caller's reach is answered as one that doesn't exist.
            guard let token = try await store.tokens().first(where: { $0.id == id }), caller.access.reaches(token)
            else {
                throw APIError.notFound("token \(id)")
            }
            try await store.deleteToken(id: id)
            return try JSONBody.ok()
        }
    }

    static func permissions(_ names: [String]) throws(APIError) -> [Permission] {
        guard !names.isEmpty else { throw APIError(.badRequest, "name at least one permission", field: "permissions") }
        var result: [Permission] = []
        for (index, name) in names.enumerated() {
            guard let permission = Permission(rawValue: name) else {
                let shown = name.unicodeScalars.count > 40 ? String(name.unicodeScalars.prefix(40)) + "…" : name
                throw APIError(.badRequest, "unknown permission \"\(shown)\"; known: "
                    + Permission.allCases.map(\.rawValue).joined(separator: ", "), field: "permissions[\(index)]")
            }
            if !result.contains(permission) { result.append(permission) }
        }
        return result
    }

    /// The projects a new token is limited to: nil (every project), or 1-256 distinct valid names.
    static func projects(_ names: [String]?) throws(APIError) -> [String]? {
        guard let names else { return nil }
        guard !names.isEmpty else {
            throw APIError(.badRequest, "name at least one project, or leave projects out for every project",
                           field: "projects")
        }
        guard names.count <= maximumProjects else {
            throw APIError(.badRequest, "at most \(maximumProjects) projects", field: "projects")
        }
        var result: [String] = []
        for (index, name) in names.enumerated() {
            try checkName(name, field: "projects[\(index)]")
            if !result.contains(name) { result.append(name) }
        }
        return result
    }
}
