import Foundation

/// How every store writes a connection's secrets before sealing them: one JSON object of the connector's secret
/// keys (`{"password": …, "client_secret": …}`). Rows written before connectors used camel-case keys for the four
/// secrets of that time; they read as the same keys.
public enum StoredConnectionSecrets {
    public static func encode(_ secrets: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(secrets), as: UTF8.self)
    }

    public static func decode(_ json: String) throws -> [String: String] {
        // Values may be null in old rows (a secret that was not set).
        let raw = try JSONDecoder().decode([String: String?].self, from: Data(json.utf8))
        var secrets: [String: String] = [:]
        for (key, value) in raw {
            guard let value else { continue }
            secrets[legacyKeys[key] ?? key] = value
        }
        return secrets
    }

    static let legacyKeys = ["accessToken": "access_token", "clientSecret": "client_secret",
                             "clientPrivateKey": "client_private_key"]
}
