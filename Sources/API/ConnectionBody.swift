import Domain
import Foundation

/// A connection as a request gives it: Mailstream's own keys (`host`, `username`, `ews_endpoint`, …), or
/// Communications Mining's Exchange shape, so its integration payloads work unchanged:
/// `{"access": {"kind": "user_access", "username", "password"}, "application": {"kind": "ntlm"},
///   "microsoft_api": {"kind": "ews"}, "ews_endpoint": "https://host/EWS/Exchange.asmx"}`.
struct ConnectionBody: Decodable {
    var connection: Integration.Connection
    /// `microsoft_api.kind`, when the product's shape was used.
    var microsoftAPI: Integration.Kind?

    struct Kind: Decodable {
        var kind: String
    }

    struct Access: Decodable {
        var kind: String
        var username: String?
        var password: String?
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
        if let access = try container.decodeIfPresent(Access.self, forKey: .access) {
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
        if let application = try container.decodeIfPresent(Kind.self, forKey: .application) {
            switch application.kind {
            case "ntlm": connection.authentication = "ntlm"
            case "basic": connection.authentication = "basic"
            case "custom":
                throw DecodingError.dataCorruptedError(
                    forKey: .application, in: container,
                    debugDescription: "OAuth applications (kind custom) are not supported yet; use ntlm or basic")
            default:
                throw DecodingError.dataCorruptedError(forKey: .application, in: container,
                                                       debugDescription: "kind must be ntlm, basic or custom")
            }
        }
    }
}
