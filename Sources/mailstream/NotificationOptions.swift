import ArgumentParser
import ClientTLS
import Config
import Foundation
import Logging
import Notify
import SMTP
import Store
import Sync

/// `serve`'s notification flags: the SMTP relay of notification emails and the public address their links use.
/// A flag wins over the configuration file's `notifications:` section; the password comes only from an
/// environment variable or a file, never from the command line (where `ps` shows it).
struct NotificationOptions: ParsableArguments {
    @Option(help: "The service's public base URL, for links in notification emails (notifications.base_url).")
    var publicURL: String?

    @Option(help: "SMTP relay host for notification emails (notifications.smtp.host); without one, in-app only.")
    var smtpHost: String?

    @Option(help: "SMTP relay port (default: 587 for starttls, 465 for tls, 25 for none).")
    var smtpPort: Int?

    @Option(help: "starttls, tls or none (none only to localhost).")
    var smtpSecurity: String?

    @Option(help: "SMTP username; with it the client authenticates (AUTH PLAIN or LOGIN).")
    var smtpUsername: String?

    @Option(help: ArgumentHelp("Environment variable holding the SMTP password.", valueName: "variable"))
    var smtpPasswordEnv: String?

    @Option(help: ArgumentHelp("File holding the SMTP password.", valueName: "path"))
    var smtpPasswordFile: String?

    @Option(help: "Sender address of notification emails (notifications.smtp.from).")
    var smtpFrom: String?

    @Option(help: "PEM file of the CA that signed the relay's certificate (notifications.smtp.ca_file).")
    var smtpCAFile: String?

    /// The file's section with the flags applied.
    /// - Throws: `ValidationError` naming the flag or setting.
    func settings(file: NotificationSettings, environment: [String: String]) throws -> NotificationSettings {
        var settings = file
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--public-url must be an http or https URL such as https://mailstream.example.com")
            }
            settings.baseURL = publicURL
        }
        if let smtpHost {
            guard let from = smtpFrom ?? settings.smtp?.from else {
                throw ValidationError("--smtp-host needs --smtp-from (the sender address of notification emails)")
            }
            settings.smtp = .init(host: smtpHost, from: from)
        }
        guard var smtp = settings.smtp else {
            if smtpPort != nil || smtpSecurity != nil || smtpUsername != nil || smtpFrom != nil {
                throw ValidationError("the --smtp-* flags need --smtp-host (or notifications.smtp in the config file)")
            }
            return settings
        }
        if let smtpPort { smtp.port = smtpPort }
        if let smtpSecurity {
            guard let security = TransportSecurity(rawValue: smtpSecurity) else {
                throw ValidationError("--smtp-security must be starttls, tls or none")
            }
            smtp.security = security
        }
        if let smtpUsername { smtp.username = smtpUsername }
        if let smtpFrom { smtp.from = smtpFrom }
        if let smtpCAFile { smtp.tls.caFile = smtpCAFile }
        if let smtpPasswordEnv {
            guard let value = environment[smtpPasswordEnv] else {
                throw ValidationError("--smtp-password-env: environment variable \(smtpPasswordEnv) is not set")
            }
            smtp.password = value
        }
        if let smtpPasswordFile {
            guard let data = FileManager.default.contents(atPath: smtpPasswordFile) else {
                throw ValidationError("--smtp-password-file: cannot read \(smtpPasswordFile)")
            }
            smtp.password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        settings.smtp = smtp
        return settings
    }

    /// The channels `serve` delivers on: in-app always, email when a relay is configured.
    static func channels(_ settings: NotificationSettings, policy: OutboundPolicy, logger: Logger) throws
        -> [any NotificationChannel] {
        guard let smtp = settings.smtp else {
            logger.info("notifications: in-app only (no SMTP relay configured)")
            return [InAppChannel()]
        }
        let relay = SMTPSettings(host: smtp.host, port: smtp.effectivePort, security: smtp.security,
                                 username: smtp.username, password: smtp.password, tls: smtp.tls, policy: policy)
        if let problem = relay.problem { throw ValidationError("SMTP relay: \(problem)") }
        logger.info("notifications: in-app and email through \(smtp.host):\(smtp.effectivePort) (\(smtp.security))")
        return [InAppChannel(), EmailChannel(relay: SMTPRelay(settings: relay), from: smtp.from,
                                             baseURL: settings.baseURL)]
    }
}
