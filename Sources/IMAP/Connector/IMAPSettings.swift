import ClientTLS
import Domain

/// How to reach and log in to one mailbox of an IMAP integration.
public struct IMAPSettings: Sendable {
    public var host: String
    public var port: Int
    public var security: TransportSecurity
    public var username: String
    public var password: String?
    public var accessToken: String?
    /// The mailbox to act as when it is not the login (SASL authorization identity, RFC 4616; Dovecot master
    /// users, proxy logins).
    public var authorizationIdentity: String?
    public var tls: TLSOptions
    /// Use QRESYNC (RFC 7162) when the server offers it; off falls back to listing UIDs, for servers whose
    /// QRESYNC is broken.
    public var useQResync: Bool
    /// Use NOTIFY (RFC 5465) when the server offers it, so that one connection hears of changes in every folder;
    /// off, the source watches INBOX with IDLE and the other folders with LIST-STATUS polls and `idleFolders`.
    public var useNotify: Bool
    /// Folder paths (names from the top) that get a connection of their own in IDLE when the server has no
    /// NOTIFY (or it is off); at most `Mailbox.maximumIdleFolders` are watched.
    public var idleFolders: [[String]]
    /// Where connections may go: the host's addresses are checked against it when connecting.
    public var outboundPolicy: OutboundPolicy

    public init(host: String, port: Int, security: TransportSecurity, username: String,
                password: String? = nil, accessToken: String? = nil, authorizationIdentity: String? = nil,
                tls: TLSOptions = TLSOptions(), useQResync: Bool = true, useNotify: Bool = true,
                idleFolders: [[String]] = [], outboundPolicy: OutboundPolicy) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.accessToken = accessToken
        self.authorizationIdentity = authorizationIdentity
        self.tls = tls
        self.useQResync = useQResync
        self.useNotify = useNotify
        self.idleFolders = idleFolders
        self.outboundPolicy = outboundPolicy
    }

    /// The settings for one mailbox of an integration.
    /// - Throws: `MailSourceError(.configuration)` when the connection lacks a host, a login, or a secret.
    public init(integration: Integration, mailbox: Mailbox, outboundPolicy: OutboundPolicy) throws {
        let connection = try IMAPConnection(integration.connection)
        let username = connection.username.isEmpty ? mailbox.email : connection.username
        guard connection.password != nil || connection.accessToken != nil else {
            throw MailSourceError(.configuration, "the IMAP connection has no password or access token",
                                  advice: "set password (or password_env, password_file) or access_token")
        }
        self.init(host: connection.host, port: connection.effectivePort, security: connection.security,
                  username: username, password: connection.password, accessToken: connection.accessToken,
                  authorizationIdentity: mailbox.email.lowercased() == username.lowercased() ? nil : mailbox.email,
                  tls: connection.tls, useNotify: connection.imapNotify ?? true, idleFolders: mailbox.idleFolders,
                  outboundPolicy: outboundPolicy)
    }

    var transportOptions: IMAPTransport.Options {
        IMAPTransport.Options(
            host: host, port: port, security: security, tls: tls, policy: outboundPolicy
        )
    }
}
