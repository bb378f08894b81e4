import Domain
import Foundation

/// Where a configuration file's secrets come from: inline (`password`), an environment variable (`password_env`)
/// or a file (`password_file`); long public texts such as certificates may come from a file too
/// (`client_certificate_file`). Which keys are secrets is the connector's to say, so a new kind gets this for free.
struct SecretSources {
    let connector: any Connector
    let integration: String
    let environment: [String: String]

    /// The connection with every `<key>_env` and `<key>_file` replaced by `<key>` and its value. A file wins over a
    /// variable, which wins over the inline value. Nested objects (Communications Mining's `access`,
    /// `application`) are resolved the same way.
    func resolve(_ connection: [String: JSONValue]) throws -> [String: JSONValue] {
        var resolved = connection
        for (key, value) in connection {
            if case .object(let nested) = value { resolved[key] = .object(try resolve(nested)) }
        }
        for key in connector.secretKeys + connector.fileKeys {
            let isSecret = connector.secretKeys.contains(key)
            if isSecret, let variable = try text(resolved, key + "_env") {
                guard let value = environment[variable] else {
                    throw ConfigurationError("integration \(integration): environment variable \(variable) is not set")
                }
                resolved[key] = .string(value)
            }
            if let path = try text(resolved, key + "_file") {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ConfigurationError("integration \(integration): cannot read \(key)_file \(path)")
                }
                resolved[key] = .string(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines))
            }
            resolved[key + "_env"] = nil
            resolved[key + "_file"] = nil
        }
        return resolved
    }

    private func text(_ connection: [String: JSONValue], _ key: String) throws -> String? {
        guard let value = connection[key], value != .null else { return nil }
        guard case .string(let text) = value, !text.isEmpty, text.unicodeScalars.count <= 4_096 else {
            throw ConfigurationError("integration \(integration): connection.\(key) must be a variable's name or a "
                + "path")
        }
        return text
    }
}
