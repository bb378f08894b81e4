import Foundation

/// Checks JSON values, as `JSONSerialization` returns them, against JSON Schema 2020-12: the subset an OpenAPI 3.1
/// document uses.
///
/// Asserted keywords: `type` (a name or a list of names, `"null"` included), `enum`, `const`, `properties`,
/// `required`, `additionalProperties` (boolean or schema), `patternProperties`, `propertyNames`, `items`,
/// `minItems`, `maxItems`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minLength`, `maxLength`
/// (in Unicode scalars), `pattern`, `format: "date-time"` (RFC 3339 §5.6), `allOf`, `anyOf`, `oneOf`, `not`, and
/// `$ref` to a JSON pointer into the document (`#/components/schemas/Comment`). Any other keyword is an annotation
/// and is ignored, as are other formats.
struct JSONSchemaValidator {
    /// The document `$ref`s point into.
    let document: Any

    /// How deep schemas may nest (through `$ref`s and combinators) before a cycle is assumed.
    private static let maximumDepth = 128

    init(document: Any) {
        self.document = document
    }

    /// The ways `value` breaks `schema`, each as `<JSON path>: <what is wrong>` (`$.comments[0].id: expected string,
    /// got number`); empty when the value conforms.
    func errors(in value: Any, against schema: Any, at path: String = "$") -> [String] {
        validate(value, schema, path, depth: 0)
    }

    /// The value a local reference (`#/components/schemas/Comment`, RFC 6901 escapes and percent-encoding
    /// allowed) points at, or nil when it points at nothing or elsewhere than this document.
    func resolve(_ reference: String) -> Any? {
        guard reference.hasPrefix("#"), let pointer = String(reference.dropFirst()).removingPercentEncoding else {
            return nil
        }
        guard !pointer.isEmpty else { return document }
        guard pointer.hasPrefix("/") else { return nil }
        var current: Any = document
        for token in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch JSONKind(current) {
            case .object(let object):
                guard let next = object[key] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(key), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    private func validate(_ value: Any, _ anySchema: Any, _ path: String, depth: Int) -> [String] {
        guard depth < Self.maximumDepth else { return ["\(path): schemas nest too deeply (a $ref cycle?)"] }
        let schema: [String: Any]
        switch JSONKind(anySchema) {
        case .bool(true): return []
        case .bool(false): return ["\(path): no value is allowed here"]
        case .object(let object): schema = object
        default: return ["\(path): the schema is neither an object nor a boolean"]
        }
        var errors: [String] = []
        if let reference = schema["$ref"] as? String {
            if let target = resolve(reference) {
                errors += validate(value, target, path, depth: depth + 1)
            } else {
                errors.append("\(path): cannot resolve $ref \(reference)")
            }
        }
        let kind = JSONKind(value)
        if let types = Self.typeNames(schema["type"]), !types.contains(where: kind.matches) {
            errors.append("\(path): expected \(types.joined(separator: " or ")), got \(kind.name)")
            return errors
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { JSONKind.equal($0, value) }) {
            errors.append("\(path): \(Self.describe(value)) is not one of \(Self.describe(options))")
        }
        if let constant = schema["const"], !JSONKind.equal(constant, value) {
            errors.append("\(path): expected \(Self.describe(constant)), got \(Self.describe(value))")
        }
        switch kind {
        case .object(let object): errors += validateObject(object, schema, path, depth: depth)
        case .array(let array): errors += validateArray(array, schema, path, depth: depth)
        case .number(let number, _): errors += Self.validateNumber(number, schema, path)
        case .string(let string): errors += Self.validateString(string, schema, path)
        case .null, .bool, .unknown: break
        }
        errors += validateCombinators(value, schema, path, depth: depth)
        return errors
    }

    private func validateObject(_ object: [String: Any], _ schema: [String: Any], _ path: String, depth: Int)
        -> [String] {
        var errors: [String] = []
        for name in (schema["required"] as? [String] ?? []) where object[name] == nil {
            errors.append("\(path): missing required property \"\(name)\"")
        }
        let properties = schema["properties"] as? [String: Any] ?? [:]
        let patterns = schema["patternProperties"] as? [String: Any] ?? [:]
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            let member = Self.member(path, key)
            if let propertyNames = schema["propertyNames"] {
                errors += validate(key, propertyNames, "\(member) (name)", depth: depth + 1)
            }
            var matched = false
            if let property = properties[key] {
                matched = true
                errors += validate(value, property, member, depth: depth + 1)
            }
            for (pattern, patternSchema) in patterns.sorted(by: { $0.key < $1.key }) {
                guard let found = Self.matches(key, pattern: pattern) else {
                    errors.append("\(path): invalid patternProperties regex \(pattern)")
                    continue
                }
                if found {
                    matched = true
                    errors += validate(value, patternSchema, member, depth: depth + 1)
                }
            }
            if !matched, let additional = schema["additionalProperties"] {
                if case .bool(false) = JSONKind(additional) {
                    errors.append("\(member): is not an allowed property")
                } else {
                    errors += validate(value, additional, member, depth: depth + 1)
                }
            }
        }
        return errors
    }

    private func validateArray(_ array: [Any], _ schema: [String: Any], _ path: String, depth: Int) -> [String] {
        var errors: [String] = []
        if let minimum = Self.number(schema["minItems"]), Double(array.count) < minimum {
            errors.append("\(path): has \(array.count) items, fewer than \(Self.format(minimum))")
        }
        if let maximum = Self.number(schema["maxItems"]), Double(array.count) > maximum {
            errors.append("\(path): has \(array.count) items, more than \(Self.format(maximum))")
        }
        if let items = schema["items"] {
            for (index, item) in array.enumerated() {
                errors += validate(item, items, "\(path)[\(index)]", depth: depth + 1)
            }
        }
        return errors
    }

    private static func validateNumber(_ number: Double, _ schema: [String: Any], _ path: String) -> [String] {
        var errors: [String] = []
        let shown = format(number)
        if let minimum = self.number(schema["minimum"]), number < minimum {
            errors.append("\(path): \(shown) is less than the minimum \(format(minimum))")
        }
        if let maximum = self.number(schema["maximum"]), number > maximum {
            errors.append("\(path): \(shown) is more than the maximum \(format(maximum))")
        }
        if let minimum = self.number(schema["exclusiveMinimum"]), number <= minimum {
            errors.append("\(path): \(shown) is not more than \(format(minimum))")
        }
        if let maximum = self.number(schema["exclusiveMaximum"]), number >= maximum {
            errors.append("\(path): \(shown) is not less than \(format(maximum))")
        }
        return errors
    }

    private static func validateString(_ string: String, _ schema: [String: Any], _ path: String) -> [String] {
        var errors: [String] = []
        let length = string.unicodeScalars.count
        if let minimum = number(schema["minLength"]), Double(length) < minimum {
            errors.append("\(path): has \(length) characters, fewer than \(format(minimum))")
        }
        if let maximum = number(schema["maxLength"]), Double(length) > maximum {
            errors.append("\(path): has \(length) characters, more than \(format(maximum))")
        }
        if let pattern = schema["pattern"] as? String {
            switch matches(string, pattern: pattern) {
            case nil: errors.append("\(path): invalid pattern \(pattern)")
            case false?: errors.append("\(path): \(describe(string)) does not match \(pattern)")
            case true?: break
            }
        }
        if schema["format"] as? String == "date-time", !RFC3339.isDateTime(string) {
            errors.append("\(path): \(describe(string)) is not an RFC 3339 date-time")
        }
        return errors
    }

    private func validateCombinators(_ value: Any, _ schema: [String: Any], _ path: String, depth: Int) -> [String] {
        var errors: [String] = []
        for subschema in schema["allOf"] as? [Any] ?? [] {
            errors += validate(value, subschema, path, depth: depth + 1)
        }
        if let branches = schema["anyOf"] as? [Any] {
            let outcomes = branches.map { validate(value, $0, path, depth: depth + 1) }
            if !outcomes.contains(where: \.isEmpty) {
                errors.append("\(path): matches none of the anyOf schemas \(Self.summary(outcomes))")
            }
        }
        if let branches = schema["oneOf"] as? [Any] {
            let outcomes = branches.map { validate(value, $0, path, depth: depth + 1) }
            let matching = outcomes.indices.filter { outcomes[$0].isEmpty }
            if matching.isEmpty {
                errors.append("\(path): matches none of the oneOf schemas \(Self.summary(outcomes))")
            } else if matching.count > 1 {
                errors.append("\(path): matches oneOf schemas \(matching) where exactly one must match")
            }
        }
        if let excluded = schema["not"], validate(value, excluded, path, depth: depth + 1).isEmpty {
            errors.append("\(path): matches the schema under not")
        }
        return errors
    }

    /// Each failing branch's first error: `([0] $.kind: …; [1] …)`.
    private static func summary(_ outcomes: [[String]]) -> String {
        "(" + outcomes.enumerated().map { "[\($0.offset)] \($0.element.first ?? "ok")" }.joined(separator: "; ") + ")"
    }

    private static func typeNames(_ value: Any?) -> [String]? {
        if let name = value as? String { return [name] }
        return value as? [String]
    }

    private static func number(_ value: Any?) -> Double? {
        guard let value, case .number(let number, _) = JSONKind(value) else { return nil }
        return number
    }

    /// Whether `pattern` (ECMA-262 style, unanchored) matches somewhere in `text`; nil when it doesn't compile.
    private static func matches(_ text: String, pattern: String) -> Bool? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static func member(_ path: String, _ key: String) -> String {
        let plain = key.first.map { $0.isLetter || $0 == "_" } == true
            && key.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }
        return plain ? "\(path).\(key)" : "\(path)[\(describe(key))]"
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// A short JSON rendering of a value for messages.
    static func describe(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
              let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]) else {
            return String(describing: value)
        }
        let text = String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}

/// The JSON kind of a value from `JSONSerialization` (or a Swift literal standing for one).
enum JSONKind {
    case null
    case bool(Bool)
    case number(Double, isInteger: Bool)
    case string(String)
    case array([Any])
    case object([String: Any])
    case unknown

    init(_ value: Any) {
        // Containers first: on Linux, `is NSNull` and `as? NSNumber` bridge a whole dictionary to find out.
        switch value {
        case let string as String: self = .string(string)
        case let array as [Any]: self = .array(array)
        case let object as [String: Any]: self = .object(object)
        case is NSNull: self = .null
        default: self = Self.scalar(value)
        }
    }

    /// Booleans and numbers both arrive as `NSNumber`: a boolean's has the type char (`objCType` "c", Darwin's
    /// `__NSCFBoolean` and Linux's alike), which no number that `JSONSerialization` parses has. A Swift `Bool` is
    /// checked first, since casting it to `NSNumber` depends on the platform's bridging.
    private static func scalar(_ value: Any) -> JSONKind {
        if type(of: value) == Bool.self, let bool = value as? Bool { return .bool(bool) }
        if let number = value as? NSNumber {
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return numeric(number.doubleValue)
        }
        if let integer = value as? Int { return numeric(Double(integer)) }
        if let double = value as? Double { return numeric(double) }
        return .unknown
    }

    private static func numeric(_ value: Double) -> JSONKind {
        .number(value, isInteger: value.isFinite && value.rounded() == value)
    }

    var name: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(_, let isInteger): isInteger ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        case .unknown: "a value that is not JSON"
        }
    }

    /// Whether the value is of the JSON Schema type `type` (`1.0` is an integer, as the specification says).
    func matches(_ type: String) -> Bool {
        switch (self, type) {
        case (.null, "null"), (.bool, "boolean"), (.number, "number"), (.string, "string"), (.array, "array"),
             (.object, "object"): true
        case (.number(_, let isInteger), "integer"): isInteger
        default: false
        }
    }

    /// JSON equality: numbers by value, objects whatever their key order, booleans never equal to numbers.
    static func equal(_ left: Any, _ right: Any) -> Bool {
        switch (JSONKind(left), JSONKind(right)) {
        case (.null, .null): true
        case let (.bool(left), .bool(right)): left == right
        case let (.number(left, _), .number(right, _)): left == right
        case let (.string(left), .string(right)): left == right
        case let (.array(left), .array(right)): left.count == right.count && zip(left, right).allSatisfy(equal)
        case let (.object(left), .object(right)):
            left.count == right.count && left.allSatisfy { key, value in right[key].map { equal(value, $0) } ?? false }
        default: false
        }
    }
}

/// RFC 3339 timestamps.
enum RFC3339 {
    /// RFC 3339 §5.6 `date-time`: `2025-01-06T10:15:00Z`, with any number of fractional digits and `Z` or a
    /// `±hh:mm` offset; the date must exist and the time be in range (a leap second's `60` allowed).
    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func skip(_ allowed: String) -> Bool {
            guard index < bytes.count, allowed.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), skip("-"), let month = digits(2), skip("-"), let day = digits(2), skip("Tt"),
              let hour = digits(2), skip(":"), let minute = digits(2), skip(":"), let second = digits(2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second <= 60 else { return false }
        if skip(".") {
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        if !skip("Zz") {
            guard skip("+-"), let offsetHours = digits(2), skip(":"), let offsetMinutes = digits(2),
                  offsetHours < 24, offsetMinutes < 60 else { return false }
        }
        return index == bytes.count
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
