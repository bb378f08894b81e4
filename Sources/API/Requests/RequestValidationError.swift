import Domain
import Foundation
import MIME

/// A request body that breaks a rule of the API: which field, and what is wrong with it.
///
/// `field` is a path into the body as the client wrote it (`comments[3].messages[0].body.text`), and `message` is
/// plain English a client can show its user; neither names a type of this server. Answered with HTTP 400.
public struct RequestValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `"<field>: <message>"`.
    public var description: String { "\(field): \(message)" }
}

/// Typed reads of a body decoded by `JSONSerialization`, each naming the field it rejects.
///
/// JSON `null` counts as absent, so an optional field may be left out or sent as null.
enum RequestJSON {
    typealias Object = [String: Any]

    /// The body as a JSON object holding an array under `key`. Non-JSON is blamed on `body`; anything else on `key`.
    static func topLevel(_ body: [UInt8], arrayKey key: String) throws(RequestValidationError) -> (Object, [Any]) {
        let parsed: Any
        do {
            // Parsed in place: `Data(body)` would copy the body, 64 MiB at most, for the parse's duration only.
            // The parser makes its own copy and its result holds none of these bytes.
            parsed = try body.withUnsafeBytes { bytes in
                guard let start = bytes.baseAddress else { throw RequestValidationError(field: "body", message: "") }
                let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: bytes.count,
                                deallocator: .none)
                return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            }
        } catch {
            throw RequestValidationError(field: "body", message: "is not valid JSON")
        }
        guard let object = parsed as? Object else {
            throw RequestValidationError(field: key, message: "the body must be a JSON object with a \(key) array")
        }
        guard let array = object[key].flatMap(present) else {
            throw RequestValidationError(field: key, message: "is required")
        }
        guard let items = array as? [Any] else { throw RequestValidationError(field: key, message: "must be an array") }
        return (object, items)
    }

    /// The value, or nil when it is absent or JSON null.
    static func present(_ value: Any?) -> Any? {
        guard let value, !(value is NSNull) else { return nil }
        return value
    }

    static func object(_ value: Any?, _ field: String) throws(RequestValidationError) -> Object {
        guard let present = present(value) else { throw RequestValidationError(field: field, message: "is required") }
        guard let object = present as? Object else {
            throw RequestValidationError(field: field, message: "must be an object")
        }
        return object
    }

    static func optionalObject(_ value: Any?, _ field: String) throws(RequestValidationError) -> Object? {
        guard present(value) != nil else { return nil }
        return try object(value, field)
    }

    static func array(_ value: Any?, _ field: String) throws(RequestValidationError) -> [Any] {
        guard let present = present(value) else { throw RequestValidationError(field: field, message: "is required") }
        guard let array = present as? [Any] else {
            throw RequestValidationError(field: field, message: "must be an array")
        }
        return array
    }

    static func optionalArray(_ value: Any?, _ field: String) throws(RequestValidationError) -> [Any]? {
        guard present(value) != nil else { return nil }
        return try array(value, field)
    }

    static func string(_ value: Any?, _ field: String) throws(RequestValidationError) -> String {
        guard let present = present(value) else { throw RequestValidationError(field: field, message: "is required") }
        guard let string = present as? String else {
            throw RequestValidationError(field: field, message: "must be a string")
        }
        return string
    }

    static func optionalString(_ value: Any?, _ field: String) throws(RequestValidationError) -> String? {
        guard present(value) != nil else { return nil }
        return try string(value, field)
    }

    /// An array of strings; absent is empty.
    static func strings(_ value: Any?, _ field: String) throws(RequestValidationError) -> [String] {
        guard let items = try optionalArray(value, field) else { return [] }
        var strings: [String] = []
        strings.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            strings.append(try string(item, "\(field)[\(index)]"))
        }
        return strings
    }

    static func optionalBool(_ value: Any?, _ field: String) throws(RequestValidationError) -> Bool? {
        guard let present = present(value) else { return nil }
        guard isBool(present), let bool = present as? Bool else {
            throw RequestValidationError(field: field, message: "must be true or false")
        }
        return bool
    }

    /// A JSON number (not a boolean: Foundation bridges both to `NSNumber`, and `1 as? Bool` succeeds).
    static func number(_ value: Any) -> NSNumber? {
        guard let number = value as? NSNumber, !isBool(value) else { return nil }
        return number
    }

    /// Booleans parsed by `JSONSerialization` are `NSNumber`s of type char on Linux and Darwin alike; no number it
    /// parses has that type.
    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    /// Whether the text exceeds `limit` characters (grapheme clusters, as `String.count` and `EmailToComment` count).
    static func isLonger(_ text: String, than limit: Int) -> Bool {
        // Every character takes at least one UTF-8 byte: short texts skip the walk over grapheme boundaries.
        text.utf8.count > limit && text.count > limit
    }

    /// RFC 3339 §5.6 `date-time`; see ``RFC3339/parse(_:)``.
    static func timestamp(_ text: String) -> Date? { RFC3339.parse(text) }
}
