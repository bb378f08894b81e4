/// An integration's connection as every part of Mailstream holds it, whatever its kind: the public fields under
/// the kind's own keys (`host`, `ews_endpoint`, …) and the secrets apart. Only the kind's `Connector` reads the
/// fields; the store keeps `fields` as JSON and `secrets` sealed.
///
/// Encoding writes the public fields alone: nothing that encodes an integration can leak a secret.
public struct ConnectionSettings: Sendable, Equatable, Codable {
    /// Public fields, by the connector's canonical keys. Absent keys take the connector's defaults.
    public var fields: [String: JSONValue]
    /// Secret fields by key (`password`, `client_secret`, …).
    public var secrets: [String: String]

    public init(fields: [String: JSONValue] = [:], secrets: [String: String] = [:]) {
        self.fields = fields
        self.secrets = secrets
    }

    public init(from decoder: any Decoder) throws {
        fields = try [String: JSONValue](from: decoder)
        secrets = [:]
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
    }

    public func string(_ key: String) -> String? { fields[key]?.stringValue }

    public func int(_ key: String) -> Int? {
        if case .int(let value) = fields[key] { return value }
        return nil
    }

    public func bool(_ key: String) -> Bool? {
        if case .bool(let value) = fields[key] { return value }
        return nil
    }

    public func strings(_ key: String) -> [String]? {
        guard case .array(let values) = fields[key] else { return nil }
        return values.compactMap(\.stringValue)
    }

    public func secret(_ key: String) -> String? { secrets[key] }

    /// Sets a field, or removes it for nil.
    public mutating func set(_ key: String, _ value: JSONValue?) {
        fields[key] = value
    }

    public mutating func set(_ key: String, _ value: String?) {
        fields[key] = value.map(JSONValue.string)
    }

    public mutating func setSecret(_ key: String, _ value: String?) {
        secrets[key] = value
    }
}

/// What is wrong with one field of a connection: the same text whether the connection came from the API, the
/// configuration file or the command line.
public struct ConnectionProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's path inside the connection (`host`, `application.tenant_id`, `cipher_suites[2]`).
    public var field: String
    /// What is wrong and, where it helps, what is expected ("must be from 1 to 65535").
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// `connection.port must be from 1 to 65535`.
    public var description: String { "connection.\(field) \(message)" }
}
