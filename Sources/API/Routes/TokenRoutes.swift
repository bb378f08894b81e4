import Domain
import Foundation
import Hummingbird
import Store

/// API tokens: list, create (the secret is in the answer once), revoke. Needs `tokens-admin`.
struct TokenRoutes {
    let store: any Store

    struct CreateBody: Decodable {
        var name: String
        var permissions: [String]
        var projects: [String]?
    }

    func add(to router: Router<APIContext>) {
        let tokens = router.group("api/v1/tokens")
        tokens.get { _, context in
            try context.require(.tokensAdmin)
            return try JSONBody.ok("tokens", try await store.tokens())
        }
        tokens.post { request, context in
            try context.require(.tokensAdmin)
            let body = try await JSONBody.decode(CreateBody.self, from: request, context: context)
            guard (1...64).contains(body.name.count) else {
                throw APIError(.badRequest, "must be 1-64 characters", field: "name")
            }
            let permissions = try Self.permissions(body.permissions)
            // A token can't hand out more than it holds.
            for permission in permissions where !(context.token?.permissions.contains(permission) ?? false) {
                throw APIError(.forbidden, "this token cannot grant \(permission.rawValue), which it lacks")
            }
            let (token, secret) = try await TokenSecrets.create(name: body.name, permissions: permissions,
                                                                projects: body.projects, in: store)
            return try JSONBody.ok(["token": token, "secret": secret], status: .created)
        }
        tokens.delete(":id") { _, context in
            try context.require(.tokensAdmin)
            try await store.deleteToken(id: try context.parameter("id"))
            return try JSONBody.ok()
        }
    }

    static func permissions(_ names: [String]) throws(APIError) -> [Permission] {
        guard !names.isEmpty else { throw APIError(.badRequest, "name at least one permission", field: "permissions") }
        var result: [Permission] = []
        for (index, name) in names.enumerated() {
            guard let permission = Permission(rawValue: name) else {
                throw APIError(.badRequest, "unknown permission \"\(name)\"; known: "
                    + Permission.allCases.map(\.rawValue).joined(separator: ", "), field: "permissions[\(index)]")
            }
            result.append(permission)
        }
        return result
    }
}
