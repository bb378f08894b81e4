import Foundation

/// Which comments a stream returns: Communications Mining's `comment_filter`.
///
/// Every part is optional and the parts combine with AND; the empty filter `{}` matches every comment.
/// An empty list (`sources: []`, `one_of: []`, …) places no restriction, as when nothing was picked in a UI.
public struct CommentFilter: Codable, Sendable, Equatable {
    /// Per user property (key `string:Name` or `number:Name`, as on the comment): all must hold.
    public var userProperties: [String: PropertyFilter]?
    public var timestamp: TimestampFilter?
    /// Source ids the comment must come from.
    public var sources: [String]?
    public var messages: MessagesFilter?

    public init(userProperties: [String: PropertyFilter]? = nil, timestamp: TimestampFilter? = nil,
                sources: [String]? = nil, messages: MessagesFilter? = nil) {
        self.userProperties = userProperties
        self.timestamp = timestamp
        self.sources = sources
        self.messages = messages
    }

    enum CodingKeys: String, CodingKey {
        case timestamp, sources, messages
        case userProperties = "user_properties"
    }

    /// Conditions on one value: each present condition must hold.
    ///
    /// On a user property:
    /// - `oneOf`: the value is a string equal (exactly) to one of the list; a missing or number value fails.
    /// - `notOneOf`: a missing or number value passes; a string value must equal none of the list.
    /// - `domainNotOneOf`: a missing or number value passes; for a string, its domain (see `domain(of:)`) compared
    ///   case-insensitively is in none of the list.
    /// - `minimum`/`maximum`: inclusive bounds on a number value; a missing or string value fails.
    ///
    /// On participants, see `MessagesFilter`.
    public struct PropertyFilter: Codable, Sendable, Equatable {
        public var oneOf: [String]?
        public var notOneOf: [String]?
        public var domainNotOneOf: [String]?
        public var minimum: Double?
        public var maximum: Double?

        public init(oneOf: [String]? = nil, notOneOf: [String]? = nil, domainNotOneOf: [String]? = nil,
                    minimum: Double? = nil, maximum: Double? = nil) {
            self.oneOf = oneOf
            self.notOneOf = notOneOf
            self.domainNotOneOf = domainNotOneOf
            self.minimum = minimum
            self.maximum = maximum
        }

        enum CodingKeys: String, CodingKey {
            case minimum, maximum
            case oneOf = "one_of"
            case notOneOf = "not_one_of"
            case domainNotOneOf = "domain_not_one_of"
        }
    }

    /// Inclusive bounds on `Comment.timestamp`, written as ISO 8601 (`2024-01-01T00:00:00Z`, fractional seconds
    /// accepted) whatever date strategy the surrounding decoder has.
    public struct TimestampFilter: Codable, Sendable, Equatable {
        public var minimum: Date?
        public var maximum: Date?

        public init(minimum: Date? = nil, maximum: Date? = nil) {
            self.minimum = minimum
            self.maximum = maximum
        }

        enum CodingKeys: String, CodingKey { case minimum, maximum }

        /// Throws `DecodingError.dataCorrupted` when a bound is not an ISO 8601 timestamp.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            minimum = try Self.decodeDate(container, .minimum)
            maximum = try Self.decodeDate(container, .maximum)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(minimum.map(JSONCoding.format), forKey: .minimum)
            try container.encodeIfPresent(maximum.map(JSONCoding.format), forKey: .maximum)
        }

        private static func decodeDate(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws
            -> Date? {
            guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let date = JSONCoding.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                       debugDescription: "not an ISO 8601 timestamp")
            }
            return date
        }
    }

    /// Conditions on a comment's participants; each present one must hold, and holds when ANY message of the
    /// comment satisfies it (each filter on its own, so `from` and `to` may be met by different messages; a comment
    /// without messages fails every present filter).
    ///
    /// Addresses are compared case-insensitively as bare addresses: `Name <a@b.com>` counts as `a@b.com`, and list
    /// entries are read the same way. On a message, `from` is a list of zero or one address and `to`/`cc`/`bcc` are
    /// lists: `oneOf` holds when some address is in it (so an empty field fails), `notOneOf` when none is,
    /// `domainNotOneOf` when no address's domain is in it. `minimum`/`maximum` never hold on participants.
    public struct MessagesFilter: Codable, Sendable, Equatable {
        public var from: PropertyFilter?
        public var to: PropertyFilter?
        public var cc: PropertyFilter?
        public var bcc: PropertyFilter?

        public init(from: PropertyFilter? = nil, to: PropertyFilter? = nil, cc: PropertyFilter? = nil,
                    bcc: PropertyFilter? = nil) {
            self.from = from
            self.to = to
            self.cc = cc
            self.bcc = bcc
        }
    }

    /// Whether the comment, stored in the source `sourceID`, passes every part of the filter (see each part's type).
    public func matches(_ comment: Comment, sourceID: String) -> Bool {
        if let sources, !sources.isEmpty, !sources.contains(sourceID) { return false }
        if let minimum = timestamp?.minimum, comment.timestamp < minimum { return false }
        if let maximum = timestamp?.maximum, comment.timestamp > maximum { return false }
        for (key, filter) in userProperties ?? [:] where !filter.matches(comment.userProperties[key]) {
            return false
        }
        guard let messages else { return true }
        let participants: [(PropertyFilter?, (CommentMessage) -> [String])] = [
            (messages.from, { $0.from.map { [$0] } ?? [] }), (messages.to, \.to), (messages.cc, \.cc),
            (messages.bcc, \.bcc),
        ]
        return participants.allSatisfy { filter, addresses in
            guard let filter else { return true }
            return comment.messages.contains { filter.matchesParticipants(addresses($0)) }
        }
    }

    /// Checks that the filter is one the API accepts, so a stream is never saved with a filter that can't match
    /// as written.
    ///
    /// Throws `CommentFilterError` naming the first bad field (user properties in key order, then timestamp, then
    /// messages) when a user property key is not `string:…` or `number:…`, a string property or a participant has
    /// `minimum`/`maximum`, a number property has `one_of`/`not_one_of`/`domain_not_one_of`, or a minimum is above
    /// its maximum.
    /// Bounds on a filter's size: it is stored with its stream and returned in every stream list.
    public static let maximumProperties = 64
    public static let maximumListItems = 1_000
    public static let maximumValueLength = 1_024

    public func validate() throws(CommentFilterError) {
        let root = "comment_filter"
        try checkSizes(root: root)
        for (key, filter) in (userProperties ?? [:]).sorted(by: { $0.key < $1.key }) {
            let field = "\(root).user_properties.\(key)"
            if key.hasPrefix("string:") {
                try filter.rejectBounds(field: field)
            } else if key.hasPrefix("number:") {
                for (name, list) in [("one_of", filter.oneOf), ("not_one_of", filter.notOneOf),
                                     ("domain_not_one_of", filter.domainNotOneOf)] where list != nil {
                    throw CommentFilterError(.listOnNumberProperty, field: "\(field).\(name)",
                                             message: "\(name) applies to string properties only")
                }
                if let minimum = filter.minimum, let maximum = filter.maximum, minimum > maximum {
                    throw CommentFilterError(.minimumAboveMaximum, field: "\(field).minimum",
                                             message: "minimum \(minimum) is above maximum \(maximum)")
                }
            } else {
                throw CommentFilterError(.invalidPropertyKey, field: field,
                                         message: "user property keys start with \"string:\" or \"number:\"")
            }
        }
        if let minimum = timestamp?.minimum, let maximum = timestamp?.maximum, minimum > maximum {
            throw CommentFilterError(.minimumAboveMaximum, field: "\(root).timestamp.minimum",
                                     message: "minimum \(JSONCoding.format(minimum)) is after maximum "
                                         + JSONCoding.format(maximum))
        }
        for (name, filter) in [("from", messages?.from), ("to", messages?.to), ("cc", messages?.cc),
                               ("bcc", messages?.bcc)] {
            try filter?.rejectBounds(field: "\(root).messages.\(name)")
        }
    }

    /// The bare address of `Name <a@b.com>` (the text inside the last `<…>`), else the whole value, trimmed and
    /// lowercased.
    static func bareAddress(_ value: String) -> String {
        var text = Substring(value)
        if let open = text.lastIndex(of: "<"), let close = text[open...].firstIndex(of: ">") {
            text = text[text.index(after: open)..<close]
        }
        return text.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The part of the bare address after its last `@`, or the whole of it when there is none (a bare domain).
    static func domain(of value: String) -> String {
        let address = bareAddress(value)
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[address.index(after: at)...])
    }
}

extension CommentFilter.PropertyFilter {
    func matches(_ value: Comment.PropertyValue?) -> Bool {
        switch value {
        case .string(let text):
            if minimum != nil || maximum != nil { return false }
            if let oneOf, !oneOf.isEmpty, !oneOf.contains(text) { return false }
            if let notOneOf, notOneOf.contains(text) { return false }
            if let domainNotOneOf, Set(domainNotOneOf.map(CommentFilter.domain(of:)))
                .contains(CommentFilter.domain(of: text)) { return false }
            return true
        case .number(let number):
            if let oneOf, !oneOf.isEmpty { return false }
            if let minimum, number < minimum { return false }
            if let maximum, number > maximum { return false }
            return true
        case nil:
            if let oneOf, !oneOf.isEmpty { return false }
            return minimum == nil && maximum == nil
        }
    }

    func matchesParticipants(_ addresses: [String]) -> Bool {
        if minimum != nil || maximum != nil { return false }
        let bare = addresses.map(CommentFilter.bareAddress)
        if let oneOf, !oneOf.isEmpty {
            let wanted = Set(oneOf.map(CommentFilter.bareAddress))
            if !bare.contains(where: wanted.contains) { return false }
        }
        if let notOneOf {
            let unwanted = Set(notOneOf.map(CommentFilter.bareAddress))
            if bare.contains(where: unwanted.contains) { return false }
        }
        if let domainNotOneOf {
            let unwanted = Set(domainNotOneOf.map(CommentFilter.domain(of:)))
            if addresses.contains(where: { unwanted.contains(CommentFilter.domain(of: $0)) }) { return false }
        }
        return true
    }

    func checkSizes(field: String) throws(CommentFilterError) {
        for (name, list) in [("one_of", oneOf), ("not_one_of", notOneOf), ("domain_not_one_of", domainNotOneOf)] {
            try CommentFilter.checkList(list, field: "\(field).\(name)")
        }
    }

    func rejectBounds(field: String) throws(CommentFilterError) {
        for (name, bound) in [("minimum", minimum), ("maximum", maximum)] where bound != nil {
            throw CommentFilterError(.boundOnText, field: "\(field).\(name)",
                                     message: "\(name) applies to number properties only")
        }
    }
}

extension CommentFilter {
    func checkSizes(root: String) throws(CommentFilterError) {
        let properties = userProperties ?? [:]
        guard properties.count <= Self.maximumProperties else {
            throw CommentFilterError(.tooLarge, field: "\(root).user_properties",
                                     message: "at most \(Self.maximumProperties) properties")
        }
        for (key, filter) in properties.sorted(by: { $0.key < $1.key }) {
            let field = "\(root).user_properties.\(key.unicodeScalars.count > 128 ? "…" : key)"
            guard key.unicodeScalars.count <= 128 else {
                throw CommentFilterError(.tooLarge, field: field, message: "a property key is at most 128 characters")
            }
            try filter.checkSizes(field: field)
        }
        try Self.checkList(sources, field: "\(root).sources", maximum: Dataset.maximumSources)
        for (name, filter) in [("from", messages?.from), ("to", messages?.to), ("cc", messages?.cc),
                               ("bcc", messages?.bcc)] {
            try filter?.checkSizes(field: "\(root).messages.\(name)")
        }
    }

    static func checkList(_ list: [String]?, field: String, maximum: Int = maximumListItems)
        throws(CommentFilterError) {
        guard let list else { return }
        guard list.count <= maximum else {
            throw CommentFilterError(.tooLarge, field: field, message: "at most \(maximum) values")
        }
        for (index, value) in list.enumerated() where value.unicodeScalars.count > maximumValueLength {
            throw CommentFilterError(.tooLarge, field: "\(field)[\(index)]",
                                     message: "a value is at most \(maximumValueLength) characters")
        }
    }
}

extension CommentFilter {
    /// The sources among `sourceIDs` whose comments can match: all of them unless `sources` names some. A store
    /// evaluates this part in its query rather than reading comments that can't match.
    public func sourceRestriction(of sourceIDs: [String]) -> [String] {
        guard let wanted = sources, !wanted.isEmpty else { return sourceIDs }
        return sourceIDs.filter(wanted.contains)
    }
}
