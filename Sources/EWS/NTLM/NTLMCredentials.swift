/// A Windows account for NTLM: user, domain and password.
///
/// `description` never shows the password.
public struct NTLMCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public var user: String
    /// The NetBIOS or DNS name of the account's domain. NTLMv2 hashes it as given (case matters), so use the
    /// spelling the domain controller knows; an empty domain lets the server pick its own.
    public var domain: String
    public var password: String

    public init(user: String, domain: String, password: String) {
        self.user = user
        self.domain = domain
        self.password = password
    }

    /// Splits an account name as users type it: `DOMAIN\user`, `user@domain` (domain `domain`), or a bare
    /// `user` (empty domain).
    ///
    /// To send a user principal name whole instead (user `user@example.com` with an empty domain, which domain
    /// controllers also accept), use `init(user:domain:password:)`.
    public init(account: String, password: String) {
        if let backslash = account.firstIndex(of: "\\") {
            self.init(
                user: String(account[account.index(after: backslash)...]),
                domain: String(account[..<backslash]),
                password: password
            )
        } else if let at = account.lastIndex(of: "@") {
            self.init(
                user: String(account[..<at]),
                domain: String(account[account.index(after: at)...]),
                password: password
            )
        } else {
            self.init(user: account, domain: "", password: password)
        }
    }

    public var description: String {
        domain.isEmpty ? user : "\(domain)\\\(user)"
    }

    public var debugDescription: String {
        "NTLMCredentials(user: \(user), domain: \(domain), password: [redacted])"
    }
}
