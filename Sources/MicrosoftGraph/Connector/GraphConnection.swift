import ClientTLS
import Domain
import Foundation
import MicrosoftIdentity

extension Integration.Kind {
    /// Exchange Online through Microsoft Graph.
    public static let graph = Integration.Kind("graph")
}

/// A Graph integration's connection, typed: what `GraphConnector` reads and stores. An Entra ID application with
/// Graph's `Mail.Read` application permission, optionally another Graph root than the cloud's, and TLS options.
public struct GraphConnection: Sendable, Equatable {
    public var application: EntraApplicationSettings
    /// Another Graph root than the cloud's `https://graph.microsoft.com/v1.0` (a proxy, a test server).
    public var graphBaseURL: String?
    public var tls: TLSOptions

    public init(application: EntraApplicationSettings, graphBaseURL: String? = nil, tls: TLSOptions = TLSOptions()) {
        self.application = application
        self.graphBaseURL = graphBaseURL
        self.tls = tls
    }

    static let publicKeys = ["graph_base_url"] + EntraApplicationSettings.publicKeys + TLSOptions.keys
    static let secretKeys = EntraApplicationSettings.secretKeys

    /// The connection as stored.
    public var settings: ConnectionSettings {
        var settings = ConnectionSettings()
        application.write(into: &settings)
        settings.set("graph_base_url", graphBaseURL)
        tls.write(into: &settings)
        return settings
    }

    /// A stored connection, typed.
    /// - Throws: `MailSourceError(.configuration)` for a connection no `GraphConnector` wrote.
    public init(_ settings: ConnectionSettings) throws(MailSourceError) {
        guard let application = EntraApplicationSettings(settings) else {
            throw MailSourceError(.configuration, "the Graph integration has no tenant_id and client_id",
                                  advice: "set the Entra ID application (tenant_id, client_id, client_secret)")
        }
        self.init(application: application, graphBaseURL: settings.string("graph_base_url"),
                  tls: TLSOptions(settings))
    }

    /// What a source for `mailbox` needs, as plain values.
    public func sourceSettings(mailbox: String) -> GraphSourceSettings {
        GraphSourceSettings(application: application, graphBaseURL: graphBaseURL, mailbox: mailbox, tls: tls)
    }
}
