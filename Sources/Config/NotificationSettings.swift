import ClientTLS
import Domain
import Foundation

/// The `notifications:` section of the configuration file (issue 20): the service's public address for links, and
/// the SMTP relay notifications by email go through. Without `smtp`, notifications are in-app only.
///
/// ```yaml
/// notifications:
///   base_url: https://mailstream.example.com   # links in emails point here
///   smtp:
///     host: smtp.example.com
///     port: 587                                # default: 587 (starttls), 465 (tls), 25 (none)
///     security: starttls                       # starttls | tls | none (none: only to localhost)
///     username: mailstream                     # AUTH PLAIN (or LOGIN); leave out for no authentication
///     password_env: SMTP_PASSWORD              # or password_file: / password:
///     from: mailstream@example.com
///     ca_file: /etc/ssl/private-ca.pem         # and insecure_skip_verify, minimum_tls_version, cipher_suites
/// ```
public struct NotificationSettings: Sendable, Equatable {
    public var baseURL: String?
    public var smtp: SMTPRelaySettings?

    public init(baseURL: String? = nil, smtp: SMTPRelaySettings? = nil) {
        self.baseURL = baseURL
        self.smtp = smtp
    }

    /// The relay as the configuration says it, checked for what can be checked without connecting.
    public struct SMTPRelaySettings: Sendable, Equatable {
        public var host: String
        public var port: Int?
        public var security: TransportSecurity
        public var username: String?
        public var password: String?
        public var from: String
        public var tls: TLSOptions

        public init(host: String, port: Int? = nil, security: TransportSecurity = .starttls, username: String? = nil,
                    password: String? = nil, from: String, tls: TLSOptions = TLSOptions()) {
            self.host = host
            self.port = port
            self.security = security
            self.username = username
            self.password = password
            self.from = from
            self.tls = tls
        }

        /// The port given, or the usual one for the security.
        public var effectivePort: Int {
            port ?? (security == .tls ? 465 : security == .starttls ? 587 : 25)
        }
    }

    /// Reads the section from its JSON form. Secrets: `password`, `password_env`, `password_file`.
    /// - Throws: `ConfigurationError` naming `notifications.<key>`.
    init(json: [String: JSONValue]?, origin: String, environment: [String: String]) throws {
        guard let json else { return }
        func fail(_ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError("\(origin): notifications.\(key): \(message)")
        }
        for key in json.keys where !["base_url", "smtp"].contains(key) {
            throw fail(key, "not a setting (known: base_url, smtp)")
        }
        if let value = json["base_url"] {
            guard case .string(let url) = value, let parsed = URL(string: url),
                  ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw fail("base_url", "must be an http or https URL such as https://mailstream.example.com")
            }
            baseURL = url
        }
        guard let smtpValue = json["smtp"] else { return }
        guard case .object(var smtp) = smtpValue else { throw fail("smtp", "must be an object") }
        let known = ["host", "port", "security", "username", "password", "password_env", "password_file", "from"]
            + TLSOptions.keys
        for key in smtp.keys where !known.contains(key) {
            throw fail("smtp.\(key)", "not a setting (known: \(known.joined(separator: ", ")))")
        }
        if case .string(let variable)? = smtp["password_env"] {
            guard let value = environment[variable] else {
                throw fail("smtp.password_env", "environment variable \(variable) is not set")
            }
            smtp["password"] = .string(value)
        }
        if case .string(let path)? = smtp["password_file"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw fail("smtp.password_file", "cannot read \(path)")
            }
            smtp["password"] = .string(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines))
        }
        smtp["password_env"] = nil
        smtp["password_file"] = nil
        var reader = ConnectionReader(smtp, path: "smtp.")
        do {
            guard let host = try reader.name("host") else { throw fail("smtp.host", "give the relay's host name") }
            let securityText = try reader.choice("security", among: ["starttls", "tls", "none"]) ?? "starttls"
            let security = TransportSecurity(rawValue: securityText) ?? .starttls
            guard let from = try reader.name("from", maximum: 320) else {
                throw fail("smtp.from", "give the sender address of notification emails")
            }
            if let problem = EmailAddressRule.problem(from) { throw fail("smtp.from", problem) }
            self.smtp = SMTPRelaySettings(
                host: host, port: try reader.int("port", range: 1...65_535), security: security,
                username: try reader.name("username"), password: try reader.name("password", maximum: 4_096),
                from: from, tls: try TLSOptions(reading: &reader))
        } catch let problem as ConnectionProblem {
            throw ConfigurationError("\(origin): notifications.\(problem.field): \(problem.message)")
        }
    }
}
