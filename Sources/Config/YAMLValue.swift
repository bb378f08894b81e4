import Domain
import Yams

/// A YAML document as the JSON value it stands for, with each scalar typed by YAML's own resolution (`993` a
/// number, `true` a boolean, `https://host/x` a string). The configuration file is then decoded from JSON, as the
/// API's bodies are, so both hand the connectors the same values.
enum YAMLValue {
    static func parse(_ text: String) throws -> JSONValue {
        guard let node = try Yams.compose(yaml: text) else { return .null }
        return try value(node)
    }

    static func value(_ node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.description) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map(JSONValue.int) ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.double) ?? .string(scalar.string)
            // Timestamps and anything else stay as written.
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let name) = key else {
                    throw ConfigurationError("a key must be a plain name (found \(key))")
                }
                object[name.string] = try self.value(value)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(try sequence.map(value))
        }
    }
}
