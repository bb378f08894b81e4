/// Message-ID, In-Reply-To and References values (RFC 5322 §3.6.4).
public enum MessageIdentifiers {
    /// The ids in a References or In-Reply-To value, without angle brackets, in order. Text outside angle brackets
    /// (phrases that old mailers put there) is ignored; a value with no brackets at all is split on whitespace.
    public static func parseList(_ value: String) -> [String] {
        var ids: [String] = []
        var remaining = Substring(value)
        var sawBracket = false
        while let open = remaining.firstIndex(of: "<") {
            sawBracket = true
            let afterOpen = remaining.index(after: open)
            guard let close = remaining[afterOpen...].firstIndex(of: ">") else { break }
            let id = remaining[afterOpen..<close].filter { !$0.isWhitespace }
            if !id.isEmpty { ids.append(String(id)) }
            remaining = remaining[remaining.index(after: close)...]
        }
        if !sawBracket {
            ids = value.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        }
        return ids
    }

    /// One id without its angle brackets and surrounding whitespace; folding whitespace inside is removed.
    public static func strip(_ value: String) -> String {
        if let first = parseList(value).first { return first }
        return value.trimmingASCIIWhitespace()
    }
}
