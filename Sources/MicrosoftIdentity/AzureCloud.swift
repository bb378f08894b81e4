import Domain
import Foundation

/// A Microsoft cloud instance: where its Entra ID token endpoint lives and which resource stands for Exchange Online
/// there. Each national cloud is separate: an application registered in one can't get tokens from another.
///
/// Authority hosts: learn.microsoft.com/entra/identity-platform/authentication-national-cloud ("Microsoft Entra
/// authentication endpoints": `login.microsoftonline.com`, `login.microsoftonline.us`, and for 21Vianet
/// `login.partner.microsoftonline.cn`, whose older name `login.chinacloudapi.cn` MSAL's `AzureChina` instance still
/// uses). Exchange resources: `outlook.office365.com` (learn.microsoft.com/exchange/client-developer/
/// exchange-web-services/how-to-authenticate-an-ews-application-by-using-oauth), `outlook.office365.us` for GCC
/// High, `partner.outlook.cn` for 21Vianet (learn.microsoft.com/previous-versions/office/office-365-api/api/
/// o365-china-endpoints); the app-only scope is the resource followed by `/.default`. Microsoft Graph hosts:
/// learn.microsoft.com/graph/deployments (`graph.microsoft.com`, `graph.microsoft.us` for US Government L4 (GCC
/// High), `dod-graph.microsoft.us` for US Government L5 (DoD), `microsoftgraph.chinacloudapi.cn` for 21Vianet; GCC
/// High and DoD share Azure US Government's Entra ID, `login.microsoftonline.us`, but not their Graph: a DoD tenant's
/// token for `graph.microsoft.us` is refused). DoD's Exchange Online host is `outlook-dod.office365.us` (Exchange
/// Online PowerShell's `O365USGovDoD` environment; Microsoft's "DNS records for Office 365 DoD" points autodiscover at
/// `autodiscover-dod.office365.us`); not tried against a DoD tenant here.
public struct AzureCloud: Sendable, Hashable, CustomStringConvertible {
    /// The configuration name: `global`, `gcc_high`, `dod` or `china`.
    public let name: String
    /// The Entra ID host that issues tokens, as an https URL without a path.
    public let authorityHost: URL
    /// The app-only scope for Exchange Online (EWS) in this cloud.
    public let exchangeScope: String
    /// Microsoft Graph's root in this cloud, an https URL without a path.
    public let graphHost: URL

    /// The app-only scope for Microsoft Graph in this cloud: its Graph host followed by `/.default`. It names the
    /// cloud's Graph resource, so a Graph base URL pointed elsewhere (a proxy, a test server) keeps it.
    public var graphScope: String { graphHost.absoluteString + "/.default" }

    public static let global = AzureCloud(
        name: "global", authorityHost: "https://login.microsoftonline.com",
        exchangeScope: "https://outlook.office365.com/.default", graphHost: "https://graph.microsoft.com")
    /// Microsoft 365 GCC High (US Government).
    public static let usGovernmentHigh = AzureCloud(
        name: "gcc_high", authorityHost: "https://login.microsoftonline.us",
        exchangeScope: "https://outlook.office365.us/.default", graphHost: "https://graph.microsoft.us")
    /// Microsoft 365 DoD (US Government L5): the same Entra ID as GCC High, its own Graph and Exchange hosts.
    public static let usGovernmentDoD = AzureCloud(
        name: "dod", authorityHost: "https://login.microsoftonline.us",
        exchangeScope: "https://outlook-dod.office365.us/.default", graphHost: "https://dod-graph.microsoft.us")
    /// Microsoft 365 operated by 21Vianet.
    public static let china = AzureCloud(
        name: "china", authorityHost: "https://login.chinacloudapi.cn",
        exchangeScope: "https://partner.outlook.cn/.default",
        graphHost: "https://microsoftgraph.chinacloudapi.cn")

    public static let all: [AzureCloud] = [.global, .usGovernmentHigh, .usGovernmentDoD, .china]

    private init(name: String, authorityHost: StaticString, exchangeScope: String, graphHost: StaticString) {
        self.name = name
        self.authorityHost = URL(string: "\(authorityHost)")!
        self.exchangeScope = exchangeScope
        self.graphHost = URL(string: "\(graphHost)")!
    }

    private init(name: String, authorityHost: URL, exchangeScope: String, graphHost: URL) {
        self.name = name
        self.authorityHost = authorityHost
        self.exchangeScope = exchangeScope
        self.graphHost = graphHost
    }

    /// The cloud a configuration names (nil or empty means `global`).
    /// - Throws: `MailSourceError(.configuration)` for an unknown name.
    public static func named(_ name: String?) throws -> AzureCloud {
        let wanted = (name ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if wanted.isEmpty { return .global }
        guard let cloud = all.first(where: { $0.name == wanted }) else {
            throw MailSourceError(.configuration, "unknown Azure cloud: use global, gcc_high, dod or china", detail: wanted)
        }
        return cloud
    }

    /// The same cloud with its token requests sent to another host (a private cloud, a proxy, a test server).
    /// - Parameter host: an absolute URL; `https` unless the host is `localhost` or `127.0.0.1`, since the client
    ///   secret travels in the request body.
    /// - Throws: `MailSourceError(.configuration)` for anything else.
    public func withAuthorityHost(_ host: String) throws -> AzureCloud {
        guard let url = URL(string: host.trimmingCharacters(in: .whitespaces)),
              let scheme = url.scheme?.lowercased(), let hostName = url.host?.lowercased(), !hostName.isEmpty,
              url.query == nil, url.user == nil
        else {
            throw MailSourceError(.configuration, "authority_host must be an absolute https URL", detail: host)
        }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(hostName)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw MailSourceError(.configuration, "authority_host must use https (http only for localhost)",
                                  detail: host)
        }
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        guard let normalized = URL(string: text) else {
            throw MailSourceError(.configuration, "authority_host must be an absolute https URL", detail: host)
        }
        return AzureCloud(name: name, authorityHost: normalized, exchangeScope: exchangeScope, graphHost: graphHost)
    }

    /// `{authority}/{tenant}/oauth2/v2.0/token`.
    public func tokenEndpoint(tenant: String) -> URL {
        authorityHost.appendingPathComponent(tenant).appendingPathComponent("oauth2/v2.0/token")
    }

    public var description: String { "\(name) (\(authorityHost.absoluteString))" }
}
