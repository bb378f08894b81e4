import ClientTLS
import Domain

/// The IMAP kind: reads and checks IMAP connections (`host`, `port`, `security`, `username`, `password` or
/// `access_token`, and the TLS options) and makes `IMAPMailSource`s.
public struct IMAPConnector: Connector {
    /// Where the sources may connect.
    public let outboundPolicy: OutboundPolicy
    /// Without NOTIFY: how often a source's wait asks LIST-STATUS whether a folder other than INBOX changed.
    public let statusPollInterval: Duration

    /// - Parameters:
    ///   - outboundPolicy: where connections may go; an explicit choice, since a server that connects wherever an
    ///     integration says is open to anyone who may save one.
    ///   - statusPollInterval: without NOTIFY, the latency of mail in folders other than INBOX and `idle_folders`.
    public init(outboundPolicy: OutboundPolicy, statusPollInterval: Duration = .seconds(10)) {
        self.outboundPolicy = outboundPolicy
        self.statusPollInterval = statusPollInterval
    }

    public var kind: Integration.Kind { .imap }
    public var publicKeys: [String] { IMAPConnection.publicKeys }
    public var secretKeys: [String] { IMAPConnection.secretKeys }
    public var refusedLogin: IntegrationError.Kind { .invalidIMAPCredentials }

    public func recognizes(untyped connection: [String: JSONValue]) -> Bool {
        connection["host"] != nil
            && ["access", "application", "microsoft_api", "ews_endpoint"].allSatisfy { connection[$0] == nil }
    }

    public func settings(from input: [String: JSONValue], previous: ConnectionSettings?) throws(ConnectionProblem)
        -> ConnectionSettings {
        var reader = ConnectionReader(input)
        guard let host = try reader.name("host", maximum: 253) else {
            throw .required("host", "the IMAP server's name or address")
        }
        let port = try reader.int("port", range: 1...65_535)
        let security = try reader.choice("security", among: TransportSecurity.allCases.map(\.rawValue))
            .flatMap(TransportSecurity.init(rawValue:)) ?? .tls
        guard let username = try reader.name("username", maximum: 320) else {
            throw .required("username", "the login name")
        }
        var password = try reader.string("password", limit: TextLimit(maximum: 1_024))
        var accessToken = try reader.string("access_token", limit: TextLimit(minimum: 1, maximum: 16_384))
        let tls = try TLSOptions(reading: &reader)
        let imapNotify = try reader.bool("imap_notify")
        try reader.checkNoOtherKeys(ignoring: answerOnlyKeys, known: publicKeys + secretKeys)
        // An edit that leaves the secrets out keeps them; one that gives either replaces both.
        if password == nil, accessToken == nil, let previous {
            password = previous.secret("password")
            accessToken = previous.secret("access_token")
        }
        guard password != nil || accessToken != nil else {
            throw .required("password", "a password or an access_token")
        }
        return IMAPConnection(host: host, port: port, security: security, username: username, password: password,
                              accessToken: accessToken, tls: tls, imapNotify: imapNotify).settings
    }

    public func summary(_ settings: ConnectionSettings) -> String {
        guard let connection = try? IMAPConnection(settings) else { return "-" }
        return "\(connection.username)@\(connection.host):\(connection.effectivePort)"
    }

    public func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
        IMAPMailSource(settings: try IMAPSettings(integration: integration, mailbox: mailbox,
                                                  outboundPolicy: outboundPolicy),
                       statusPollInterval: statusPollInterval)
    }
}
