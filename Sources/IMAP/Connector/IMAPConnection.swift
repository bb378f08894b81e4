import ClientTLS
import Domain

extension Integration.Kind {
    /// Any IMAP4rev1 server (Dovecot, Gmail, Exchange's IMAP, …).
    public static let imap = Integration.Kind("imap")
}

/// An IMAP integration's connection, typed: what `IMAPConnector` reads from a request or a configuration file and
/// what it stores.
public struct IMAPConnection: Sendable, Equatable {
    public var host: String
    /// Default 993 for `tls`, 143 otherwise.
    public var port: Int?
    public var security: TransportSecurity
    /// The login; a mailbox other than the login is opened as its SASL authorization identity.
    public var username: String
    /// A secret.
    public var password: String?
    /// An OAuth2 access token (XOAUTH2). A secret.
    public var accessToken: String?
    public var tls: TLSOptions
    /// Use NOTIFY (RFC 5465) when the server offers it (nil: yes). Off, INBOX is watched with IDLE and the other
    /// folders with LIST-STATUS polls and the mailbox's `idle_folders`: for a server whose NOTIFY misbehaves.
    public var imapNotify: Bool?

    public init(host: String, port: Int? = nil, security: TransportSecurity = .tls, username: String,
                password: String? = nil, accessToken: String? = nil, tls: TLSOptions = TLSOptions(),
                imapNotify: Bool? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.accessToken = accessToken
        self.tls = tls
        self.imapNotify = imapNotify
    }

    public var effectivePort: Int { port ?? (security == .tls ? 993 : 143) }

    static let publicKeys = ["host", "port", "security", "username", "imap_notify"] + TLSOptions.keys
    static let secretKeys = ["password", "access_token"]

    /// The connection as stored.
    public var settings: ConnectionSettings {
        var settings = ConnectionSettings()
        settings.set("host", host)
        settings.set("port", port.map(JSONValue.int))
        settings.set("security", security.rawValue)
        settings.set("username", username)
        tls.write(into: &settings)
        settings.set("imap_notify", imapNotify.map(JSONValue.bool))
        settings.setSecret("password", password)
        settings.setSecret("access_token", accessToken)
        return settings
    }

    /// A stored connection, typed; nil fields the connector always sets are reported as a configuration error.
    public init(_ settings: ConnectionSettings) throws(MailSourceError) {
        guard let host = settings.string("host"), !host.isEmpty else {
            throw MailSourceError(.configuration, "the IMAP connection has no host",
                                  advice: "set host to the IMAP server's name")
        }
        self.init(host: host, port: settings.int("port"),
                  security: settings.string("security").flatMap(TransportSecurity.init(rawValue:)) ?? .tls,
                  username: settings.string("username") ?? "", password: settings.secret("password"),
                  accessToken: settings.secret("access_token"), tls: TLSOptions(settings),
                  imapNotify: settings.bool("imap_notify"))
    }
}
