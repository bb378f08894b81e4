import Domain

/// Who a request acts for: a user, through one of its API tokens or through a signed-in session.
public struct Caller: Sendable {
    public var user: User
    /// The bearer token; nil for a session.
    public var token: APIToken?
    /// The session's CSRF token; nil for a bearer token.
    public var csrfToken: String?
    /// What the request may do: the token's permissions and projects within its user's (a token never carries
    /// more than its user holds, even right after the user lost some), or the user's for a session.
    public var access: Access

    /// A request with `token`, which belongs to `user`.
    public init(token: APIToken, user: User) {
        self.user = user
        self.token = token
        csrfToken = nil
        access = Access(token).intersection(user)
    }

    /// A request of a signed-in session.
    public init(sessionOf user: User, csrfToken: String) {
        self.user = user
        token = nil
        self.csrfToken = csrfToken
        access = Access(user)
    }

    /// What messages call the caller: "this token" or "user ann".
    var subject: String { token == nil ? "user \(user.login)" : "this token" }
}
