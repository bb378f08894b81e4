/// The one rule for the names of owners (projects), buckets, sources, datasets, streams and integrations, in paths,
/// bodies, configuration files and the command line alike: 1-64 ASCII letters, digits, `-` and `_`.
///
/// Names appear in paths (`/api/v1/sources/<owner>/<name>`) and in `owner/name` references, so a name holding `/`,
/// `%`, spaces or control characters would make an object no route reaches.
public enum ResourceName {
    public static let maximumLength = 64
    /// The rule as a JSON Schema / OpenAPI `pattern`.
    public static let pattern = "^[A-Za-z0-9_-]{1,64}$"
    /// What a message says the rule is.
    public static let ruleText = "must be 1-64 ASCII letters, digits, '-' or '_'"

    /// True when `value` follows the rule.
    public static func isValid(_ value: some StringProtocol) -> Bool {
        let bytes = value.utf8
        guard (1...maximumLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
            default: false
            }
        }
    }

    /// Splits an `owner/name` reference; nil unless it is exactly two valid names.
    public static func reference(_ value: String) -> (owner: String, name: String)? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, isValid(parts[0]), isValid(parts[1]) else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}
