import ClientTLS
import Domain

/// Where and how to reach the operator's mail relay.
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// `tls` (implicit TLS, port 465), `starttls` (port 587 or 25) or `none` (only to the local machine).
    public var security: TransportSecurity
    /// With a username, the client authenticates (AUTH PLAIN, or LOGIN when the relay offers only that).
    public var username: String?
    public var password: String?
    public var tls: TLSOptions
    /// Where the client may connect; checked on the resolved addresses, as for mail servers.
    public var policy: OutboundPolicy
    /// The name the client gives in EHLO.
    public var heloName: String
    public var connectTimeout: Duration
    /// How long to wait for each reply.
    public var replyTimeout: Duration
    /// How long to wait for the reply to the end of data, when the relay takes the message (RFC 5321 §4.5.3.2.6
    /// suggests 10 minutes; relays answer in well under one).
    public var dataTimeout: Duration

    public init(host: String, port: Int, security: TransportSecurity, username: String? = nil,
                password: String? = nil, tls: TLSOptions = TLSOptions(), policy: OutboundPolicy = OutboundPolicy(),
                heloName: String = "mailstream", connectTimeout: Duration = .seconds(10),
                replyTimeout: Duration = .seconds(30), dataTimeout: Duration = .seconds(120)) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.tls = tls
        self.policy = policy
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.dataTimeout = dataTimeout
    }

    /// What is wrong with the settings, naming the setting (`host`, `port`, `security`, `username`, `password`);
    /// nil when they are usable.
    public var problem: String? {
        if host.isEmpty || host.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) { return "host: give a host name" }
        if !(1...65_535).contains(port) { return "port: must be between 1 and 65535" }
        if security == .none, !Self.isLocal(host) {
            return "security: none sends the password and the messages in clear; it is allowed only to the "
                + "local machine (localhost, 127.0.0.0/8, ::1): use starttls or tls"
        }
        if username != nil, (password ?? "").isEmpty { return "password: give the relay password for the username" }
        if password != nil, username == nil { return "username: a password needs a username" }
        if let username, username.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            return "username: must not contain control characters"
        }
        return nil
    }

    static func isLocal(_ host: String) -> Bool {
        if host.lowercased() == "localhost" { return true }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard let address = IPAddress(bare) else { return false }
        return AddressCategory(of: address) == .loopback
    }
}
