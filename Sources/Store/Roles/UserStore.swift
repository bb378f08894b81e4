import Domain
import Foundation

/// Users, their password hashes and their tokens' bond to them. The rules the store keeps whoever asks (API, command
/// line): logins are unique ignoring case; a token carries at most its user's permissions and projects; at least one
/// user and one token remain administrators (``ProjectScoped/isAdministrator``).
public protocol UserStore: Sendable {
    /// Saves a new user with an optional password hash (a ``PasswordHash`` string). Throws `alreadyExists` for a
    /// login taken (ignoring case) or an id taken.
    func createUser(_ user: User, passwordHash: String?) async throws
    func users() async throws -> [User]
    func user(id: String) async throws -> User?
    /// The user whose login is `login`, ignoring ASCII case.
    func user(login: String) async throws -> User?
    /// The user and its password hash (nil when it has none), for signing in; nil for an unknown login.
    func credentials(login: String) async throws -> (user: User, passwordHash: String?)?
    /// Replaces the email, display name, permissions and projects of the user with `user.id` (login, password and
    /// creation stay), sets `updatedAt`, and narrows its tokens to what it now holds (a token left with no
    /// permission or no project is revoked). Throws `notFound`, or `conflict` when no administrator user or token
    /// would remain. Returns the stored user.
    func updateUser(_ user: User) async throws -> User
    /// Sets (or, with nil, clears) the password hash and ends the user's sessions. Throws `notFound`.
    func setPassword(userID: String, passwordHash: String?) async throws
    /// Removes the user, revoking its tokens and ending its sessions. Throws `notFound`, or `conflict` for the last
    /// administrator user or when it holds the last administrator token.
    func deleteUser(id: String) async throws
}

/// Sign-in sessions of the web UI, keyed by the SHA-256 of their secret.
public protocol SessionStore: Sendable {
    /// Saves a session under the SHA-256 hex of its secret. Throws `notFound` for an unknown user.
    func createSession(_ session: Session, secretHash: String) async throws
    /// The session and its user when it exists and is neither past `expiresAt` nor idle longer than `idleTimeout`
    /// (such a session is removed); notes it as seen `now` (at most once a minute).
    func useSession(secretHash: String, now: Date, idleTimeout: TimeInterval) async throws -> (Session, User)?
    /// Ends a session; nothing happens for an unknown one.
    func deleteSession(secretHash: String) async throws
}

extension UserStore {
    /// The administrator user created first (``ProjectScoped/isAdministrator``): the owner of the first run's
    /// admin token and of tokens the command line makes without `--user`.
    public func firstAdministrator() async throws -> User? {
        try await users().first(where: \.isAdministrator)
    }
}
