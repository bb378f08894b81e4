import Foundation

/// How a simulated Exchange server is set up: who may log in and how, and what each account may open.
public struct EWSSimulatorConfiguration: Sendable {
    /// The authentication schemes the server demands (IIS "Authentication" settings of the EWS virtual directory).
    public struct AuthenticationSchemes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// Windows authentication: NTLMv2 over HTTP, three legs on one connection ([MS-NTHT]).
        public static let ntlm = AuthenticationSchemes(rawValue: 1 << 0)
        /// `Authorization: Basic base64(user:password)`.
        public static let basic = AuthenticationSchemes(rawValue: 1 << 1)
        /// `Authorization: Bearer <token>` with one of ``EWSSimulatorConfiguration/bearerTokens``.
        public static let bearer = AuthenticationSchemes(rawValue: 1 << 2)
    }

    /// A login and what it may do.
    public struct Account: Sendable, Hashable {
        /// The login name as clients send it for Basic and NTLM (`alice`, `CORP\alice` and `alice@corp` all
        /// reach the account `alice`; a UPN login matches too).
        public var login: String
        public var password: String
        /// The account's own mailbox, if it has one (service accounts often have none).
        public var smtpAddress: String?
        /// ApplicationImpersonation: may act as any mailbox's owner.
        public var canImpersonate: Bool
        /// Mailboxes shared with this account (delegate access: Full Access or folder permissions).
        public var delegateMailboxes: Set<String>

        public init(
            login: String,
            password: String,
            smtpAddress: String? = nil,
            canImpersonate: Bool = false,
            delegateMailboxes: Set<String> = []
        ) {
            self.login = login
            self.password = password
            self.smtpAddress = smtpAddress
            self.canImpersonate = canImpersonate
            self.delegateMailboxes = delegateMailboxes
        }
    }

    /// What `ServerVersionInfo` announces; Exchange 2016 CU by default.
    public struct ServerVersion: Sendable, Hashable {
        public var majorVersion: Int
        public var minorVersion: Int
        public var majorBuildNumber: Int
        public var minorBuildNumber: Int
        public var version: String

        public init(majorVersion: Int, minorVersion: Int, majorBuildNumber: Int, minorBuildNumber: Int, version: String)
        {
            self.majorVersion = majorVersion
            self.minorVersion = minorVersion
            self.majorBuildNumber = majorBuildNumber
            self.minorBuildNumber = minorBuildNumber
            self.version = version
        }

        public static let exchange2016 = ServerVersion(
            majorVersion: 15, minorVersion: 1, majorBuildNumber: 2507, minorBuildNumber: 6, version: "V2017_07_11"
        )
    }

    public var authentication: AuthenticationSchemes
    public var accounts: [Account]
    /// Valid bearer tokens and the login each one stands for (an app-only token maps to an account with
    /// ``Account/canImpersonate``, as `full_access_as_app` does).
    public var bearerTokens: [String: String]
    /// Mailboxes that exist besides the accounts' own (shared mailboxes).
    public var extraMailboxes: [String]
    public var serverVersion: ServerVersion
    /// The NetBIOS domain the NTLM CHALLENGE names.
    public var ntlmDomain: String
    /// Seeds ids and sync states, so a failing run can be repeated.
    public var seed: UInt64
    /// Whether the NTLM CHALLENGE may agree to key exchange and carries MsvAvTimestamp (so clients send a MIC), as
    /// Windows does (the default). Off gives an older server's CHALLENGE without a timestamp.
    public var ntlmKeyExchangeAndMIC: Bool
    /// Applications the simulated Entra ID token endpoint (`POST /{tenant}/oauth2/v2.0/token`) knows. Their tokens
    /// work at the EWS endpoint when ``authentication`` includes ``AuthenticationSchemes/bearer``.
    public var applications: [RegisteredApplication]
    /// `expires_in` of the tokens issued, in seconds (Entra ID issues about an hour).
    public var tokenLifetime: Int
    /// The scope token requests must ask for.
    public var tokenScope: String
    /// Serve HTTPS (TLS 1.2 or later, HTTP/1.1) with this certificate instead of plain HTTP: the EWS endpoint and
    /// the token endpoint alike.
    public var tls: TLS?
    /// Whether NTLM logins must be bound to the TLS channel; needs ``tls`` or ``channelBindingCertificatePEM``.
    public var extendedProtection: ExtendedProtection
    /// The certificate (PEM) whose "tls-server-end-point" binding NTLM logins must carry under
    /// ``extendedProtection``; nil for the server certificate of ``tls``. Another certificate stands for what
    /// Extended Protection exists to catch: a front end that terminates TLS with its own certificate, or that
    /// offloads TLS so Exchange sees plain HTTP.
    public var channelBindingCertificatePEM: String?
    /// Serve the admin API (``AdminAPI``: deliver, move, delete, mark read, create folders, list items, schedule
    /// failures) under `/_sim/` on the same port. Off by default: Exchange has no such URLs.
    public var adminAPI: Bool

    public init(
        authentication: AuthenticationSchemes = [.ntlm],
        accounts: [Account] = [],
        bearerTokens: [String: String] = [:],
        extraMailboxes: [String] = [],
        serverVersion: ServerVersion = .exchange2016,
        ntlmDomain: String = "CONTOSO",
        seed: UInt64 = 0x5EED,
        ntlmKeyExchangeAndMIC: Bool = true,
        applications: [RegisteredApplication] = [],
        tokenLifetime: Int = 3599,
        tokenScope: String = "https://outlook.office365.com/.default",
        tls: TLS? = nil,
        extendedProtection: ExtendedProtection = .off,
        channelBindingCertificatePEM: String? = nil,
        adminAPI: Bool = false
    ) {
        self.authentication = authentication
        self.accounts = accounts
        self.bearerTokens = bearerTokens
        self.extraMailboxes = extraMailboxes
        self.serverVersion = serverVersion
        self.ntlmDomain = ntlmDomain
        self.seed = seed
        self.ntlmKeyExchangeAndMIC = ntlmKeyExchangeAndMIC
        self.applications = applications
        self.tokenLifetime = tokenLifetime
        self.tokenScope = tokenScope
        self.tls = tls
        self.extendedProtection = extendedProtection
        self.channelBindingCertificatePEM = channelBindingCertificatePEM
        self.adminAPI = adminAPI
    }

    /// The account a client names, however it spelled the login (case-insensitive; domain prefix or suffix
    /// removed when the whole name doesn't match).
    func account(named name: String, domain: String = "") -> Account? {
        let candidates = [name, domain.isEmpty ? name : "\(domain)\\\(name)", Self.bareUser(name)]
        for candidate in candidates {
            if let account = accounts.first(where: { $0.login.caseInsensitiveCompare(candidate) == .orderedSame }) {
                return account
            }
        }
        let bare = Self.bareUser(name)
        return accounts.first { Self.bareUser($0.login).caseInsensitiveCompare(bare) == .orderedSame }
    }

    static func bareUser(_ login: String) -> String {
        if let slash = login.lastIndex(of: "\\") { return String(login[login.index(after: slash)...]) }
        if let at = login.firstIndex(of: "@") { return String(login[..<at]) }
        return login
    }
}
