import Domain
import EntraSimulator
import Foundation

/// The Graph side of the simulated Entra ID: the scopes it takes for Graph and the tokens it issues.
enum GraphAccessToken {
    /// The app-only scopes Entra ID accepts for Graph: each national cloud's Graph host, and Graph's app id
    /// (learn.microsoft.com/graph/deployments).
    static let scopes: Set<String> = [
        "https://graph.microsoft.com/.default", "https://graph.microsoft.us/.default",
        "https://dod-graph.microsoft.us/.default", "https://microsoftgraph.chinacloudapi.cn/.default",
        "00000003-0000-0000-c000-000000000000/.default",
    ]

    /// A JWT-shaped app-only token like Entra's for Graph (`aud` Graph, `roles` Mail.Read, `idtyp` app), signed
    /// with random bytes: clients must treat access tokens as opaque, and the simulator checks them by lookup.
    static func make(clientID: String, tenantID: String, expires: Date, now: Date) -> String {
        let header = JSONValue.object([
            ("typ", .string("JWT")), ("alg", .string("RS256")),
            ("kid", .string("graph-simulator")),
        ])
        let issued = Int(now.timeIntervalSince1970)
        let claims = JSONValue.object([
            ("aud", .string("https://graph.microsoft.com")),
            ("iss", .string("https://sts.windows.net/\(tenantID)/")),
            ("iat", .int(issued)), ("nbf", .int(issued)), ("exp", .int(Int(expires.timeIntervalSince1970))),
            ("app_displayname", .string("Mailstream")), ("appid", .string(clientID)), ("idtyp", .string("app")),
            ("roles", .array([.string("Mail.Read")])), ("tid", .string(tenantID)),
            ("uti", .string(Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255) }))),
            ("ver", .string("1.0")),
        ])
        let signature = (0..<256).map { _ in UInt8.random(in: 0...255) }
        return Base64URL.encode(header.encoded) + "." + Base64URL.encode(claims.encoded) + "."
            + Base64URL.encode(signature)
    }
}

extension GraphAnswer {
    /// The simulated Entra ID's answer as the Graph simulator writes it.
    init(_ answer: EntraAnswer) {
        self.init(status: answer.status, headers: answer.headers, body: answer.body)
    }
}
