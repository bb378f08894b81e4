import Domain
import Foundation

/// A connection as a request gives it: Mailstream's own keys (`host`, `username`, `ews_endpoint`, …), or
/// Communications Mining's Exchange shape, so its integration payloads work unchanged:
/// `{"access": {"kind": "user_access", "username", "password"}, "application": {"kind": "ntlm"},
///   "microsoft_api": {"kind": "ews"}, "ews_endpoint": "https://host/EWS/Exchange.asmx"}`, or with an Entra ID
/// application: `{"access": {"kind": "app_access"}, "application": {"kind": "custom", "tenant_id", "client_id",
///   "client_secret"}, …}` (or `client_certificate` + `client_private_key` PEM instead of the secret, and optionally
/// `cloud`: global, gcc_high or china).
struct ConnectionBody: Decodable {
    var connection: Integration.Connection
    /// `microsoft_api.kind`, when the product's shape was used.
    var microsoftAPI: Integration.Kind?

    struct Kind: Decodable {
        var kind: String
    }

    /// `application`: how the connection authenticates; `custom` is an Entra ID app (client credentials).
    struct Application: Decodable {
        var kind: String
        var tenantID: String?
        var clientID: String?
        var clientSecret: String?
        var clientCertificate: String?
        var clientPrivateKey: String?
        var cloud: String?
        var authorityHost: String?

        /// The first field over its bound, as `key: problem`; the connection's own check sees only what is kept.
        func textProblem() -> String? {
            let fields: [(String, String?, TextLimit)] = [
                ("kind", kind, TextLimit(maximum: 64)), ("tenant_id", tenantID, TextLimit(maximum: 256)),
                ("client_id", clientID, TextLimit(maximum: 256)), ("client_secret", clientSecret, TextLimit(maximum: 1_024)),
                ("client_certificate", clientCertificate, TextLimit(maximum: 65_536, multiline: true)),
                ("client_private_key", clientPrivateKey, TextLimit(maximum: 65_536, multiline: true)),
                ("cloud", cloud, TextLimit(maximum: 256)), ("authority_host", authorityHost, TextLimit(maximum: 2_048)),
            ]
            for (key, value, limit) in fields {
                if let value, let problem = limit.problem(value) { return "\(key) \(problem)" }
            }
            return nil
        }

        enum CodingKeys: String, CodingKey {
            case kind, cloud
            case tenantID = "tenant_id"
            case clientID = "client_id"
            case clientSecret = "client_secret"
            case clientCertificate = "client_certificate"
            case clientPrivateKey = "client_private_key"
            case authorityHost = "authority_host"
        }
    }

    struct Access: Decodable {
        var kind: String
        var username: String?
        var password: String?

        func textProblem() -> String? {
            let fields: [(String, String?, TextLimit)] = [
                ("kind", kind, TextLimit(maximum: 64)), ("username", username, TextLimit(maximum: 320)),
                ("password", password, TextLimit(maximum: 1_024)),
            ]
            for (key, value, limit) in fields {
                if let value, let problem = limit.problem(value) { return "\(key) \(problem)" }
            }
            return nil
        }
    }

    enum Keys: String, CodingKey {
        case access, application
        case microsoftAPI = "microsoft_api"
    }

    init(from decoder: any Decoder) throws {
        connection = try Integration.Connection(from: decoder)
        let container = try decoder.container(keyedBy: Keys.self)
        guard container.contains(.access) || container.contains(.application) || container.contains(.microsoftAPI)
        else { return }
        if let api = try container.decodeIfPresent(Kind.self, forKey: .microsoftAPI) {
            switch api.kind {
            case "ews": microsoftAPI = .ews
            case "graph": microsoftAPI = .graph
            default:
                throw DecodingError.dataCorruptedError(forKey: .microsoftAPI, in: container,
                                                       debugDescription: "must be {\"kind\": \"ews\"} or {\"kind\": \"graph\"}")
            }
        }
        let access = try container.decodeIfPresent(Access.self, forKey: .access)
        // Fields a kind doesn't use are dropped below; they are held to the same bounds all the same.
        if let problem = access?.textProblem() {
            throw DecodingError.dataCorruptedError(forKey: .access, in: container, debugDescription: problem)
        }
        if let access {
            switch access.kind {
            case "user_access":
                connection.username = access.username ?? connection.username
                connection.password = access.password ?? connection.password
            case "app_access":
                // Application permissions act on mailboxes by impersonation.
                connection.accessType = "impersonation"
            default:
                throw DecodingError.dataCorruptedError(forKey: .access, in: container,
                                                       debugDescription: "kind must be user_access or app_access")
            }
        }
        if let application = try container.decodeIfPresent(Application.self, forKey: .application) {
            if let problem = application.textProblem() {
                throw DecodingError.dataCorruptedError(forKey: .application, in: container, debugDescription: problem)
            }
            switch application.kind {
            case "ntlm": connection.authentication = "ntlm"
            case "basic": connection.authentication = "basic"
            case "custom":
                connection.authentication = "client_credentials"
                connection.tenantID = application.tenantID ?? connection.tenantID
                connection.clientID = application.clientID ?? connection.clientID
                connection.clientSecret = application.clientSecret ?? connection.clientSecret
                connection.clientCertificate = application.clientCertificate ?? connection.clientCertificate
                connection.clientPrivateKey = application.clientPrivateKey ?? connection.clientPrivateKey
                connection.cloud = application.cloud ?? connection.cloud
                connection.authorityHost = application.authorityHost ?? connection.authorityHost
                // The app gets app-only tokens (client credentials): it has no user of its own to sign in.
                if access?.kind == "user_access" {
                    throw DecodingError.dataCorruptedError(
                        forKey: .access, in: container,
                        debugDescription: "an application of kind custom acts by app_access (impersonation)")
                }
            default:
                throw DecodingError.dataCorruptedError(forKey: .application, in: container,
                                                       debugDescription: "kind must be ntlm, basic or custom")
            }
        }
    }
}
