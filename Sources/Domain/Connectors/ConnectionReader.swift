/// Reads a connection's fields from JSON with one message per mistake, naming the field. Connectors use it so that
/// every kind reports the same mistake in the same words, and so that a misspelt key is refused rather than ignored.
public struct ConnectionReader: Sendable {
    private let object: [String: JSONValue]
    private let path: String
    private var read: Set<String> = []

    /// - Parameter path: the object's own path inside the connection ("" at the top, "application." inside).
    public init(_ object: [String: JSONValue], path: String = "") {
        self.object = object
        self.path = path
    }

    /// Whether the key is present with a value other than null.
    public func has(_ key: String) -> Bool {
        guard let value = object[key] else { return false }
        return value != .null
    }

    /// The field's full path, for messages.
    public func field(_ key: String) -> String { path + key }

    private mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    public mutating func string(_ key: String, limit: TextLimit) throws(ConnectionProblem) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            throw ConnectionProblem(field(key), "must be a string, not \(value.typeName)")
        }
        if let problem = limit.problem(text) { throw ConnectionProblem(field(key), problem) }
        return text
    }

    /// A string that must not be empty when given (names, hosts, ids).
    public mutating func name(_ key: String, maximum: Int = 256) throws(ConnectionProblem) -> String? {
        try string(key, limit: TextLimit(minimum: 1, maximum: maximum))
    }

    public mutating func int(_ key: String, range: ClosedRange<Int>) throws(ConnectionProblem) -> Int? {
        guard let value = value(key) else { return nil }
        let number: Int
        switch value {
        case .int(let integer): number = integer
        case .double(let double) where double.rounded() == double && abs(double) < 1e15: number = Int(double)
        default: throw ConnectionProblem(field(key), "must be a whole number, not \(value.typeName)")
        }
        guard range.contains(number) else {
            throw ConnectionProblem(field(key), "must be from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    public mutating func bool(_ key: String) throws(ConnectionProblem) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw ConnectionProblem(field(key), "must be true or false, not \(value.typeName)")
        }
        return flag
    }

    /// One of a few names, compared without regard to case; returned as listed.
    public mutating func choice(_ key: String, among choices: [String]) throws(ConnectionProblem) -> String? {
        guard let text = try string(key, limit: TextLimit(maximum: 256)) else { return nil }
        guard let chosen = choices.first(where: { $0.lowercased() == text.lowercased() }) else {
            throw ConnectionProblem(field(key), "must be one of " + choices.joined(separator: ", "))
        }
        return chosen
    }

    public mutating func strings(_ key: String, limit: TextLimit, maximumCount: Int) throws(ConnectionProblem)
        -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let values) = value else {
            throw ConnectionProblem(field(key), "must be a list of strings, not \(value.typeName)")
        }
        guard values.count <= maximumCount else {
            throw ConnectionProblem(field(key), "must list at most \(maximumCount) values")
        }
        var texts: [String] = []
        for (index, element) in values.enumerated() {
            guard case .string(let text) = element else {
                throw ConnectionProblem("\(field(key))[\(index)]", "must be a string, not \(element.typeName)")
            }
            if let problem = limit.problem(text) { throw ConnectionProblem("\(field(key))[\(index)]", problem) }
            texts.append(text)
        }
        return texts
    }

    /// A nested object (`access`, `application`), read with its own reader.
    public mutating func object(_ key: String) throws(ConnectionProblem) -> ConnectionReader? {
        guard let value = value(key) else { return nil }
        guard case .object(let nested) = value else {
            throw ConnectionProblem(field(key), "must be an object, not \(value.typeName)")
        }
        return ConnectionReader(nested, path: field(key) + ".")
    }

    /// Refuses keys nobody read: a misspelt `pasword` is an error, not a setting silently lost.
    /// - Parameter ignoring: keys accepted and dropped (read-only keys of answers, such as `password_set`).
    public func checkNoOtherKeys(ignoring: Set<String> = [], known: [String]) throws(ConnectionProblem) {
        for key in object.keys.sorted() where !read.contains(key) && !ignoring.contains(key) {
            throw ConnectionProblem(field(key), "is not a field of this connection (known: "
                + known.joined(separator: ", ") + ")")
        }
    }
}

extension ConnectionProblem {
    /// `field is required`, with what to give.
    public static func required(_ field: String, _ hint: String = "") -> ConnectionProblem {
        ConnectionProblem(field, hint.isEmpty ? "is required" : "is required: \(hint)")
    }
}
