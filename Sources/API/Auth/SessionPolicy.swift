import Crypto
import Domain
import Foundation
import Hummingbird
import Store

/// How sign-in sessions of the web UI behave: their lifetimes, their cookie, and the cost of new password hashes.
public struct SessionPolicy: Sendable {
    /// A session unused this long ends.
    public var idleTimeout: TimeInterval
    /// A session ends this long after sign-in, however busy.
    public var lifetime: TimeInterval
    /// `Secure` on the cookie: off only when serving plain http on loopback (a browser sends no `Secure` cookie
    /// there), on otherwise (Mailstream on another address is meant to sit behind a TLS proxy).
    public var secureCookie: Bool
    /// What new password hashes cost (tests lower it).
    public var passwordParameters: PasswordHash.Parameters

    public init(idleTimeout: TimeInterval = 30 * 60, lifetime: TimeInterval = 12 * 3_600, secureCookie: Bool,
                passwordParameters: PasswordHash.Parameters = .default) {
        self.idleTimeout = idleTimeout
        self.lifetime = lifetime
        self.secureCookie = secureCookie
        self.passwordParameters = passwordParameters
    }

    /// The policy for a server listening on `host`: a `Secure` cookie unless the host is a loopback address.
    public static func serving(host: String) -> SessionPolicy {
        SessionPolicy(secureCookie: !isLoopback(host))
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// `__Host-` makes browsers refuse the cookie unless it is `Secure`, from the host itself, for path `/`; a plain
    /// http loopback server can't have that prefix.
    public var cookieName: String { secureCookie ? "__Host-mailstream_session" : "mailstream_session" }

    /// The cookie that carries a new session's secret.
    func cookie(secret: String) -> Cookie {
        Cookie(name: cookieName, value: secret, maxAge: Int(lifetime.rounded(.up)), path: "/", secure: secureCookie,
               httpOnly: true, sameSite: .strict)
    }

    /// The cookie that makes a browser forget its session.
    var expiredCookie: Cookie {
        Cookie(name: cookieName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
               secure: secureCookie, httpOnly: true, sameSite: .strict)
    }

    /// The session's CSRF token (a synchronizer token bound to the session): an HMAC of a fixed label under the
    /// session's secret, so that nothing more is stored and the server recomputes it at each request. Only a page
    /// that can read Mailstream's answers (same origin) learns it.
    static func csrfToken(secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("mailstream csrf v1".utf8),
                                                   using: SymmetricKey(data: Data(secret.utf8)))
        return Base64URL.encode(Array(code))
    }
}
