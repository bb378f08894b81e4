import Domain
import Foundation
import Hummingbird
import Logging
import Store

/// Sign-in for the web UI. `POST /api/_private/login` with a login and password answers the user and the session's
/// CSRF token and sets the session cookie (HttpOnly, SameSite=Strict, Secure unless serving plain http on
/// loopback); `POST /api/_private/logout` ends the session and clears the cookie. Failed sign-ins are slowed per
/// login and per client address (``LoginThrottle``, counted in the store); an unknown login and a wrong password
/// get the same answer in about the same time.
struct SessionRoutes {
    let store: any Store
    let policy: SessionPolicy
    let throttle: LoginThrottle
    let passwords: PasswordWork

    struct LoginBody: Decodable {
        var login: String
        var password: String
    }

    func add(to router: Router<APIContext>) {
        router.post("api/_private/login") { request, context in
            // A form of another site can post text/plain that looks like JSON, but not application/json (that
            // needs a CORS preflight this server never grants): so no one signs a browser in to their account.
            guard let type = request.headers[.contentType],
                  type.lowercased().hasPrefix("application/json") else {
                throw APIError(.unsupportedMediaType, "send the login as Content-Type: application/json")
            }
            let body = try await JSONBody.decode(LoginBody.self, from: request, context: context)
            guard LoginName.isValid(body.login) else {
                throw APIError(.badRequest, LoginName.ruleText, field: "login")
            }
            guard (1...PasswordRule.maximumLength).contains(body.password.unicodeScalars.count) else {
                throw APIError(.badRequest, "must be 1-\(PasswordRule.maximumLength) characters", field: "password")
            }
            let address = Self.address(of: context)
            if let wait = try await throttle.wait(login: body.login, address: address) {
                var error = APIError(.tooManyRequests, "too many failed sign-ins for this login or from this "
                    + "address; try again later")
                error.retryAfter = max(1, Int(wait.rounded(.up)))
                throw error
            }
            guard let user = try await check(body) else {
                try await throttle.recordFailure(login: body.login, address: address)
                context.logger.notice("sign-in refused", metadata: ["login": "\(body.login)", "address": "\(address)"])
                throw APIError(.unauthorized, "wrong login or password")
            }
            try await throttle.recordSuccess(login: body.login)
            let secret = TokenSecrets.generate(prefix: "")
            let now = Date()
            let session = Session(userID: user.id, createdAt: now, expiresAt: now.addingTimeInterval(policy.lifetime))
            try await store.createSession(session, secretHash: TokenSecrets.hash(secret))
            context.logger.info("signed in", metadata: ["user": "\(user.login)"])
            var response = try JSONBody.ok(["user": try await UserRoutes.view(user, store: store),
                                            "csrf_token": SessionPolicy.csrfToken(secret: secret),
                                            "expires_at": session.expiresAt])
            response.setCookie(policy.cookie(secret: secret))
            return response
        }
        router.post("api/_private/logout") { request, context in
            _ = try context.authenticatedCaller()
            if let secret = request.cookies[policy.cookieName]?.value, !secret.isEmpty {
                try await store.deleteSession(secretHash: TokenSecrets.hash(secret))
            }
            var response = try JSONBody.ok()
            response.setCookie(policy.expiredCookie)
            return response
        }
    }

    /// The user when the password is right; nil otherwise, after the time a check takes either way. A stored hash
    /// with weaker parameters than today's is replaced by a new one.
    private func check(_ body: LoginBody) async throws -> User? {
        let credentials = try await store.credentials(login: body.login)
        let stored = credentials?.passwordHash.flatMap(PasswordHash.init)
        let parameters = policy.passwordParameters
        let password = body.password
        let verified = try await passwords.run { () -> Bool in
            guard let stored else {
                PasswordHash.spendVerificationTime(password, parameters: parameters)
                return false
            }
            return stored.verify(password)
        }
        guard verified, let user = credentials?.user, let stored else { return nil }
        if stored.needsRehash(current: parameters) {
            let fresh = try await passwords.run { Result { try PasswordHash.make(password, parameters: parameters) } }
            try await store.setPassword(userID: user.id, passwordHash: try fresh.get().encoded)
        }
        return user
    }

    /// The client's IP address, what the per-address throttle counts (behind a proxy, every client is the proxy).
    static func address(of context: APIContext) -> String {
        context.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
