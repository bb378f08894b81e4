import Domain
import Foundation
import Hummingbird
import Logging
import Store

/// Finds who a request acts for, everywhere but the open paths: `Authorization: Bearer <token>` (the token's user,
/// within the token's permissions), or else the session cookie of a signed-in browser. A request made with the
/// cookie that may change something (any method but GET, HEAD and OPTIONS) must carry the session's CSRF token in
/// `X-CSRF-Token`: another site can make a browser send the cookie, but can't read the token to send with it.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let store: any Store
    let sessions: SessionPolicy
    /// The notification route is open because Graph can't send a token; its bodies carry a per-subscription secret.
    static let openPaths: Set<String> = ["/healthz", "/metrics", "/api/openapi.json", "/api/_private/login",
                                         ChangeNotificationRoutes.path]
    static let safeMethods: Set<HTTPRequest.Method> = [.get, .head, .options]

    func handle(_ request: Request, context: APIContext,
                next: (Request, APIContext) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        var context = context
        if let header = request.headers[.authorization] {
            context.caller = try await bearer(header)
        } else if let secret = request.cookies[sessions.cookieName]?.value, !secret.isEmpty {
            let caller = try await session(secret)
            if !Self.safeMethods.contains(request.method) {
                try Self.checkCSRF(request.headers[.init("X-CSRF-Token")!], expected: caller.csrfToken ?? "")
            }
            context.caller = caller
        } else {
            throw APIError.unauthorized
        }
        if let token = context.caller?.token {
            context.logger[metadataKey: "token"] = .string(token.name)
        }
        context.logger[metadataKey: "user"] = context.caller.map { .string($0.user.login) }
        return try await next(request, context)
    }

    private func bearer(_ header: String) async throws -> Caller {
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else { throw APIError.unauthorized }
        let secret = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard !secret.isEmpty, let token = try await store.useToken(secretHash: TokenSecrets.hash(secret)),
              let user = try await store.user(id: token.userID) else { throw APIError.unauthorized }
        return Caller(token: token, user: user)
    }

    private func session(_ secret: String) async throws -> Caller {
        guard let found = try await store.useSession(secretHash: TokenSecrets.hash(secret), now: Date(),
                                                     idleTimeout: sessions.idleTimeout) else {
            throw APIError(.unauthorized, "the session has ended (signed out, expired or idle too long); sign in "
                + "again with POST /api/_private/login, or send Authorization: Bearer <token>")
        }
        return Caller(sessionOf: found.1, csrfToken: SessionPolicy.csrfToken(secret: secret))
    }

    /// Compares in constant time: how much of a guess matched must not show in the answer's timing.
    static func checkCSRF(_ sent: String?, expected: String) throws(APIError) {
        let given = Array((sent ?? "").utf8)
        let wanted = Array(expected.utf8)
        var difference = UInt8(given.count == wanted.count ? 0 : 1)
        for index in wanted.indices { difference |= wanted[index] ^ (index < given.count ? given[index] : 0) }
        guard difference == 0, !wanted.isEmpty else {
            throw APIError(.forbidden, "a request signed in with the session cookie that changes something must "
                + "send the session's CSRF token in X-CSRF-Token (it is in the answers of POST /api/_private/login "
                + "and GET /auth/user)")
        }
    }
}
