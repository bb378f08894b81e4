/// The one rule for users' login names, in the API, the command line and sign-in alike: 1-64 ASCII letters,
/// digits, `.`, `_`, `@` and `-` (an email address usually fits). Logins are unique ignoring ASCII case, so `Ann`
/// and `ann` can't be two people.
public enum LoginName {
    public static let maximumLength = 64
    /// The rule as a JSON Schema / OpenAPI `pattern`.
    public static let pattern = "^[A-Za-z0-9._@-]{1,64}$"
    /// What a message says the rule is.
    public static let ruleText = "must be 1-64 ASCII letters, digits, '.', '_', '@' or '-'"

    /// True when `value` follows the rule.
    public static func isValid(_ value: some StringProtocol) -> Bool {
        let bytes = value.utf8
        guard (1...maximumLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "@"),
                 UInt8(ascii: "-"): true
            default: false
            }
        }
    }
}

/// What Mailstream takes as a user's email address: within ``TextLimit/mailbox``, one `@` with something on each
/// side, no spaces. Whether the mailbox exists is the relay's business; this only stops obvious typos and
/// header injection (no control characters, no line breaks).
public enum EmailAddressRule {
    /// What is wrong with `value`, or nil when it fits.
    public static func problem(_ value: String) -> String? {
        if let problem = TextLimit.mailbox.problem(value) { return problem }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return "must be an email address (name@domain)"
        }
        if value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "<" || $0 == ">" }) {
            return "must be a bare email address, without spaces or angle brackets"
        }
        return nil
    }
}

/// Bounds on a password: long enough to resist guessing, short enough that hashing it costs what we planned.
public enum PasswordRule {
    public static let minimumLength = 8
    public static let maximumLength = 1_024

    /// What is wrong with `value` (never quoting it), or nil when it fits.
    public static func problem(_ value: String) -> String? {
        let count = value.unicodeScalars.count
        if count < minimumLength { return "must be at least \(minimumLength) characters" }
        if count > maximumLength { return "must be at most \(maximumLength) characters" }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "must not contain control characters"
        }
        return nil
    }
}
