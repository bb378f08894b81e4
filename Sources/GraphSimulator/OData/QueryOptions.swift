import Foundation

/// The query string of a Graph request: OData system options (`$select`, `$filter`, …) and custom ones
/// (`changeType`, `includeHiddenFolders`). Names of system options are case-insensitive and their `$` is required;
/// `+` reads as a space, as ASP.NET reads it.
struct QueryOptions: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    static let systemOptions: Set<String> = [
        "$select", "$filter", "$top", "$skip", "$orderby", "$expand", "$count", "$search", "$skiptoken",
        "$deltatoken", "$format",
    ]

    init(query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            pairs.append((name, value))
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The value of an option, its name compared case-insensitively.
    subscript(name: String) -> String? {
        pairs.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The first `$` option not in `allowed` (nor known to OData at all); custom options are never refused.
    func unsupportedSystemOption(allowed: Set<String>) -> String? {
        pairs.first { pair in
            pair.name.hasPrefix("$") && !allowed.contains(pair.name.lowercased())
        }?.name
    }

    /// `$select` as a list of property names; nil when absent.
    var select: [String]? {
        self["$select"].map { value in
            value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// A non-negative integer option; `.failure` names the option when it isn't one.
    func integer(_ name: String) -> Result<Int?, QueryOptionError> {
        guard let text = self[name] else { return .success(nil) }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)), number >= 0 else {
            return .failure(QueryOptionError(message: "Invalid value '\(text)' for query option '\(name)'."))
        }
        return .success(number)
    }

    /// The only `$filter` message delta takes (learn.microsoft.com/graph/delta-query-messages):
    /// `receivedDateTime ge|gt <DateTimeOffset>`.
    func receivedDateTimeFilter() -> Result<(DeltaOptions.Comparison, Date)?, QueryOptionError> {
        guard let filter = self["$filter"] else { return .success(nil) }
        let words = filter.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count == 3, words[0].caseInsensitiveCompare("receivedDateTime") == .orderedSame,
            let comparison = DeltaOptions.Comparison(rawValue: words[1].lowercased())
        else {
            return .failure(
                QueryOptionError(
                    code: "ErrorInvalidUrlQueryFilter",
                    message: "The query filter isn't supported."))
        }
        let literal = words[2].trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        guard let instant = GraphDate.parse(literal) else {
            return .failure(
                QueryOptionError(
                    message: "The DateTimeOffset text '\(literal)' should be in format "
                        + "'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is "
                        + "within valid range."))
        }
        return .success((comparison, instant))
    }

    /// `$orderby`: nil, or newest first for `receivedDateTime desc`; anything else is refused.
    func newestFirstOrder() -> Result<Bool, QueryOptionError> {
        guard let order = self["$orderby"] else { return .success(false) }
        let words = order.split(separator: " ").map { $0.lowercased() }
        guard words == ["receiveddatetime", "desc"] else {
            return .failure(
                QueryOptionError(
                    code: "ErrorInvalidUrlQuery",
                    message: "The only supported $orderby is receivedDateTime desc."))
        }
        return .success(true)
    }
}

/// A query option Graph would refuse with 400.
struct QueryOptionError: Error, Sendable {
    var code = "BadRequest"
    var message: String
}

/// Graph's instants: ISO 8601 in UTC with a `Z` (`2026-03-02T10:00:00Z`); parsed with or without fraction or offset.
enum GraphDate {
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: floor(date.timeIntervalSince1970)))
    }

    /// Seven fractional digits, as subscription expiry times come back (`2026-03-02T10:00:00.0000000Z`).
    static func formatPrecise(_ date: Date) -> String {
        let whole = floor(date.timeIntervalSince1970)
        let fraction = Int(((date.timeIntervalSince1970 - whole) * 10_000_000).rounded())
        return String(format(date).dropLast()) + "." + String(format: "%07d", min(fraction, 9_999_999)) + "Z"
    }

    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: trimmed) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: trimmed) { return date }
        // More than three fractional digits (Graph writes seven): keep milliseconds.
        if let dot = trimmed.firstIndex(of: "."),
            let end = trimmed[dot...].firstIndex(where: { !$0.isNumber && $0 != "." })
        {
            let digits = trimmed[trimmed.index(after: dot)..<end]
            if digits.count > 3 {
                return parse(String(trimmed[..<dot]) + "." + digits.prefix(3) + trimmed[end...])
            }
        }
        // Without a zone Graph reads UTC.
        if !trimmed.hasSuffix("Z"), !trimmed.dropFirst(10).contains("+"), !trimmed.dropFirst(10).contains("-"),
            trimmed.count >= 19
        {
            return parse(trimmed + "Z")
        }
        return nil
    }
}
