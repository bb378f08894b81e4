import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity

extension Integration.Kind {
    /// Exchange Web Services: Exchange 2010-2019 on premises, and Exchange Online for allow-listed apps.
    public static let ews = Integration.Kind("ews")
}

/// An EWS integration's connection, typed: what `EWSConnector` reads and stores.
public struct EWSConnection: Sendable, Equatable {
    public enum Authentication: String, Sendable, CaseIterable {
        case ntlm, basic, bearer
        /// OAuth2 app-only tokens from Entra ID (an `application`).
        case clientCredentials = "client_credentials"
    }

    public enum AccessType: String, Sendable, CaseIterable {
        /// The login opens the mailbox (its own, or one it is a delegate of).
        case delegate
        /// ExchangeImpersonation: a service account acts as each mailbox.
        case impersonation
    }

    /// `https://host/EWS/Exchange.asmx` (http only on the loopback interface).
    public var endpoint: URL
    public var authentication: Authentication
    public var username: String?
    /// A secret.
    public var password: String?
    /// A fixed OAuth2 token (`bearer`). A secret.
    public var accessToken: String?
    public var accessType: AccessType
    public var serverVersion: EWSServerVersion
    public var application: EntraApplicationSettings?
    public var tls: TLSOptions

    public init(endpoint: URL, authentication: Authentication, username: String? = nil, password: String? = nil,
                accessToken: String? = nil, accessType: AccessType? = nil,
                serverVersion: EWSServerVersion = .exchange2016, application: EntraApplicationSettings? = nil,
                tls: TLSOptions = TLSOptions()) {
        self.endpoint = endpoint
        self.authentication = authentication
        self.username = username
        self.password = password
        self.accessToken = accessToken
        // An app-only token has no mailbox of its own: it acts on mailboxes by impersonation.
        self.accessType = accessType ?? (authentication == .clientCredentials ? .impersonation : .delegate)
        self.serverVersion = serverVersion
        self.application = application
        self.tls = tls
    }

    static let publicKeys = ["ews_endpoint", "authentication", "username", "access_type", "server_version",
                             "build_version"]
        + EntraApplicationSettings.publicKeys + TLSOptions.keys
    static let secretKeys = ["password", "access_token"] + EntraApplicationSettings.secretKeys

    /// The connection as stored.
    public var settings: ConnectionSettings {
        var settings = ConnectionSettings()
        settings.set("ews_endpoint", endpoint.absoluteString)
        settings.set("authentication", authentication.rawValue)
        settings.set("username", username)
        settings.set("access_type", accessType.rawValue)
        settings.set("server_version", serverVersion.rawValue)
        application?.write(into: &settings)
        tls.write(into: &settings)
        settings.setSecret("password", password)
        settings.setSecret("access_token", accessToken)
        return settings
    }

    /// A stored connection, typed.
    /// - Throws: `MailSourceError(.configuration)` for a connection no `EWSConnector` wrote.
    public init(_ settings: ConnectionSettings) throws(MailSourceError) {
        guard let text = settings.string("ews_endpoint"), let endpoint = URL(string: text) else {
            throw MailSourceError(.configuration, "the EWS integration has no ews_endpoint",
                                  advice: "set ews_endpoint to https://<server>/EWS/Exchange.asmx")
        }
        let application = EntraApplicationSettings(settings)
        let authentication = settings.string("authentication").flatMap { Authentication(rawValue: $0.lowercased()) }
            ?? (application != nil ? .clientCredentials : settings.secret("access_token") != nil ? .bearer : .ntlm)
        let version = settings.string("server_version").flatMap { name in
            EWSServerVersion.allCases.first { $0.rawValue.lowercased() == name.lowercased() }
        }
        self.init(endpoint: endpoint, authentication: authentication, username: settings.string("username"),
                  password: settings.secret("password"), accessToken: settings.secret("access_token"),
                  accessType: settings.string("access_type").flatMap { AccessType(rawValue: $0.lowercased()) },
                  serverVersion: version ?? .exchange2016, application: application, tls: TLSOptions(settings))
    }
}
