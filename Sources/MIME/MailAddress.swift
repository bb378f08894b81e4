/// A mailbox from an address header: display name and addr-spec, and the group it was listed in, if any.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The decoded display name, nil when there is none.
    public var name: String?
    /// The addr-spec (`local@domain`) as written, without angle brackets, route or comments. May lack "@" in
    /// broken mail ("undisclosed-recipients") and may be empty for the null path `<>`. A list archive's
    /// "local at domain" is read as `local@domain` when that is well-formed; other words that are no address are
    /// kept one space apart ("Friends of X"), never glued, and the parser warns (``ParseWarning/Kind/invalidAddress``).
    public var address: String
    /// The group's display name when the mailbox was listed inside a group (RFC 5322 §3.4).
    public var group: String?

    public init(name: String? = nil, address: String, group: String? = nil) {
        self.name = name
        self.address = address
        self.group = group
    }

    /// The part after the last "@", lowercased; nil when there is none.
    public var domain: String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...]
        return domain.isEmpty ? nil : String(domain).lowercased()
    }

    /// "Name <address>" or the bare address.
    public var description: String {
        guard let name, !name.isEmpty else { return address }
        let needsQuotes = name.contains { ",;:<>@\"()[]\\".contains($0) }
        let shown = needsQuotes
            ? "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : name
        return "\(shown) <\(address)>"
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
